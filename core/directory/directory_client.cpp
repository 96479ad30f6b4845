#include "directory/directory_client.h"

#include "crypto/server_identity.h"
#include "directory/directory_errc.h"
#include "net/smp_transport.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace ferry::core::directory {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

/// The ALPN name a directory serves HTTP under.
constexpr std::string_view kHttpAlpn = "http/1.1";

/// One request on one connection: resolve, TCP, TLS, pin, write, read, close; one deadline.
class Exchange : public std::enable_shared_from_this<Exchange> {
public:
    Exchange(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls,
             DirectoryAddress address, std::size_t maxBody,
             std::function<void(Result<HttpAnswer>)> done)
        : m_tls(std::move(tls)), m_strand(asio::make_strand(io)), m_resolver(m_strand),
          m_stream(m_strand, *m_tls), m_timer(m_strand), m_address(std::move(address)),
          m_maxBody(maxBody), m_done(std::move(done)) {}

    void start(http::request<http::string_body> request, std::chrono::milliseconds timeout) {
        m_request = std::move(request);
        asio::dispatch(m_strand, [self = shared_from_this(), timeout] {
            self->m_timer.expires_after(timeout);
            self->m_timer.async_wait([self](const boost::system::error_code& ec) {
                if (!ec)
                    self->finish(
                        makeError(DirectoryErrc::Network, "the directory did not answer in time"));
            });
            self->m_resolver.async_resolve(
                self->m_address.host, std::to_string(self->m_address.port),
                [self](const boost::system::error_code& ec, tcp::resolver::results_type results) {
                    if (ec)
                        return self->fail("cannot resolve " + self->m_address.host, ec);
                    self->connect(std::move(results));
                });
        });
    }

private:
    void connect(tcp::resolver::results_type results) {
        asio::async_connect(
            m_stream.lowest_layer(), results,
            [self = shared_from_this()](const boost::system::error_code& ec, const tcp::endpoint&) {
                if (ec)
                    return self->fail("cannot connect", ec);
                // A request is written in pieces (header, body): without this, Nagle holds the
                // second until the directory's delayed ACK, about 40 ms per request.
                boost::system::error_code ignored;
                self->m_stream.lowest_layer().set_option(tcp::no_delay(true), ignored);
                self->handshake();
            });
    }

    void handshake() {
        // SNI carries names only (RFC 6066), never an IP address.
        boost::system::error_code notAnAddress;
        asio::ip::make_address(m_address.host, notAnAddress);
        if (notAnAddress)
            SSL_set_tlsext_host_name(m_stream.native_handle(), m_address.host.c_str());
        m_stream.async_handshake(asio::ssl::stream_base::client,
                                 [self = shared_from_this()](const boost::system::error_code& ec) {
                                     if (ec)
                                         return self->fail("TLS handshake failed", ec);
                                     self->pin();
                                 });
    }

    void pin() {
        const auto chain = net::peerCertificateChain(m_stream.native_handle());
        if (auto key = crypto::verifyServerCertChain(chain, m_address.fingerprint); !key)
            return finish(makeError(DirectoryErrc::Identity, key.error().message));
        http::async_write(
            m_stream, m_request,
            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                if (ec)
                    return self->fail("cannot send the request", ec);
                self->read();
            });
    }

    void read() {
        m_parser.body_limit(m_maxBody);
        m_parser.header_limit(16 * 1024);
        http::async_read(
            m_stream, m_buffer, m_parser,
            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                if (ec)
                    return self->fail("cannot read the answer", ec);
                auto& response = self->m_parser.get();
                HttpAnswer answer;
                answer.status = response.result_int();
                answer.body = std::move(response.body());
                answer.contentType = std::string(response[http::field::content_type]);
                answer.retryAfter = std::string(response[http::field::retry_after]);
                self->finish(std::move(answer));
            });
    }

    void fail(const std::string& what, const boost::system::error_code& ec) {
        finish(makeError(DirectoryErrc::Network, what + ": " + ec.message()));
    }

    void finish(Result<HttpAnswer> result) {
        if (!m_done)
            return;
        m_timer.cancel();
        boost::system::error_code ignored;
        m_stream.lowest_layer().close(ignored);
        m_resolver.cancel();
        std::exchange(m_done, {})(std::move(result));
    }

    std::shared_ptr<asio::ssl::context> m_tls; ///< outlives the stream, whatever the client does
    asio::strand<asio::io_context::executor_type> m_strand;
    tcp::resolver m_resolver;
    asio::ssl::stream<tcp::socket> m_stream;
    asio::steady_timer m_timer;
    DirectoryAddress m_address;
    std::size_t m_maxBody;
    std::function<void(Result<HttpAnswer>)> m_done;
    http::request<http::string_body> m_request;
    beast::flat_buffer m_buffer;
    http::response_parser<http::string_body> m_parser;
};

/// One path segment: a fingerprint's `=` padding, or anything else, percent-encoded.
std::string segment(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

} // namespace

DirectoryClient::DirectoryClient(asio::io_context& io, DirectoryAddress address)
    : DirectoryClient(io, std::move(address), Options{}) {}

DirectoryClient::DirectoryClient(asio::io_context& io, DirectoryAddress address, Options options)
    : m_io(io), m_address(std::move(address)), m_options(options),
      m_tls(net::makeRelayTlsContext(kHttpAlpn)) {}

void DirectoryClient::request(bool post, std::string target, std::string body,
                              std::function<void(Result<HttpAnswer>)> done) {
    http::request<http::string_body> request{post ? http::verb::post : http::verb::get, target, 11};
    request.set(http::field::host, m_address.host);
    request.set(http::field::user_agent, "ferry/" FERRY_VERSION);
    if (post) {
        request.set(http::field::content_type, "application/json");
        request.body() = std::move(body);
    }
    request.keep_alive(false);
    request.prepare_payload();
    auto exchange =
        std::make_shared<Exchange>(m_io, m_tls, m_address, m_options.maxBodyBytes, std::move(done));
    exchange->start(std::move(request), m_options.timeout);
}

template <typename T>
void DirectoryClient::call(bool post, std::string target, std::string body, unsigned expectedStatus,
                           std::function<Result<T>(const std::string&)> decode,
                           std::function<void(Result<T>)> done) {
    request(post, std::move(target), std::move(body),
            [decode = std::move(decode), done = std::move(done), expectedStatus,
             retryAfter = m_retryAfter](Result<HttpAnswer> answer) {
                if (!answer)
                    return done(answer.error());
                // Retry-After in seconds (the directory never sends the date form).
                std::int64_t wait = 0;
                const std::string& header = answer->retryAfter;
                if (!header.empty() && header.size() <= 6 &&
                    std::all_of(header.begin(), header.end(),
                                [](char c) { return c >= '0' && c <= '9'; }))
                    wait = std::min<std::int64_t>(std::stoll(header), 86'400);
                retryAfter->store(wait);
                if (answer->status != expectedStatus)
                    return done(decodeErrorBody(answer->body, answer->status));
                auto decoded = decode(answer->body);
                if (!decoded)
                    return done(makeError(DirectoryErrc::Network,
                                          "unreadable answer: " + decoded.error().message));
                done(std::move(decoded));
            });
}

void DirectoryClient::challenge(std::function<void(Result<Challenge>)> done) {
    call<Challenge>(
        false, "/v1/challenge", {}, 200,
        [](const std::string& body) { return decodeChallenge(body); }, std::move(done));
}

void DirectoryClient::submitRegistration(const SignedPayload& registration,
                                         std::function<void(Result<ListedRelay>)> done) {
    call<ListedRelay>(
        true, "/v1/relays", encodeSignedPayload(registration), 201,
        [](const std::string& body) { return decodeListedRelay(body); }, std::move(done));
}

void DirectoryClient::submitHeartbeat(const std::string& fingerprint,
                                      const SignedPayload& heartbeat,
                                      std::function<void(Result<ListedRelay>)> done) {
    call<ListedRelay>(
        true, "/v1/relays/" + segment(fingerprint) + "/heartbeat", encodeSignedPayload(heartbeat),
        200, [](const std::string& body) { return decodeListedRelay(body); }, std::move(done));
}

void DirectoryClient::relays(const RelayQuery& query,
                             std::function<void(Result<std::vector<ListedRelay>>)> done) {
    std::string target = formatRelayQueryTarget(query);
    call<std::vector<ListedRelay>>(
        false, std::move(target), {}, 200,
        [](const std::string& body) { return decodeRelayList(body); }, std::move(done));
}

void DirectoryClient::registrations(const std::string& after, unsigned count,
                                    std::function<void(Result<RegistrationPage>)> done) {
    std::string target = "/v1/registrations?count=" + std::to_string(count);
    if (!after.empty())
        target += "&after=" + segment(after);
    call<RegistrationPage>(
        false, std::move(target), {}, 200,
        [](const std::string& body) { return decodeRegistrationPage(body); }, std::move(done));
}

void DirectoryClient::relay(const std::string& fingerprint,
                            std::function<void(Result<ListedRelay>)> done) {
    call<ListedRelay>(
        false, "/v1/relays/" + segment(fingerprint), {}, 200,
        [](const std::string& body) { return decodeListedRelay(body); }, std::move(done));
}

} // namespace ferry::core::directory
