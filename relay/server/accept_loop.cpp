#include "relay/server/accept_loop.h"

#include "relay/relay_errc.h"

#include <algorithm>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>

namespace ferry::relay {

namespace asio = boost::asio;
using asio::ip::tcp;

core::Result<std::shared_ptr<AcceptLoop>>
AcceptLoop::listen(asio::io_context& io, const asio::ip::address& address, std::uint16_t port) {
    tcp::acceptor acceptor(io);
    const tcp::endpoint endpoint(address, port);
    boost::system::error_code ec;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(endpoint, ec);
    if (!ec)
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return core::makeError(ec == asio::error::address_in_use ? RelayErrc::PortInUse
                                                                 : RelayErrc::Listen,
                               "cannot listen on " + endpoint.address().to_string() + ":" +
                                   std::to_string(port) + ": " + ec.message());
    return std::make_shared<AcceptLoop>(io, std::move(acceptor));
}

AcceptLoop::AcceptLoop(asio::io_context& io, tcp::acceptor acceptor)
    : m_io(io), m_strand(asio::make_strand(io)), m_acceptor(std::move(acceptor)),
      m_pause(m_strand) {
    boost::system::error_code ignored;
    m_port = m_acceptor.local_endpoint(ignored).port();
}

std::chrono::milliseconds AcceptLoop::pauseAfter(unsigned errorsInARow) {
    const unsigned doublings = std::min(errorsInARow, 8u) - (errorsInARow > 0 ? 1 : 0);
    return std::min(std::chrono::milliseconds(10) * (1u << doublings),
                    std::chrono::milliseconds(1000));
}

void AcceptLoop::start(Handler handler, ConnectionBudget* budget) {
    m_handler = std::move(handler);
    m_budget = budget;
    asio::dispatch(m_strand, [self = shared_from_this()] { self->acceptNext(); });
}

void AcceptLoop::close() {
    asio::dispatch(m_strand, [self = shared_from_this()] {
        self->m_closed = true;
        boost::system::error_code ignored;
        self->m_acceptor.close(ignored);
        self->m_pause.cancel();
    });
}

void AcceptLoop::acceptNext() {
    if (m_closed)
        return;
    m_acceptor.async_accept(
        asio::make_strand(m_io),
        asio::bind_executor(m_strand, [self = shared_from_this()](auto ec, tcp::socket socket) {
            self->onAccepted(ec, std::move(socket));
        }));
}

void AcceptLoop::onAccepted(const boost::system::error_code& ec, tcp::socket socket) {
    if (m_closed || ec == asio::error::operation_aborted)
        return;
    if (ec && ec != asio::error::connection_aborted) {
        // Out of descriptors (EMFILE, ENFILE) or buffers: accepting again at once would fail
        // again at once, on a core, until a connection closes.
        if (m_budget)
            m_budget->noteAcceptError();
        m_pause.expires_after(pauseAfter(++m_errorsInARow));
        m_pause.async_wait([self = shared_from_this()](auto e) {
            if (!e)
                self->acceptNext();
        });
        return;
    }
    m_errorsInARow = 0;
    if (!ec) {
        CountedConnection place;
        bool admitted = true;
        if (m_budget) {
            boost::system::error_code peerError;
            const auto peer = socket.remote_endpoint(peerError);
            auto counted = peerError ? std::nullopt : m_budget->admit(peer.address());
            admitted = counted.has_value();
            if (counted)
                place = std::move(*counted);
        }
        if (admitted) {
            m_handler(std::move(socket), std::move(place));
        } else {
            boost::system::error_code ignored;
            socket.close(ignored); // before TLS: a connection without a place costs nothing
        }
    }
    acceptNext();
}

} // namespace ferry::relay
