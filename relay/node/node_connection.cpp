#include "relay/node/node_connection.h"

#include "relay/relay_errc.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

namespace ferry::relay {

namespace asio = boost::asio;
namespace node = core::node;

NodeConnection::NodeConnection(AcceptedConnection accepted, std::chrono::seconds writeStallTimeout)
    : m_tls(std::move(accepted.tls)), m_strand(std::move(accepted.strand)),
      m_tlsUnique(std::move(accepted.tlsUnique)), m_counted(std::move(accepted.counted)),
      m_peerIp(core::net::unmapped(accepted.peer.address())), m_readDeadline(m_strand),
      m_writeStall(m_strand), m_writeStallTimeout(writeStallTimeout) {
    if (!m_peerIp.is_unspecified())
        m_peer = m_peerIp.to_string();
}

NodeConnection::~NodeConnection() {
    if (m_tls)
        m_tls->close();
}

void NodeConnection::readMessage(MessageHandler handler, std::chrono::seconds deadline) {
    asio::dispatch(m_strand,
                   [self = shared_from_this(), handler = std::move(handler), deadline]() mutable {
                       self->readOnStrand(std::move(handler), deadline);
                   });
}

void NodeConnection::readOnStrand(MessageHandler handler, std::chrono::seconds deadline) {
    if (m_closed) {
        handler(core::makeError(RelayErrc::Network, "closed"));
        return;
    }
    if (m_queuedBytes > kPauseReadingAt) {
        // The peer is not taking what it is sent: read its next message once it has.
        m_pausedRead = [self = shared_from_this(), handler = std::move(handler), deadline] {
            self->readOnStrand(handler, deadline);
        };
        return;
    }
    if (deadline.count() > 0) {
        m_readDeadline.expires_after(deadline);
        m_readDeadline.async_wait([weak = weak_from_this()](auto ec) {
            if (auto self = weak.lock(); self && !ec)
                self->closeOnStrand();
        });
    }
    auto self = shared_from_this();
    m_tls->asyncRead(2, [self, handler](auto ec, core::Bytes header) {
        // Closed before the handler hears of it: a handler that finds the connection open
        // knows a whole frame arrived (and may answer it, even if it did not decode).
        if (ec) {
            self->closeOnStrand();
            handler(core::makeError(RelayErrc::Network, "the connection ended"));
            return;
        }
        auto length = node::nodeFrameLength(header);
        if (!length) {
            self->closeOnStrand();
            handler(length.error());
            return;
        }
        self->m_tls->asyncRead(*length, [self, handler](auto ec2, core::Bytes payload) {
            self->m_readDeadline.cancel();
            if (ec2) {
                self->closeOnStrand();
                handler(core::makeError(RelayErrc::Network, "the connection ended"));
                return;
            }
            handler(node::decodeNodeMessage(payload));
        });
    });
}

void NodeConnection::send(node::NodeMessage message, bool thenClose) {
    asio::dispatch(m_strand, [self = shared_from_this(), frame = node::frameNodeMessage(message),
                              thenClose]() mutable {
        if (self->m_closed)
            return;
        if (self->m_queuedBytes + frame.size() > kOutputCeiling) {
            self->closeOnStrand();
            return;
        }
        self->m_queuedBytes += frame.size();
        self->m_writeQueue.push_back(std::move(frame));
        self->m_closeAfterWrite = self->m_closeAfterWrite || thenClose;
        self->writeNext();
    });
}

void NodeConnection::writeNext() {
    if (m_writing || m_closed)
        return;
    if (m_writeQueue.empty()) {
        if (m_closeAfterWrite)
            closeOnStrand();
        return;
    }
    // Everything waiting goes out in one write: one TLS record and one system call for a
    // burst of small answers rather than one each.
    m_sending.clear();
    for (const core::Bytes& frame : m_writeQueue)
        m_sending.insert(m_sending.end(), frame.begin(), frame.end());
    m_writeQueue.clear();
    m_writing = true;
    const std::uint64_t write = ++m_writes;
    m_writeStall.expires_after(m_writeStallTimeout);
    m_writeStall.async_wait([weak = weak_from_this(), write](auto ec) {
        if (auto self = weak.lock(); self && !ec && self->m_writing && self->m_writes == write)
            self->closeOnStrand(); // the peer has stopped reading
    });
    m_tls->asyncWrite(m_sending, [self = shared_from_this()](auto ec) {
        self->m_writing = false;
        self->m_writeStall.cancel();
        if (ec) {
            self->closeOnStrand();
            return;
        }
        self->m_queuedBytes -= self->m_sending.size();
        if (self->m_queuedBytes <= kPauseReadingAt)
            if (auto read = std::exchange(self->m_pausedRead, {}))
                read();
        self->writeNext();
    });
}

void NodeConnection::close() {
    asio::dispatch(m_strand, [self = shared_from_this()] { self->closeOnStrand(); });
}

void NodeConnection::closeOnStrand() {
    if (m_closed)
        return;
    m_closed = true;
    m_readDeadline.cancel();
    m_writeStall.cancel();
    m_tls->close();
    if (auto handler = std::exchange(m_onClosed, {}))
        handler();
    // A read waiting for the output to drain hears that the connection ended.
    if (auto read = std::exchange(m_pausedRead, {}))
        read();
}

} // namespace ferry::relay
