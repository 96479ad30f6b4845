#include "relay/relay_errc.h"

namespace ferry::relay {

namespace {

constexpr std::array<core::ErrorRow<RelayErrc>, 12> kRows{{
    {RelayErrc::Config, "config", "invalid relay configuration"},
    {RelayErrc::Corrupt, "corrupt", "the relay's data folder is damaged"},
    {RelayErrc::Crypto, "crypto", "the relay's keys could not be made or read"},
    {RelayErrc::Exists, "exists", "the data folder holds a relay already"},
    {RelayErrc::Io, "io", "a file could not be read or written"},
    {RelayErrc::Missing, "missing", "the data folder lacks a file"},
    {RelayErrc::Tls, "tls", "TLS setup failed"},
    {RelayErrc::Listen, "listen", "cannot listen on the port"},
    {RelayErrc::PortInUse, "port_in_use", "the port is in use"},
    {RelayErrc::Network, "network", "the peer could not be reached"},
    {RelayErrc::Refused, "refused", "refused"},
    {RelayErrc::NotRunning, "not_running", "the relay is not running"},
}};

} // namespace

FERRY_ERROR_CATEGORY(relayErrorCategory, "relay", kRows, RelayErrc::NotRunning)

} // namespace ferry::relay
