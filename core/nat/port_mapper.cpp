#include "nat/port_mapper.h"

#include "nat/natpmp_mapping.h"
#include "nat/upnp_mapping.h"

namespace ferry::core::nat {

const char* mappingProtocolName(MappingProtocol protocol) {
    switch (protocol) {
    case MappingProtocol::None:
        return "none";
    case MappingProtocol::Upnp:
        return "UPnP";
    case MappingProtocol::NatPmp:
        return "NAT-PMP";
    }
    return "none";
}

const char* mappingStateName(MappingState state) {
    switch (state) {
    case MappingState::Unmapped:
        return "unmapped";
    case MappingState::Mapping:
        return "mapping";
    case MappingState::Mapped:
        return "mapped";
    case MappingState::Unmapping:
        return "unmapping";
    case MappingState::Error:
        return "error";
    }
    return "unknown";
}

PortMapper::Methods defaultMappingMethods(std::chrono::milliseconds timeout) {
    PortMapper::Methods methods;
    methods.push_back(std::make_unique<UpnpMapping>(timeout));
    methods.push_back(std::make_unique<NatPmpMapping>(timeout));
    return methods;
}

PortMapper::PortMapper(PortMapperOptions options, Methods methods, Listener listener)
    : m_options(std::move(options)), m_methods(std::move(methods)),
      m_listener(std::move(listener)) {}

PortMapper::~PortMapper() {
    stop();
}

void PortMapper::start(std::uint16_t internalPort) {
    std::lock_guard lock(m_mutex);
    if (m_worker.joinable())
        return;
    m_status.internalPort = internalPort;
    m_worker = std::thread([this] { run(); });
}

void PortMapper::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_worker.joinable())
        m_worker.join();
}

PortMappingStatus PortMapper::status() const {
    std::lock_guard lock(m_mutex);
    PortMappingStatus copy = m_status;
    if (copy.state == MappingState::Mapped && !copy.permanent) {
        const auto left = std::chrono::duration_cast<std::chrono::seconds>(
            m_grantedAt + m_grant.lease - std::chrono::steady_clock::now());
        copy.leaseLeft = std::max(left, std::chrono::seconds{0});
    }
    return copy;
}

void PortMapper::update(MappingState state, std::string reason) {
    {
        std::lock_guard lock(m_mutex);
        m_status.state = state;
        m_status.reason = std::move(reason);
        const bool mapped = state == MappingState::Mapped;
        m_status.protocol = mapped && m_active ? m_active->protocol() : MappingProtocol::None;
        m_status.externalAddress = mapped ? m_grant.externalAddress : std::string();
        m_status.externalPort = mapped ? m_grant.externalPort : 0;
        m_status.permanent = mapped && m_grant.permanent;
        m_status.leaseLeft = mapped ? m_grant.lease : std::chrono::seconds{0};
    }
    if (m_listener)
        m_listener(status());
}

bool PortMapper::waitFor(std::chrono::steady_clock::duration duration) {
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, duration, [this] { return m_stopping; });
}

void PortMapper::run() {
    for (;;) {
        update(MappingState::Mapping, "looking for a router that speaks UPnP or NAT-PMP");
        NatObservations seen;
        seen.interfaceAddresses = m_options.interfaceAddresses();
        const bool mapped = tryMap(seen);
        {
            std::lock_guard lock(m_mutex);
            m_status.classification = classifyNat(seen);
        }
        if (mapped) {
            update(MappingState::Mapped, "the router forwards " + m_grant.externalAddress + ":" +
                                             std::to_string(m_grant.externalPort) + " to port " +
                                             std::to_string(m_grant.internalPort));
            keepMapped();
            if (m_active) { // the mapping was lost: try from the start after the interval
                m_active = nullptr;
            } else {
                return; // stopped and unmapped
            }
        } else if (status().classification.kind == NatClass::Public) {
            update(MappingState::Unmapped,
                   status().classification.reason + "; no port mapping is needed");
            return;
        } else {
            update(MappingState::Error, status().classification.reason);
        }
        if (!waitFor(m_options.retryInterval)) {
            update(MappingState::Unmapped, "stopped");
            return;
        }
    }
}

// Asks each method in turn; true with m_active and m_grant set when one mapped the port.
bool PortMapper::tryMap(NatObservations& seen) {
    for (const std::string& address : seen.interfaceAddresses)
        if (!isNonPublicIPv4(address))
            return false;
    const std::uint16_t port = status().internalPort;
    std::string failures;
    for (auto& method : m_methods) {
        if (!waitFor(std::chrono::seconds{0}))
            return false;
        const std::string name = mappingProtocolName(method->protocol());
        auto info = method->discover();
        if (!info) {
            failures += (failures.empty() ? "" : "; ") + name + ": " + info.error().message;
            continue;
        }
        seen.gatewayAnswered = true;
        seen.gatewayNotConnected = !info->connected;
        seen.gatewayExternalAddress = info->externalAddress;
        // A mapping on a router that is itself behind NAT makes nobody reachable.
        if (!info->connected || (info->externalAddress && isNonPublicIPv4(*info->externalAddress)))
            return false;
        auto grant = method->map(port, port, m_options.lease);
        if (!grant) {
            failures += (failures.empty() ? "" : "; ") + name + ": " + grant.error().message;
            continue;
        }
        m_active = method.get();
        m_grant = std::move(grant).value();
        m_grantedAt = std::chrono::steady_clock::now();
        seen.mapped = true;
        return true;
    }
    seen.failure = failures;
    return false;
}

// Renews before half of each granted lease until stop() (then deletes the mapping and
// clears m_active) or until a renewal fails (m_active stays set: the caller retries).
void PortMapper::keepMapped() {
    for (;;) {
        const auto renewIn = m_grant.permanent || m_grant.lease.count() == 0
                                 ? std::chrono::steady_clock::duration::max() / 2
                                 : std::chrono::steady_clock::duration(m_grant.lease * 2 / 5);
        if (!waitFor(
                std::max(renewIn, std::chrono::steady_clock::duration(std::chrono::seconds{1}))))
            break;
        const auto lease = m_grant.permanent ? std::chrono::seconds{0} : m_options.lease;
        auto renewed = m_active->map(m_grant.internalPort, m_grant.externalPort, lease);
        if (!renewed) {
            update(MappingState::Error,
                   std::string("renewing the mapping failed: ") + renewed.error().message);
            return;
        }
        m_grant = std::move(renewed).value();
        m_grantedAt = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(m_mutex);
            ++m_status.renewals;
        }
        update(MappingState::Mapped, "renewed: the router forwards " + m_grant.externalAddress +
                                         ":" + std::to_string(m_grant.externalPort) + " to port " +
                                         std::to_string(m_grant.internalPort));
    }
    update(MappingState::Unmapping, "deleting the mapping on the router");
    auto removed = m_active->unmap(m_grant);
    m_active = nullptr;
    if (!removed)
        update(MappingState::Error, "deleting the mapping failed (it expires with its lease): " +
                                        removed.error().message);
    else
        update(MappingState::Unmapped, "the mapping was deleted");
}

} // namespace ferry::core::nat
