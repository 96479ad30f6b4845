#pragma once

#include "relay/server/service_map.h"

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ferry::relay::directory {

/// The ALPN name HTTPS is served under (a client that offers none gets it as well).
inline constexpr const char* kHttpAlpn = "http/1.1";

struct HttpRequest {
    bool post = false; ///< POST; anything but GET and POST is refused before the handler
    std::string target;
    std::string body;
    boost::asio::ip::address peer;
};

struct HttpResponse {
    unsigned status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; ///< extra ones (Retry-After)
};

/// HTTP/1.1 on connections whose TLS handshake the relay's port machinery did (AcceptLoop,
/// ConnectionBudget, PortConnection): each request is read with Beast's parser under limits
/// on header and body size, handed to the handler, and its answer written before the next
/// request is read, so a connection holds at most one request and one answer. A connection
/// idle or slow past the timeout is closed.
class HttpsService final : public ConnectionService {
public:
    using Reply = std::function<void(HttpResponse)>;
    /// Called on the connection's strand; `reply` may be called later, from any thread.
    using Handler = std::function<void(HttpRequest, Reply)>;

    struct Limits {
        std::size_t maxHeaderBytes = 8 * 1024;
        std::size_t maxBodyBytes = 16 * 1024;
        std::chrono::seconds timeout{15}; ///< to read a request, and to write an answer
        unsigned maxRequestsPerConnection = 100;
    };

    HttpsService(Handler handler, Limits limits);

    void accept(AcceptedConnection connection) override;

private:
    Handler m_handler;
    Limits m_limits;
};

} // namespace ferry::relay::directory
