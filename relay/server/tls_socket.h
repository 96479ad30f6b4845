#pragma once

#include "util/bytes.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <functional>
#include <memory>
#include <openssl/ssl.h>

namespace ferry::relay {

/// A server-side TLS connection that drives OpenSSL directly on a non-blocking socket and
/// waits for readiness with Asio, instead of boost::asio::ssl::stream.
///
/// Why: an idle relay connection should cost little. asio::ssl::stream keeps two 17 KB record
/// buffers and a 34 KB BIO pair per connection for its whole life; here OpenSSL reads the
/// socket itself and frees its record buffers between reads (SSL_MODE_RELEASE_BUFFERS), and
/// a block buffer exists only while a block is arriving.
///
/// All operations must be started from one strand; one read and one write may be pending at
/// the same time. Completion handlers run through the socket's executor (bind them to the
/// strand). A handshake's or a read's handler never runs inside the call that started it: a
/// caller that reads again from its handler would otherwise recurse once for every message
/// OpenSSL already holds, and one TLS record can carry thousands of small messages. A write's
/// handler runs inside asyncWrite when the socket took everything at once (so a writer
/// must not start more than one write from it, as a writer of a queue does).
class TlsSocket {
public:
    using Socket = boost::asio::ip::tcp::socket;
    using Handler = std::function<void(const boost::system::error_code&)>;
    /// Receives the block on success (exactly the requested size).
    using ReadHandler = std::function<void(const boost::system::error_code&, core::Bytes)>;

    /// Completions run on `executor` (the connection's strand).
    TlsSocket(Socket socket, SSL_CTX* context, boost::asio::any_io_executor executor);
    ~TlsSocket();

    TlsSocket(const TlsSocket&) = delete;
    TlsSocket& operator=(const TlsSocket&) = delete;

    void asyncHandshake(Handler handler);
    /// Reads exactly `size` bytes of application data.
    void asyncRead(std::size_t size, ReadHandler handler);
    /// Reads what is there, 1 to `maxSize` bytes of application data (for forwarding a byte
    /// stream, where waiting for an exact size would stall).
    void asyncReadSome(std::size_t maxSize, ReadHandler handler);
    /// Writes all of `data` (kept alive by the caller until the handler runs).
    void asyncWrite(core::ByteView data, Handler handler);

    SSL* native() const { return m_ssl.get(); }
    Socket& socket() { return m_socket; }
    void close();

private:
    struct SslFree {
        void operator()(SSL* ssl) const { SSL_free(ssl); }
    };
    struct ReadState;

    void stepHandshake(Handler handler, bool initiating);
    void startRead(std::shared_ptr<ReadState> state);
    void stepRead(std::shared_ptr<ReadState> state);
    void stepWrite(core::ByteView data, std::size_t done, Handler handler);
    /// Runs a completion now, or later through the executor when still `initiating` (defined
    /// and used in tls_socket.cpp only; a template so that a read's buffer moves along
    /// without a std::function around it).
    template <typename Completion> void deliver(bool initiating, Completion completion);
    /// Waits for what OpenSSL asked for, then runs `retry`; other results end with an error.
    bool waitFor(int sslError, std::function<void()> retry,
                 const std::function<void(const boost::system::error_code&)>& fail);

    Socket m_socket;
    std::unique_ptr<SSL, SslFree> m_ssl;
    boost::asio::any_io_executor m_executor;
};

} // namespace ferry::relay
