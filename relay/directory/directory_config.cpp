#include "relay/directory/directory_config.h"

#include "directory/directory_address.h"
#include "relay/ini_text.h"
#include "relay/relay_errc.h"
#include "smp/server_address.h"

#include <functional>
#include <map>
#include <sstream>

namespace ferry::relay::directory {

namespace {

using Setter = std::function<std::optional<std::string>(DirectoryConfig&, const std::string&)>;

/// A key that holds a number within [min, max], scaled into the field by `set`.
template <typename T>
Setter number(std::uint64_t min, std::uint64_t max, std::function<void(DirectoryConfig&, T)> set) {
    return [=](DirectoryConfig& config, const std::string& value) -> std::optional<std::string> {
        auto v = ini::parseNumber<std::uint64_t>(value, min, max);
        if (!v)
            return "must be a number " + std::to_string(min) + "-" + std::to_string(max);
        set(config, static_cast<T>(*v));
        return std::nullopt;
    };
}

const std::map<std::string, Setter, std::less<>>& setters() {
    static const std::map<std::string, Setter, std::less<>> kSetters{
        {"host",
         [](DirectoryConfig& c, const std::string& v) -> std::optional<std::string> {
             if (v.empty())
                 return "must not be empty";
             if (auto host = core::smp::parseTransportHost(v); !host)
                 return host.error().message;
             c.host = v;
             return std::nullopt;
         }},
        {"listen",
         [](DirectoryConfig& c, const std::string& v) -> std::optional<std::string> {
             boost::system::error_code ec;
             boost::asio::ip::make_address(v, ec);
             if (ec)
                 return "must be an IP address";
             c.listenAddress = v;
             return std::nullopt;
         }},
        {"port", number<std::uint16_t>(0, 65535, [](auto& c, auto v) { c.port = v; })},
        {"relay_ttl_seconds",
         number<std::uint32_t>(1, 7 * 86400,
                               [](auto& c, auto v) { c.relayTtl = std::chrono::seconds(v); })},
        {"probe_interval_seconds",
         number<std::uint32_t>(1, 86400,
                               [](auto& c, auto v) { c.probeInterval = std::chrono::seconds(v); })},
        {"probation_hours",
         number<std::uint32_t>(0, 24 * 90,
                               [](auto& c, auto v) { c.probation = std::chrono::hours(v); })},
        {"difficulty", number<unsigned>(0, 32, [](auto& c, auto v) { c.difficulty = v; })},
        {"max_difficulty", number<unsigned>(0, 32, [](auto& c, auto v) { c.maxDifficulty = v; })},
        {"writes_per_hour",
         number<std::uint32_t>(1, 1'000'000, [](auto& c, auto v) { c.writesPerHour = v; })},
        {"reads_per_minute",
         number<std::uint32_t>(1, 1'000'000, [](auto& c, auto v) { c.readsPerMinute = v; })},
        {"relays_per_address",
         number<std::uint32_t>(1, 100'000, [](auto& c, auto v) { c.relaysPerAddress = v; })},
        {"relays_per_site",
         number<std::uint32_t>(1, 100'000, [](auto& c, auto v) { c.relaysPerSite = v; })},
        {"max_connections",
         number<std::uint32_t>(1, 1'000'000, [](auto& c, auto v) { c.maxConnections = v; })},
        {"max_connections_per_address",
         number<std::uint32_t>(1, 1'000'000,
                               [](auto& c, auto v) { c.maxConnectionsPerAddress = v; })},
        {"probe_concurrency",
         number<std::uint32_t>(1, 1024, [](auto& c, auto v) { c.probeConcurrency = v; })},
        {"probe_queue",
         number<std::uint32_t>(1, 1'000'000, [](auto& c, auto v) { c.probeQueue = v; })},
        {"peers",
         [](DirectoryConfig& c, const std::string& v)
             -> std::
                 optional<std::string> {
                     c.peers.clear();
                     std::istringstream items(v);
                     for (std::string item; items >> item;) {
                         if (item.back() == ',')
                             item.pop_back();
                         if (auto address = core::directory::parseDirectoryAddress(item); !address)
                             return address.error().message;
                         c.peers.push_back(item);
                     }
                     return std::nullopt;
                 }},
        {"federation_interval_seconds",
         number<std::uint32_t>(
             10, 86400, [](auto& c, auto v) { c.federationInterval = std::chrono::seconds(v); })},
        {"relays_per_peer",
         number<std::uint32_t>(1, 1'000'000, [](auto& c, auto v) { c.relaysPerPeer = v; })},
        {"web_certificate",
         [](DirectoryConfig& c, const std::string& v) -> std::optional<std::string> {
             if (v.empty())
                 return "must name a file";
             c.webCertificate = v;
             return std::nullopt;
         }},
        {"web_key",
         [](DirectoryConfig& c, const std::string& v) -> std::
                                                          optional<std::string> {
                                                              if (v.empty())
                                                                  return "must name a file";
                                                              c.webKey = v;
                                                              return std::nullopt;
                                                          }},
        {"dial_also_allow",
         [](DirectoryConfig& c, const std::string& v) -> std::optional<std::string> {
             auto networks = core::net::parseIpNetworks(v);
             if (!networks)
                 return networks.error().message;
             c.dialAlsoAllowed = std::move(networks).value();
             return std::nullopt;
         }},
    };
    return kSetters;
}

} // namespace

core::Result<DirectoryConfig> parseDirectoryConfig(const std::string& text) {
    DirectoryConfig config;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    auto bad = [&](const std::string& why) {
        return core::makeError(RelayErrc::Config,
                               "directory.ini line " + std::to_string(lineNo) + ": " + why);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        const std::string t = ini::trim(line);
        if (t.empty() || t[0] == '#' || t[0] == ';' || t[0] == '[')
            continue;
        const auto eq = t.find('=');
        if (eq == std::string::npos)
            return bad("expected key = value");
        const std::string key = ini::trim(std::string_view(t).substr(0, eq));
        const std::string value = ini::trim(std::string_view(t).substr(eq + 1));
        const auto setter = setters().find(key);
        if (setter == setters().end())
            return bad("unknown key '" + key + "'");
        if (auto why = setter->second(config, value))
            return bad(key + " " + *why);
    }
    if (!config.peers.empty() && config.federationInterval >= config.relayTtl)
        return core::makeError(RelayErrc::Config,
                               "directory.ini: federation_interval_seconds must be below "
                               "relay_ttl_seconds, or relays learnt from peers go down between "
                               "pulls");
    if (config.maxDifficulty < config.difficulty)
        return core::makeError(RelayErrc::Config,
                               "directory.ini: max_difficulty is below difficulty");
    if (config.webCertificate.empty() != config.webKey.empty())
        return core::makeError(RelayErrc::Config,
                               "directory.ini: web_certificate and web_key go together");
    return config;
}

std::string formatDirectoryConfig(const DirectoryConfig& c) {
    std::string networks;
    for (const auto& network : c.dialAlsoAllowed)
        networks += (networks.empty() ? "" : ", ") + network.text();
    std::ostringstream out;
    out << "# Ferry relay directory (docs/operations.md lists every key)\n"
        << "host = " << c.host << "\n"
        << "listen = " << c.listenAddress << "\n"
        << "port = " << c.port << "\n"
        << "relay_ttl_seconds = " << c.relayTtl.count() << "\n"
        << "probe_interval_seconds = " << c.probeInterval.count() << "\n"
        << "probation_hours = "
        << std::chrono::duration_cast<std::chrono::hours>(c.probation).count() << "\n"
        << "difficulty = " << c.difficulty << "\n"
        << "max_difficulty = " << c.maxDifficulty << "\n"
        << "writes_per_hour = " << c.writesPerHour << "\n"
        << "reads_per_minute = " << c.readsPerMinute << "\n"
        << "relays_per_address = " << c.relaysPerAddress << "\n"
        << "relays_per_site = " << c.relaysPerSite << "\n"
        << "max_connections = " << c.maxConnections << "\n"
        << "max_connections_per_address = " << c.maxConnectionsPerAddress << "\n"
        << "probe_concurrency = " << c.probeConcurrency << "\n"
        << "probe_queue = " << c.probeQueue << "\n"
        << "dial_also_allow = " << networks << "\n"
        << "# Peer directories to pull relays from (https://<fingerprint>@host:port ...)\n"
        << "peers =";
    for (const auto& peer : c.peers)
        out << " " << peer;
    out << "\n"
        << "federation_interval_seconds = " << c.federationInterval.count() << "\n"
        << "relays_per_peer = " << c.relaysPerPeer << "\n"
        << "# The certificate and key web browsers are shown (PEM; e.g. a certificate\n"
        << "# authority's). Without them: web.crt and web.key here, self-signed.\n";
    if (c.webCertificate.empty())
        out << "# web_certificate = /etc/letsencrypt/live/" << c.host << "/fullchain.pem\n"
            << "# web_key = /etc/letsencrypt/live/" << c.host << "/privkey.pem\n";
    else
        out << "web_certificate = " << c.webCertificate.string() << "\n"
            << "web_key = " << c.webKey.string() << "\n";
    return out.str();
}

} // namespace ferry::relay::directory
