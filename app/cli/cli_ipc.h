#pragma once

// The listen socket: how other ferry-cli invocations use a profile while `listen` owns it.
//
// `ferry-cli listen` binds the Unix stream socket DIR/cli.sock (mode 0600; Windows 10 and
// later have them too, as AF_UNIX). Every other
// invocation for DIR first connects to it; if nobody answers, it opens the database itself.
// One exchange per connection, each side sending one line of compact UTF-8 JSON:
//
//   request  {"args":["send","Alice","hi there"],"json":false}\n
//   reply    {"exit":0,"stdout":"Message 7 to Alice: sent\n","stderr":""}\n
//
// "args" are the command and its own options (everything but the global --profile,
// --key-file and --json options; --json travels as "json"). The listener runs the command
// on its own Agent and the caller prints "stdout" and "stderr" and exits with "exit".
// Requests over 1 MiB are refused. The caller's key is not checked: anyone who can open the
// socket can use the profile, which is why it is 0600 inside the profile folder.

#include "cli/cli_commands.h"
#include "util/result.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ferry::app::cli {

/// `DIR/cli.sock`.
std::filesystem::path socketPath(const std::filesystem::path& profileDir);

/// True if a listener answers on the profile's socket.
bool listenerRunning(const std::filesystem::path& profileDir);

/// Sends the command to the profile's listener and returns its answer; nullopt if no
/// listener is running (the caller then opens the profile itself).
std::optional<CommandOutput> forwardToListener(const std::filesystem::path& profileDir,
                                               const std::vector<std::string>& args, bool json);

/// Serves the listen socket on its own thread, one connection at a time.
class IpcServer {
public:
    using Handler = std::function<CommandOutput(const std::vector<std::string>& args, bool json)>;

    /// Binds DIR/cli.sock (replacing a stale one) and starts serving.
    static core::Result<std::unique_ptr<IpcServer>> start(const std::filesystem::path& profileDir,
                                                          Handler handler);
    /// Stops serving and removes the socket file.
    ~IpcServer();

    IpcServer(const IpcServer&) = delete;
    IpcServer& operator=(const IpcServer&) = delete;

private:
    struct Serving;
    struct Exchange;

    IpcServer(std::filesystem::path path, std::unique_ptr<Serving> serving, Handler handler);
    void acceptNext();
    void answer(const std::shared_ptr<Exchange>& exchange,
                const std::optional<std::string>& requestLine);
    CommandOutput run(const std::optional<std::string>& requestLine);

    std::filesystem::path m_path;
    std::unique_ptr<Serving> m_serving; ///< the socket and the loop serving it
    Handler m_handler;
    std::thread m_thread;
};

} // namespace ferry::app::cli
