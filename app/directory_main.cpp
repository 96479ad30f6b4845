// ferry-directory: the relay directory. Composition root: reads the data folder, builds the
// directory service and runs it until SIGINT/SIGTERM.
#include "relay/directory/directory_data.h"
#include "relay/directory/directory_service.h"
#include "server_program.h"
#include "util/clock.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <optional>
#include <string>
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
    "(~/.local/share/ferry-directory; on macOS ~/Library/Application Support/ferry-directory,\n"
    "on Windows %LOCALAPPDATA%\\ferry-directory)."};

struct Options : ferry::app::ServerOptions {
    Options() { port = 8443; }
};

int failure(const std::string& message) {
    return ferry::app::failure(kInfo, message);
}

std::optional<std::string> ownOption(Options&, ferry::app::ArgumentReader& args) {
    return args.unknown(); // ferry-directory has only the shared options
}

int runInit(const Options& o) {
    ferry::relay::directory::DirectoryInitOptions init;
    init.dataDir = o.dataDir;
    init.host = o.host;
    init.port = o.port;
    auto result = ferry::relay::directory::initDirectoryData(init);
    if (!result)
        return failure(result.error().message);
    std::printf("Directory initialized in %s\n", o.dataDir.string().c_str());
    std::printf("Address: %s\n", result->address.c_str());
    ferry::app::printOfflineKeyWarning(result->offlineKeyPath, "directory");
    return 0;
}

int runAddress(const Options& o) {
    auto data = ferry::app::loadDataFolder(o.dataDir, ferry::relay::directory::loadDirectoryConfig);
    if (!data)
        return failure(data.error().message);
    std::printf("%s\n",
                ferry::relay::directory::directoryAddress(data->config, data->identity).c_str());
    return 0;
}

int runStart(const Options& o) {
    namespace dir = ferry::relay::directory;
    auto data = ferry::app::loadDataFolder(o.dataDir, dir::loadDirectoryConfig);
    if (!data)
        return failure(data.error().message);
    const auto& config = data->config;
    auto store = dir::DirectoryStore::open(o.dataDir / dir::files::kDatabase);
    if (!store)
        return failure(store.error().message);

    ferry::app::StopRequests stopRequests; // before any thread starts

    ferry::core::SystemClock clock;
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    dir::DirectoryService service(io, config, std::move(data->identity), std::move(store).value(),
                                  clock);
    if (auto started = service.start(); !started)
        return failure(started.error().message);
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i)
        pool.emplace_back([&io] { io.run(); });
    std::printf("Directory running on %s:%u\nAddress: %s\n", config.listenAddress.c_str(),
                unsigned(service.port()), service.address().c_str());
    std::fflush(stdout);
    ferry::app::waitToStop(stopRequests);
    service.stop();
    work.reset();
    io.stop();
    for (auto& thread : pool)
        thread.join();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return ferry::app::runServerProgram<Options>(
        kInfo, "FERRY_DIRECTORY_DATA", argc, argv, ownOption,
        {{"init", runInit}, {"start", runStart}, {"address", runAddress}});
}
