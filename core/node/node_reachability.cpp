#include "node/node_reachability.h"

#include "node/node_link.h"
#include "node/reachability_check.h"
#include "smp/server_address.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <thread>

namespace ferry::core::node {

namespace asio = boost::asio;

const char* nodeRouteName(NodeRoute route) {
    switch (route) {
    case NodeRoute::None:
        return "none";
    case NodeRoute::Direct:
        return "direct";
    case NodeRoute::Mapped:
        return "port mapping";
    case NodeRoute::Tunnel:
        return "tunnel";
    }
    return "?";
}

const char* reachabilityVerdictName(ReachabilityVerdict verdict) {
    switch (verdict) {
    case ReachabilityVerdict::Unverified:
        return "not verified";
    case ReachabilityVerdict::Checking:
        return "checking";
    case ReachabilityVerdict::Reachable:
        return "reachable";
    case ReachabilityVerdict::Unreachable:
        return "not reachable";
    }
    return "?";
}

/// All state lives on the io thread; status() reads a copy under the mutex.
class NodeReachability::Impl : public std::enable_shared_from_this<Impl> {
public:
    Impl(Options options, Listener listener)
        : m_options(std::move(options)), m_listener(std::move(listener)),
          m_io(std::make_unique<asio::io_context>()), m_tls(makeNodeServiceTlsContext()),
          m_recheckTimer(std::make_unique<asio::steady_timer>(*m_io)),
          m_work(asio::make_work_guard(*m_io)) {
        if (!m_options.now)
            m_options.now = [] {
                return std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                    .count();
            };
    }

    void start() {
        asio::post(*m_io, [self = shared_from_this()] { self->begin(); });
        m_thread = std::thread([this] { m_io->run(); });
    }

    void stop() {
        if (!m_thread.joinable())
            return;
        m_io->stop(); // abandons a running check
        m_thread.join();
        // The mapper deletes its mapping on the router; the tunnel closes. Both block a
        // little, here rather than on the io thread (which no longer runs), and their last
        // word is published from here.
        if (m_mapper) {
            m_mapper->stop();
            m_status.mapping = m_mapper->status();
        }
        if (m_tunnel) {
            m_tunnel->stop();
            m_status.tunnel = m_tunnel->status();
        }
        m_status.route = NodeRoute::None;
        m_status.publishedAddress.clear();
        publish();
        // What is still queued holds this object: destroy it with the io_context.
        m_work.reset();
        m_recheckTimer.reset();
        m_io.reset();
    }

    void recheck() {
        if (m_io)
            asio::post(*m_io, [self = shared_from_this()] { self->check(); });
    }

    NodeReachabilityStatus status() const {
        std::lock_guard lock(m_mutex);
        return m_published;
    }

private:
    void begin() {
        if (!m_options.mappers) {
            setRoute(NodeRoute::Direct, m_options.configuredAddress);
            check();
            return;
        }
        m_status.mappingUsed = true;
        std::weak_ptr<Impl> weak = shared_from_this();
        m_mapper = m_options.mappers([weak](const nat::PortMappingStatus& s) {
            if (auto self = weak.lock())
                asio::post(*self->m_io, [self, s] { self->onMapping(s); });
        });
        m_mapper->start(m_options.localPort);
        publish();
    }

    void onMapping(const nat::PortMappingStatus& s) {
        m_status.mapping = s;
        if (m_seenBehindAnotherNat && s.state == nat::MappingState::Mapped)
            m_status.mapping.classification = *m_seenBehindAnotherNat; // renewals keep it
        const nat::NatClass kind = s.classification.kind;
        if (s.state == nat::MappingState::Mapped &&
            (kind == nat::NatClass::Mapped || kind == nat::NatClass::Public)) {
            const std::string address = mappedAddress(s);
            if (m_status.route != NodeRoute::Tunnel && !address.empty() &&
                address != m_status.publishedAddress) {
                setRoute(NodeRoute::Mapped, address);
                check();
                return;
            }
        } else if (s.state == nat::MappingState::Error) {
            if (m_status.route == NodeRoute::Mapped)
                setRoute(NodeRoute::None, {});
            if (m_status.route == NodeRoute::None && !m_tunnel) {
                // The configured address may work all the same (a public address, a port
                // forwarded by hand): have it checked; a failed check brings the tunnel.
                // Without a checker nothing can tell, so the tunnel comes at once.
                if (!m_options.checkers.empty()) {
                    setRoute(NodeRoute::Direct, m_options.configuredAddress);
                    check();
                    return;
                }
                fallBackToTunnel(s.classification.reason.empty() ? s.reason
                                                                 : s.classification.reason);
            }
        }
        publish();
    }

    // The configured address with the router's outside address and port in it.
    std::string mappedAddress(const nat::PortMappingStatus& s) const {
        auto address = smp::parseServerAddress(m_options.configuredAddress);
        auto host = smp::parseTransportHost(s.externalAddress);
        if (!address || !host)
            return {};
        address->hosts = {*host};
        address->port = s.externalPort;
        return smp::formatServerAddress(*address);
    }

    void fallBackToTunnel(const std::string& why) {
        if (m_tunnel)
            return;
        if (m_options.tunnelRelays.empty()) {
            // Nothing else to try; no verdict is claimed without a check, only the reason.
            if (m_status.verdict == ReachabilityVerdict::Unverified)
                m_status.detail = why + "; no tunnel relay is set, so nothing else can be tried";
            publish();
            return;
        }
        m_status.tunnelUsed = true;
        openTunnel(0);
    }

    // The tunnel through tunnelRelays[index] (replacing one through another relay).
    void openTunnel(std::size_t index) {
        if (m_tunnel)
            m_tunnel->stop(); // joins its thread; its last reports are dropped below
        m_tunnelIndex = index;
        ++m_tunnelGeneration;
        TunnelClientOptions options = m_options.tunnel;
        options.relayAddress = m_options.tunnelRelays[index];
        std::weak_ptr<Impl> weak = shared_from_this();
        m_tunnel = std::make_unique<TunnelClient>(
            std::move(options), [weak, generation = m_tunnelGeneration](const TunnelStatus& t) {
                if (auto self = weak.lock())
                    asio::post(*self->m_io, [self, t, generation] {
                        if (generation == self->m_tunnelGeneration)
                            self->onTunnel(t);
                    });
            });
        if (auto started = m_tunnel->start(); !started) {
            m_status.tunnel.state = TunnelState::Stopped;
            m_status.tunnel.reason = "the tunnel cannot start: " + started.error().message;
        }
        publish();
    }

    void onTunnel(const TunnelStatus& t) {
        m_status.tunnel = t;
        if (t.state == TunnelState::Open)
            m_tunnelOpened = true;
        // A relay that refuses, or cannot be reached or understood (a SimpleX server has no
        // tunnel service), gives its turn to the next one; once all had one, the current one
        // keeps retrying on its own schedule. One that worked before is kept: it holds the
        // node's port.
        const bool failed = t.state == TunnelState::Refused || t.state == TunnelState::Retrying;
        if (failed && !m_tunnelOpened && m_tunnelIndex + 1 < m_options.tunnelRelays.size()) {
            openTunnel(m_tunnelIndex + 1);
            return;
        }
        if (t.state == TunnelState::Open) {
            setRoute(NodeRoute::Tunnel, t.publicAddress);
            check();
            return;
        }
        if (m_status.route == NodeRoute::Tunnel)
            setRoute(NodeRoute::None, {}); // back when it reopens (the port stays the same)
        publish();
    }

    void setRoute(NodeRoute route, std::string address) {
        m_status.route = route;
        m_status.publishedAddress = std::move(address);
        publish();
    }

    void check() {
        if (m_status.publishedAddress.empty())
            return;
        if (m_options.checkers.empty()) {
            m_status.verdict = ReachabilityVerdict::Unverified;
            m_status.detail = "no relay is set to check with";
            publish();
            return;
        }
        if (m_checking) {
            m_checkAgain = true;
            return;
        }
        m_checking = true;
        m_recheckTimer->cancel();
        m_status.verdict = ReachabilityVerdict::Checking;
        publish();
        asio::co_spawn(*m_io, runCheck(shared_from_this(), m_status.publishedAddress),
                       asio::detached);
    }

    static asio::awaitable<void> runCheck(std::shared_ptr<Impl> self, std::string address) {
        std::string failures;
        std::optional<msg::CheckResult> result;
        std::string checkedBy;
        for (const std::string& checker : self->m_options.checkers) {
            auto server = smp::parseServerAddress(checker);
            if (!server) {
                failures += (failures.empty() ? "" : "; ") + server.error().message;
                continue;
            }
            const smp::ServerAddress at = *server;
            auto answer =
                co_await askChecker(*self->m_tls, at, address, self->m_options.checkTimeout);
            if (answer) {
                result = std::move(answer).value();
                checkedBy = checker;
                break;
            }
            failures += (failures.empty() ? "" : "; ") + answer.error().message;
        }
        self->checked(address, result, checkedBy, failures);
    }

    void checked(const std::string& address, const std::optional<msg::CheckResult>& result,
                 const std::string& checker, const std::string& failures) {
        m_checking = false;
        if (address == m_status.publishedAddress) {
            if (!result) {
                m_status.verdict = ReachabilityVerdict::Unverified;
                m_status.detail = "no relay could check: " + failures;
            } else {
                m_status.verdict = result->reachable ? ReachabilityVerdict::Reachable
                                                     : ReachabilityVerdict::Unreachable;
                m_status.detail = result->detail;
                m_status.checkedAt = m_options.now();
                m_status.checkedAddress = address;
                m_status.checker = checker;
                m_status.observedAddress = result->observedAddress;
                m_status.roundTripMs = result->roundTripMs;
                noticeOtherNat(*result);
            }
            publish();
            if (result && !result->reachable && m_status.route != NodeRoute::Tunnel)
                fallBackToTunnel("not reachable from outside at " + address + " (" +
                                 result->detail + ")");
        }
        if (std::exchange(m_checkAgain, false)) {
            check();
            return;
        }
        m_recheckTimer->expires_after(m_options.recheckInterval);
        m_recheckTimer->async_wait([self = shared_from_this()](auto ec) {
            if (!ec)
                self->check();
        });
    }

    // The router says its outside address is X, but a relay outside saw the request come from
    // Y: another NAT sits in front of the router, whatever the router believes.
    void noticeOtherNat(const msg::CheckResult& result) {
        nat::PortMappingStatus& m = m_status.mapping;
        if (m_status.route != NodeRoute::Mapped || m.externalAddress.empty() ||
            result.observedAddress.empty() || result.observedAddress == m.externalAddress)
            return;
        m_seenBehindAnotherNat = nat::NatClassification{
            nat::NatClass::DoubleNat, "the router's outside address is " + m.externalAddress +
                                          ", but a relay outside saw this node as " +
                                          result.observedAddress};
        m.classification = *m_seenBehindAnotherNat;
    }

    void publish() {
        {
            std::lock_guard lock(m_mutex);
            m_published = m_status;
        }
        if (m_listener)
            m_listener(m_status);
    }

    Options m_options;
    Listener m_listener;
    std::unique_ptr<asio::io_context> m_io;
    std::shared_ptr<asio::ssl::context> m_tls;
    std::unique_ptr<asio::steady_timer> m_recheckTimer;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_work;
    std::thread m_thread;
    std::unique_ptr<nat::PortMapper> m_mapper;
    std::unique_ptr<TunnelClient> m_tunnel;
    std::size_t m_tunnelIndex = 0;        ///< which of tunnelRelays m_tunnel uses
    std::uint64_t m_tunnelGeneration = 0; ///< reports of replaced tunnels are ignored
    bool m_tunnelOpened = false;
    NodeReachabilityStatus m_status;
    std::optional<nat::NatClassification> m_seenBehindAnotherNat;
    bool m_checking = false;
    bool m_checkAgain = false;
    mutable std::mutex m_mutex;
    NodeReachabilityStatus m_published;
};

NodeReachability::NodeReachability(Options options, Listener listener)
    : m_impl(std::make_shared<Impl>(std::move(options), std::move(listener))) {}
NodeReachability::~NodeReachability() {
    m_impl->stop();
}
void NodeReachability::start() {
    m_impl->start();
}
void NodeReachability::stop() {
    m_impl->stop();
}
void NodeReachability::recheck() {
    m_impl->recheck();
}
NodeReachabilityStatus NodeReachability::status() const {
    return m_impl->status();
}

} // namespace ferry::core::node
