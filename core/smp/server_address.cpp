#include "smp/server_address.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/smp_errc.h"
#include "util/base64.h"

#include <array>
#include <charconv>

// Text rules follow simplexmq: `serverStrP` / `strEncodeServer` (Protocol.hs), `TransportHost`
// StrEncoding (Transport/Client.hs), `base64urlP` (Encoding/String.hs) and `showIPv6` of the
// iproute package that `TransportHost` prints IPv6 with. Where the reference is looser (any
// byte in a domain name, wrapping octets and ports) Ferry rejects; docs/protocol.md lists it.

namespace ferry::core::smp {

namespace {

using Ipv6Bytes = std::array<std::uint8_t, 16>;

Error addressError(const std::string& message) {
    return makeError(SmpErrc::Address, "server address: " + message);
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isLowerAlnum(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z');
}
bool isAlnum(char c) {
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
}
bool isBase64UrlChar(char c) {
    return isAlnum(c) || c == '-' || c == '_';
}
bool isDomainChar(char c) {
    return isAlnum(c) || c == '-' || c == '_' || c == '.';
}

/// User text inside an error message: bounded and with control bytes made visible.
std::string shown(std::string_view text) {
    constexpr std::size_t kMax = 64;
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    if (text.size() > kMax)
        out += "...";
    return out + "'";
}

std::string shownChar(char c) {
    return shown(std::string_view(&c, 1));
}

/// Decimal with leading zeros allowed (attoparsec `decimal`); nullopt above `max`.
std::optional<std::uint32_t> parseDecimal(std::string_view digits, std::uint32_t max) {
    if (digits.empty())
        return std::nullopt;
    std::uint32_t value = 0;
    for (char c : digits) {
        if (!isDigit(c))
            return std::nullopt;
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
        if (value > max)
            return std::nullopt;
    }
    return value;
}

/// Four dotted octets. `strict` (as inside IPv6) also refuses leading zeros, like iproute.
std::optional<std::array<std::uint8_t, 4>> parseIPv4(std::string_view text, bool strict) {
    std::array<std::uint8_t, 4> octets{};
    std::size_t start = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        std::size_t end = i < 3 ? text.find('.', start) : text.size();
        if (end == std::string_view::npos)
            return std::nullopt;
        std::string_view part = text.substr(start, end - start);
        if (strict && part.size() > 1 && part[0] == '0')
            return std::nullopt;
        auto value = parseDecimal(part, 255);
        if (!value)
            return std::nullopt;
        octets[i] = static_cast<std::uint8_t>(*value);
        start = end + 1;
    }
    return octets;
}

std::string formatIPv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return std::to_string(a) + '.' + std::to_string(b) + '.' + std::to_string(c) + '.' +
           std::to_string(d);
}

/// Colon-separated 1-4 digit hex groups; the last may be dotted IPv4 when `allowIPv4`.
bool parseGroups(std::string_view text, bool allowIPv4, std::vector<std::uint16_t>& out) {
    if (text.empty())
        return true;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find(':', start);
        bool last = end == std::string_view::npos;
        std::string_view group = text.substr(start, last ? std::string_view::npos : end - start);
        if (last && allowIPv4 && group.find('.') != std::string_view::npos) {
            auto v4 = parseIPv4(group, true);
            if (!v4)
                return false;
            out.push_back(static_cast<std::uint16_t>((*v4)[0] << 8 | (*v4)[1]));
            out.push_back(static_cast<std::uint16_t>((*v4)[2] << 8 | (*v4)[3]));
            return true;
        }
        if (group.empty() || group.size() > 4)
            return false;
        std::uint16_t value = 0;
        for (char c : group) {
            if (!isHexDigit(c))
                return false;
            int digit = isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
            value = static_cast<std::uint16_t>(value << 4 | digit);
        }
        out.push_back(value);
        if (last)
            return true;
        start = end + 1;
    }
}

/// RFC 4291 text form, as iproute reads it: one `::` standing for at least one zero group.
std::optional<Ipv6Bytes> parseIPv6(std::string_view text) {
    std::vector<std::uint16_t> head;
    std::vector<std::uint16_t> tail;
    std::size_t gap = text.find("::");
    if (gap == std::string_view::npos) {
        if (!parseGroups(text, true, head) || head.size() != 8)
            return std::nullopt;
    } else {
        if (text.find("::", gap + 1) != std::string_view::npos)
            return std::nullopt;
        if (!parseGroups(text.substr(0, gap), false, head) ||
            !parseGroups(text.substr(gap + 2), true, tail) || head.size() + tail.size() > 7)
            return std::nullopt;
    }
    std::array<std::uint16_t, 8> groups{};
    std::copy(head.begin(), head.end(), groups.begin());
    std::copy(tail.begin(), tail.end(), groups.end() - static_cast<std::ptrdiff_t>(tail.size()));
    Ipv6Bytes bytes{};
    for (std::size_t i = 0; i < 8; ++i) {
        bytes[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
        bytes[2 * i + 1] = static_cast<std::uint8_t>(groups[i]);
    }
    return bytes;
}

/// iproute `showIPv6`: IPv4-mapped and IPv4-compatible forms first, then RFC 5952 with the
/// leftmost longest run (of two or more) of zero groups written as `::`.
std::string formatIPv6(const Ipv6Bytes& b) {
    std::array<std::uint16_t, 8> g{};
    for (std::size_t i = 0; i < 8; ++i)
        g[i] = static_cast<std::uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
    bool firstFiveZero = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0;
    if (firstFiveZero && g[5] == 0xffff)
        return "::ffff:" + formatIPv4(b[12], b[13], b[14], b[15]);
    if (firstFiveZero && g[5] == 0 && g[6] != 0)
        return "::" + formatIPv4(b[12], b[13], b[14], b[15]);

    std::size_t bestStart = 0;
    std::size_t bestLen = 0;
    for (std::size_t i = 0; i < 8;) {
        if (g[i] != 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < 8 && g[j] == 0)
            ++j;
        if (j - i > bestLen) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    auto hex = [](std::uint16_t v) {
        char buf[8];
        auto res = std::to_chars(buf, buf + sizeof buf, v, 16);
        return std::string(buf, res.ptr);
    };
    auto join = [&](std::size_t from, std::size_t to) {
        std::string s;
        for (std::size_t i = from; i < to; ++i) {
            if (i > from)
                s += ':';
            s += hex(g[i]);
        }
        return s;
    };
    if (bestLen < 2)
        return join(0, 8);
    return join(0, bestStart) + "::" + join(bestStart + bestLen, 8);
}

Result<TransportHost> ipv6Host(std::string_view text, std::string_view shownAs) {
    auto bytes = parseIPv6(text);
    if (!bytes)
        return makeError(SmpErrc::Address, "invalid IPv6 address " + shown(shownAs));
    return TransportHost{HostKind::IPv6, formatIPv6(*bytes)};
}

/// A host that is not IPv6: dotted IPv4, `<label>.onion` or a DNS name.
Result<TransportHost> classifyHost(std::string_view text) {
    if (text.empty())
        return makeError(SmpErrc::Address, "empty host");
    if (text.size() > kMaxHostLength)
        return makeError(SmpErrc::Address,
                         "host is longer than " + std::to_string(kMaxHostLength) + " characters");
    if (text.find_first_not_of("0123456789.") == std::string_view::npos) {
        auto v4 = parseIPv4(text, false);
        if (!v4)
            return makeError(SmpErrc::Address, "invalid IPv4 address " + shown(text));
        return TransportHost{HostKind::IPv4, formatIPv4((*v4)[0], (*v4)[1], (*v4)[2], (*v4)[3])};
    }
    for (char c : text) {
        if (!isDomainChar(c))
            return makeError(SmpErrc::Address,
                             "invalid character " + shownChar(c) + " in host " + shown(text));
    }
    constexpr std::string_view kOnion = ".onion";
    if (text.ends_with(kOnion)) {
        std::string_view label = text.substr(0, text.size() - kOnion.size());
        bool valid = !label.empty();
        for (char c : label)
            valid = valid && isLowerAlnum(c);
        if (!valid)
            return makeError(SmpErrc::Address,
                             "invalid onion host " + shown(text) +
                                 " (expected <lower-case letters and digits>.onion)");
        return TransportHost{HostKind::Onion, std::string(text)};
    }
    return TransportHost{HostKind::Domain, std::string(text)};
}

/// One host at `pos` inside an address; advances `pos` past it. Mirrors the order the
/// reference tries: bracketed or bare IPv6 (a bare one takes every hex digit and colon, as
/// simplexmq does), then a name up to the next `,` `:` or `/`.
Result<TransportHost> parseHostAt(std::string_view text, std::size_t& pos) {
    if (text[pos] == '[') {
        std::size_t close = text.find(']', pos);
        if (close == std::string_view::npos)
            return makeError(SmpErrc::Address,
                             "missing ']' after IPv6 address " + shown(text.substr(pos)));
        auto host =
            ipv6Host(text.substr(pos + 1, close - pos - 1), text.substr(pos, close + 1 - pos));
        if (host)
            pos = close + 1;
        return host;
    }
    std::size_t end = pos;
    while (end < text.size() && (isHexDigit(text[end]) || text[end] == ':'))
        ++end;
    std::string_view run = text.substr(pos, end - pos);
    if (run.find(':') != std::string_view::npos) {
        if (auto bytes = parseIPv6(run)) {
            pos = end;
            return TransportHost{HostKind::IPv6, formatIPv6(*bytes)};
        }
    }
    end = text.find_first_of(",:/", pos);
    if (end == std::string_view::npos)
        end = text.size();
    auto host = classifyHost(text.substr(pos, end - pos));
    if (host)
        pos = end;
    return host;
}

Result<std::uint16_t> parsePort(std::string_view digits) {
    auto value = parseDecimal(digits, 65535);
    if (!value || *value == 0)
        return addressError("port must be a number 1-65535, got " + shown(digits));
    return static_cast<std::uint16_t>(*value);
}

bool validBasicAuthChar(char c) {
    // simplexmq `basicAuth`: printable, no space, '@', ':' or '/'. Ferry keeps to ASCII.
    return c > 0x20 && c < 0x7f && c != '@' && c != ':' && c != '/';
}

// The steps of an address, in order; each reads from `pos` and advances it.

Result<void> readScheme(std::string_view text, std::size_t& pos, ServerAddress& server) {
    std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return addressError("missing scheme (expected smp://)");
    std::string_view scheme = text.substr(0, colon);
    if (scheme == "ntf" || scheme == "xftp")
        return addressError("unsupported scheme " + shown(scheme) + " (only smp is supported)");
    if (scheme != "smp")
        return addressError("unknown scheme " + shown(scheme) + " (expected smp)");
    if (text.substr(colon, 3) != "://")
        return addressError("expected '://' after the scheme");
    server.scheme = ServerScheme::Smp;
    pos = colon + 3;
    return {};
}

Result<void> readKeyHash(std::string_view text, std::size_t& pos, ServerAddress& server) {
    std::size_t end = pos;
    while (end < text.size() && isBase64UrlChar(text[end]))
        ++end;
    if (end == pos)
        return addressError("missing key hash after smp://");
    while (end < text.size() && text[end] == '=')
        ++end;
    auto keyHash = base64UrlDecode(text.substr(pos, end - pos));
    if (!keyHash)
        return addressError("key hash is not valid base64url");
    if (keyHash->size() != kKeyHashSize)
        return addressError("key hash must be " + std::to_string(kKeyHashSize) + " bytes, got " +
                            std::to_string(keyHash->size()));
    server.keyHash = std::move(*keyHash);
    pos = end;
    return {};
}

/// `[:<password>]@`. Messages never echo the password: it is a secret.
Result<void> readBasicAuth(std::string_view text, std::size_t& pos, ServerAddress& server) {
    if (pos < text.size() && text[pos] == ':') {
        std::size_t at = text.find('@', pos + 1);
        if (at == std::string_view::npos)
            return addressError("missing '@' before the host list");
        std::string_view auth = text.substr(pos + 1, at - pos - 1);
        if (auth.empty())
            return addressError("empty password after ':'");
        if (auth.size() > kMaxBasicAuthLength)
            return addressError("password is longer than " + std::to_string(kMaxBasicAuthLength) +
                                " characters");
        for (char c : auth) {
            if (!validBasicAuthChar(c))
                return addressError("password may only contain printable ASCII without space, "
                                    "'@', ':' or '/'");
        }
        server.basicAuth = std::string(auth);
        pos = at;
    }
    if (pos >= text.size())
        return addressError("missing '@' before the host list");
    if (text[pos] != '@')
        return addressError("unexpected " + shownChar(text[pos]) +
                            " after the key hash (expected '@' or ':')");
    ++pos;
    return {};
}

Result<void> readHosts(std::string_view text, std::size_t& pos, ServerAddress& server) {
    while (true) {
        // A ':' ends the list (port) unless it starts a bare IPv6 host such as ::1.
        bool empty = pos >= text.size() || text[pos] == ',' || text[pos] == '/' ||
                     (text[pos] == ':' && text.substr(pos, 2) != "::");
        if (empty)
            return addressError(server.hosts.empty() && (pos >= text.size() || text[pos] != ',')
                                    ? "missing host after '@'"
                                    : "empty host in the host list");
        auto host = parseHostAt(text, pos);
        if (!host)
            return addressError(host.error().message);
        if (server.hosts.size() == kMaxHosts)
            return addressError("more than " + std::to_string(kMaxHosts) + " hosts");
        server.hosts.push_back(std::move(*host));
        if (pos >= text.size() || text[pos] != ',')
            return {};
        ++pos;
    }
}

Result<void> readPort(std::string_view text, std::size_t& pos, ServerAddress& server) {
    if (pos >= text.size() || text[pos] != ':')
        return {};
    // Only '/' (in a queue URI) or the end may follow a port.
    std::size_t end = text.find('/', pos + 1);
    if (end == std::string_view::npos)
        end = text.size();
    auto port = parsePort(text.substr(pos + 1, end - pos - 1));
    if (!port)
        return port.error();
    server.port = *port;
    pos = end;
    return {};
}

} // namespace

const char* schemeName(ServerScheme scheme) {
    switch (scheme) {
    case ServerScheme::Smp:
        return "smp";
    case ServerScheme::Ntf:
        return "ntf";
    case ServerScheme::Xftp:
        return "xftp";
    }
    return "smp";
}

std::string TransportHost::uriText() const {
    return kind == HostKind::IPv6 ? "[" + name + "]" : name;
}

Result<TransportHost> parseTransportHost(std::string_view text) {
    if (text.empty())
        return makeError(SmpErrc::Address, "empty host");
    if (text.front() == '[') {
        if (text.size() < 2 || text.back() != ']')
            return makeError(SmpErrc::Address, "missing ']' after IPv6 address " + shown(text));
        return ipv6Host(text.substr(1, text.size() - 2), text);
    }
    if (text.find(':') != std::string_view::npos)
        return ipv6Host(text, text);
    return classifyHost(text);
}

Result<ServerAddress> parseServerAddressPrefix(std::string_view text, std::size_t& consumed) {
    ServerAddress server;
    std::size_t pos = 0;
    for (auto step : {readScheme, readKeyHash, readBasicAuth, readHosts, readPort}) {
        if (auto done = step(text, pos, server); !done)
            return done.error();
    }
    consumed = pos;
    return server;
}

Result<ServerAddress> parseServerAddress(std::string_view text) {
    std::size_t consumed = 0;
    auto server = parseServerAddressPrefix(text, consumed);
    if (!server)
        return server;
    if (consumed != text.size()) {
        std::string_view rest = text.substr(consumed);
        return addressError(rest.front() == '/'
                                ? "unexpected path " + shown(rest) + " after the address"
                                : "unexpected " + shown(rest) + " after the address");
    }
    return server;
}

std::string formatServerAddress(const ServerAddress& server, bool withAuth) {
    std::string out = schemeName(server.scheme);
    out += "://";
    out += base64UrlEncode(server.keyHash);
    if (withAuth && server.basicAuth) {
        out += ':';
        out += *server.basicAuth;
    }
    out += '@';
    for (std::size_t i = 0; i < server.hosts.size(); ++i) {
        if (i > 0)
            out += ',';
        out += server.hosts[i].uriText();
    }
    if (server.port) {
        out += ':';
        out += std::to_string(*server.port);
    }
    return out;
}

void encodeServerAddress(Encoder& e, const ServerAddress& server) {
    e.byte(static_cast<std::uint8_t>(server.hosts.size()));
    for (const TransportHost& host : server.hosts)
        e.shortString(host.name); // strEncode of TransportHost: IPv6 without brackets
    e.shortString(server.port ? std::to_string(*server.port) : std::string());
    e.shortString(server.keyHash);
}

Bytes encodeServerAddress(const ServerAddress& server) {
    Encoder e;
    encodeServerAddress(e, server);
    return std::move(e).bytes();
}

ServerAddress decodeServerAddress(Decoder& d) {
    ServerAddress server;
    std::uint8_t count = d.byte();
    if (d.ok() && count == 0)
        d.fail("server address: empty host list");
    for (std::uint8_t i = 0; d.ok() && i < count; ++i) {
        Bytes text = d.shortString();
        if (!d.ok())
            break;
        auto host = parseTransportHost(toString(text));
        if (!host) {
            d.fail("server address: " + host.error().message);
            break;
        }
        server.hosts.push_back(std::move(*host));
    }
    Bytes port = d.shortString();
    if (d.ok() && !port.empty()) {
        auto value = parsePort(toString(port));
        if (value)
            server.port = *value;
        else
            d.fail(value.error().message);
    }
    Bytes keyHash = d.shortString();
    if (d.ok() && keyHash.size() != kKeyHashSize)
        d.fail("server address: key hash must be " + std::to_string(kKeyHashSize) + " bytes, got " +
               std::to_string(keyHash.size()));
    server.keyHash = std::move(keyHash);
    return server;
}

Result<ServerAddress> decodeServerAddress(ByteView bytes) {
    Decoder d(bytes);
    ServerAddress server = decodeServerAddress(d);
    d.expectEnd();
    if (!d.ok())
        return makeError(SmpErrc::Address, d.failure());
    return server;
}

} // namespace ferry::core::smp
