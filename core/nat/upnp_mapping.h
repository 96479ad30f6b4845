#pragma once

#include "nat/mapping_method.h"

#include <chrono>
#include <memory>

namespace ferry::core::nat {

/// Port mapping through a UPnP Internet Gateway Device (miniupnpc). Discovery waits at most
/// `discoveryTimeout`; error 725 (only permanent leases) falls back to a permanent mapping,
/// error 718 (conflict) tries other external ports.
class UpnpMapping : public MappingMethod {
public:
    explicit UpnpMapping(std::chrono::milliseconds discoveryTimeout);
    ~UpnpMapping() override;

    MappingProtocol protocol() const override { return MappingProtocol::Upnp; }
    Result<GatewayInfo> discover() override;
    Result<MappingGrant> map(std::uint16_t internalPort, std::uint16_t externalPort,
                             std::chrono::seconds lease) override;
    Result<void> unmap(const MappingGrant& grant) override;

private:
    struct Igd;
    std::chrono::milliseconds m_timeout;
    std::unique_ptr<Igd> m_igd;
};

} // namespace ferry::core::nat
