#pragma once

// The inside of DirectoryService, shared by its files: directory_service.cpp (listening,
// timers, probes) and directory_api.cpp (the requests).

#include "directory/directory_client.h"
#include "directory/directory_wire.h"
#include "relay/directory/challenge_issuer.h"
#include "relay/directory/directory_service.h"
#include "relay/directory/https_service.h"
#include "relay/directory/relay_registry.h"
#include "relay/directory/request_limiter.h"
#include "relay/relay_stats.h"
#include "relay/server/accept_loop.h"
#include "relay/server/connection_budget.h"
#include "relay/server/service_map.h"

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <functional>
#include <mutex>

namespace ferry::relay::directory {

/// How long a probe (and a dial-back) may take; a failed dial-back is answered only then.
inline constexpr std::chrono::seconds kProbeTimeout{10};

/// Counters the directory's threads bump without locks.
struct DirectoryCounters {
    using Counter = std::atomic<std::uint64_t>;
    Counter registrationsAccepted{0};
    Counter registrationsRefused{0};
    Counter heartbeats{0};
    Counter heartbeatsRefused{0};
    Counter probesAnswered{0};
    Counter probesFailed{0};
    Counter dialBacksFailed{0};
    Counter rateLimited{0};
    Counter queries{0};
    Counter probeQueueFull{0};
    Counter federatedAdmitted{0};
    Counter federatedRefused{0};
};

class DirectoryService::Impl : public std::enable_shared_from_this<Impl> {
public:
    Impl(boost::asio::io_context& io, DirectoryConfig config, RelayIdentity identity,
         std::unique_ptr<DirectoryStore> store, const core::Clock& clock);

    core::Result<void> start();
    void stop();
    void tick();
    std::uint16_t port() const { return m_port; }
    std::string address() const;
    Stats stats() const;

    /// directory_api.cpp: answers one request.
    void handle(HttpRequest request, HttpsService::Reply reply);

private:
    using Reply = HttpsService::Reply;

    // directory_api.cpp
    void getChallenge(const HttpRequest& request, Reply reply);
    void postRegistration(const HttpRequest& request, Reply reply);
    void postHeartbeat(const HttpRequest& request, const std::string& fingerprint, Reply reply);
    void getRelays(const HttpRequest& request, Reply reply);
    void getRelay(const std::string& fingerprint, Reply reply);
    void getPage(Reply reply);
    void getRegistrations(const HttpRequest& request, Reply reply);
    void getMetrics(Reply reply);
    /// Registration after its checks: dial back, then admit and store, then answer.
    void admitAfterDialBack(RelayRecord record, Reply reply);
    /// What a registration or heartbeat is answered with: the relay as listed, and when to
    /// send the next heartbeat.
    core::directory::ListedRelay answerFor(const RelayRecord& record, std::int64_t now) const;
    /// The difficulty new challenges get now: the configured one, raised under load.
    unsigned currentDifficulty();
    /// A request from `peer` takes a token (writes from the write budget); a reply to send
    /// when there is none.
    std::optional<HttpResponse> overLimit(const HttpRequest& request, bool write);

    // directory_service.cpp
    void scheduleTick();
    /// Takes one of the probe_concurrency slots if one is free.
    bool takeProbeSlot();
    /// Probes a relay at `address` once, in a slot the caller took; `done` gets the round trip
    /// or nothing. The slot is given back (to a waiting dial-back first) when it ends.
    void probe(const std::string& address, std::function<void(std::optional<std::uint32_t>)> done);
    void startDueProbes();
    /// A registration's dial-back starts in a free slot or waits for one, at most probe_queue
    /// of them; false when the queue is full.
    bool startOrQueueDialBack(RelayRecord record, Reply reply);
    /// Starts waiting dial-backs while slots are free.
    void startWaitingDialBacks();
    void save(const RelayRecord& record);

    // directory_federation.cpp
public:
    void federate();

private:
    /// Pulls one page of a peer's registrations, then the next, up to the peer's cap.
    void pullPeer(std::size_t peer, std::string after, std::uint32_t seen);
    void considerFederated(const std::string& peerFingerprint,
                           core::directory::SignedPayload registration);

    boost::asio::io_context& m_io;
    const DirectoryConfig m_config;
    const RelayIdentity m_identity;
    std::unique_ptr<DirectoryStore> m_store;
    const core::Clock& m_clock;

    RelayRegistry m_registry;
    ChallengeIssuer m_challenges;
    RequestLimiter m_reads;
    RequestLimiter m_writes;
    std::shared_ptr<const core::net::DialPolicy> m_dialPolicy;

    RelayCounters m_connectionCounters;
    ConnectionBudget m_budget;
    ServiceMap m_services;
    std::unique_ptr<HttpsService> m_https;
    std::unique_ptr<boost::asio::ssl::context> m_tls;
    std::shared_ptr<AcceptLoop> m_acceptor;
    std::uint16_t m_port = 0;

    boost::asio::strand<boost::asio::io_context::executor_type> m_strand; ///< the tick timer
    boost::asio::steady_timer m_tickTimer;
    std::atomic<bool> m_stopped{false};

    /// Probes (scheduled ones and dial-backs) running now, and recent registrations for
    /// the difficulty.
    std::atomic<std::uint32_t> m_probesRunning{0};
    /// Registrations whose dial-back waits for a slot, oldest first: the directory never dials
    /// more than probe_concurrency relays at once, however many register.
    struct WaitingDialBack {
        RelayRecord record;
        Reply reply;
    };
    std::mutex m_dialBackMutex;
    std::deque<WaitingDialBack> m_waitingDialBacks;
    std::mutex m_loadMutex;
    std::deque<std::int64_t> m_recentRegistrations; ///< Unix seconds, the last minute's

    std::vector<std::unique_ptr<core::directory::DirectoryClient>> m_peers;
    std::vector<std::string> m_peerFingerprints;
    std::atomic<std::int64_t> m_nextFederation{0}; ///< Unix seconds
    DirectoryCounters m_counters;
    const std::int64_t m_startedAt;
};

} // namespace ferry::relay::directory
