#pragma once

#include "directory/directory_wire.h"
#include "relay/directory/directory_service.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ferry::relay::directory {

/// What the page at GET / shows.
struct PageView {
    std::string address;
    std::int64_t now = 0;
    std::vector<core::directory::ListedRelay> relays; ///< best first
};

/// A plain HTML page of the network: totals, then every relay with its state, score, uptime
/// (as a bar), round trip and last answered probe. No scripts, no outside resources;
/// everything a relay registered is escaped.
std::string formatDirectoryPage(const PageView& view);

struct MetricsView {
    DirectoryService::Stats stats;
    std::int64_t uptimeSeconds = 0;
    std::uint64_t heartbeatsRefused = 0, dialBacksFailed = 0, probeQueueFull = 0;
    std::uint64_t probesRunning = 0, dialBacksWaiting = 0;
    std::uint64_t federatedAdmitted = 0, federatedRefused = 0;
    unsigned difficulty = 0;
    std::uint64_t connectionsNow = 0, connectionsRefused = 0, acceptErrors = 0,
                  handshakeFailures = 0;
};

/// GET /metrics: the Prometheus text format, every metric named ferry_directory_*.
std::string formatDirectoryMetrics(const MetricsView& view);

} // namespace ferry::relay::directory
