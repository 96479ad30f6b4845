#include "node/tunnel_client.h"

#include "crypto/server_identity.h"
#include "node/node_errc.h"
#include "node/node_link.h"
#include "node/splice.h"
#include "smp/server_address.h"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ferry::core::node {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

const char* tunnelStateName(TunnelState state) {
    switch (state) {
    case TunnelState::Stopped:
        return "stopped";
    case TunnelState::Connecting:
        return "connecting";
    case TunnelState::Open:
        return "open";
    case TunnelState::Refused:
        return "refused";
    case TunnelState::Retrying:
        return "retrying";
    }
    return "?";
}

namespace {
TunnelStatus inState(TunnelState state, std::string reason) {
    TunnelStatus status;
    status.state = state;
    status.reason = std::move(reason);
    return status;
}
} // namespace

class TunnelClient::Impl {
public:
    Impl(TunnelClientOptions options, Listener listener)
        : m_options(std::move(options)), m_listener(std::move(listener)),
          m_tls(makeNodeServiceTlsContext()) {}

    ~Impl() { stop(); }

    Result<void> start() {
        auto relay = smp::parseServerAddress(m_options.relayAddress);
        if (!relay)
            return relay.error();
        if (m_options.chain.size() < 2 || !m_options.sign || m_options.localPort == 0)
            return makeError(NodeErrc::Config, "the tunnel needs the node's certificates and port");
        m_relay = std::move(relay).value();
        m_nodeIdentity = crypto::serverIdentity(m_options.chain[1]);
        m_wantedPort = m_options.wantedPort;
        m_io = std::make_unique<asio::io_context>();
        asio::co_spawn(*m_io, run(), asio::detached);
        m_thread = std::thread([this] { m_io->run(); });
        return {};
    }

    void stop() {
        if (!m_thread.joinable())
            return;
        // Destroying the io_context destroys every suspended coroutine with its sockets:
        // the control connection and each forwarded pair close at once.
        m_io->stop();
        m_thread.join();
        m_io.reset();
        publish(inState(TunnelState::Stopped, "the tunnel was closed"));
    }

    TunnelStatus status() const {
        std::lock_guard lock(m_mutex);
        return m_status;
    }

private:
    struct SessionEnd {
        std::string reason;
        bool refused = false;
        bool wasOpen = false;
    };

    asio::awaitable<void> run() {
        std::chrono::seconds backoff{1};
        for (;;) {
            publish(inState(TunnelState::Connecting,
                            "connecting to " + m_relay.hosts.front().uriText() + " for a tunnel"));
            const SessionEnd end = co_await session();
            const auto wait = end.refused   ? m_options.refusedRetry
                              : end.wasOpen ? std::chrono::seconds{1}
                                            : backoff;
            backoff =
                end.wasOpen ? std::chrono::seconds{1} : std::min(backoff * 2, m_options.retryMax);
            publish(
                inState(end.refused ? TunnelState::Refused : TunnelState::Retrying,
                        end.reason + " (trying again in " + std::to_string(wait.count()) + " s)"));
            asio::steady_timer timer(co_await asio::this_coro::executor, wait);
            error_code ignored;
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        }
    }

    asio::awaitable<SessionEnd> session() {
        auto stream = co_await connectNodeService(*m_tls, m_relay, m_options.connectTimeout);
        if (!stream)
            co_return SessionEnd{"cannot reach the tunnel relay: " + stream.error().message};
        NodeStream& control = **stream;
        auto signature = m_options.sign(tunnelProof(tlsUnique(control)));
        if (!signature)
            co_return SessionEnd{"cannot sign the tunnel request: " + signature.error().message};
        // Messages are named, never temporaries inside co_await: GCC 12 destroys those twice.
        const NodeMessage request = msg::TunnelRequest{
            kTunnelVersion, m_wantedPort, m_options.chain, std::move(signature).value()};
        Result<NodeMessage> answer = makeError(NodeErrc::Network, "no answer");
        {
            Deadline deadline(control, m_options.connectTimeout);
            if (auto sent = co_await writeNodeMessage(control, request); !sent)
                co_return SessionEnd{sent.error().message};
            answer = co_await readNodeMessage(control);
        }
        if (!answer)
            co_return SessionEnd{"the tunnel relay did not answer: " + answer.error().message};
        if (auto* refused = std::get_if<msg::Refused>(&*answer))
            co_return SessionEnd{"the tunnel relay refused: " + refused->reason, true};
        auto* assigned = std::get_if<msg::TunnelAssigned>(&*answer);
        if (!assigned)
            co_return SessionEnd{"the tunnel relay answered with something else"};
        m_wantedPort = assigned->port;
        publishOpen(*assigned);

        // Keepalive: a ping each interval; no word from the relay for three intervals
        // means the connection is dead even if TCP has not noticed.
        auto lastHeard = std::make_shared<std::chrono::steady_clock::time_point>(
            std::chrono::steady_clock::now());
        auto pinger = std::make_shared<asio::steady_timer>(control.get_executor());
        asio::co_spawn(control.get_executor(), keepAlive(control, pinger, lastHeard),
                       asio::detached);
        std::string reason;
        for (;;) {
            auto message = co_await readNodeMessage(control);
            if (!message) {
                reason = "the tunnel connection was lost: " + message.error().message;
                break;
            }
            *lastHeard = std::chrono::steady_clock::now();
            if (auto* open = std::get_if<msg::StreamOpen>(&*message)) {
                if (auto slot = takeStreamSlot())
                    asio::co_spawn(control.get_executor(), forward(open->id, std::move(slot)),
                                   asio::detached);
            }
        }
        pinger->cancel();
        co_return SessionEnd{reason, false, true};
    }

    asio::awaitable<void> keepAlive(NodeStream& control, std::shared_ptr<asio::steady_timer> timer,
                                    std::shared_ptr<std::chrono::steady_clock::time_point> heard) {
        for (;;) {
            timer->expires_after(m_options.pingInterval);
            error_code ec;
            co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return; // the session ended
            if (std::chrono::steady_clock::now() - *heard > 3 * m_options.pingInterval) {
                control.lowest_layer().close(ec);
                co_return;
            }
            const NodeMessage ping = msg::Ping{};
            if (!co_await writeNodeMessage(control, ping))
                co_return;
        }
    }

    // One client: a new connection to the relay for stream `id`, joined to the local relay.
    // A place among maxStreams, given back when the stream ends; null when all are taken.
    struct StreamSlot {
        explicit StreamSlot(std::shared_ptr<std::atomic<std::uint32_t>> count)
            : open(std::move(count)) {
            ++*open;
        }
        ~StreamSlot() { --*open; }
        StreamSlot(const StreamSlot&) = delete;
        StreamSlot& operator=(const StreamSlot&) = delete;
        std::shared_ptr<std::atomic<std::uint32_t>> open;
    };
    std::shared_ptr<StreamSlot> takeStreamSlot() {
        std::lock_guard lock(m_mutex);
        if (*m_openStreams >= m_options.maxStreams) {
            ++m_status.streamsDeclined;
            return nullptr;
        }
        return std::make_shared<StreamSlot>(m_openStreams);
    }

    asio::awaitable<void> forward(StreamId id, std::shared_ptr<StreamSlot> slot) {
        auto link = co_await connectNodeService(*m_tls, m_relay, m_options.connectTimeout);
        if (!link)
            co_return;
        const NodeMessage attach = msg::Attach{id};
        if (!co_await writeNodeMessage(**link, attach))
            co_return;
        auto local = std::make_unique<tcp::socket>(co_await asio::this_coro::executor);
        error_code ec;
        tcp::endpoint target(asio::ip::make_address(m_options.localHost, ec), m_options.localPort);
        if (ec)
            co_return;
        co_await local->async_connect(target, asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return;
        local->set_option(tcp::no_delay(true), ec);
        auto splice = std::make_shared<Splice<NodeStream, tcp::socket>>(std::move(link).value(),
                                                                        std::move(local));
        splice->holdWhileOpen(std::move(slot));
        splice->start();
        std::lock_guard lock(m_mutex);
        ++m_status.streams;
    }

    void publishOpen(const msg::TunnelAssigned& assigned) {
        TunnelStatus open = inState(TunnelState::Open, {});
        open.publicHost = assigned.host;
        open.publicPort = assigned.port;
        smp::ServerAddress published;
        published.keyHash = m_nodeIdentity;
        if (auto host = smp::parseTransportHost(assigned.host))
            published.hosts.push_back(*host);
        published.port = assigned.port;
        open.publicAddress =
            published.hosts.empty() ? std::string() : smp::formatServerAddress(published);
        publish(std::move(open));
    }

    void publish(TunnelStatus status) {
        {
            std::lock_guard lock(m_mutex);
            status.streams = m_status.streams;
            status.streamsDeclined = m_status.streamsDeclined;
            m_status = status;
        }
        if (m_listener)
            m_listener(status);
    }

    TunnelClientOptions m_options;
    Listener m_listener;
    std::shared_ptr<asio::ssl::context> m_tls;
    smp::ServerAddress m_relay;
    Bytes m_nodeIdentity;
    std::uint16_t m_wantedPort = 0;
    std::unique_ptr<asio::io_context> m_io;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    TunnelStatus m_status;
    /// Streams open or connecting; shared with their slots, which may outlive a session.
    std::shared_ptr<std::atomic<std::uint32_t>> m_openStreams =
        std::make_shared<std::atomic<std::uint32_t>>(0);
};

TunnelClient::TunnelClient(TunnelClientOptions options, Listener listener)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(listener))) {}
TunnelClient::~TunnelClient() = default;
Result<void> TunnelClient::start() {
    return m_impl->start();
}
void TunnelClient::stop() {
    m_impl->stop();
}
TunnelStatus TunnelClient::status() const {
    return m_impl->status();
}

} // namespace ferry::core::node
