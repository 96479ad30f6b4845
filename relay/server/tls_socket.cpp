#include "relay/server/tls_socket.h"

#include "platform/socket_io.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <cstdint>
#include <openssl/err.h>

namespace ferry::relay {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// A socket BIO that never raises SIGPIPE: OpenSSL's own socket BIO uses write(), and a peer
// that has gone away would then end the whole process (the relay may live inside the desktop
// app, which must not die because one client vanished).
core::platform::NativeSocket socketOf(BIO* bio) {
    return reinterpret_cast<std::intptr_t>(BIO_get_data(bio));
}

int bioWrite(BIO* bio, const char* data, int length) {
    BIO_clear_retry_flags(bio);
    const auto sent =
        core::platform::sendSome(socketOf(bio), data, static_cast<std::size_t>(length));
    if (sent.retry)
        BIO_set_retry_write(bio);
    return static_cast<int>(sent.bytes);
}

int bioRead(BIO* bio, char* data, int length) {
    BIO_clear_retry_flags(bio);
    const auto received =
        core::platform::receiveSome(socketOf(bio), data, static_cast<std::size_t>(length));
    if (received.retry)
        BIO_set_retry_read(bio);
    return static_cast<int>(received.bytes);
}

long bioControl(BIO*, int command, long, void*) {
    return command == BIO_CTRL_FLUSH ? 1 : 0; // nothing is buffered here
}

int bioCreate(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

// Built once and never changed: an immutable method table, like OpenSSL's own.
const BIO_METHOD* noSignalSocketMethod() {
    static BIO_METHOD* method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "ferry-socket");
        BIO_meth_set_write(m, bioWrite);
        BIO_meth_set_read(m, bioRead);
        BIO_meth_set_ctrl(m, bioControl);
        BIO_meth_set_create(m, bioCreate);
        return m;
    }();
    return method;
}

error_code tlsFailure() {
    ERR_clear_error(); // the details are not logged; keep the queue clean for others
    return asio::error::make_error_code(asio::error::connection_aborted);
}

} // namespace

struct TlsSocket::ReadState {
    std::size_t size = 0;
    bool some = false;  ///< done after the first bytes (asyncReadSome)
    core::Bytes buffer; ///< allocated when the first bytes arrive
    std::size_t got = 0;
    ReadHandler handler;
    bool initiating = true; ///< still inside asyncRead/asyncReadSome
};

TlsSocket::TlsSocket(Socket socket, SSL_CTX* context, asio::any_io_executor executor)
    : m_socket(std::move(socket)), m_ssl(SSL_new(context)), m_executor(std::move(executor)) {
    error_code ignored;
    m_socket.non_blocking(true, ignored);
    BIO* bio = BIO_new(noSignalSocketMethod());
    BIO_set_data(bio,
                 reinterpret_cast<void*>(static_cast<std::intptr_t>(m_socket.native_handle())));
    SSL_set_bio(m_ssl.get(), bio, bio); // the SSL owns the BIO (one reference for both ends)
    SSL_set_accept_state(m_ssl.get());
}

TlsSocket::~TlsSocket() = default;

bool TlsSocket::waitFor(int sslError, std::function<void()> retry,
                        const std::function<void(const error_code&)>& fail) {
    const auto wait = sslError == SSL_ERROR_WANT_READ    ? Socket::wait_read
                      : sslError == SSL_ERROR_WANT_WRITE ? Socket::wait_write
                                                         : Socket::wait_error;
    if (wait == Socket::wait_error)
        return false;
    m_socket.async_wait(wait, asio::bind_executor(m_executor, [retry = std::move(retry),
                                                               fail](const error_code& ec) {
                            if (ec)
                                fail(ec);
                            else
                                retry();
                        }));
    return true;
}

template <typename Completion> void TlsSocket::deliver(bool initiating, Completion completion) {
    if (initiating)
        asio::post(m_executor, std::move(completion));
    else
        completion();
}

void TlsSocket::asyncHandshake(Handler handler) {
    stepHandshake(std::move(handler), true);
}

void TlsSocket::stepHandshake(Handler handler, bool initiating) {
    const int result = SSL_do_handshake(m_ssl.get());
    if (result == 1) {
        deliver(initiating, [handler] { handler({}); });
        return;
    }
    const int error = SSL_get_error(m_ssl.get(), result);
    if (!waitFor(
            error, [this, handler] { stepHandshake(handler, false); }, handler))
        deliver(initiating, [handler] { handler(tlsFailure()); });
}

void TlsSocket::asyncReadSome(std::size_t maxSize, ReadHandler handler) {
    auto state = std::make_shared<ReadState>();
    state->size = maxSize;
    state->some = true;
    state->handler = std::move(handler);
    startRead(std::move(state));
}

void TlsSocket::asyncRead(std::size_t size, ReadHandler handler) {
    auto state = std::make_shared<ReadState>();
    state->size = size;
    state->handler = std::move(handler);
    startRead(std::move(state));
}

void TlsSocket::startRead(std::shared_ptr<ReadState> state) {
    // An idle connection waits for the socket without holding a buffer; data OpenSSL
    // already holds is read at once.
    if (SSL_has_pending(m_ssl.get()))
        stepRead(state);
    else
        m_socket.async_wait(Socket::wait_read,
                            asio::bind_executor(m_executor, [this, state](const error_code& ec) {
                                if (ec)
                                    state->handler(ec, {});
                                else
                                    stepRead(state);
                            }));
    state->initiating = false;
}

void TlsSocket::stepRead(std::shared_ptr<ReadState> state) {
    auto finish = [this, &state](const error_code& ec, core::Bytes data) {
        deliver(state->initiating, [state, ec, data = std::move(data)]() mutable {
            state->handler(ec, std::move(data));
        });
    };
    if (state->buffer.empty())
        state->buffer.resize(state->size);
    while (state->got < state->size) {
        const int n = SSL_read(m_ssl.get(), state->buffer.data() + state->got,
                               static_cast<int>(state->size - state->got));
        if (n > 0) {
            state->got += static_cast<std::size_t>(n);
            if (state->some) {
                state->buffer.resize(state->got);
                break;
            }
            continue;
        }
        const int error = SSL_get_error(m_ssl.get(), n);
        if (error == SSL_ERROR_ZERO_RETURN) {
            finish(asio::error::eof, {});
            return;
        }
        auto fail = [state](const error_code& ec) { state->handler(ec, {}); };
        if (!waitFor(
                error, [this, state] { stepRead(state); }, fail))
            finish(tlsFailure(), {});
        return;
    }
    finish({}, std::move(state->buffer));
}

void TlsSocket::asyncWrite(core::ByteView data, Handler handler) {
    stepWrite(data, 0, std::move(handler));
}

void TlsSocket::stepWrite(core::ByteView data, std::size_t done, Handler handler) {
    while (done < data.size()) {
        const int n =
            SSL_write(m_ssl.get(), data.data() + done, static_cast<int>(data.size() - done));
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        const int error = SSL_get_error(m_ssl.get(), n);
        if (!waitFor(
                error, [this, data, done, handler] { stepWrite(data, done, handler); }, handler))
            handler(tlsFailure());
        return;
    }
    // At once when the socket took it all: a writer starts its next write from here, and
    // waiting a turn of the executor for each block would hold every block back.
    handler({});
}

void TlsSocket::close() {
    error_code ignored;
    m_socket.shutdown(Socket::shutdown_both, ignored);
    m_socket.close(ignored);
}

} // namespace ferry::relay
