#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ferry::core::node {

/// Where the reverse tunnel is.
enum class TunnelState {
    Stopped,    ///< not started, or stop() was called
    Connecting, ///< dialing the tunnel relay and proving the node's identity
    Open,       ///< the relay forwards its public port to this node
    Refused,    ///< the relay said no (full, no tunnel service, ...): tried again later
    Retrying,   ///< the connection failed or dropped: tried again after a backoff
};
const char* tunnelStateName(TunnelState state);

struct TunnelStatus {
    TunnelState state = TunnelState::Stopped;
    std::string reason;     ///< in words; always set outside Open
    std::string publicHost; ///< the tunnel relay's host, while Open
    std::uint16_t publicPort = 0;
    std::string publicAddress; ///< smp://<node fingerprint>@publicHost:publicPort, while Open
    std::uint64_t streams = 0; ///< client connections forwarded so far
    std::uint64_t streamsDeclined = 0; ///< OPENs not answered: maxStreams were open
};

struct TunnelClientOptions {
    std::string relayAddress; ///< the tunnel relay, smp://fingerprint@host:port
    std::string localHost = "127.0.0.1";
    std::uint16_t localPort = 0; ///< where this node's relay listens
    /// The node's certificate chain [online, CA] (DER) and a signer with the online key:
    /// together they prove the node's identity to the tunnel relay.
    std::vector<Bytes> chain;
    std::function<Result<Bytes>(ByteView)> sign;
    std::uint16_t wantedPort = 0; ///< ask for this public port again (0: any)
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::seconds pingInterval{60};
    std::chrono::seconds retryMax{60};
    std::chrono::seconds refusedRetry{300};
    /// Clients forwarded at once, those still connecting included; an OPEN beyond it is not
    /// answered (the relay gives up on that client), so whoever the relay lets through cannot
    /// make this node open connections without end.
    std::uint32_t maxStreams = 256;
};

/// A node's reverse tunnel (issue: nodes nothing else can reach). Keeps one TLS connection
/// to a Ferry relay with the tunnel service, which gives the node a public port on its own
/// address. For each client arriving there the relay asks for a connection; the client
/// opens a new one to the relay and joins it to its local relay port, byte for byte: TLS
/// stays end to end between the client and this node, the tunnel relay sees ciphertext.
/// Runs on its own thread; the listener runs there too.
class TunnelClient {
public:
    using Listener = std::function<void(const TunnelStatus&)>;
    TunnelClient(TunnelClientOptions options, Listener listener = {});
    ~TunnelClient();
    TunnelClient(const TunnelClient&) = delete;
    TunnelClient& operator=(const TunnelClient&) = delete;

    /// Starts connecting (once). An unusable relay address is an error, nothing starts.
    Result<void> start();
    /// Closes the tunnel and every forwarded connection; blocks until they are closed.
    void stop();
    TunnelStatus status() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ferry::core::node
