#include "nat/nat_classification.h"

#include <boost/asio/ip/address_v4.hpp>
#include <cstdint>

namespace ferry::core::nat {

const char* natClassName(NatClass kind) {
    switch (kind) {
    case NatClass::Unknown:
        return "unknown";
    case NatClass::Public:
        return "public address";
    case NatClass::Mapped:
        return "port mapped";
    case NatClass::DoubleNat:
        return "double NAT / carrier-grade NAT";
    case NatClass::NoMappingSupport:
        return "no port-mapping support";
    }
    return "unknown";
}

bool isNonPublicIPv4(const std::string& address) {
    boost::system::error_code ec;
    const auto parsed = boost::asio::ip::make_address_v4(address, ec);
    if (ec)
        return true;
    const std::uint32_t a = parsed.to_uint();
    struct Block {
        std::uint32_t base;
        int bits;
    };
    // IANA special-purpose registry entries that are not globally reachable.
    static constexpr Block kBlocks[] = {
        {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8},  {0xA9FE0000, 16},
        {0xAC100000, 12}, {0xC0000000, 24}, {0xC0000200, 24}, {0xC0A80000, 16}, {0xC6120000, 15},
        {0xC6336400, 24}, {0xCB007100, 24}, {0xE0000000, 4},  {0xF0000000, 4},
    };
    for (const Block& b : kBlocks) {
        const std::uint32_t mask = b.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - b.bits);
        if ((a & mask) == b.base)
            return true;
    }
    return false;
}

NatClassification classifyNat(const NatObservations& seen) {
    for (const std::string& address : seen.interfaceAddresses)
        if (!isNonPublicIPv4(address))
            return {NatClass::Public,
                    "this machine has the public address " + address + " on an interface"};
    if (seen.gatewayExternalAddress && isNonPublicIPv4(*seen.gatewayExternalAddress))
        return {NatClass::DoubleNat,
                "the router's outside address " + *seen.gatewayExternalAddress +
                    " is private or carrier-grade NAT space: another NAT sits in front of it"};
    if (seen.gatewayExternalAddress && seen.observedExternalAddress &&
        *seen.gatewayExternalAddress != *seen.observedExternalAddress)
        return {NatClass::DoubleNat, "the router says its outside address is " +
                                         *seen.gatewayExternalAddress + " but the internet sees " +
                                         *seen.observedExternalAddress};
    if (seen.gatewayNotConnected)
        return {NatClass::DoubleNat, "the router reports no public internet connection of its "
                                     "own (its outside address is private or reserved)"};
    if (seen.mapped)
        return {NatClass::Mapped, "the router forwards a port to this machine"};
    if (!seen.gatewayAnswered)
        return {NatClass::NoMappingSupport,
                "no router answered UPnP or NAT-PMP" +
                    (seen.failure.empty() ? std::string() : " (" + seen.failure + ")")};
    return {NatClass::NoMappingSupport,
            "the router refused the port mapping" +
                (seen.failure.empty() ? std::string() : ": " + seen.failure)};
}

} // namespace ferry::core::nat
