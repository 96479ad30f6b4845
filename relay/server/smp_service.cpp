#include "relay/server/smp_service.h"

namespace ferry::relay {

void SmpService::accept(AcceptedConnection connection) {
    auto smp = std::make_shared<SmpConnection>(std::move(connection), m_env);
    {
        std::lock_guard lock(m_mutex);
        // Drop entries of closed connections now and then so the list stays small.
        if (m_connections.size() >= 2 * m_lastPruneSize + 64) {
            std::erase_if(m_connections, [](const auto& weak) { return weak.expired(); });
            m_lastPruneSize = m_connections.size();
        }
        m_connections.push_back(smp);
    }
    smp->start();
}

void SmpService::stopAll() {
    for (const auto& weak : takeConnections())
        if (auto connection = weak.lock())
            connection->stop();
}

void SmpService::bandwidthChanged() {
    std::vector<std::weak_ptr<SmpConnection>> connections;
    {
        std::lock_guard lock(m_mutex);
        connections = m_connections;
    }
    for (const auto& weak : connections)
        if (auto connection = weak.lock())
            connection->bandwidthChanged();
}

std::vector<std::weak_ptr<SmpConnection>> SmpService::takeConnections() {
    std::lock_guard lock(m_mutex);
    m_lastPruneSize = 0;
    return std::exchange(m_connections, {});
}

} // namespace ferry::relay
