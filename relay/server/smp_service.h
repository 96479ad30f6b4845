#pragma once

#include "relay/server/service_map.h"
#include "relay/server/smp_connection.h"

#include <memory>
#include <mutex>
#include <vector>

namespace ferry::relay {

/// SMP on the relay port: takes the connections that negotiated ALPN `smp/1` (all versions)
/// or no ALPN at all (v6 only), and keeps track of them so the relay can reach them all.
class SmpService final : public ConnectionService {
public:
    explicit SmpService(ConnectionEnvironment env) : m_env(env) {}

    /// Called on the connection's strand (any of the relay's threads).
    void accept(AcceptedConnection connection) override;
    /// Closes every connection (the relay stops). Safe from any thread.
    void stopAll();
    /// Tells every connection that the bandwidth limit changed. Safe from any thread.
    void bandwidthChanged();

private:
    std::vector<std::weak_ptr<SmpConnection>> takeConnections();

    ConnectionEnvironment m_env;
    std::mutex m_mutex;
    std::vector<std::weak_ptr<SmpConnection>> m_connections;
    std::size_t m_lastPruneSize = 0;
};

} // namespace ferry::relay
