#pragma once

#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ferry::core::nat {

/// The protocol a mapping was made with.
enum class MappingProtocol { None, Upnp, NatPmp };
const char* mappingProtocolName(MappingProtocol protocol);

/// What a router told us about itself.
struct GatewayInfo {
    std::optional<std::string> externalAddress; ///< absent if the router would not say
    bool connected = true; ///< false: the IGD reports its WAN as not connected / private
};

/// One TCP port mapping as the router granted it.
struct MappingGrant {
    std::string externalAddress;
    std::uint16_t externalPort = 0;
    std::uint16_t internalPort = 0;
    std::chrono::seconds lease{0}; ///< what the router granted
    bool permanent = false;        ///< no lease (UPnP error 725): delete it on exit
};

/// A way to ask the router for a port mapping (UPnP IGD, NAT-PMP). Blocking calls, each
/// bounded by the timeout its implementation was given; used from the mapper's thread only.
class MappingMethod {
public:
    virtual ~MappingMethod() = default;
    virtual MappingProtocol protocol() const = 0;
    /// Finds the router and asks for its external address. Error code NatErrc::NoGateway when
    /// nothing answered.
    virtual Result<GatewayInfo> discover() = 0;
    /// Maps `externalPort` (a preferred port; the method may pick another on conflict) to
    /// `internalPort` on this machine for `lease`. Also used to renew: same ports again.
    virtual Result<MappingGrant> map(std::uint16_t internalPort, std::uint16_t externalPort,
                                     std::chrono::seconds lease) = 0;
    /// Deletes a mapping made by map().
    virtual Result<void> unmap(const MappingGrant& grant) = 0;
};

} // namespace ferry::core::nat
