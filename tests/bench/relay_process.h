#pragma once

// The real `ferry-relay` as a child process for the benchmarks: a temporary data folder,
// start/stop, a watchdog, and what /proc says about the child's memory and CPU.
#include "test_smp_client.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ferry::bench {

namespace fs = std::filesystem;
using test::TestClientOptions;

/// The benchmark's positional arguments as positive whole numbers; nothing if any is not one
/// or there are more than `most`.
std::optional<std::vector<long>> positiveArguments(int argc, char** argv, std::size_t most);

/// A free TCP port on 127.0.0.1 (0 if none could be found).
std::uint16_t freeLoopbackPort();

/// How to run the relay beyond the defaults.
struct RelayLaunch {
    std::vector<std::string> startArguments; ///< after `start --data DIR`
    std::vector<std::string> configLines;    ///< appended to relay.ini
    std::optional<std::uint16_t> readyPort;  ///< where clients reach it, if elsewhere
};

/// `ferry-relay` in a temporary data folder, listening on 127.0.0.1 only; stop() (also from
/// the destructor and the watchdog) sends SIGTERM, then SIGKILL, and removes the folder.
class RelayProcess {
public:
    static std::shared_ptr<RelayProcess> launch(std::string& error, const RelayLaunch& how = {});
    ~RelayProcess() { stop(); }

    void stop();
    pid_t pid() const { return m_pid; }
    const TestClientOptions& clientOptions() const { return m_options; }
    /// smp://<fingerprint>@127.0.0.1:<its own port>
    std::string address() const;
    std::string log() const;

private:
    bool initData(std::string& error, const std::vector<std::string>& configLines);
    bool waitReady(std::string& error);

    std::mutex m_mutex;
    fs::path m_dir;
    fs::path m_dataDir;
    pid_t m_pid = -1;
    TestClientOptions m_options; ///< where clients reach it (a tunnel's port, if tunnelled)
    std::uint16_t m_ownPort = 0;
};

/// Stops the relay and exits the benchmark after `timeout` or on SIGINT/SIGTERM.
void startWatchdog(std::shared_ptr<RelayProcess> relay, std::chrono::seconds timeout);
/// Blocks SIGINT/SIGTERM in this thread (call first, before other threads start).
void blockStopSignals();
/// A "Key:   N kB" line of /proc/<pid>/status, in kB (-1 if absent).
long procStatusKb(pid_t pid, const char* key);

struct CpuTimes {
    double user = 0;
    double system = 0;
    double total() const { return user + system; }
};
/// User and system CPU seconds the process has used so far.
CpuTimes procCpu(pid_t pid);

struct ContextSwitches {
    long long voluntary = 0;   ///< the thread blocked (a wake-up follows each)
    long long involuntary = 0; ///< the thread was preempted
    long long total() const { return voluntary + involuntary; }
};
/// Context switches of every thread the process has now, from /proc/<pid>/task/*/status.
/// Threads that ended are not counted, so take both readings while the threads are stable.
ContextSwitches procContextSwitches(pid_t pid);

} // namespace ferry::bench
