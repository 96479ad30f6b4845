#include "net/net_errc.h"

namespace ferry::core::net {

namespace {

constexpr std::array<core::ErrorRow<NetErrc>, 14> kRows{{
    {NetErrc::AuthKey, "auth_key", "no usable key to authorise the command"},
    {NetErrc::Handshake, "handshake", "the SMP handshake failed"},
    {NetErrc::Identity, "identity", "the relay's identity does not match its address"},
    {NetErrc::Network, "network", "the relay could not be reached"},
    {NetErrc::Response, "response", "the relay answered something unexpected"},
    {NetErrc::Session, "session", "no session with the relay"},
    {NetErrc::Stopped, "stopped", "the client was stopped"},
    {NetErrc::Timeout, "timeout", "the relay did not answer in time"},
    {NetErrc::Version, "version", "no protocol version in common with the relay"},
    {NetErrc::Relay, "relay", "the relay refused the request"},
    {NetErrc::Unreachable, "unreachable", "the relay could not be reached"},
    {NetErrc::Address, "address", "not a valid IP address or network"},
    {NetErrc::NotAllowed, "not_allowed", "the address is not one this relay dials"},
    {NetErrc::Proxy, "proxy", "the private routing proxy could not reach the relay"},
}};

} // namespace

FERRY_ERROR_CATEGORY(netErrorCategory, "net", kRows, NetErrc::Proxy)

} // namespace ferry::core::net
