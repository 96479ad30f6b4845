#include "relay/relay_config.h"

#include "directory/directory_address.h"
#include "directory/directory_wire.h"
#include "node/node_wire.h"
#include "relay/ini_text.h"
#include "relay/relay_errc.h"
#include "relay/server/bandwidth_limiter.h"
#include "smp/server_address.h"
#include "util/base64.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace ferry::relay {

namespace {

using ini::parseNumber;
using ini::trim;

// "first-last" or one port; empty is no range (0, 0).
std::optional<std::pair<std::uint16_t, std::uint16_t>> parsePortRange(const std::string& text) {
    if (text.empty())
        return std::make_pair(std::uint16_t{0}, std::uint16_t{0});
    const auto dash = text.find('-');
    auto first = parseNumber<std::uint16_t>(text.substr(0, dash), 1, 65535);
    auto last = dash == std::string::npos
                    ? first
                    : parseNumber<std::uint16_t>(text.substr(dash + 1), 1, 65535);
    if (!first || !last || *first > *last)
        return std::nullopt;
    return std::make_pair(*first, *last);
}

// Node identities (32-byte certificate hashes, base64url as in addresses), separated by
// commas or spaces.
core::Result<std::vector<core::Bytes>> parseIdentities(const std::string& text) {
    std::vector<core::Bytes> identities;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto end = std::min(text.find_first_of(", \t", at), text.size());
        if (end > at) {
            const std::string item = text.substr(at, end - at);
            auto identity = core::base64UrlDecode(item);
            if (!identity || identity->size() != core::smp::kKeyHashSize)
                return core::makeError(RelayErrc::Config,
                                       "'" + item + "' is not a node fingerprint");
            identities.push_back(std::move(identity).value());
        }
        at = end + 1;
    }
    return identities;
}

constexpr std::uint64_t kMinBandwidthLimit = BandwidthLimiter::kMinRate;
constexpr std::uint64_t kMaxBandwidthLimit = 1ull << 40; // 1 TB/s: "no limit" in all but name

} // namespace

core::Result<RelayConfig> parseRelayConfig(const std::string& text) {
    RelayConfig config;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    auto bad = [&](const std::string& why) {
        return core::makeError(RelayErrc::Config,
                               "relay.ini line " + std::to_string(lineNo) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#' || t[0] == ';' || t[0] == '[')
            continue;
        const auto eq = t.find('=');
        if (eq == std::string::npos)
            return bad("expected key = value");
        const std::string key = trim(std::string_view(t).substr(0, eq));
        const std::string value = trim(std::string_view(t).substr(eq + 1));
        if (key == "host") {
            if (value.empty())
                return bad("host must not be empty");
            if (auto host = core::smp::parseTransportHost(value); !host)
                return bad("host: " + host.error().message);
            config.host = value;
        } else if (key == "listen") {
            config.listenAddress = value;
        } else if (key == "port") {
            auto v = parseNumber<std::uint16_t>(value, 0, 65535);
            if (!v)
                return bad("port must be a number 0-65535");
            config.port = *v;
        } else if (key == "create_password") {
            if (value.empty())
                config.createPassword.reset();
            else
                config.createPassword = value;
        } else if (key == "queue_quota") {
            auto v = parseNumber<std::uint32_t>(value, 1, 1'000'000);
            if (!v)
                return bad("queue_quota must be a number 1-1000000");
            config.queueQuota = *v;
        } else if (key == "message_ttl_hours") {
            auto v = parseNumber<std::uint32_t>(value, 1, 24 * 365);
            if (!v)
                return bad("message_ttl_hours must be a number 1-8760");
            config.messageTtl = std::chrono::hours(*v);
        } else if (key == "storage_cap_mb") {
            auto v = parseNumber<std::uint64_t>(value, 1, 1ull << 30);
            if (!v)
                return bad("storage_cap_mb must be a positive number");
            config.storageCapBytes = *v << 20;
        } else if (key == "handshake_timeout_seconds") {
            auto v = parseNumber<std::uint32_t>(value, 1, 3600);
            if (!v)
                return bad("handshake_timeout_seconds must be a number 1-3600");
            config.handshakeTimeout = std::chrono::seconds(*v);
        } else if (key == "write_stall_timeout_seconds") {
            auto v = parseNumber<std::uint32_t>(value, 1, 3600);
            if (!v)
                return bad("write_stall_timeout_seconds must be a number 1-3600");
            config.writeStallTimeout = std::chrono::seconds(*v);
        } else if (key == "status_port") {
            auto v = parseNumber<std::uint16_t>(value, 0, 65535);
            if (!v)
                return bad("status_port must be a number 0-65535");
            config.statusPort = *v;
        } else if (key == "max_connections") {
            auto v = parseNumber<std::uint32_t>(value, 0, 1'000'000);
            if (!v)
                return bad("max_connections must be a number 0-1000000");
            config.maxConnections = *v;
        } else if (key == "max_connections_per_address") {
            auto v = parseNumber<std::uint32_t>(value, 0, 1'000'000);
            if (!v)
                return bad("max_connections_per_address must be a number 0-1000000");
            config.maxConnectionsPerAddress = *v;
        } else if (key == "idle_timeout_seconds") {
            auto v = parseNumber<std::uint32_t>(value, 10, 7 * 86400);
            if (!v)
                return bad("idle_timeout_seconds must be a number 10-604800");
            config.idleTimeout = std::chrono::seconds(*v);
        } else if (key == "bandwidth_limit") {
            // A floor of one block a second catches a value meant in KB or Mbit/s.
            auto v = parseNumber<std::uint64_t>(value, 0, kMaxBandwidthLimit);
            if (!v || (*v != 0 && *v < kMinBandwidthLimit))
                return bad("bandwidth_limit must be 0 (no limit) or bytes per second " +
                           std::to_string(kMinBandwidthLimit) + "-" +
                           std::to_string(kMaxBandwidthLimit));
            config.bandwidthBytesPerSecond = *v;
        } else if (key == "new_queues_per_minute") {
            auto v = parseNumber<std::uint32_t>(value, 0, 1'000'000);
            if (!v)
                return bad("new_queues_per_minute must be a number 0-1000000");
            config.newQueuesPerMinute = *v;
        } else if (key == "proxy") {
            if (value != "on" && value != "off")
                return bad("proxy must be on or off");
            config.proxy = value == "on";
        } else if (key == "proxy_max_relays") {
            auto v = parseNumber<std::uint32_t>(value, 1, 100'000);
            if (!v)
                return bad("proxy_max_relays must be a number 1-100000");
            config.proxyMaxRelays = *v;
        } else if (key == "proxy_connect_timeout_seconds") {
            auto v = parseNumber<std::uint32_t>(value, 1, 60);
            if (!v)
                return bad("proxy_connect_timeout_seconds must be a number 1-60");
            config.proxyConnectTimeout = std::chrono::seconds(*v);
        } else if (key == "node_checks") {
            if (value != "on" && value != "off")
                return bad("node_checks must be on or off");
            config.nodeChecks = value == "on";
        } else if (key == "check_timeout_seconds") {
            constexpr auto kMax = core::node::kCheckAnswerWithin.count();
            auto v = parseNumber<std::uint32_t>(value, 1, kMax);
            if (!v)
                return bad("check_timeout_seconds must be a number 1-" + std::to_string(kMax));
            config.checkTimeout = std::chrono::seconds(*v);
        } else if (key == "check_allow_networks") {
            auto networks = core::net::parseIpNetworks(value);
            if (!networks)
                return bad("check_allow_networks: " + networks.error().message);
            config.checkAllowNetworks = std::move(networks).value();
        } else if (key == "tunnel_ports") {
            auto range = parsePortRange(value);
            if (!range)
                return bad("tunnel_ports must be empty (no tunnel service) or FIRST-LAST, "
                           "ports 1-65535");
            config.tunnelFirstPort = range->first;
            config.tunnelLastPort = range->second;
        } else if (key == "tunnel_max_nodes") {
            auto v = parseNumber<std::uint32_t>(value, 1, 100'000);
            if (!v)
                return bad("tunnel_max_nodes must be a number 1-100000");
            config.tunnelMaxNodes = *v;
        } else if (key == "tunnel_node_daily_mb") {
            auto v = parseNumber<std::uint64_t>(value, 1, 1ull << 30);
            if (!v)
                return bad("tunnel_node_daily_mb must be a positive number");
            config.tunnelBytesPerNodePerDay = *v << 20;
        } else if (key == "tunnel_nodes_per_network") {
            auto v = parseNumber<std::uint32_t>(value, 1, 100'000);
            if (!v)
                return bad("tunnel_nodes_per_network must be a number 1-100000");
            config.tunnelNodesPerNetwork = *v;
        } else if (key == "tunnel_reservation_days") {
            auto v = parseNumber<std::uint32_t>(value, 1, 3650);
            if (!v)
                return bad("tunnel_reservation_days must be a number 1-3650");
            config.tunnelReservation = std::chrono::hours(24 * *v);
        } else if (key == "tunnel_reserve_after_seconds") {
            auto v = parseNumber<std::uint32_t>(value, 0, 30 * 86400);
            if (!v)
                return bad("tunnel_reserve_after_seconds must be a number 0-2592000");
            config.tunnelReserveAfter = std::chrono::seconds(*v);
        } else if (key == "tunnel_allow_nodes") {
            auto nodes = parseIdentities(value);
            if (!nodes)
                return bad("tunnel_allow_nodes: " + nodes.error().message);
            config.tunnelAllowNodes = std::move(nodes).value();
        } else if (key == "directories") {
            config.directories.clear();
            std::istringstream items(value);
            std::string item;
            while (items >> item) {
                if (item.back() == ',')
                    item.pop_back();
                if (item.empty())
                    continue;
                if (auto address = core::directory::parseDirectoryAddress(item); !address)
                    return bad("directories: " + address.error().message);
                config.directories.push_back(item);
            }
        } else if (key == "region") {
            if (value.size() > core::directory::kMaxRegionLength ||
                value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") !=
                    std::string::npos)
                return bad("region must be 1-32 of a-z, 0-9 and -");
            config.region = value;
        } else {
            return bad("unknown key '" + key + "'");
        }
    }
    return config;
}

namespace {
std::string networksText(const std::vector<core::net::IpNetwork>& networks) {
    std::string text;
    for (const auto& network : networks)
        text += (text.empty() ? "" : ", ") + network.text();
    return text;
}

std::string identitiesText(const std::vector<core::Bytes>& identities) {
    std::string text;
    for (const auto& identity : identities)
        text += (text.empty() ? "" : ", ") + core::base64UrlEncode(identity);
    return text;
}
} // namespace

std::string formatRelayConfig(const RelayConfig& c) {
    std::ostringstream out;
    out << "# Ferry relay configuration. Restart the relay after editing.\n"
        << "[relay]\n"
        << "# Host name or address clients use to reach this relay (goes into its address).\n"
        << "host = " << c.host << "\n"
        << "# Address to listen on.\n"
        << "listen = " << c.listenAddress << "\n"
        << "port = " << c.port << "\n"
        << "# Password required to create queues; empty means anyone may create them.\n"
        << "create_password = " << c.createPassword.value_or("") << "\n"
        << "# Messages a queue holds before senders get ERR QUOTA.\n"
        << "queue_quota = " << c.queueQuota << "\n"
        << "message_ttl_hours = "
        << std::chrono::duration_cast<std::chrono::hours>(c.messageTtl).count() << "\n"
        << "storage_cap_mb = " << (c.storageCapBytes >> 20) << "\n"
        << "handshake_timeout_seconds = " << c.handshakeTimeout.count() << "\n"
        << "# A client that takes longer than this to accept one 16 KB block is dropped.\n"
        << "write_stall_timeout_seconds = " << c.writeStallTimeout.count() << "\n"
        << "# HTTP /metrics and /status on this port (127.0.0.1 only); 0 turns it off.\n"
        << "status_port = " << c.statusPort << "\n"
        << "# Client connections open at once; more are refused. 0 means no limit.\n"
        << "max_connections = " << c.maxConnections << "\n"
        << "# Of those, from one IPv4 address or one IPv6 /64. 0 means no limit.\n"
        << "max_connections_per_address = " << c.maxConnectionsPerAddress << "\n"
        << "# A connection without subscriptions that sends nothing this long is closed.\n"
        << "idle_timeout_seconds = " << c.idleTimeout.count() << "\n"
        << "# Bytes per second the relay may receive from clients, and as many it may send to\n"
        << "# them (each direction separately). 0 means no limit.\n"
        << "bandwidth_limit = " << c.bandwidthBytesPerSecond << "\n"
        << "# Queues one connection may create per minute; more wait (not refused). 0: no\n"
        << "# limit.\n"
        << "new_queues_per_minute = " << c.newQueuesPerMinute << "\n"
        << "# Private routing proxy: forward senders' messages to their contacts' relays,\n"
        << "# which then do not learn the senders' addresses (on or off).\n"
        << "proxy = " << (c.proxy ? "on" : "off") << "\n"
        << "# Destination relays the proxy keeps connected at once.\n"
        << "proxy_max_relays = " << c.proxyMaxRelays << "\n"
        << "# Seconds connecting to a destination relay may take (1-60).\n"
        << "proxy_connect_timeout_seconds = " << c.proxyConnectTimeout.count() << "\n"
        << "\n[nodes]\n"
        << "# Answer other Ferry nodes that ask to be dialled back (are they reachable?).\n"
        << "node_checks = " << (c.nodeChecks ? "on" : "off") << "\n"
        << "# Seconds a check may take (1-10); \"not reachable\" is answered only then.\n"
        << "check_timeout_seconds = " << c.checkTimeout.count() << "\n"
        << "# Checks and the proxy dial only globally routable addresses, plus these networks\n"
        << "# (for a lab or a test; e.g. 127.0.0.0/8, 10.0.0.0/8). Empty on any relay on the\n"
        << "# internet.\n"
        << "check_allow_networks = " << networksText(c.checkAllowNetworks) << "\n"
        << "# Reverse tunnels for nodes nothing else can reach: public ports FIRST-LAST\n"
        << "# handed to nodes (open them in the firewall). Empty turns the service off.\n"
        << "tunnel_ports = ";
    if (c.tunnelFirstPort != 0)
        out << c.tunnelFirstPort << "-" << c.tunnelLastPort;
    out << "\n"
        << "# Nodes tunnelled at once, and the traffic each may use per day (MB, both ways).\n"
        << "tunnel_max_nodes = " << c.tunnelMaxNodes << "\n"
        << "tunnel_node_daily_mb = " << (c.tunnelBytesPerNodePerDay >> 20) << "\n"
        << "# Tunnel ports held by nodes from one IPv4 /24 (IPv6 /48), how long a node that\n"
        << "# went away keeps its port, and how long a node must have held its tunnel (in\n"
        << "# all) to keep its port at all.\n"
        << "tunnel_nodes_per_network = " << c.tunnelNodesPerNetwork << "\n"
        << "tunnel_reservation_days = " << c.tunnelReservation.count() / 86400 << "\n"
        << "tunnel_reserve_after_seconds = " << c.tunnelReserveAfter.count() << "\n"
        << "# Only these node fingerprints (as in their smp:// addresses) get a tunnel;\n"
        << "# empty: any node.\n"
        << "tunnel_allow_nodes = " << identitiesText(c.tunnelAllowNodes) << "\n"
        << "# Relay directories to register with (https://<fingerprint>@host:port, separated\n"
        << "# by spaces), and a region hint for them (e.g. eu-west); empty: none.\n"
        << "directories =";
    for (const auto& directory : c.directories)
        out << " " << directory;
    out << "\n"
        << "region = " << c.region << "\n";
    return out.str();
}

} // namespace ferry::relay
