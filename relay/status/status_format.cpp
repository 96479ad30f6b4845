#include "relay/status/status_format.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <string_view>

namespace ferry::relay {

void appendPrometheusMetric(std::string& out, std::string_view prefix, std::string_view name,
                            bool counter, std::string_view help, std::string_view value) {
    out.append("# HELP ").append(prefix).append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(prefix).append(name);
    out.append(counter ? " counter\n" : " gauge\n");
    out.append(prefix).append(name).append(" ").append(value).append("\n");
}

namespace {

enum class Kind { Counter, Gauge };

struct Metric {
    std::string_view name; ///< without the prefix; counters include `_total`
    Kind kind;
    std::string_view help;
    std::uint64_t RelayStatsSnapshot::*field;
    /// What the field counts per unit of the metric: Prometheus wants durations in seconds,
    /// and the relay counts them in microseconds.
    std::uint64_t perUnit = 1;
};

// One table for both formats so /metrics and /status cannot drift apart. The accepted
// connections counter is not named `connections_total`: OpenMetrics would read that as the
// counter family `connections`, which clashes with the gauge of open connections. Durations
// are in seconds, as Prometheus names them.
constexpr std::array<Metric, 28> kMetrics{{
    {"connections", Kind::Gauge, "Client connections open now.",
     &RelayStatsSnapshot::connectionsNow},
    {"connections_accepted_total", Kind::Counter, "Client connections accepted.",
     &RelayStatsSnapshot::connectionsTotal},
    {"connections_refused_total", Kind::Counter,
     "Connections closed at accept: max_connections, or the address's share, were open.",
     &RelayStatsSnapshot::connectionsRefused},
    {"accept_errors_total", Kind::Counter,
     "Accepts that failed (out of file descriptors or buffers); the port waits 10 ms to 1 s "
     "before accepting again.",
     &RelayStatsSnapshot::acceptErrors},
    {"handshake_failures_total", Kind::Counter,
     "Connections dropped during the TLS or SMP handshake.",
     &RelayStatsSnapshot::handshakeFailures},
    {"bytes_in_total", Kind::Counter, "Bytes received from clients.", &RelayStatsSnapshot::bytesIn},
    {"bytes_out_total", Kind::Counter, "Bytes sent to clients.", &RelayStatsSnapshot::bytesOut},
    {"transmissions_in_total", Kind::Counter, "SMP transmissions received.",
     &RelayStatsSnapshot::transmissionsIn},
    {"transmissions_out_total", Kind::Counter, "SMP transmissions sent.",
     &RelayStatsSnapshot::transmissionsOut},
    {"queues_created_total", Kind::Counter, "Queues created by NEW.",
     &RelayStatsSnapshot::queuesCreated},
    {"queues_secured_total", Kind::Counter, "Queues secured with a sender key.",
     &RelayStatsSnapshot::queuesSecured},
    {"queues_deleted_total", Kind::Counter, "Queues deleted.", &RelayStatsSnapshot::queuesDeleted},
    {"queues", Kind::Gauge, "Queues in the store now.", &RelayStatsSnapshot::queuesActive},
    {"queues_receiving_24h", Kind::Gauge,
     "Distinct queues that accepted a message in the last 24 hours.",
     &RelayStatsSnapshot::queuesReceivingLast24h},
    {"messages_sent_total", Kind::Counter, "Messages accepted by SEND.",
     &RelayStatsSnapshot::messagesSent},
    {"messages_delivered_total", Kind::Counter, "Messages acknowledged by their recipient.",
     &RelayStatsSnapshot::messagesDelivered},
    {"messages_expired_total", Kind::Counter, "Messages removed unread after their lifetime.",
     &RelayStatsSnapshot::messagesExpired},
    {"messages_stored", Kind::Gauge, "Messages waiting in the store now.",
     &RelayStatsSnapshot::messagesStored},
    {"storage_bytes", Kind::Gauge, "Bytes of stored messages now.",
     &RelayStatsSnapshot::storageBytes},
    {"auth_failures_total", Kind::Counter, "Commands refused because their authorization failed.",
     &RelayStatsSnapshot::authFailures},
    {"forwarded_commands_total", Kind::Counter,
     "Transmissions private routing proxies forwarded to this relay (RFWD).",
     &RelayStatsSnapshot::forwardedCommands},
    {"proxy_sessions_total", Kind::Counter,
     "Sessions with destination relays this relay gave senders as a private routing proxy "
     "(PKEY).",
     &RelayStatsSnapshot::proxySessions},
    {"proxied_messages_total", Kind::Counter,
     "Transmissions this relay forwarded as a private routing proxy and brought the answer of "
     "(PRES).",
     &RelayStatsSnapshot::proxiedForwards},
    {"proxy_errors_total", Kind::Counter,
     "Private routing requests to this relay as a proxy that failed (ERR PROXY ...).",
     &RelayStatsSnapshot::proxyErrors},
    {"throttled_waits_total", Kind::Counter,
     "Times a client read or write was held back by bandwidth_limit.",
     &RelayStatsSnapshot::throttledWaits},
    {"throttled_seconds_total", Kind::Counter,
     "Time reads and writes were held back by bandwidth_limit, summed over connections.",
     &RelayStatsSnapshot::throttledMicroseconds, 1'000'000},
    {"stalled_writers_dropped_total", Kind::Counter,
     "Clients dropped because one block write took longer than write_stall_timeout_seconds.",
     &RelayStatsSnapshot::stalledWritersDropped},
    {"connection_output_peak_bytes", Kind::Gauge,
     "The most output one connection has held since the start (bounded per connection).",
     &RelayStatsSnapshot::connectionOutputPeak},
}};

constexpr std::string_view kPrefix = "ferry_relay_";

std::string_view jsonKey(std::string_view metric) {
    constexpr std::string_view suffix = "_total";
    if (metric.ends_with(suffix))
        metric.remove_suffix(suffix.size());
    return metric;
}

void appendMetric(std::string& out, std::string_view name, Kind kind, std::string_view help,
                  std::string_view value) {
    appendPrometheusMetric(out, kPrefix, name, kind == Kind::Counter, help, value);
}

// Three decimals are plenty for a rate or a duration and keep the JSON readable.
std::string number(double value) {
    std::array<char, 64> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                   std::chars_format::fixed, 3);
    if (ec != std::errc())
        return "0";
    std::string text(buffer.data(), end);
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text == "-0" ? "0" : text;
}

std::string valueOf(const RelayStatsSnapshot& stats, const Metric& metric) {
    const std::uint64_t raw = stats.*metric.field;
    if (metric.perUnit == 1)
        return std::to_string(raw);
    return number(static_cast<double>(raw) / static_cast<double>(metric.perUnit));
}

void appendJsonField(std::string& out, std::string_view key, std::string_view value, bool& first) {
    if (!first)
        out.append(",");
    first = false;
    // Keys are our own identifiers, never user input, so they need no escaping.
    out.append("\"").append(key).append("\":").append(value);
}

} // namespace

std::string formatPrometheus(const RelayStatsSnapshot& stats) {
    std::string out;
    out.reserve(4096);
    appendMetric(out, "start_time_seconds", Kind::Gauge,
                 "When the relay started, in seconds since the Unix epoch.",
                 std::to_string(stats.startedAt));
    appendMetric(out, "uptime_seconds", Kind::Gauge, "Seconds since the relay started.",
                 std::to_string(stats.uptimeSeconds));
    for (const Metric& metric : kMetrics)
        appendMetric(out, metric.name, metric.kind, metric.help, valueOf(stats, metric));
    return out;
}

std::string formatStatusJson(const RelayStatsSnapshot& stats,
                             const std::vector<WindowRates>& rates) {
    std::string out = "{";
    bool first = true;
    appendJsonField(out, "start_time_seconds", std::to_string(stats.startedAt), first);
    appendJsonField(out, "uptime_seconds", std::to_string(stats.uptimeSeconds), first);
    for (const Metric& metric : kMetrics)
        appendJsonField(out, jsonKey(metric.name), valueOf(stats, metric), first);

    std::string windows = "{";
    bool firstWindow = true;
    for (const WindowRates& r : rates) {
        std::string object = "{";
        bool firstRate = true;
        appendJsonField(object, "seconds", number(r.seconds), firstRate);
        appendJsonField(object, "bytes_in", number(r.bytesIn), firstRate);
        appendJsonField(object, "bytes_out", number(r.bytesOut), firstRate);
        appendJsonField(object, "transmissions_in", number(r.transmissionsIn), firstRate);
        appendJsonField(object, "transmissions_out", number(r.transmissionsOut), firstRate);
        appendJsonField(object, "messages_sent", number(r.messagesSent), firstRate);
        appendJsonField(object, "messages_delivered", number(r.messagesDelivered), firstRate);
        object.append("}");
        appendJsonField(windows, r.window, object, firstWindow);
    }
    windows.append("}");
    appendJsonField(out, "rates", windows, first);
    out.append("}");
    return out;
}

} // namespace ferry::relay
