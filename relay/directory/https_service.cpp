#include "relay/directory/https_service.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <sstream>

namespace ferry::relay::directory {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

constexpr std::size_t kReadChunk = 4096;

class HttpsConnection : public std::enable_shared_from_this<HttpsConnection> {
public:
    HttpsConnection(AcceptedConnection connection, HttpsService::Handler handler,
                    HttpsService::Limits limits)
        : m_connection(std::move(connection)), m_handler(std::move(handler)), m_limits(limits),
          m_timer(m_connection.strand) {}

    void start() { nextRequest(); }

private:
    void nextRequest() {
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(m_limits.maxHeaderBytes));
        m_parser->body_limit(m_limits.maxBodyBytes);
        m_parser->eager(true);
        armTimer(m_limits.timeout);
        parse();
    }

    void armTimer(std::chrono::seconds timeout) {
        m_timer.expires_after(timeout);
        m_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
            if (auto self = weak.lock(); self && !ec)
                self->close();
        });
    }

    void read() {
        m_connection.tls->asyncReadSome(
            kReadChunk,
            asio::bind_executor(
                m_connection.strand,
                [self = shared_from_this()](const boost::system::error_code& ec, core::Bytes data) {
                    if (ec)
                        return self->close();
                    self->m_input.append(data.begin(), data.end());
                    self->parse();
                }));
    }

    /// Feeds what has arrived to the parser; answers a whole request or reads on.
    void parse() {
        while (!m_input.empty() && !m_parser->is_done()) {
            boost::system::error_code ec;
            const std::size_t used = m_parser->put(asio::buffer(m_input), ec);
            m_input.erase(0, used);
            if (ec == http::error::need_more)
                break;
            if (ec) {
                // Malformed or over a limit: one plain answer, then the connection ends.
                const bool tooLarge =
                    ec == http::error::body_limit || ec == http::error::header_limit;
                return answer(HttpResponse{tooLarge ? 413u : 400u,
                                           "text/plain; charset=utf-8",
                                           tooLarge ? "request too large\n" : "bad request\n",
                                           {}},
                              false);
            }
            if (used == 0)
                break;
        }
        if (m_input.size() > m_limits.maxHeaderBytes + m_limits.maxBodyBytes)
            return close();
        if (!m_parser->is_done())
            return read();
        dispatch();
    }

    void dispatch() {
        auto& request = m_parser->get();
        const bool keepAlive =
            request.keep_alive() && ++m_requests < m_limits.maxRequestsPerConnection;
        if (request.method() != http::verb::get && request.method() != http::verb::post) {
            HttpResponse refused{405, "text/plain; charset=utf-8", "method not allowed\n", {}};
            refused.headers.emplace_back("Allow", "GET, POST");
            return answer(std::move(refused), keepAlive);
        }
        HttpRequest incoming;
        incoming.post = request.method() == http::verb::post;
        incoming.target = std::string(request.target());
        incoming.body = std::move(request.body());
        incoming.peer = m_connection.peer.address();
        // The handler bounds its own work (a dial-back has a deadline); this only makes sure
        // a connection whose answer never comes is not held for ever.
        armTimer(4 * m_limits.timeout);
        // The reply holds the connection: nothing else does while the handler works.
        m_handler(std::move(incoming),
                  [self = shared_from_this(), keepAlive](HttpResponse response) {
                      asio::post(self->m_connection.strand,
                                 [self, keepAlive, response = std::move(response)]() mutable {
                                     self->answer(std::move(response), keepAlive);
                                 });
                  });
    }

    void answer(HttpResponse response, bool keepAlive) {
        http::response<http::string_body> out{static_cast<http::status>(response.status), 11};
        out.set(http::field::server, "ferry-directory");
        out.set(http::field::content_type, response.contentType);
        out.set(http::field::cache_control, "no-store");
        out.set("X-Content-Type-Options", "nosniff");
        for (const auto& [name, value] : response.headers)
            out.set(name, value);
        out.body() = std::move(response.body);
        out.keep_alive(keepAlive);
        out.prepare_payload();
        std::ostringstream text;
        text << out;
        m_output = std::move(text).str();
        armTimer(m_limits.timeout);
        m_connection.tls->asyncWrite(
            core::ByteView(reinterpret_cast<const std::uint8_t*>(m_output.data()), m_output.size()),
            asio::bind_executor(m_connection.strand, [self = shared_from_this(), keepAlive](
                                                         const boost::system::error_code& ec) {
                if (ec || !keepAlive)
                    return self->close();
                self->nextRequest();
            }));
    }

    void close() {
        if (m_closed)
            return;
        m_closed = true;
        m_timer.cancel();
        m_connection.tls->close();
    }

    AcceptedConnection m_connection;
    HttpsService::Handler m_handler;
    HttpsService::Limits m_limits;
    asio::steady_timer m_timer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::string m_input;
    std::string m_output;
    unsigned m_requests = 0;
    bool m_closed = false;
};

} // namespace

HttpsService::HttpsService(Handler handler, Limits limits)
    : m_handler(std::move(handler)), m_limits(limits) {}

void HttpsService::accept(AcceptedConnection connection) {
    std::make_shared<HttpsConnection>(std::move(connection), m_handler, m_limits)->start();
}

} // namespace ferry::relay::directory
