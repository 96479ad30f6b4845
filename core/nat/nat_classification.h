#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ferry::core::nat {

/// How reachable this machine is from the internet, as far as port mapping can tell.
enum class NatClass {
    Unknown,          ///< nothing was tried yet
    Public,           ///< an interface has a public IPv4 address: no NAT in the way
    Mapped,           ///< the router forwards a port to us (UPnP IGD or NAT-PMP)
    DoubleNat,        ///< the router is itself behind NAT (double NAT or carrier-grade NAT)
    NoMappingSupport, ///< no router answered, or it refused every mapping
};
const char* natClassName(NatClass kind);

/// A class with the human reason behind it.
struct NatClassification {
    NatClass kind = NatClass::Unknown;
    std::string reason;
};

/// What the port mapper learned; the input of classifyNat().
struct NatObservations {
    std::vector<std::string> interfaceAddresses;        ///< this machine's IPv4 addresses
    bool gatewayAnswered = false;                       ///< a UPnP IGD or NAT-PMP router replied
    bool gatewayNotConnected = false;                   ///< the IGD says its WAN is down/private
    std::optional<std::string> gatewayExternalAddress;  ///< what the router calls its outside
    std::optional<std::string> observedExternalAddress; ///< what a peer outside sees (if known)
    bool mapped = false;
    std::string failure; ///< why mapping failed, for the reason text
};

/// Classifies the observations; the first rule that matches wins: a public interface
/// address, then a private/CGNAT or mismatching outside address (double NAT), then a
/// mapping, then no support.
NatClassification classifyNat(const NatObservations& seen);

/// True for IPv4 addresses that are not reachable from the internet: RFC 1918, 100.64/10
/// (CGNAT), loopback, link-local, documentation, benchmarking, multicast and the like.
bool isNonPublicIPv4(const std::string& address);

} // namespace ferry::core::nat
