#pragma once

#include "relay/server/connection_budget.h"
#include "util/result.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace ferry::relay {

/// A listening port and the loop that accepts on it: every port of the relay (SMP, tunnel,
/// status) is one.
///
/// Accept errors never end the loop and never spin it: a connection the client gave up on
/// is skipped at once, anything else (out of file descriptors, out of buffers) is retried
/// after a pause that grows from 10 ms to 1 s and resets on the next success. With a budget,
/// each socket takes its place in it before the handler sees it, and a socket without a
/// place is closed there, before TLS or anything else costs the relay.
class AcceptLoop : public std::enable_shared_from_this<AcceptLoop> {
public:
    using Handler = std::function<void(boost::asio::ip::tcp::socket, CountedConnection)>;

    /// Binds and listens on address:port (0 picks a free port). The errors say what could not
    /// be listened on; a port in use is RelayErrc::PortInUse.
    static core::Result<std::shared_ptr<AcceptLoop>> listen(boost::asio::io_context& io,
                                                            const boost::asio::ip::address& address,
                                                            std::uint16_t port);

    /// Accepts until close(). Each socket has a strand of its own for its executor and goes
    /// to `handler` (on the loop's strand) with its place in `budget`, if one is given; the
    /// budget must outlive the loop.
    void start(Handler handler, ConnectionBudget* budget = nullptr);
    /// Closes the port. Safe from any thread.
    void close();
    std::uint16_t port() const { return m_port; }

    /// The pause before accepting again after the given number of errors in a row.
    static std::chrono::milliseconds pauseAfter(unsigned errorsInARow);

    AcceptLoop(boost::asio::io_context& io, boost::asio::ip::tcp::acceptor acceptor);

private:
    void acceptNext();
    void onAccepted(const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& m_io;
    boost::asio::strand<boost::asio::io_context::executor_type> m_strand;
    boost::asio::ip::tcp::acceptor m_acceptor;
    boost::asio::steady_timer m_pause;
    Handler m_handler;
    ConnectionBudget* m_budget = nullptr;
    std::uint16_t m_port = 0;
    unsigned m_errorsInARow = 0;
    bool m_closed = false;
};

} // namespace ferry::relay
