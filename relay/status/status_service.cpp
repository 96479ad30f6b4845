#include "relay/status/status_service.h"

#include "relay/server/accept_loop.h"
#include "relay/status/rate_sampler.h"
#include "relay/status/status_format.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::relay {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

// A scrape is one short GET; these bounds keep a misbehaving client from holding memory or
// connections.
constexpr std::size_t kMaxHeaderBytes = 4096;
constexpr std::size_t kMaxBodyBytes = 1024; // GETs carry none; enough to answer a small POST
constexpr std::size_t kMaxBufferBytes = kMaxHeaderBytes + kMaxBodyBytes;
constexpr std::chrono::seconds kIoTimeout{15};
constexpr std::size_t kMaxConnections = 16;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

/// What a connection asks to answer a request; called on the connection's strand.
class RequestHandler {
public:
    virtual ~RequestHandler() = default;
    virtual Response respond(const Request& request) = 0;
};

/// One client connection: reads requests, answers each, closes on any error.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(tcp::socket socket, std::shared_ptr<RequestHandler> handler)
        : m_stream(std::move(socket)), m_buffer(kMaxBufferBytes), m_handler(std::move(handler)) {}

    void start() {
        asio::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->read(); });
    }
    /// Thread-safe: the close runs on the connection's strand.
    void close() {
        asio::post(m_stream.get_executor(), [self = shared_from_this()] { self->shutdown(); });
    }

private:
    void read() {
        // A parser reads one message only, so each request gets a fresh one with the limits.
        m_parser.emplace();
        m_parser->header_limit(kMaxHeaderBytes);
        m_parser->body_limit(kMaxBodyBytes);
        m_stream.expires_after(kIoTimeout);
        http::async_read(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

    void onRead(beast::error_code ec) {
        // End of stream, timeout, a malformed or oversized request: just close.
        if (ec) {
            shutdown();
            return;
        }
        m_response = m_handler->respond(m_parser->get());
        m_stream.expires_after(kIoTimeout);
        http::async_write(
            m_stream, m_response,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onWrite(ec); });
    }

    void onWrite(beast::error_code ec) {
        if (ec || !m_response.keep_alive()) {
            shutdown();
            return;
        }
        read();
    }

    void shutdown() {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.close();
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    Response m_response;
    std::shared_ptr<RequestHandler> m_handler;
};

Response plainResponse(http::status status, std::string body) {
    Response response{status, 11};
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = std::move(body);
    return response;
}

} // namespace

class StatusService::Impl : public RequestHandler, public std::enable_shared_from_this<Impl> {
public:
    Impl(asio::io_context& io, std::uint16_t port, StatsSource stats)
        : m_io(io), m_strand(asio::make_strand(io)), m_timer(m_strand), m_requestedPort(port),
          m_stats(std::move(stats)), m_epoch(std::chrono::steady_clock::now()) {}

    core::Result<void> start();
    void stop() {
        asio::post(m_strand, [self = shared_from_this()] { self->closeAll(); });
    }
    std::uint16_t port() const { return m_port; }

    Response respond(const Request& request) override;

private:
    void admit(tcp::socket socket);
    void scheduleSample();
    void sample();
    void closeAll();
    std::string statusJson();

    asio::io_context& m_io;
    asio::strand<asio::io_context::executor_type> m_strand; ///< the timer, m_closed
    std::shared_ptr<AcceptLoop> m_acceptor;
    bool m_closed = false;
    asio::steady_timer m_timer;
    std::uint16_t m_requestedPort;
    std::uint16_t m_port = 0;
    StatsSource m_stats;
    std::chrono::steady_clock::time_point m_epoch;

    std::mutex m_mutex; ///< the sampler and the connection list
    RateSampler m_sampler;
    std::vector<std::weak_ptr<HttpConnection>> m_connections;
};

core::Result<void> StatusService::Impl::start() {
    // Loopback only: the counters are no secret but nobody outside needs them raw; an operator
    // who wants them elsewhere puts a reverse proxy (with TLS and auth) in front.
    auto listening = AcceptLoop::listen(m_io, asio::ip::address_v4::loopback(), m_requestedPort);
    if (!listening)
        return core::Error{listening.error().code, "status requests: " + listening.error().message};
    m_acceptor = std::move(listening).value();
    m_port = m_acceptor->port();
    // The first sample is taken on the io threads: the stats source may need locks that our
    // caller holds right now.
    asio::post(m_strand, [self = shared_from_this()] {
        if (self->m_closed)
            return; // stopped already
        self->sample();
        self->scheduleSample();
    });
    // Connections are few and short; the service's own cap bounds them (admit).
    m_acceptor->start([weak = weak_from_this()](tcp::socket socket, CountedConnection) {
        if (auto self = weak.lock())
            self->admit(std::move(socket));
    });
    return {};
}

void StatusService::Impl::admit(tcp::socket socket) {
    std::shared_ptr<HttpConnection> connection;
    {
        std::lock_guard lock(m_mutex);
        std::erase_if(m_connections, [](const auto& weak) { return weak.expired(); });
        if (m_connections.size() >= kMaxConnections)
            return; // the socket closes as it goes out of scope
        connection = std::make_shared<HttpConnection>(std::move(socket), shared_from_this());
        m_connections.push_back(connection);
    }
    connection->start();
}

void StatusService::Impl::scheduleSample() {
    // Relative to the last wake-up, so samples are never closer than the interval; the
    // sampler measures the real spacing anyway.
    m_timer.expires_after(RateSampler::kInterval);
    m_timer.async_wait([self = shared_from_this()](auto ec) {
        if (ec || self->m_closed)
            return;
        self->sample();
        self->scheduleSample();
    });
}

void StatusService::Impl::sample() {
    const RateCounters counters = RateCounters::of(m_stats());
    const auto now =
        std::chrono::duration_cast<RateSampler::Time>(std::chrono::steady_clock::now() - m_epoch);
    std::lock_guard lock(m_mutex);
    m_sampler.add(now, counters);
}

void StatusService::Impl::closeAll() {
    m_closed = true;
    if (m_acceptor)
        m_acceptor->close();
    m_timer.cancel();
    std::vector<std::weak_ptr<HttpConnection>> connections;
    {
        std::lock_guard lock(m_mutex);
        connections.swap(m_connections);
    }
    for (const auto& weak : connections)
        if (auto connection = weak.lock())
            connection->close();
}

std::string StatusService::Impl::statusJson() {
    const RelayStatsSnapshot stats = m_stats();
    std::vector<WindowRates> rates;
    {
        std::lock_guard lock(m_mutex);
        rates = m_sampler.rates(RateCounters::of(stats), std::chrono::seconds(stats.uptimeSeconds));
    }
    return formatStatusJson(stats, rates);
}

Response StatusService::Impl::respond(const Request& request) {
    const std::string_view target(request.target().data(), request.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    const bool metrics = path == "/metrics";
    const bool status = path == "/status";

    Response response;
    if (!metrics && !status) {
        response = plainResponse(http::status::not_found, "not found\n");
    } else if (request.method() != http::verb::get) {
        response = plainResponse(http::status::method_not_allowed, "method not allowed\n");
        response.set(http::field::allow, "GET");
    } else if (metrics) {
        response = plainResponse(http::status::ok, formatPrometheus(m_stats()));
        // The Prometheus text exposition format's media type.
        response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    } else {
        response = plainResponse(http::status::ok, statusJson());
        response.set(http::field::content_type, "application/json");
    }
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    response.set(http::field::server, "ferry-relay");
    response.set(http::field::cache_control, "no-store");
    response.prepare_payload();
    return response;
}

StatusService::StatusService(asio::io_context& io, std::uint16_t port, StatsSource stats)
    : m_impl(std::make_shared<Impl>(io, port, std::move(stats))) {}

// Pending handlers hold the Impl; stopping lets them finish (or be dropped with the
// io_context) without touching a destroyed object.
StatusService::~StatusService() {
    m_impl->stop();
}

core::Result<void> StatusService::start() {
    return m_impl->start();
}
void StatusService::stop() {
    m_impl->stop();
}
std::uint16_t StatusService::port() const {
    return m_impl->port();
}

} // namespace ferry::relay
