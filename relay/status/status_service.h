#pragma once

#include "relay/relay_stats.h"
#include "util/result.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace ferry::relay {

/// The relay's optional HTTP/1.1 status endpoint: GET /metrics (Prometheus text) and
/// GET /status (JSON with counters and rates), on 127.0.0.1 only.
///
/// Runs on the caller's io_context (any number of threads), which must outlive it. It
/// samples the counters every 10 s for the rates and does nothing else while nobody asks.
/// stop() may be called from any thread; pending work keeps what it needs alive, so
/// destroying the service is safe even while the io_context still runs.
class StatusService {
public:
    using StatsSource = std::function<RelayStatsSnapshot()>;

    /// `stats` is called on the io_context's threads, never from start() itself.
    StatusService(boost::asio::io_context& io, std::uint16_t port, StatsSource stats);
    ~StatusService();

    StatusService(const StatusService&) = delete;
    StatusService& operator=(const StatusService&) = delete;

    /// Listens on 127.0.0.1:port (0 picks a free port); a port in use is a "port_in_use" error.
    core::Result<void> start();
    /// Closes the port and every open request connection, and stops sampling.
    void stop();
    /// The port actually listened on (after start).
    std::uint16_t port() const;

private:
    class Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace ferry::relay
