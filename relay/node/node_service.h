#pragma once

#include "relay/node/node_connection.h"
#include "relay/node/tunnel_service.h"
#include "relay/server/service_map.h"
#include "util/clock.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace ferry::relay {

struct NodeServiceOptions {
    bool checks = true; ///< dial back other nodes on request (node_checks)
    std::uint32_t checksPerMinutePerAddress = 6;
    std::uint32_t checksAtOnce = 32;
    std::chrono::milliseconds checkTimeout{10'000};
    std::optional<TunnelLimits> tunnel; ///< the tunnel service, when tunnel_ports is set
};

/// Ferry's node service on a relay (ALPN ferry-node/1 on the SMP port): dial-back
/// reachability checks for any node that asks, and the reverse-tunnel service where enabled.
/// A message it does not serve is refused with a reason ("unknown message") before the
/// connection closes.
class NodeService final : public ConnectionService {
public:
    NodeService(boost::asio::io_context& io, NodeServiceOptions options, const core::Clock& clock);
    ~NodeService() override;

    void accept(AcceptedConnection connection) override;
    /// Closes tunnels and refuses what comes next (the relay stops).
    void stop();
    /// Null when the tunnel service is off.
    TunnelService* tunnels() { return m_tunnels.get(); }

private:
    void dispatch(const std::shared_ptr<NodeConnection>& connection,
                  core::node::NodeMessage message);
    void serveCheck(const std::shared_ptr<NodeConnection>& connection, std::string address);
    void serveTunnel(const std::shared_ptr<NodeConnection>& connection,
                     const core::node::msg::TunnelRequest& request);
    /// The tunnel's control connection after the request: answers pings until it closes.
    void keepControl(const std::shared_ptr<NodeConnection>& connection);
    bool admitCheck(const std::string& peer);

    boost::asio::io_context& m_io;
    NodeServiceOptions m_options;
    std::unique_ptr<TunnelService> m_tunnels;
    std::mutex m_mutex;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> m_recentChecks;
    std::atomic<std::uint32_t> m_checksRunning{0};
    std::atomic<bool> m_stopped{false};
};

} // namespace ferry::relay
