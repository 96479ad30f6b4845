#pragma once

#include "node/node_wire.h"
#include "smp/server_address.h"
#include "util/result.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <chrono>
#include <memory>

namespace ferry::core::node {

/// A TLS connection to a relay's node service.
using NodeStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

/// TLS as for SMP (TLS 1.3, CHACHA20-POLY1305, X25519, Ed25519/Ed448, no resumption) but with
/// the node service's ALPN name.
std::shared_ptr<boost::asio::ssl::context> makeNodeServiceTlsContext();

/// Connects to `server`'s node service: resolve, TCP, TLS, then checks that the certificate
/// chain belongs to the identity in the address (NodeErrc::Identity otherwise). Each host in
/// turn; the whole attempt is bounded by `timeout`.
boost::asio::awaitable<Result<std::unique_ptr<NodeStream>>>
connectNodeService(boost::asio::ssl::context& tls, const smp::ServerAddress& server,
                   std::chrono::milliseconds timeout);

/// Writes one framed message.
boost::asio::awaitable<Result<void>> writeNodeMessage(NodeStream& stream,
                                                      const NodeMessage& message);
/// Reads one framed message (NodeErrc::Syntax for a malformed one, Network when the
/// connection ends).
boost::asio::awaitable<Result<NodeMessage>> readNodeMessage(NodeStream& stream);

/// The connection's tls-unique value (the client's Finished message).
Bytes tlsUnique(NodeStream& stream);

/// Closes the connection's socket after `timeout` unless `done` is set first; what is
/// pending then fails. For bounding a whole exchange.
class Deadline {
public:
    Deadline(NodeStream& stream, std::chrono::milliseconds timeout);
    ~Deadline();
    bool expired() const { return *m_expired; }

private:
    boost::asio::steady_timer m_timer;
    std::shared_ptr<bool> m_expired = std::make_shared<bool>(false);
};

} // namespace ferry::core::node
