#pragma once

#include "relay/node/dial_back_checker.h"
#include "relay/node/node_connection.h"
#include "relay/node/tunnel_service.h"
#include "relay/server/service_map.h"
#include "util/clock.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ferry::relay {

struct NodeServiceOptions {
    bool checks = true; ///< dial back other nodes on request (node_checks)
    CheckLimits checkLimits;
    /// What a check may dial: globally routable addresses and any networks allowed on purpose.
    std::shared_ptr<const core::net::DialPolicy> checkPolicy =
        std::make_shared<core::net::DialPolicy>();
    std::optional<TunnelLimits> tunnel; ///< the tunnel service, when tunnel_ports is set
    /// A peer that takes longer than this to accept one write has stopped reading and is
    /// dropped (write_stall_timeout_seconds, as for SMP clients).
    std::chrono::seconds writeStallTimeout{60};
};

/// Ferry's node service on a relay (ALPN ferry-node/1 on the SMP port): dial-back
/// reachability checks for any node that asks, and the reverse-tunnel service where enabled.
/// A message it does not serve is refused with a reason ("unknown message") before the
/// connection closes.
class NodeService final : public ConnectionService {
public:
    /// The tunnel service's public ports take their connections' places in `budget`.
    NodeService(boost::asio::io_context& io, NodeServiceOptions options, ConnectionBudget& budget,
                const core::Clock& clock);
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

    NodeServiceOptions m_options;
    std::unique_ptr<TunnelService> m_tunnels;
    DialBackChecker m_checker;
    std::atomic<bool> m_stopped{false};
};

} // namespace ferry::relay
