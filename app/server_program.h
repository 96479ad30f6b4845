#pragma once

// What the headless server programs (ferry-relay, ferry-directory) share on their command line:
// a command, a data folder, a host and port for `init`, and the way they print failures.

#include "platform/stop_requests.h"
#include "program_info.h"
#include "relay/relay_data.h"
#include "util/result.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::app {

/// The options every server program has; a program's own options derive from it.
struct ServerOptions {
    std::string command;
    std::filesystem::path dataDir;
    std::string host = "localhost";
    std::uint16_t port = 0; ///< the program sets its default port
};

/// The arguments after the command, one option at a time.
class ArgumentReader {
public:
    ArgumentReader(std::vector<std::string_view> args, std::string command)
        : m_args(std::move(args)), m_command(std::move(command)) {}

    /// Moves to the next option; false when there is none.
    bool next() { return ++m_at < m_args.size(); }
    std::string_view option() const { return m_args[m_at]; }
    const std::string& command() const { return m_command; }
    /// The value after the option (and moves past it); nothing when the option is last.
    std::optional<std::string> value() {
        if (m_at + 1 >= m_args.size())
            return std::nullopt;
        return std::string(m_args[++m_at]);
    }
    /// A whole number in [low, high] after the option, or nothing.
    std::optional<long> number(long low, long high) {
        auto v = value();
        if (!v || v->empty())
            return std::nullopt;
        char* end = nullptr;
        const long n = std::strtol(v->c_str(), &end, 10);
        if (*end != '\0' || n < low || n > high)
            return std::nullopt;
        return n;
    }
    /// The error for an option this command does not take.
    std::string unknown() const {
        return "unknown option '" + std::string(option()) + "' for '" + m_command + "'";
    }

private:
    std::vector<std::string_view> m_args;
    std::string m_command;
    std::size_t m_at = 0; ///< 0 is the command
};

/// Reads the command and the shared options (--data; --host and --port for init) into
/// `options`, and hands every other option to `own`, which returns an error or nothing (and
/// `reader.unknown()` for an option it does not know either). Returns the usage error.
inline std::optional<std::string>
parseServerArguments(const ProgramInfo& info, const char* dataEnvironmentVariable, int argc,
                     char** argv, ServerOptions& options,
                     const std::function<std::optional<std::string>(ArgumentReader&)>& own) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty())
        return "a command is needed: init, start or address";
    options.command = args[0];
    options.dataDir = defaultDataDir(info, dataEnvironmentVariable);
    ArgumentReader reader(std::move(args), options.command);
    while (reader.next()) {
        const std::string_view arg = reader.option();
        const bool init = options.command == "init";
        if (arg == "--data") {
            auto v = reader.value();
            if (!v)
                return "--data needs a folder";
            options.dataDir = *v;
        } else if (arg == "--host" && init) {
            auto v = reader.value();
            if (!v)
                return "--host needs a name or address";
            options.host = *v;
        } else if (arg == "--port" && init) {
            auto port = reader.number(1, 65535);
            if (!port)
                return "--port needs a number 1-65535";
            options.port = static_cast<std::uint16_t>(*port);
        } else if (auto error = own(reader)) {
            return error;
        }
    }
    return std::nullopt;
}

/// Prints "<program>: <message>" on stderr; the failure exit status 1.
inline int failure(const ProgramInfo& info, const std::string& message) {
    std::fprintf(stderr, "%.*s: %s\n", int(info.name.size()), info.name.data(), message.c_str());
    return 1;
}

/// What `init` prints about the offline CA key it made; `what` is "relay" or "directory".
inline void printOfflineKeyWarning(const std::filesystem::path& keyPath, const char* what) {
    std::printf("\nWARNING: the offline CA private key is in %s.\n"
                "Move it to offline storage (and keep a backup): it is only needed to issue a\n"
                "new online certificate, and whoever holds it can impersonate this %s.\n",
                keyPath.string().c_str(), what);
}

/// Waits for a stop request and prints "Stopping (interrupted|terminated)...".
inline void waitToStop(StopRequests& stopRequests) {
    std::printf("Stopping (%s)...\n", stopRequests.wait().c_str());
    std::fflush(stdout);
}

/// A server's configuration and identity, as read from its data folder.
template <typename Config> struct DataFolder {
    Config config;
    relay::RelayIdentity identity;
};

/// Reads the data folder's configuration with `loadConfig`, then its identity.
template <typename Config>
core::Result<DataFolder<Config>>
loadDataFolder(const std::filesystem::path& dataDir,
               core::Result<Config> (*loadConfig)(const std::filesystem::path&)) {
    auto config = loadConfig(dataDir);
    if (!config)
        return config.error();
    auto identity = relay::loadRelayIdentity(dataDir);
    if (!identity)
        return identity.error();
    return DataFolder<Config>{std::move(config).value(), std::move(identity).value()};
}

/// A server program's main: --help/--version, the arguments, then the command's function.
template <typename Options>
int runServerProgram(
    const ProgramInfo& info, const char* dataEnvironmentVariable, int argc, char** argv,
    const std::function<std::optional<std::string>(Options&, ArgumentReader&)>& ownOption,
    std::initializer_list<std::pair<std::string_view, int (*)(const Options&)>> commands) {
    if (auto code = handleInfoArguments(info, argc, argv))
        return *code;
    Options options;
    auto error = parseServerArguments(info, dataEnvironmentVariable, argc, argv, options,
                                      [&](ArgumentReader& r) { return ownOption(options, r); });
    if (error)
        return usageError(info, *error);
    for (const auto& [name, run] : commands)
        if (options.command == name)
            return run(options);
    return usageError(info, "unknown command '" + options.command + "'");
}

} // namespace ferry::app
