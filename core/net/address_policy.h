#pragma once

#include "util/result.h"

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::net {

/// An IP network: an address and how many leading bits of it count (10.0.0.0/8, fd00::/8).
struct IpNetwork {
    boost::asio::ip::address base;
    unsigned prefix = 0;

    bool contains(const boost::asio::ip::address& address) const;
    std::string text() const; ///< "10.0.0.0/8"
    bool operator==(const IpNetwork&) const = default;
    /// Any strict order, so a network can key a map.
    bool operator<(const IpNetwork& other) const {
        return base != other.base ? base < other.base : prefix < other.prefix;
    }
};

/// "10.0.0.0/8", "::1/128" or a bare address (all its bits). Host bits must be zero.
Result<IpNetwork> parseIpNetwork(std::string_view text);
/// A comma- or space-separated list of networks; empty text is an empty list.
Result<std::vector<IpNetwork>> parseIpNetworks(std::string_view text);

/// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it connects to;
/// any other address unchanged.
boost::asio::ip::address unmapped(const boost::asio::ip::address& address);

/// The network of `prefix4` (IPv4) or `prefix6` (IPv6) bits that holds `address` (a mapped
/// IPv4 address counts as IPv4): what limits per source count by, since one host commonly
/// holds a single IPv4 address but a whole IPv6 /64, and one site an IPv4 /24 or IPv6 /48.
IpNetwork enclosingNetwork(const boost::asio::ip::address& address, unsigned prefix4,
                           unsigned prefix6);

/// Whether an address is reachable across the internet and belongs to nobody's private
/// network: not loopback, unspecified, private (RFC 1918), shared (CGNAT, 100.64/10),
/// link-local, documentation, benchmarking, multicast, reserved or broadcast for IPv4; for
/// IPv6 only global unicast (2000::/3) counts, less documentation, 6to4, Teredo and the
/// other IETF protocol assignments (2001::/23). A mapped IPv4 address is judged as IPv4.
bool isGloballyRoutable(const boost::asio::ip::address& address);

/// Where a connection a stranger asked for may go: globally routable addresses, plus the
/// networks an operator allowed on purpose (a lab, a test on loopback). A relay asked to
/// dial an address (a reachability check, a proxied message) asks this first, after the
/// name is resolved and for the very address it connects to, so a name that resolves to a
/// private address (DNS rebinding included) is never dialled.
class DialPolicy {
public:
    explicit DialPolicy(std::vector<IpNetwork> alsoAllowed = {});

    bool allows(const boost::asio::ip::address& address) const;
    const std::vector<IpNetwork>& alsoAllowed() const { return m_alsoAllowed; }

private:
    std::vector<IpNetwork> m_alsoAllowed;
};

} // namespace ferry::core::net
