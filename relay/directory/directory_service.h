#pragma once

#include "relay/directory/directory_config.h"
#include "relay/directory/directory_store.h"
#include "relay/relay_data.h"
#include "util/clock.h"
#include "util/result.h"

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

namespace ferry::relay::directory {

/// The relay directory (`ferry-directory start`): HTTPS on its own port, registrations and
/// heartbeats from relays, its own probes of every relay, and the listing clients ask for.
/// docs/protocol.md ("Relay directory") has the requests; docs/operations.md how to run it.
///
/// Runs on the caller's io_context (any number of threads), which must outlive it; `clock`
/// (wall time, seconds) too. Safe to stop from any thread.
class DirectoryService {
public:
    DirectoryService(boost::asio::io_context& io, DirectoryConfig config, RelayIdentity identity,
                     std::unique_ptr<DirectoryStore> store, const core::Clock& clock);
    ~DirectoryService();

    DirectoryService(const DirectoryService&) = delete;
    DirectoryService& operator=(const DirectoryService&) = delete;

    /// Loads the stored relays and listens; RelayErrc::PortInUse when the port is taken.
    core::Result<void> start();
    void stop();
    std::uint16_t port() const;
    /// https://<fingerprint>@host:port (the port actually listened on).
    std::string address() const;

    /// Runs the periodic work now instead of at its next tick (tests move a ManualClock and
    /// then call this): marks relays down, delists, starts due probes.
    void tick();
    /// Pulls from every peer directory now instead of at the next federation round.
    void federateNow();

    struct Stats {
        std::size_t probation = 0, listed = 0, down = 0;
        std::uint64_t registrationsAccepted = 0, registrationsRefused = 0, heartbeats = 0;
        std::uint64_t probesAnswered = 0, probesFailed = 0, rateLimited = 0, queries = 0;
        /// Relays learnt from peers: listed after this directory's own probe, and refused
        /// (signature or chain did not verify, or the relay did not answer here).
        std::uint64_t federatedAdmitted = 0, federatedRefused = 0;
    };
    Stats stats() const;

    class Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

} // namespace ferry::relay::directory
