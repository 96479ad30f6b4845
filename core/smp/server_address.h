#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::smp {

class Encoder;
class Decoder;

/// The protocols that share simplexmq's server address syntax; Ferry speaks only SMP.
enum class ServerScheme : std::uint8_t { Smp, Ntf, Xftp };

/// "smp", "ntf" or "xftp".
const char* schemeName(ServerScheme scheme);

/// How a host is reached (simplexmq `TransportHost`).
enum class HostKind : std::uint8_t { IPv4, IPv6, Onion, Domain };

/// One host of a server, held in canonical text so that equal hosts compare equal:
/// IPv4 dotted decimal without leading zeros, IPv6 as `Data.IP` shows it (RFC 5952, no
/// brackets), onion and domain names as written.
struct TransportHost {
    HostKind kind = HostKind::Domain;
    std::string name;

    /// The host as it appears inside an address: IPv6 in brackets, so a port can follow.
    std::string uriText() const;
    bool operator==(const TransportHost&) const = default;
};

/// Parses one host on its own (a host from the binary form, the `srv` parameter of a queue
/// URI, or user input): `[v6]`, bare v6, dotted v4, `<label>.onion` or a DNS name.
Result<TransportHost> parseTransportHost(std::string_view text);

inline constexpr std::uint16_t kDefaultSmpPort = 5223;
/// The server identity: SHA-256 of the server's CA certificate.
inline constexpr std::size_t kKeyHashSize = 32;
/// Wire limits (1-byte counts and lengths) that every parsed address respects.
inline constexpr std::size_t kMaxHosts = 255;
inline constexpr std::size_t kMaxHostLength = 255;
inline constexpr std::size_t kMaxBasicAuthLength = 255;

/// Where an SMP server is and who it is: `smp://<keyHash>[:<password>]@host1[,host2…][:port]`.
struct ServerAddress {
    ServerScheme scheme = ServerScheme::Smp;
    Bytes keyHash;                        ///< 32 bytes
    std::optional<std::string> basicAuth; ///< server password for creating queues / proxying
    std::vector<TransportHost> hosts;     ///< never empty; the port applies to every host
    std::optional<std::uint16_t> port;    ///< absent means the default, kept so text round-trips

    std::uint16_t effectivePort() const { return port.value_or(kDefaultSmpPort); }
    bool operator==(const ServerAddress&) const = default;
};

/// Parses a whole server address; only the `smp` scheme is accepted.
Result<ServerAddress> parseServerAddress(std::string_view text);

/// Parses an address at the start of `text` and stops before the first character that cannot
/// continue it (queue URIs go on with `/`). `consumed` is set on success. Errors read
/// "server address: …".
Result<ServerAddress> parseServerAddressPrefix(std::string_view text, std::size_t& consumed);

/// Canonical text: key hash base64url with `=` padding, IPv6 hosts in brackets, port only
/// when set. Leaves the password out when `withAuth` is false.
std::string formatServerAddress(const ServerAddress& server, bool withAuth = true);

/// Binary form carried by PRXY (simplexmq `smpEncode` of `ProtocolServer`, i.e. the tuple
/// (NonEmpty TransportHost, ServiceName, KeyHash)): 1-byte host count, each host as a
/// shortString of its text, the port as a shortString of its decimal text (empty when
/// absent), the key hash as a shortString. The password is not part of it.
void encodeServerAddress(Encoder& e, const ServerAddress& server);
Bytes encodeServerAddress(const ServerAddress& server);

/// Reads the binary form; a bad host, port or key hash fails the decoder.
ServerAddress decodeServerAddress(Decoder& d);
/// Reads the binary form from a buffer that must hold nothing else.
Result<ServerAddress> decodeServerAddress(ByteView bytes);

} // namespace ferry::core::smp
