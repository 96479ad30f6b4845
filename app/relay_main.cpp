// ferry-relay: the headless SMP relay. Composition root: reads the data folder, builds the
// relay and runs it until SIGINT/SIGTERM.
#include "directory/directory_address.h"
#include "directory/directory_client.h"
#include "directory/relay_choice.h"
#include "directory/relay_registrar.h"
#include "nat/port_mapper.h"
#include "node/node_reachability.h"
#include "relay/registrar_settings.h"
#include "relay/relay_data.h"
#include "relay/relay_server.h"
#include "server_program.h"
#include "smp/server_address.h"
#include "util/clock.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

constexpr ferry::app::ProgramInfo kInfo{
    "ferry-relay", "SMP relay server (headless)",
    "  ferry-relay init [--data DIR] [--host NAME] [--port N] [--password PW|--no-password]\n"
    "      create the data folder: certificates, relay.ini and the message store\n"
    "  ferry-relay start [--data DIR] [--map-port [--map-lease SECONDS]]\n"
    "                    [--tunnel-via RELAY] [--check-via RELAY]... [--directory DIR]...\n"
    "      run the relay until interrupted (SIGINT/SIGTERM). --map-port asks the home\n"
    "      router (UPnP, then NAT-PMP) to forward the port and deletes the mapping on exit.\n"
    "      --tunnel-via smp://... opens a reverse tunnel through that Ferry relay when the\n"
    "      node cannot be reached otherwise (double NAT, no mapping, or a failed check).\n"
    "      --check-via smp://... has that Ferry relay dial the published address back, now\n"
    "      and every 30 minutes (the tunnel relay checks when none is given)\n"
    "      --directory https://... registers the relay with that relay directory and keeps\n"
    "      it listed (heartbeats); adds to relay.ini's `directories`\n"
    "  ferry-relay address [--data DIR]\n"
    "      print the relay's address, smp://<fingerprint>@host:port\n"
    "  ferry-relay --help | --version\n"
    "\n"
    "DIR defaults to $FERRY_RELAY_DATA, else $XDG_DATA_HOME/ferry-relay\n"
    "(~/.local/share/ferry-relay; on macOS ~/Library/Application Support/ferry-relay,\n"
    "on Windows %LOCALAPPDATA%\\ferry-relay)."};

struct Options : ferry::app::ServerOptions {
    Options() { port = 5223; }
    std::optional<std::string> password;
    bool noPassword = false;
    bool mapPort = false;
    std::chrono::seconds mapLease{3600};
    std::string tunnelVia;
    std::vector<std::string> checkVia;
    std::vector<std::string> directories;
    /// Tunnel relays to try when --tunnel-via is not given (from a directory's listing).
    std::vector<std::string> tunnelCandidates;
};

int failure(const std::string& message) {
    return ferry::app::failure(kInfo, message);
}

/// The options ferry-relay has beyond the shared ones.
std::optional<std::string> ownOption(Options& o, ferry::app::ArgumentReader& args) {
    const std::string_view arg = args.option();
    if (arg == "--password" && o.command == "init") {
        auto v = args.value();
        if (!v || v->empty())
            return "--password needs a value";
        o.password = *v;
    } else if (arg == "--no-password" && o.command == "init") {
        o.noPassword = true;
    } else if (arg == "--map-port" && o.command == "start") {
        o.mapPort = true;
    } else if (arg == "--map-lease" && o.command == "start") {
        auto lease = args.number(10, 604800);
        if (!lease)
            return "--map-lease needs seconds, 10-604800";
        o.mapLease = std::chrono::seconds{*lease};
    } else if ((arg == "--tunnel-via" || arg == "--check-via") && o.command == "start") {
        auto v = args.value();
        if (!v)
            return std::string(arg) + " needs a relay address, smp://fingerprint@host:port";
        if (auto parsed = ferry::core::smp::parseServerAddress(*v); !parsed)
            return std::string(arg) + ": " + parsed.error().message;
        if (arg == "--tunnel-via")
            o.tunnelVia = *v;
        else
            o.checkVia.push_back(*v);
    } else if (arg == "--directory" && o.command == "start") {
        auto v = args.value();
        if (!v)
            return "--directory needs a directory address, https://fingerprint@host:port";
        if (auto parsed = ferry::core::directory::parseDirectoryAddress(*v); !parsed)
            return "--directory: " + parsed.error().message;
        o.directories.push_back(*v);
    } else {
        return args.unknown();
    }
    return std::nullopt;
}

int runInit(const Options& o) {
    if (o.password && o.noPassword)
        return ferry::app::usageError(kInfo, "--password and --no-password exclude each other");
    ferry::relay::RelayInitOptions init;
    init.dataDir = o.dataDir;
    init.host = o.host;
    init.port = o.port;
    init.createPassword = o.password;
    auto result = ferry::relay::initRelayData(init);
    if (!result)
        return failure(result.error().message);
    std::printf("Relay initialized in %s\n", o.dataDir.string().c_str());
    std::printf("Address: %s\n", result->address.c_str());
    if (o.password)
        std::printf("Creating queues needs the password; share it only with your users.\n");
    ferry::app::printOfflineKeyWarning(result->offlineKeyPath, "relay");
    return 0;
}

int runAddress(const Options& o) {
    auto data = ferry::app::loadDataFolder(o.dataDir, ferry::relay::loadRelayConfig);
    if (!data)
        return failure(data.error().message);
    std::printf("%s\n", ferry::relay::relayAddress(data->config, data->identity).c_str());
    return 0;
}

// One line per port-mapping change, for operators and the NAT tests.
void printMappingStatus(const ferry::core::nat::PortMappingStatus& s) {
    namespace nat = ferry::core::nat;
    std::printf("Port mapping: %s", nat::mappingStateName(s.state));
    if (s.state == nat::MappingState::Mapped)
        std::printf(" via %s at %s:%u, lease %s", nat::mappingProtocolName(s.protocol),
                    s.externalAddress.c_str(), unsigned(s.externalPort),
                    s.permanent ? "permanent"
                                : (std::to_string(s.leaseLeft.count()) + " s").c_str());
    std::printf(" (%s)\n", s.reason.c_str());
    if (s.classification.kind != nat::NatClass::Unknown &&
        (s.state == nat::MappingState::Error || s.state == nat::MappingState::Mapped))
        std::printf("Reachability: %s (%s)\n", nat::natClassName(s.classification.kind),
                    s.classification.reason.c_str());
}

// Prints what changed in the node's reachability since the last report.
class ReachabilityPrinter {
public:
    void operator()(const ferry::core::node::NodeReachabilityStatus& s) {
        namespace node = ferry::core::node;
        std::lock_guard lock(m_mutex);
        const auto& m = s.mapping;
        if (s.mappingUsed &&
            (m.state != m_last.mapping.state || m.reason != m_last.mapping.reason ||
             m.renewals != m_last.mapping.renewals))
            printMappingStatus(m);
        const auto& t = s.tunnel;
        if (s.tunnelUsed && (t.state != m_last.tunnel.state || t.reason != m_last.tunnel.reason)) {
            if (t.state == node::TunnelState::Open)
                std::printf("Tunnel: open at %s:%u\n", t.publicHost.c_str(),
                            unsigned(t.publicPort));
            else
                std::printf("Tunnel: %s (%s)\n", node::tunnelStateName(t.state), t.reason.c_str());
        }
        if (s.publishedAddress != m_last.publishedAddress && !s.publishedAddress.empty())
            std::printf("Published address: %s (%s)\n", s.publishedAddress.c_str(),
                        node::nodeRouteName(s.route));
        if (s.verdict != m_last.verdict || s.checkedAt != m_last.checkedAt ||
            s.detail != m_last.detail) {
            if (s.verdict == node::ReachabilityVerdict::Reachable)
                std::printf("Reachability check: reachable at %s (checked by %s, which saw us "
                            "as %s, %u ms)\n",
                            s.checkedAddress.c_str(), s.checker.c_str(), s.observedAddress.c_str(),
                            unsigned(s.roundTripMs));
            else if (s.verdict != node::ReachabilityVerdict::Checking)
                std::printf("Reachability check: %s (%s)\n",
                            node::reachabilityVerdictName(s.verdict), s.detail.c_str());
        }
        std::fflush(stdout);
        m_last = s;
    }

private:
    std::mutex m_mutex;
    ferry::core::node::NodeReachabilityStatus m_last;
};

// `published` gets each new published address (from the reachability thread).
std::unique_ptr<ferry::core::node::NodeReachability>
startReachability(const Options& o, ferry::relay::RelayServer& server,
                  std::function<void(const std::string&)> published) {
    namespace node = ferry::core::node;
    node::NodeReachability::Options options;
    options.localPort = server.port();
    options.configuredAddress = server.address();
    if (o.mapPort)
        options.mappers = [lease = o.mapLease](ferry::core::nat::PortMapper::Listener listener) {
            ferry::core::nat::PortMapperOptions mapOptions;
            mapOptions.lease = lease;
            return std::make_unique<ferry::core::nat::PortMapper>(
                mapOptions, ferry::core::nat::defaultMappingMethods(), std::move(listener));
        };
    options.tunnelRelays =
        o.tunnelVia.empty() ? o.tunnelCandidates : std::vector<std::string>{o.tunnelVia};
    if (!options.tunnelRelays.empty()) {
        options.tunnel.localPort = server.port();
        options.tunnel.chain = server.identity().chainDer();
        const ferry::relay::RelayIdentity* identity = &server.identity();
        options.tunnel.sign = [identity](ferry::core::ByteView message) {
            return identity->onlineKey.sign(message);
        };
    }
    options.checkers = o.checkVia;
    if (options.checkers.empty() && !options.tunnelRelays.empty())
        options.checkers.push_back(options.tunnelRelays.front());
    auto reachability = std::make_unique<node::NodeReachability>(
        std::move(options), [printer = std::make_shared<ReachabilityPrinter>(),
                             published](const node::NodeReachabilityStatus& s) {
            (*printer)(s);
            if (published)
                published(s.publishedAddress);
        });
    reachability->start();
    return reachability;
}

// Registers with the relay directories on a thread of its own and prints each change.
class DirectoryRegistration {
public:
    DirectoryRegistration(const ferry::relay::RelayConfig& config,
                          const ferry::relay::RelayServer& server,
                          const std::vector<std::string>& directories,
                          const ferry::core::Clock& clock) {
        namespace dir = ferry::core::directory;
        dir::RegistrarSettings settings = ferry::relay::registrarSettings(
            config, server.identity(), server.address(), directories);
        m_directories = settings.directories;
        m_registrar = std::make_unique<dir::RelayRegistrar>(
            m_io, std::move(settings), clock, [this](const dir::DirectoryStanding& s) {
                // Heartbeats are not news: only a change of phase, state or error is printed.
                std::string line =
                    std::string(dir::directoryPhaseName(s.phase)) + s.state + s.error;
                if (std::exchange(m_lastPrinted[s.directory], line) == line)
                    return;
                if (s.phase == dir::DirectoryStanding::Phase::Registered)
                    std::printf("Directory %s: registered, %s, score %.2f\n", s.directory.c_str(),
                                s.state.c_str(), s.score);
                else
                    std::printf("Directory %s: %s (%s)\n", s.directory.c_str(),
                                dir::directoryPhaseName(s.phase), s.error.c_str());
                std::fflush(stdout);
            });
        m_registrar->start();
        m_thread = std::thread([this] { m_io.run(); });
    }
    /// Relays from the first directory that answers that check reachability and carry
    /// tunnels for nodes (none when no directory answers within 15 s).
    ferry::core::directory::NodeHelpers nodeHelpers(const std::string& self) {
        namespace dir = ferry::core::directory;
        for (const auto& address : m_directories) {
            auto promise = std::make_shared<std::promise<dir::NodeHelpers>>();
            auto future = promise->get_future();
            dir::DirectoryClient client(m_io, address);
            client.relays({}, [promise, self](auto listing) {
                promise->set_value(listing ? dir::nodeHelpersFrom(*listing, self)
                                           : dir::NodeHelpers{});
            });
            if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready)
                continue; // the client's own deadline (15 s) answers before this
            auto helpers = future.get();
            if (!helpers.checkers.empty() || !helpers.tunnelRelays.empty())
                return helpers;
        }
        return {};
    }
    /// The node's published address changed (mapping, tunnel): directories get it.
    void published(const std::string& address) {
        if (!address.empty())
            m_registrar->setRelayAddress(address);
    }
    ~DirectoryRegistration() {
        m_registrar->stop();
        m_work.reset();
        m_io.stop();
        m_thread.join();
    }

private:
    boost::asio::io_context m_io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work =
        boost::asio::make_work_guard(m_io);
    std::vector<ferry::core::directory::DirectoryAddress> m_directories;
    std::map<std::string, std::string> m_lastPrinted; ///< per directory; the registrar's thread
    std::unique_ptr<ferry::core::directory::RelayRegistrar> m_registrar;
    std::thread m_thread;
};

int runStart(const Options& o) {
    auto data = ferry::app::loadDataFolder(o.dataDir, ferry::relay::loadRelayConfig);
    if (!data)
        return failure(data.error().message);
    const auto& config = data->config;
    ferry::app::StopRequests stopRequests; // before any thread starts

    ferry::core::SystemClock clock;
    auto server = ferry::relay::RelayServer::create(config, std::move(data->identity), clock);
    if (!server)
        return failure(server.error().message);
    if (auto started = (*server)->start(); !started)
        return failure(started.error().message);
    std::printf("Relay running on %s:%u\nAddress: %s\n", config.listenAddress.c_str(),
                unsigned((*server)->port()), (*server)->address().c_str());
    std::fflush(stdout);
    std::vector<std::string> directories = config.directories;
    for (const auto& directory : o.directories) // named in relay.ini and again: once
        if (std::find(directories.begin(), directories.end(), directory) == directories.end())
            directories.push_back(directory);
    std::unique_ptr<DirectoryRegistration> registration;
    if (!directories.empty())
        registration =
            std::make_unique<DirectoryRegistration>(config, **server, directories, clock);
    // Behind a home router the address that works is the mapped or tunnelled one: the
    // directories get it as soon as it is known, and again whenever it moves.
    // A home node with directories asks their listed relays to check it and, if it cannot
    // be reached otherwise, to carry its tunnel, unless it was told which ones.
    Options effective = o;
    if (o.mapPort && registration && (o.checkVia.empty() || o.tunnelVia.empty())) {
        auto helpers = registration->nodeHelpers((*server)->address());
        if (o.checkVia.empty())
            effective.checkVia = helpers.checkers;
        if (o.tunnelVia.empty())
            effective.tunnelCandidates = helpers.tunnelRelays;
        std::printf("From the directories: %zu reachability checkers, %zu tunnel relays\n",
                    helpers.checkers.size(), helpers.tunnelRelays.size());
        std::fflush(stdout);
    }
    std::unique_ptr<ferry::core::node::NodeReachability> reachability;
    if (o.mapPort || !o.tunnelVia.empty() || !o.checkVia.empty())
        reachability =
            startReachability(effective, **server, [&registration](const std::string& a) {
                if (registration)
                    registration->published(a);
            });
    ferry::app::waitToStop(stopRequests);
    reachability.reset(); // deletes the mapping on the router, closes the tunnel
    registration.reset(); // after: the reachability thread hands it addresses until then
    (*server)->stop();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return ferry::app::runServerProgram<Options>(
        kInfo, "FERRY_RELAY_DATA", argc, argv, ownOption,
        {{"init", runInit}, {"start", runStart}, {"address", runAddress}});
}
