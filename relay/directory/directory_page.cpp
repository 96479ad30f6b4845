#include "relay/directory/directory_page.h"

#include "relay/status/status_format.h"

#include <cstdio>
#include <ctime>

namespace ferry::relay::directory {

namespace {

std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string ago(std::int64_t then, std::int64_t now) {
    if (then <= 0)
        return "never";
    const std::int64_t s = std::max<std::int64_t>(0, now - then);
    if (s < 120)
        return std::to_string(s) + " s ago";
    if (s < 7200)
        return std::to_string(s / 60) + " min ago";
    if (s < 2 * 86400)
        return std::to_string(s / 3600) + " h ago";
    return std::to_string(s / 86400) + " days ago";
}

std::string fixed(double value, int decimals) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

} // namespace

std::string formatDirectoryPage(const PageView& view) {
    std::size_t listed = 0, probation = 0, down = 0;
    for (const auto& relay : view.relays) {
        listed += relay.state == "listed";
        probation += relay.state == "probation";
        down += relay.state == "down";
    }
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>Ferry relay directory</title><style>"
           "body{font-family:sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}"
           "table{border-collapse:collapse;width:100%}td,th{padding:.3em .6em;text-align:left;"
           "border-bottom:1px solid #ddd;font-size:.9em}code{font-size:.85em;word-break:break-all}"
           ".bar{background:#e4e4e4;width:8em;height:.8em;display:inline-block}"
           ".bar span{background:#3a7d44;height:100%;display:block}"
           ".down{color:#a33}.probation{color:#a60}.listed{color:#3a7d44}"
           "</style></head><body>\n<h1>Ferry relay directory</h1>\n";
    out += "<p>Directory address: <code>" + escaped(view.address) + "</code></p>\n";
    out += "<p>" + std::to_string(listed) + " listed, " + std::to_string(probation) +
           " on probation, " + std::to_string(down) +
           " down. Health comes from this directory's own probes (TLS, SMP handshake, PING); "
           "new relays are on probation until they have shown uptime.</p>\n";
    if (view.relays.empty()) {
        out += "<p>No relays are registered yet.</p>\n";
    } else {
        out += "<table><thead><tr><th>Relay</th><th>State</th><th>Score</th><th>Uptime</th>"
               "<th>Round trip</th><th>Last answered probe</th><th>Region</th><th>SMP</th>"
               "</tr></thead><tbody>\n";
        for (const auto& relay : view.relays) {
            const std::string uptime = fixed(relay.uptime * 100, 1);
            out += "<tr><td><code>" + escaped(relay.address) + "</code></td>";
            out += "<td class=\"" + escaped(relay.state) + "\">" + escaped(relay.state) + "</td>";
            out += "<td>" + fixed(relay.score, 2) + "</td>";
            out += "<td><span class=\"bar\" title=\"" + uptime +
                   "%\"><span style=\"width:" + uptime + "%\"></span></span> " + uptime + "%</td>";
            out += "<td>" + (relay.rttMs ? std::to_string(*relay.rttMs) + " ms" : "-") + "</td>";
            out += "<td>" + ago(relay.lastProbe, view.now) + "</td>";
            out += "<td>" + (relay.region.empty() ? "-" : escaped(relay.region)) + "</td>";
            out += "<td>" + std::to_string(relay.versions.min) + "–" +
                   std::to_string(relay.versions.max) + "</td></tr>\n";
        }
        out += "</tbody></table>\n";
    }
    out += "<p>Clients: <code>GET /v1/relays</code>. Relays register with "
           "<code>ferry-relay start --directory ADDRESS</code>.</p>\n</body></html>\n";
    return out;
}

std::string formatDirectoryMetrics(const MetricsView& v) {
    constexpr std::string_view kPrefix = "ferry_directory_";
    std::string out;
    auto gauge = [&](std::string_view name, std::string_view help, std::uint64_t value) {
        appendPrometheusMetric(out, kPrefix, name, false, help, std::to_string(value));
    };
    auto counter = [&](std::string_view name, std::string_view help, std::uint64_t value) {
        appendPrometheusMetric(out, kPrefix, name, true, help, std::to_string(value));
    };
    gauge("uptime_seconds", "Seconds since the directory started.",
          static_cast<std::uint64_t>(std::max<std::int64_t>(0, v.uptimeSeconds)));
    gauge("relays_listed", "Relays listed with full weight.", v.stats.listed);
    gauge("relays_probation", "Relays listed on probation.", v.stats.probation);
    gauge("relays_down", "Registered relays that are down and not listed.", v.stats.down);
    counter("registrations_accepted_total", "Registrations admitted after their dial-back.",
            v.stats.registrationsAccepted);
    counter("registrations_refused_total", "Registrations refused, for any reason.",
            v.stats.registrationsRefused);
    counter("dial_backs_failed_total", "Registrations whose relay could not be reached.",
            v.dialBacksFailed);
    counter("heartbeats_total", "Heartbeats accepted.", v.stats.heartbeats);
    counter("heartbeats_refused_total", "Heartbeats refused.", v.heartbeatsRefused);
    counter("probes_answered_total", "Scheduled probes a relay answered.", v.stats.probesAnswered);
    counter("probes_failed_total", "Scheduled probes a relay did not answer.",
            v.stats.probesFailed);
    gauge("probes_running", "Probes and dial-backs under way now.", v.probesRunning);
    gauge("dial_backs_waiting", "Registrations whose dial-back waits for a probe slot.",
          v.dialBacksWaiting);
    counter("probe_queue_full_total", "Registrations turned away because too many probes waited.",
            v.probeQueueFull);
    counter("federated_admitted_total",
            "Relays learnt from peer directories and listed after this directory's own probe.",
            v.federatedAdmitted);
    counter("federated_refused_total",
            "Relays a peer listed that failed verification or this directory's probe.",
            v.federatedRefused);
    counter("rate_limited_total", "Requests answered 429 by the per-address limits.",
            v.stats.rateLimited);
    counter("queries_total", "Relay listings served.", v.stats.queries);
    gauge("proof_difficulty", "Proof of work asked of registrations now (leading zero bits).",
          v.difficulty);
    gauge("connections", "HTTPS connections open now.", v.connectionsNow);
    counter("connections_refused_total",
            "Connections closed at accept: max_connections, or the address's share, were open.",
            v.connectionsRefused);
    counter("accept_errors_total",
            "Accepts that failed (out of file descriptors or buffers); the port waits before "
            "accepting again.",
            v.acceptErrors);
    counter("handshake_failures_total", "Connections dropped during the TLS handshake.",
            v.handshakeFailures);
    return out;
}

} // namespace ferry::relay::directory
