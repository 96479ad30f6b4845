#include "node/node_link.h"

#include "crypto/server_identity.h"
#include "net/smp_transport.h"
#include "node/node_errc.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <openssl/ssl.h>

namespace ferry::core::node {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

std::shared_ptr<asio::ssl::context> makeNodeServiceTlsContext() {
    return net::makeRelayTlsContext(kNodeServiceAlpn);
}

Deadline::Deadline(NodeStream& stream, std::chrono::milliseconds timeout)
    : m_timer(stream.get_executor(), timeout) {
    m_timer.async_wait([&stream, expired = m_expired](const error_code& ec) {
        if (ec)
            return;
        *expired = true;
        error_code ignored;
        stream.lowest_layer().close(ignored);
    });
}

Deadline::~Deadline() {
    m_timer.cancel();
}

asio::awaitable<Result<std::unique_ptr<NodeStream>>>
connectNodeService(asio::ssl::context& tls, const smp::ServerAddress& server,
                   std::chrono::milliseconds timeout) {
    const auto executor = co_await asio::this_coro::executor;
    std::string failures;
    for (const smp::TransportHost& host : server.hosts) {
        auto stream = std::make_unique<NodeStream>(executor, tls);
        Deadline deadline(*stream, timeout);
        error_code ec;
        tcp::resolver resolver(executor);
        // Named, never a temporary inside co_await: GCC 12 destroys such temporaries twice.
        const std::string port = std::to_string(server.effectivePort());
        const auto endpoints = co_await resolver.async_resolve(
            host.name, port, asio::redirect_error(asio::use_awaitable, ec));
        const char* step = "resolve";
        if (!ec) {
            step = "connect";
            co_await asio::async_connect(stream->lowest_layer(), endpoints,
                                         asio::redirect_error(asio::use_awaitable, ec));
        }
        if (!ec) {
            step = "TLS";
            stream->lowest_layer().set_option(tcp::no_delay(true), ec);
            co_await stream->async_handshake(asio::ssl::stream_base::client,
                                             asio::redirect_error(asio::use_awaitable, ec));
        }
        if (!ec && !deadline.expired()) {
            auto leaf = crypto::verifyServerCertChain(
                net::peerCertificateChain(stream->native_handle()), server.keyHash);
            if (!leaf)
                co_return makeError(NodeErrc::Identity,
                                    host.uriText() +
                                        ": server identity mismatch: " + leaf.error().message);
            co_return std::move(stream);
        }
        if (!failures.empty())
            failures += "; ";
        failures += host.uriText() + ": " + step + ": " +
                    (deadline.expired() ? std::string("timed out") : ec.message());
    }
    co_return makeError(NodeErrc::Network, failures.empty() ? "no hosts" : failures);
}

asio::awaitable<Result<void>> writeNodeMessage(NodeStream& stream, const NodeMessage& message) {
    const Bytes frame = frameNodeMessage(message);
    error_code ec;
    co_await asio::async_write(stream, asio::buffer(frame),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
        co_return makeError(NodeErrc::Network, "cannot send to the relay: " + ec.message());
    co_return Result<void>{};
}

asio::awaitable<Result<NodeMessage>> readNodeMessage(NodeStream& stream) {
    std::array<std::uint8_t, 2> header{};
    error_code ec;
    co_await asio::async_read(stream, asio::buffer(header),
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
        co_return makeError(NodeErrc::Network, "the relay closed the connection: " + ec.message());
    auto length = nodeFrameLength(header);
    if (!length)
        co_return length.error();
    Bytes payload(*length);
    co_await asio::async_read(stream, asio::buffer(payload),
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
        co_return makeError(NodeErrc::Network, "the relay closed the connection: " + ec.message());
    co_return decodeNodeMessage(payload);
}

Bytes tlsUnique(NodeStream& stream) {
    std::array<std::uint8_t, 64> finished{};
    const std::size_t length =
        SSL_get_finished(stream.native_handle(), finished.data(), finished.size());
    return Bytes(finished.begin(), finished.begin() + static_cast<std::ptrdiff_t>(length));
}

} // namespace ferry::core::node
