#pragma once

#include "nat/mapping_method.h"

#include <chrono>
#include <memory>

namespace ferry::core::nat {

/// Port mapping through NAT-PMP (libnatpmp) with the default gateway. Every request waits at
/// most `timeout`; the lifetime the router grants is what the grant reports.
class NatPmpMapping : public MappingMethod {
public:
    explicit NatPmpMapping(std::chrono::milliseconds timeout);
    ~NatPmpMapping() override;

    MappingProtocol protocol() const override { return MappingProtocol::NatPmp; }
    Result<GatewayInfo> discover() override;
    Result<MappingGrant> map(std::uint16_t internalPort, std::uint16_t externalPort,
                             std::chrono::seconds lease) override;
    Result<void> unmap(const MappingGrant& grant) override;

private:
    struct Session;
    std::chrono::milliseconds m_timeout;
    std::unique_ptr<Session> m_session;
    std::string m_externalAddress;
};

} // namespace ferry::core::nat
