#pragma once

#include "crypto/public_key.h"
#include "crypto/x25519_key_pair.h"
#include "net/address_policy.h"
#include "smp/block_cipher.h"
#include "smp/cert_chain_key.h"
#include "smp/server_address.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::net {

/// What one TLS connection agreed with the relay in the SMP handshake.
struct TransportSession {
    smp::Version version = 0;
    Bytes sessionId; ///< the client's TLS Finished
    std::optional<crypto::PublicKey> serverSessionKey;
    std::string host;                                  ///< the host that answered
    smp::VersionRange serverVersions;                  ///< what the server offered
    std::optional<smp::CertChainPubKey> serverCertKey; ///< chain and signed session key (v7+)
    /// This connection's own hello key: with serverSessionKey it makes the secret a private
    /// routing proxy encrypts what it forwards with (v8+).
    std::optional<crypto::X25519KeyPair> clientKey;
};

/// The TLS settings for talking to relays (TLS 1.3, CHACHA20-POLY1305, X25519/X448,
/// Ed25519/Ed448, no resumption, no CA validation: the identity is pinned after the
/// handshake) offering the one ALPN protocol `alpn`.
std::shared_ptr<boost::asio::ssl::context> makeRelayTlsContext(std::string_view alpn);
/// makeRelayTlsContext for SMP: ALPN smp/1.
std::shared_ptr<boost::asio::ssl::context> makeSmpTlsContext();
/// The certificates the peer presented, leaf first (DER).
std::vector<Bytes> peerCertificateChain(SSL* ssl);

/// One connection to one relay: tries its hosts in order (resolve, TCP, TLS, SMP
/// handshake), then reads and writes whole blocks. Not reused: a new one per attempt.
///
/// Every method and event runs on the strand it is given. Events stop after close().
class SmpTransport : public std::enable_shared_from_this<SmpTransport> {
public:
    using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
    struct Events {
        /// Once: the handshake is done, or every host failed. Error code NetErrc::Identity means
        /// the relay is not who the address says.
        std::function<void(Result<TransportSession>)> connected;
        /// A 16,384-byte block from the relay (valid only during the call).
        std::function<void(ByteView block)> block;
        /// Once, after a successful `connected`: the connection was lost.
        std::function<void(const std::string& reason)> lost;
    };

    SmpTransport(Strand strand, std::shared_ptr<boost::asio::ssl::context> tls, Events events);
    ~SmpTransport();

    struct ConnectOptions {
        smp::VersionRange versions;
        std::chrono::milliseconds timeout{10'000}; ///< TCP + TLS + SMP handshake
        /// With a policy, only the resolved addresses it allows are dialled; a host with none
        /// fails as NetErrc::NotAllowed.
        std::shared_ptr<const DialPolicy> policy;
        bool proxyServer = false; ///< forwarding for a private routing proxy (clientHandshake)
    };
    void connect(smp::ServerAddress server, ConnectOptions options);
    /// Queues a block to write; blocks go out in order.
    void write(Bytes block);
    /// Whether blocks are encrypted under TLS (SMP v11+, smp/block_cipher.h): then a block
    /// has less room for transmissions.
    bool encrypted() const { return m_cipher.has_value(); }
    /// Closes the connection; no events afterwards.
    void close();

private:
    using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

    void tryHost();
    void hostFailed(const std::string& what, const boost::system::error_code& ec);
    void onResolved(const boost::system::error_code& ec,
                    const boost::asio::ip::tcp::resolver::results_type& endpoints);
    void finishNotAllowed();
    void onTcpConnected(const boost::system::error_code& ec);
    void onTlsHandshake(const boost::system::error_code& ec);
    void onServerHello(const boost::system::error_code& ec);
    void finishConnect(Result<TransportSession> result);
    void readBlock();
    void writeNext();
    void drop(const std::string& reason);

    Strand m_strand;
    std::shared_ptr<boost::asio::ssl::context> m_tls;
    Events m_events;
    smp::ServerAddress m_server;
    ConnectOptions m_options;

    boost::asio::ip::tcp::resolver m_resolver;
    std::unique_ptr<Stream> m_stream;
    boost::asio::steady_timer m_timer;
    std::size_t m_host = 0;
    unsigned m_attempt = 0; ///< guards the timer against a previous host's expiry
    bool m_timedOut = false;
    std::string m_failures;
    bool m_connecting = false;
    bool m_closed = false;
    TransportSession m_session;
    std::optional<smp::BlockCipher> m_cipher; ///< from the handshake on, at v11+

    std::array<std::uint8_t, 16384> m_readBuffer{};
    std::deque<Bytes> m_writeQueue;
    bool m_writing = false;
};

} // namespace ferry::core::net
