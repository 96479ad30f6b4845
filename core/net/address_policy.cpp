#include "net/address_policy.h"

#include "net/net_errc.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace ferry::core::net {

namespace asio = boost::asio;
using asio::ip::address;

namespace {

// Leading `prefix` bits of two byte strings of the same length are equal.
template <std::size_t N>
bool samePrefix(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b,
                unsigned prefix) {
    const unsigned whole = prefix / 8;
    if (!std::equal(a.begin(), a.begin() + whole, b.begin()))
        return false;
    const unsigned rest = prefix % 8;
    if (rest == 0)
        return true;
    const auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

struct V4Block {
    std::array<unsigned char, 4> base;
    unsigned prefix;
};

// IANA's IPv4 special-purpose registry, every block not globally reachable, and multicast.
constexpr std::array<V4Block, 16> kNotGlobalV4{{
    {{0, 0, 0, 0}, 8},       // "this network"
    {{10, 0, 0, 0}, 8},      // private
    {{100, 64, 0, 0}, 10},   // shared address space (carrier-grade NAT)
    {{127, 0, 0, 0}, 8},     // loopback
    {{169, 254, 0, 0}, 16},  // link-local (cloud metadata services live here)
    {{172, 16, 0, 0}, 12},   // private
    {{192, 0, 0, 0}, 24},    // IETF protocol assignments
    {{192, 0, 2, 0}, 24},    // documentation (TEST-NET-1)
    {{192, 88, 99, 0}, 24},  // 6to4 relay anycast (deprecated)
    {{192, 168, 0, 0}, 16},  // private
    {{198, 18, 0, 0}, 15},   // benchmarking
    {{198, 51, 100, 0}, 24}, // documentation (TEST-NET-2)
    {{203, 0, 113, 0}, 24},  // documentation (TEST-NET-3)
    {{224, 0, 0, 0}, 4},     // multicast
    {{240, 0, 0, 0}, 4},     // reserved, and the broadcast address
    {{255, 255, 255, 255}, 32},
}};

struct V6Block {
    std::array<unsigned char, 16> base;
    unsigned prefix;
};

// Inside global unicast (2000::/3), the blocks that are not globally reachable unicast.
constexpr std::array<V6Block, 4> kNotGlobalV6{{
    {{0x20, 0x01}, 23},             // IETF protocol assignments (Teredo, ORCHID, ...)
    {{0x20, 0x01, 0x0d, 0xb8}, 32}, // documentation
    {{0x20, 0x02}, 16},             // 6to4: an IPv4 address inside, which may be private
    {{0x3f, 0xff}, 20},             // documentation (RFC 9637)
}};

bool globalV4(const asio::ip::address_v4& a) {
    const auto bytes = a.to_bytes();
    return std::none_of(kNotGlobalV4.begin(), kNotGlobalV4.end(),
                        [&](const V4Block& b) { return samePrefix(bytes, b.base, b.prefix); });
}

bool globalV6(const asio::ip::address_v6& a) {
    const auto bytes = a.to_bytes();
    if ((bytes[0] & 0xE0) != 0x20) // not 2000::/3: loopback, link-local, unique-local, ...
        return false;
    return std::none_of(kNotGlobalV6.begin(), kNotGlobalV6.end(),
                        [&](const V6Block& b) { return samePrefix(bytes, b.base, b.prefix); });
}

Result<unsigned> parsePrefix(std::string_view text, unsigned max) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || value > max)
        return makeError(NetErrc::Address, "'" + std::string(text) +
                                               "' is not a prefix length (0 to " +
                                               std::to_string(max) + ")");
    return value;
}

} // namespace

address unmapped(const address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
    return a;
}

bool IpNetwork::contains(const address& candidate) const {
    const address a = unmapped(candidate);
    if (a.is_v4() != base.is_v4())
        return false;
    return a.is_v4() ? samePrefix(a.to_v4().to_bytes(), base.to_v4().to_bytes(), prefix)
                     : samePrefix(a.to_v6().to_bytes(), base.to_v6().to_bytes(), prefix);
}

namespace {
template <std::size_t N>
std::array<unsigned char, N> keepPrefix(std::array<unsigned char, N> bytes, unsigned prefix) {
    prefix = std::min<unsigned>(prefix, N * 8);
    const unsigned whole = prefix / 8;
    if (whole < N && prefix % 8 != 0)
        bytes[whole] &= static_cast<unsigned char>(0xFF << (8 - prefix % 8));
    std::fill(bytes.begin() + whole + (prefix % 8 != 0 ? 1 : 0), bytes.end(), 0);
    return bytes;
}
} // namespace

IpNetwork enclosingNetwork(const address& candidate, unsigned prefix4, unsigned prefix6) {
    const address a = unmapped(candidate);
    if (a.is_v4()) {
        prefix4 = std::min(prefix4, 32u);
        return {asio::ip::address_v4(keepPrefix(a.to_v4().to_bytes(), prefix4)), prefix4};
    }
    prefix6 = std::min(prefix6, 128u);
    return {asio::ip::address_v6(keepPrefix(a.to_v6().to_bytes(), prefix6)), prefix6};
}

std::string IpNetwork::text() const {
    return base.to_string() + "/" + std::to_string(prefix);
}

Result<IpNetwork> parseIpNetwork(std::string_view text) {
    const auto slash = text.find('/');
    const std::string host(text.substr(0, slash));
    boost::system::error_code ec;
    const address base = unmapped(asio::ip::make_address(host, ec));
    if (ec)
        return makeError(NetErrc::Address, "'" + host + "' is not an IP address");
    const unsigned max = base.is_v4() ? 32 : 128;
    IpNetwork network{base, max};
    if (slash != std::string_view::npos) {
        auto prefix = parsePrefix(text.substr(slash + 1), max);
        if (!prefix)
            return prefix.error();
        network.prefix = *prefix;
    }
    // 10.1.0.0/8 is a typo for something: say so rather than guess which.
    IpNetwork zeroed{base, network.prefix};
    if (base.is_v4()) {
        auto bytes = base.to_v4().to_bytes();
        for (unsigned bit = network.prefix; bit < 32; ++bit)
            bytes[bit / 8] &= static_cast<unsigned char>(~(0x80 >> (bit % 8)));
        zeroed.base = asio::ip::address_v4(bytes);
    } else {
        auto bytes = base.to_v6().to_bytes();
        for (unsigned bit = network.prefix; bit < 128; ++bit)
            bytes[bit / 8] &= static_cast<unsigned char>(~(0x80 >> (bit % 8)));
        zeroed.base = asio::ip::address_v6(bytes);
    }
    if (zeroed.base != base)
        return makeError(NetErrc::Address, "'" + std::string(text) +
                                               "' has host bits set; the network is " +
                                               zeroed.text());
    return network;
}

Result<std::vector<IpNetwork>> parseIpNetworks(std::string_view text) {
    std::vector<IpNetwork> networks;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto end = text.find_first_of(", \t", at);
        const auto item = text.substr(at, end == std::string_view::npos ? end : end - at);
        if (!item.empty()) {
            auto network = parseIpNetwork(item);
            if (!network)
                return network.error();
            networks.push_back(*network);
        }
        if (end == std::string_view::npos)
            break;
        at = end + 1;
    }
    return networks;
}

bool isGloballyRoutable(const address& candidate) {
    const address a = unmapped(candidate);
    return a.is_v4() ? globalV4(a.to_v4()) : globalV6(a.to_v6());
}

DialPolicy::DialPolicy(std::vector<IpNetwork> alsoAllowed)
    : m_alsoAllowed(std::move(alsoAllowed)) {}

bool DialPolicy::allows(const address& a) const {
    return isGloballyRoutable(a) || std::any_of(m_alsoAllowed.begin(), m_alsoAllowed.end(),
                                                [&](const IpNetwork& n) { return n.contains(a); });
}

} // namespace ferry::core::net
