// ferry-directory: the relay directory. Composition root: reads the data folder, builds the
// directory service and runs it until SIGINT/SIGTERM.
#include "program_info.h"
#include "relay/directory/directory_data.h"
#include "relay/directory/directory_service.h"
#include "util/clock.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <pthread.h>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

constexpr ferry::app::ProgramInfo kInfo{
    "ferry-directory", "relay directory service (headless)",
    "  ferry-directory init [--data DIR] [--host NAME] [--port N]\n"
    "      create the data folder: certificates and directory.ini\n"
    "  ferry-directory start [--data DIR]\n"
    "      serve the directory until interrupted (SIGINT/SIGTERM): relays register and\n"
    "      heartbeat, the directory probes them and lists those that work\n"
    "  ferry-directory address [--data DIR]\n"
    "      print the directory's address, https://<fingerprint>@host:port\n"
    "  ferry-directory --help | --version\n"
    "\n"
    "DIR defaults to $FERRY_DIRECTORY_DATA, else $XDG_DATA_HOME/ferry-directory\n"
    "(~/.local/share/ferry-directory)."};

struct Options {
    std::string command;
    std::filesystem::path dataDir;
    std::string host = "localhost";
    std::uint16_t port = 8443;
};

int usageError(const std::string& message) {
    return ferry::app::usageError(kInfo, message);
}

int failure(const std::string& message) {
    std::fprintf(stderr, "ferry-directory: %s\n", message.c_str());
    return 1;
}

std::filesystem::path defaultDataDir() {
    return ferry::app::defaultDataDir(kInfo, "FERRY_DIRECTORY_DATA");
}

std::optional<std::string> parse(int argc, char** argv, Options& o) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty())
        return "a command is needed: init, start or address";
    o.command = args[0];
    o.dataDir = defaultDataDir();
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == "--data") {
            if (!hasValue)
                return "--data needs a folder";
            o.dataDir = std::string(args[++i]);
        } else if (arg == "--host" && o.command == "init") {
            if (!hasValue)
                return "--host needs a name or address";
            o.host = std::string(args[++i]);
        } else if (arg == "--port" && o.command == "init") {
            const std::string v = hasValue ? std::string(args[++i]) : std::string();
            char* end = nullptr;
            const long port = v.empty() ? -1 : std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || port < 1 || port > 65535)
                return "--port needs a number 1-65535";
            o.port = static_cast<std::uint16_t>(port);
        } else {
            return "unknown option '" + std::string(arg) + "' for '" + o.command + "'";
        }
    }
    return std::nullopt;
}

int runInit(const Options& o) {
    ferry::relay::directory::DirectoryInitOptions init;
    init.dataDir = o.dataDir;
    init.host = o.host;
    init.port = o.port;
    auto result = ferry::relay::directory::initDirectoryData(init);
    if (!result)
        return failure(result.error().message);
    std::printf("Directory initialized in %s\n", o.dataDir.c_str());
    std::printf("Address: %s\n", result->address.c_str());
    std::printf("\nWARNING: the offline CA private key is in %s.\n"
                "Move it to offline storage (and keep a backup): it is only needed to issue a\n"
                "new online certificate, and whoever holds it can impersonate this directory.\n",
                result->offlineKeyPath.c_str());
    return 0;
}

int runAddress(const Options& o) {
    auto config = ferry::relay::directory::loadDirectoryConfig(o.dataDir);
    if (!config)
        return failure(config.error().message);
    auto identity = ferry::relay::loadRelayIdentity(o.dataDir);
    if (!identity)
        return failure(identity.error().message);
    std::printf("%s\n", ferry::relay::directory::directoryAddress(*config, *identity).c_str());
    return 0;
}

int runStart(const Options& o) {
    namespace dir = ferry::relay::directory;
    auto config = dir::loadDirectoryConfig(o.dataDir);
    if (!config)
        return failure(config.error().message);
    auto identity = ferry::relay::loadRelayIdentity(o.dataDir);
    if (!identity)
        return failure(identity.error().message);
    auto store = dir::DirectoryStore::open(o.dataDir / dir::files::kDatabase);
    if (!store)
        return failure(store.error().message);

    const sigset_t stopSignals = ferry::app::blockStopSignals();

    ferry::core::SystemClock clock;
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    dir::DirectoryService service(io, *config, std::move(identity).value(),
                                  std::move(store).value(), clock);
    if (auto started = service.start(); !started)
        return failure(started.error().message);
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i)
        pool.emplace_back([&io] { io.run(); });
    std::printf("Directory running on %s:%u\nAddress: %s\n", config->listenAddress.c_str(),
                unsigned(service.port()), service.address().c_str());
    std::fflush(stdout);
    ferry::app::waitForStopSignal(stopSignals);
    service.stop();
    work.reset();
    io.stop();
    for (auto& thread : pool)
        thread.join();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (auto code = ferry::app::handleInfoArguments(kInfo, argc, argv))
        return *code;
    Options options;
    if (auto error = parse(argc, argv, options))
        return usageError(*error);
    if (options.command == "init")
        return runInit(options);
    if (options.command == "start")
        return runStart(options);
    if (options.command == "address")
        return runAddress(options);
    return usageError("unknown command '" + options.command + "'");
}
