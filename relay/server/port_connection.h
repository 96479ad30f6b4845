#pragma once

#include "relay/relay_stats.h"
#include "relay/server/service_map.h"
#include "relay/server/tls_socket.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>

namespace ferry::relay {

/// A connection on the relay port until its TLS handshake is done; then the ALPN name it
/// negotiated picks its service in the ServiceMap, which takes the connection over. Runs on
/// its own strand of the relay's thread pool, which goes with the connection.
class PortConnection final : public std::enable_shared_from_this<PortConnection> {
public:
    struct Environment {
        boost::asio::ssl::context& tls;
        const ServiceMap& services;
        RelayCounters& counters;               ///< handshake failures
        std::chrono::seconds handshakeTimeout; ///< for TLS and the service's own handshake
        /// What owns the above (and the connection budget), when it may go before its
        /// connections: held by the connection, and handed on to its service.
        std::shared_ptr<void> owner = {};
    };

    /// `counted` is the connection's place in the relay's ConnectionBudget.
    PortConnection(boost::asio::ip::tcp::socket socket, CountedConnection counted, Environment env);

    /// Starts the TLS handshake; the connection keeps itself alive until it is handed over or
    /// fails.
    void start();

private:
    void onReadable(const boost::system::error_code& ec);
    void onHandshake(const boost::system::error_code& ec);
    void fail();

    Environment m_env;
    boost::asio::strand<boost::asio::any_io_executor> m_strand;
    boost::asio::ip::tcp::socket m_socket; ///< until the client's first bytes arrive
    std::unique_ptr<TlsSocket> m_tls;      ///< then this, which moves to the service
    boost::asio::steady_timer m_handshakeTimer;
    std::chrono::steady_clock::time_point m_deadline;
    CountedConnection m_counted; ///< moves to the service
    bool m_done = false;
};

} // namespace ferry::relay
