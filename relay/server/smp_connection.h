#pragma once

#include "relay/relay_data.h"
#include "relay/server/bandwidth_limiter.h"
#include "relay/server/smp_session.h"
#include "relay/server/tls_socket.h"

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <memory>
#include <optional>

namespace ferry::relay {

/// Where connections for Ferry's node service go once TLS tells them apart from SMP clients.
class NodeServiceEntry {
public:
    virtual ~NodeServiceEntry() = default;
    /// Takes over a connection after its TLS handshake; its operations run on `strand`.
    virtual void adopt(std::unique_ptr<TlsSocket> tls,
                       boost::asio::strand<boost::asio::any_io_executor> strand,
                       core::Bytes tlsUnique) = 0;
};

/// What a connection needs beyond what its session needs.
struct ConnectionEnvironment {
    SessionEnvironment session;
    const RelayIdentity& identity;
    boost::asio::ssl::context& tls;
    BandwidthLimiter& bandwidth;
    /// Takes connections that asked for the node service (ALPN ferry-node/1); null: closed.
    NodeServiceEntry* nodeService = nullptr;
};

/// One client's TLS connection: the TLS and SMP handshakes, then blocks in and out for its
/// SmpSession. Everything it does runs on its own strand of the relay's thread pool.
class SmpConnection final : public Subscriber,
                            public SessionOutput,
                            public std::enable_shared_from_this<SmpConnection> {
public:
    using Socket = boost::asio::ip::tcp::socket;

    SmpConnection(Socket socket, ConnectionEnvironment env);
    ~SmpConnection() override;

    /// Starts the handshakes; the connection keeps itself alive while it has work.
    void start();
    /// Closes the connection (relay stopping). Safe from any thread.
    void stop();
    /// The bandwidth limit changed: traffic held back goes on at once (the bytes stay
    /// charged, so the next ones wait at the new rate). Safe from any thread.
    void bandwidthChanged();

    // Subscriber: called from other connections' threads.
    void subscriptionEnded(const core::Bytes& recipientId) override;
    void messageArrived(const core::Bytes& recipientId) override;

    // SessionOutput: called on this connection's strand.
    std::size_t reserve() override;
    void fill(std::size_t slot, core::Bytes transmission) override;

private:
    void onTlsHandshake(const boost::system::error_code& ec);
    void sendServerHello();
    void onClientHello(const boost::system::error_code& ec, const core::Bytes& block);
    void readBlock();
    void onBlock(const boost::system::error_code& ec, const core::Bytes& block);
    void flushReady();
    void writeNext();
    void startWrite();
    /// Runs `then` after `wait` on `timer` (made on first use): the relay is over its limit.
    void holdBack(std::unique_ptr<boost::asio::steady_timer>& timer,
                  BandwidthLimiter::Clock::duration wait, void (SmpConnection::*then)());
    void close();
    void post(std::function<void()> task);

    ConnectionEnvironment m_env;
    boost::asio::strand<boost::asio::any_io_executor> m_strand;
    std::unique_ptr<TlsSocket> m_tls; ///< moves to the node service for its connections
    boost::asio::steady_timer m_handshakeTimer;
    std::unique_ptr<boost::asio::steady_timer> m_readHold;  ///< only once ever held back
    std::unique_ptr<boost::asio::steady_timer> m_writeHold; ///< only once ever held back

    core::smp::VersionRange m_offered;
    core::Bytes m_sessionId;
    std::optional<core::crypto::X25519KeyPair> m_sessionKey;
    std::unique_ptr<SmpSession> m_session;

    std::deque<std::optional<core::Bytes>> m_pending; ///< answers in order, by slot
    std::size_t m_firstSlot = 0;                      ///< slot number of m_pending.front()
    std::deque<core::Bytes> m_writeQueue;             ///< padded blocks
    bool m_writing = false;
    bool m_readPaused = false;
    bool m_closed = false;
    bool m_counted = false;
};

} // namespace ferry::relay
