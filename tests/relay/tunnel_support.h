#pragma once
// Tunnel helpers shared by the node-service and tunnel-limit tests: a core relay with the
// tunnel service, tunnel options for a node, a watch over the tunnel's states.
#include "crypto/certificate_issuer.h"
#include "crypto/server_identity.h"
#include "free_port.h"
#include "node/tunnel_client.h"
#include "relay_fixture.h"
#include "throwaway_node.h"

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

namespace ferry::test {

using namespace std::chrono_literals;

inline void allowTunnels(relay::RelayConfig& c, std::uint32_t maxNodes = 50) {
    const std::uint16_t port = freeLoopbackPort();
    c.tunnelFirstPort = port;
    c.tunnelLastPort = port; // one port: the tests also learn that it is reused
    c.tunnelMaxNodes = maxNodes;
}

// Tunnel options for `nodeRelay`, signing with its online key (or another relay's key).
inline core::node::TunnelClientOptions tunnelFor(const RelayFixture& core,
                                                 relay::RelayServer& nodeRelay,
                                                 const relay::RelayServer* signer = nullptr) {
    core::node::TunnelClientOptions o;
    o.relayAddress = const_cast<RelayFixture&>(core).server().address();
    o.localPort = nodeRelay.port();
    o.chain = nodeRelay.identity().chainDer();
    const relay::RelayIdentity* key = &(signer ? *signer : nodeRelay).identity();
    o.sign = [key](core::ByteView message) { return key->onlineKey.sign(message); };
    o.retryMax = 1s;
    o.refusedRetry = 1s;
    return o;
}

// Collects a tunnel's states; waits for one.
class TunnelWatch {
public:
    core::node::TunnelClient::Listener listener() {
        return [this](const core::node::TunnelStatus& s) {
            std::lock_guard lock(m_mutex);
            m_seen.push_back(s);
            m_changed.notify_all();
        };
    }
    std::optional<core::node::TunnelStatus> waitFor(core::node::TunnelState state,
                                                    std::chrono::milliseconds timeout = 10s) {
        return waitForEither(state, state, timeout);
    }
    /// The next state seen that is `one` or `other`.
    std::optional<core::node::TunnelStatus> waitForEither(core::node::TunnelState one,
                                                          core::node::TunnelState other,
                                                          std::chrono::milliseconds timeout = 10s) {
        std::unique_lock lock(m_mutex);
        std::optional<core::node::TunnelStatus> found;
        m_changed.wait_for(lock, timeout, [&] {
            for (std::size_t i = m_checked; i < m_seen.size(); ++i)
                if (m_seen[i].state == one || m_seen[i].state == other) {
                    found = m_seen[i];
                    m_checked = i + 1;
                    return true;
                }
            return false;
        });
        return found;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<core::node::TunnelStatus> m_seen;
    std::size_t m_checked = 0;
};

inline bool pongAt(std::uint16_t port, const core::Bytes& identity) {
    TestClientOptions o;
    o.port = port;
    o.identity = identity;
    auto client = TestSmpClient::connect(o);
    return client && as<smp::rsp::Pong>((*client)->call({}, smp::cmd::Ping{})) != nullptr;
}

inline core::node::TunnelClientOptions tunnelAs(const RelayFixture& core, const ThrowawayNode& node,
                                                std::uint16_t localPort = 1) {
    return tunnelAs(const_cast<RelayFixture&>(core).server().address(), node, localPort);
}

/// What comes back on a plain TCP connection to `port` on 127.0.0.1 after sending `bytes`:
/// empty when the far side closed without a word.
inline std::string answerTo(std::uint16_t port, const std::string& bytes) {
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(socket, asio::buffer(bytes));
    std::string answer;
    std::array<char, 512> buffer{};
    boost::system::error_code ec;
    for (;;) {
        const std::size_t n = socket.read_some(asio::buffer(buffer), ec);
        if (ec)
            break;
        answer.append(buffer.data(), n);
    }
    return answer;
}

} // namespace ferry::test
