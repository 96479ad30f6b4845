#pragma once

#include "node/node_wire.h"
#include "relay/server/service_map.h"
#include "relay/server/tls_socket.h"
#include "util/result.h"

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace ferry::relay {

/// The relay's side of one node-service connection: framed messages in and out over the
/// TLS connection it took over from the SMP listener. Reads and writes run on its strand;
/// readMessage(), send() and close() may be called from any thread.
///
/// A peer that sends and never reads cannot make it hold more than a fixed amount of output:
/// while more than kPauseReadingAt bytes wait to be written, the next read waits too (the
/// peer's messages stay in its own socket buffers); output past kOutputCeiling closes the
/// connection, and so does one write that the peer has not taken within the stall timeout.
class NodeConnection : public std::enable_shared_from_this<NodeConnection> {
public:
    using Strand = boost::asio::strand<boost::asio::any_io_executor>;
    using MessageHandler = std::function<void(core::Result<core::node::NodeMessage>)>;

    static constexpr std::size_t kPauseReadingAt = 16 * 1024;
    static constexpr std::size_t kOutputCeiling = 256 * 1024;

    /// Takes over a connection from the relay port, with its place in the connection budget.
    NodeConnection(AcceptedConnection accepted, std::chrono::seconds writeStallTimeout);
    ~NodeConnection();

    /// Reads one message (on the strand); a deadline closes the connection if none comes. When
    /// the connection fails or the frame's length is bad, it is closed before `handler` runs;
    /// when it is still open, a whole frame arrived and only its payload did not decode.
    void readMessage(MessageHandler handler,
                     std::chrono::seconds deadline = std::chrono::seconds{0});
    /// Queues a message; with `thenClose` the connection closes once it is written.
    void send(core::node::NodeMessage message, bool thenClose = false);
    void close();
    /// Runs once when the connection closes (on the strand).
    void onClosed(std::function<void()> handler) { m_onClosed = std::move(handler); }

    const core::Bytes& tlsUnique() const { return m_tlsUnique; }
    /// The peer's IP address as text (empty if unknown).
    const std::string& peerAddress() const { return m_peer; }
    /// The peer's IP address (IPv4 for a mapped one; unspecified if unknown).
    const boost::asio::ip::address& peerIp() const { return m_peerIp; }
    TlsSocket& tls() { return *m_tls; }
    Strand& strand() { return m_strand; }
    bool closed() const { return m_closed; }

private:
    void readOnStrand(MessageHandler handler, std::chrono::seconds deadline);
    void writeNext();
    void closeOnStrand();

    std::unique_ptr<TlsSocket> m_tls;
    Strand m_strand;
    core::Bytes m_tlsUnique;
    CountedConnection m_counted; ///< held until the connection is destroyed
    boost::asio::ip::address m_peerIp;
    std::string m_peer;
    boost::asio::steady_timer m_readDeadline;
    boost::asio::steady_timer m_writeStall; ///< runs while a write is in progress
    std::chrono::seconds m_writeStallTimeout;
    std::uint64_t m_writes = 0;           ///< tells a stale stall timer from the current write's
    std::deque<core::Bytes> m_writeQueue; ///< frames waiting for the write under way
    core::Bytes m_sending;                ///< what the write under way sends
    std::size_t m_queuedBytes = 0;        ///< both together
    std::function<void()> m_pausedRead;   ///< a read waiting for the output to drain
    bool m_writing = false;
    bool m_closeAfterWrite = false;
    // Written on the strand, read from any thread (closed()).
    std::atomic<bool> m_closed{false};
    std::function<void()> m_onClosed;
};

} // namespace ferry::relay
