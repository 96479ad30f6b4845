#pragma once

#include "relay/relay_stats.h"
#include "relay/status/rate_sampler.h"

#include <string>
#include <vector>

namespace ferry::relay {

/// Every counter of a snapshot in the Prometheus text exposition format (version 0.0.4), each
/// with `# HELP` and `# TYPE`, named ferry_relay_*; monotonic counters end in `_total`.
std::string formatPrometheus(const RelayStatsSnapshot& stats);

/// A JSON object with the same counters (snake_case keys: the metric names without the
/// `ferry_relay_` prefix and `_total` suffix) plus `"rates"`, keyed by window name.
std::string formatStatusJson(const RelayStatsSnapshot& stats,
                             const std::vector<WindowRates>& rates);

} // namespace ferry::relay
