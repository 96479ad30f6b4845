#pragma once

#include "nat/mapping_method.h"
#include "nat/nat_classification.h"
#include "platform/network_interfaces.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ferry::core::nat {

/// Where the port mapping is in its life cycle.
enum class MappingState { Unmapped, Mapping, Mapped, Unmapping, Error };
const char* mappingStateName(MappingState state);

/// Settings of a PortMapper.
struct PortMapperOptions {
    std::chrono::seconds lease{3600};        ///< asked of the router; renewed before half
    std::chrono::seconds retryInterval{300}; ///< after an error, try again this much later
    std::function<std::vector<std::string>()> interfaceAddresses = platform::localIPv4Addresses;
};

/// A snapshot of the mapper, handed to the listener on every change (renewals included).
struct PortMappingStatus {
    MappingState state = MappingState::Unmapped;
    std::string reason; ///< human-readable: why this state (always set for Error)
    MappingProtocol protocol = MappingProtocol::None;
    std::string externalAddress;
    std::uint16_t externalPort = 0;
    std::uint16_t internalPort = 0;
    std::chrono::seconds leaseLeft{0}; ///< 0 with `permanent` or when not mapped
    bool permanent = false;
    int renewals = 0;
    NatClassification classification;
};

/// Keeps one TCP port mapped on the home router (UPnP IGD, then NAT-PMP) for as long as it
/// runs: maps, renews before half the granted lease, re-maps after errors, deletes the
/// mapping on stop(). All router traffic happens on its own thread, never the caller's; the
/// listener runs on that thread too.
class PortMapper {
public:
    using Methods = std::vector<std::unique_ptr<MappingMethod>>;
    using Listener = std::function<void(const PortMappingStatus&)>;

    PortMapper(PortMapperOptions options, Methods methods, Listener listener = {});
    ~PortMapper();
    PortMapper(const PortMapper&) = delete;
    PortMapper& operator=(const PortMapper&) = delete;

    /// Starts mapping `internalPort` (TCP) on the worker thread. Once only.
    void start(std::uint16_t internalPort);
    /// Deletes the mapping (if any) and ends the worker; blocks until it is done, which is
    /// bounded by the methods' timeouts.
    void stop();
    PortMappingStatus status() const;

private:
    void run();
    bool tryMap(NatObservations& seen);
    void keepMapped();
    void update(MappingState state, std::string reason);
    bool waitFor(std::chrono::steady_clock::duration duration); // false when stopping

    PortMapperOptions m_options;
    Methods m_methods;
    Listener m_listener;
    MappingMethod* m_active = nullptr;
    MappingGrant m_grant;
    std::chrono::steady_clock::time_point m_grantedAt;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    PortMappingStatus m_status;
    std::thread m_worker;
};

/// UPnP IGD first, NAT-PMP second, each discovery bounded by `timeout`.
PortMapper::Methods
defaultMappingMethods(std::chrono::milliseconds timeout = std::chrono::milliseconds{2000});

} // namespace ferry::core::nat
