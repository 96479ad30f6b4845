#include "relay/node/node_service.h"

#include "crypto/server_identity.h"
#include "crypto/signature.h"
#include "util/overloaded.h"

namespace ferry::relay {

namespace asio = boost::asio;
namespace node = core::node;
namespace msg = core::node::msg;

namespace {
// A node that connects says what it wants at once.
constexpr std::chrono::seconds kFirstMessageTimeout{15};
// A tunnel node pings every minute; this much silence means it is gone.
constexpr std::chrono::seconds kControlSilence{200};
} // namespace

NodeService::NodeService(asio::io_context& io, NodeServiceOptions options, ConnectionBudget& budget,
                         const core::Clock& clock)
    : m_options(std::move(options)), m_checker(io, m_options.checkLimits, m_options.checkPolicy) {
    if (m_options.tunnel)
        m_tunnels = std::make_unique<TunnelService>(io, *m_options.tunnel, budget, clock);
}

NodeService::~NodeService() {
    stop();
}

void NodeService::stop() {
    m_stopped = true;
    if (m_tunnels)
        m_tunnels->stop();
}

void NodeService::accept(AcceptedConnection accepted) {
    // The connection keeps its place under max_connections until it closes.
    auto connection =
        std::make_shared<NodeConnection>(std::move(accepted), m_options.writeStallTimeout);
    if (m_stopped) {
        connection->close();
        return;
    }
    connection->readMessage(
        [this, connection](core::Result<node::NodeMessage> message) {
            if (!message) {
                // Still open: a frame arrived but did not decode, most likely a message of a
                // later version. Refused in words rather than by a silent close.
                if (!connection->closed())
                    connection->send(msg::Refused{"unknown message"}, true);
                return;
            }
            dispatch(connection, std::move(message).value());
        },
        kFirstMessageTimeout);
}

void NodeService::dispatch(const std::shared_ptr<NodeConnection>& connection,
                           node::NodeMessage message) {
    std::visit(core::Overloaded{
                   [&](msg::CheckRequest& m) { serveCheck(connection, std::move(m.address)); },
                   [&](msg::TunnelRequest& m) { serveTunnel(connection, m); },
                   [&](msg::Attach& m) {
                       if (m_tunnels)
                           m_tunnels->attach(m.id, connection);
                       else
                           connection->close();
                   },
                   // Answers, or a message of a later version: say so rather than leave the
                   // node guessing why the connection closed.
                   [&](auto&) { connection->send(msg::Refused{"unknown message"}, true); },
               },
               message);
}

void NodeService::serveCheck(const std::shared_ptr<NodeConnection>& connection,
                             std::string address) {
    if (!m_options.checks) {
        connection->send(msg::Refused{"this relay does not check other nodes"}, true);
        return;
    }
    m_checker.check(connection->peerAddress(), address, [connection](node::NodeMessage answer) {
        connection->send(std::move(answer), true);
    });
}

void NodeService::serveTunnel(const std::shared_ptr<NodeConnection>& connection,
                              const msg::TunnelRequest& request) {
    auto refuse = [&](std::string reason) { connection->send(msg::Refused{reason}, true); };
    if (!m_tunnels)
        return refuse("this relay does not run a tunnel service");
    if (request.version != node::kTunnelVersion)
        return refuse("tunnel version " + std::to_string(request.version) + " is not supported");
    if (request.chain.size() < 2)
        return refuse("the node's certificate chain is incomplete");
    // The node is who its CA certificate says: the chain must verify up to it, and the
    // online key must have signed this very connection.
    const core::Bytes identity = core::crypto::serverIdentity(request.chain[1]);
    auto leaf = core::crypto::verifyServerCertChain(request.chain, identity);
    if (!leaf)
        return refuse("the node's certificates do not verify: " + leaf.error().message);
    if (!core::crypto::verifySignature(*leaf, node::tunnelProof(connection->tlsUnique()),
                                       request.signature))
        return refuse("the node's identity proof does not verify");
    auto port = m_tunnels->registerNode(identity, request.wantedPort, connection);
    if (!port)
        return refuse(port.error().message);
    connection->send(msg::TunnelAssigned{*port, m_options.tunnel->publicHost});
    keepControl(connection);
}

void NodeService::keepControl(const std::shared_ptr<NodeConnection>& connection) {
    connection->readMessage(
        [this, connection](core::Result<node::NodeMessage> message) {
            if (!message || !std::holds_alternative<msg::Ping>(*message)) {
                connection->close();
                return;
            }
            connection->send(msg::Pong{});
            keepControl(connection);
        },
        kControlSilence);
}

} // namespace ferry::relay
