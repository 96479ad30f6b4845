#pragma once

#include "relay/server/connection_budget.h"
#include "relay/server/tls_socket.h"
#include "util/bytes.h"
#include "util/result.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::relay {

/// A connection on the relay port whose TLS handshake is done, handed to the service its
/// ALPN name chose.
struct AcceptedConnection {
    /// Keeps what the connection's place and service belong to alive while the connection
    /// lives, when that can go first (the directory's service); empty for the relay, which
    /// outlives its connections. First, so that it goes last.
    std::shared_ptr<void> owner;
    std::unique_ptr<TlsSocket> tls;
    /// The connection's strand: the socket's completions run on it, and so must the service.
    boost::asio::strand<boost::asio::any_io_executor> strand;
    std::string alpn;      ///< the negotiated ALPN name; empty when none was
    core::Bytes tlsUnique; ///< the client's Finished message (SMP's session id)
    boost::asio::ip::tcp::endpoint peer;
    /// handshake_timeout after the TCP accept: a service with a handshake of its own
    /// finishes it by then, so TLS and that handshake together stay within the limit.
    std::chrono::steady_clock::time_point handshakeDeadline;
    CountedConnection counted;
};

/// A service on the relay port: SMP, Ferry's node service, and whatever comes next.
class ConnectionService {
public:
    virtual ~ConnectionService() = default;
    /// Takes over a connection after its TLS handshake; called on the connection's strand.
    virtual void accept(AcceptedConnection connection) = 0;
};

/// Which service takes a connection on the relay port, by the ALPN name its TLS handshake
/// negotiated. The composition root registers the services; the TLS context offers exactly
/// the registered names.
///
/// Not synchronized: filled before the relay listens and only read while it does (by the TLS
/// handshakes on the relay's threads).
class ServiceMap {
public:
    /// Registers `service` under `alpn` (1 to 255 bytes, not registered yet). When a client
    /// offers several registered names, the one added first wins, whatever the client's order.
    core::Result<void> add(std::string alpn, ConnectionService& service);
    /// The service for connections that negotiate no ALPN name: the client offered none, or
    /// none that is registered (TLS then goes on without ALPN).
    void setFallback(ConnectionService& service) { m_fallback = &service; }
    void clear();

    /// The service for a negotiated name; the fallback for "" (null if none is set). Null for
    /// a name that is not registered.
    ConnectionService* find(std::string_view alpn) const;
    /// The registered names in preference order: what the TLS context offers.
    std::vector<std::string> names() const;
    /// The name to select from a client's ALPN list (TLS wire form: names each prefixed by a
    /// 1-byte length): the registered name added first among those offered, as a view into
    /// `clientList`. Empty when the client offers none of them, or its list is malformed at
    /// the point where the search reaches it.
    core::ByteView select(core::ByteView clientList) const;

private:
    struct Entry {
        std::string name;
        ConnectionService* service;
    };
    std::vector<Entry> m_entries; ///< in preference order
    ConnectionService* m_fallback = nullptr;
};

} // namespace ferry::relay
