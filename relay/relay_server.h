#pragma once

#include "relay/relay_config.h"
#include "relay/relay_data.h"
#include "relay/relay_stats.h"
#include "util/clock.h"
#include "util/result.h"

#include <memory>
#include <string>

namespace ferry::relay {

/// An SMP relay: listens, speaks SMP to clients, keeps queues and messages in its store.
///
/// Runs on its own threads; start(), stop() and stats() may be called from any thread, so
/// the desktop app can embed it and a test can run several in one process.
class RelayServer {
public:
    /// Opens the relay's store under config.dataDir; does not listen yet.
    static core::Result<std::unique_ptr<RelayServer>>
    create(RelayConfig config, RelayIdentity identity, const core::Clock& clock);
    ~RelayServer();

    RelayServer(const RelayServer&) = delete;
    RelayServer& operator=(const RelayServer&) = delete;

    /// Binds config.listenAddress:config.port (0 picks a free port) and starts serving.
    /// A port in use is a clear error.
    core::Result<void> start();
    /// Closes the port and every connection at once, waits for the threads and makes the
    /// store durable. Stored messages stay for the next start.
    void stop();
    bool running() const;

    /// The port actually listened on (after start).
    std::uint16_t port() const;
    /// smp://<fingerprint>@host:port with the port actually listened on.
    std::string address() const;
    const RelayIdentity& identity() const;
    RelayStatsSnapshot stats() const;
    /// Removes expired messages now (it also happens on a timer); returns how many.
    std::uint64_t expireMessagesNow();
    /// While false, NEW is answered ERR AUTH (as simplexmq's server with allowNewQueues off);
    /// existing queues keep working. True after create(); safe from any thread, takes effect
    /// for the next NEW on every connection.
    void setAcceptingNewQueues(bool accepting);
    bool acceptingNewQueues() const;
    /// Caps client traffic at `bytesPerSecond` in each direction (0 = unlimited; values below
    /// 16384, one block a second, are raised to it). Starts as config.bandwidthBytesPerSecond;
    /// safe from any thread, and traffic held back under the old limit goes on at once.
    void setBandwidthLimit(std::uint64_t bytesPerSecond);
    /// The limit in force (after raising a too small value); 0 = unlimited.
    std::uint64_t bandwidthLimit() const;

private:
    class Impl;
    explicit RelayServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace ferry::relay
