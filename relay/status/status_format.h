#pragma once

#include "relay/relay_stats.h"
#include "relay/status/rate_sampler.h"

#include <string>
#include <string_view>
#include <vector>

namespace ferry::relay {

/// One metric with its `# HELP` and `# TYPE` lines, named prefix + name (a counter's name
/// ends in `_total`).
void appendPrometheusMetric(std::string& out, std::string_view prefix, std::string_view name,
                            bool counter, std::string_view help, std::string_view value);

/// Every counter of a snapshot in the Prometheus text exposition format (version 0.0.4), each
/// with `# HELP` and `# TYPE`, named ferry_relay_*; monotonic counters end in `_total`.
std::string formatPrometheus(const RelayStatsSnapshot& stats);

/// A JSON object with the same counters (snake_case keys: the metric names without the
/// `ferry_relay_` prefix and `_total` suffix) plus `"rates"`, keyed by window name.
std::string formatStatusJson(const RelayStatsSnapshot& stats,
                             const std::vector<WindowRates>& rates);

} // namespace ferry::relay
