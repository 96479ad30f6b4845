// Relay idle-connection benchmark: a real `ferry-relay` process on 127.0.0.1 and C client
// connections that each complete the TLS 1.3 and SMP handshakes, then stay idle. Reports the
// relay's RSS before and after (and per connection), the relay's CPU use over an idle period,
// and checks every connection still answers PING afterwards.
//
// Usage: bench_relay_idle [connections=10000] [idle_s=10] [timeout_s=300]
// RLIMIT_NOFILE is raised to the hard limit before the relay starts; it inherits it.

#include "relay/relay_data.h"
#include "test_smp_client.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace ferry;
using namespace ferry::test;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

// ---- the relay as a child process ------------------------------------------------------

std::uint16_t freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        if (fd >= 0)
            ::close(fd);
        return 0;
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

// Runs the relay binary with `args`, output to `log`; returns the child's pid.
pid_t spawnRelay(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<char*> argv;
    std::string binary = FERRY_RELAY_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int logFd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const pid_t pid = ::fork();
    if (pid == 0) {
        // Only async-signal-safe calls until exec. The relay dies with the benchmark.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (logFd >= 0) {
            ::dup2(logFd, STDOUT_FILENO);
            ::dup2(logFd, STDERR_FILENO);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    if (logFd >= 0)
        ::close(logFd);
    return pid;
}

/// `ferry-relay` in a temporary data folder, listening on 127.0.0.1 only; stop() (also from
/// the destructor and the watchdog) sends SIGTERM, then SIGKILL, and removes the folder.
class RelayProcess {
public:
    static std::shared_ptr<RelayProcess> launch(std::string& error);
    ~RelayProcess() { stop(); }

    void stop();
    pid_t pid() const { return m_pid; }
    const TestClientOptions& clientOptions() const { return m_options; }
    std::string log() const;

private:
    bool initData(std::string& error);
    bool waitReady(std::string& error);

    std::mutex m_mutex;
    fs::path m_dir;
    fs::path m_dataDir;
    pid_t m_pid = -1;
    TestClientOptions m_options;
};

std::shared_ptr<RelayProcess> RelayProcess::launch(std::string& error) {
    auto relay = std::make_shared<RelayProcess>();
    std::string pattern = (fs::temp_directory_path() / "ferry-bench-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
        error = "mkdtemp failed";
        return nullptr;
    }
    relay->m_dir = pattern;
    relay->m_dataDir = relay->m_dir / "relay";
    if (!relay->initData(error))
        return nullptr;
    relay->m_pid = spawnRelay({"start", "--data", relay->m_dataDir.string()},
                              relay->m_dir / "relay.log");
    if (relay->m_pid < 0) {
        error = "fork failed";
        return nullptr;
    }
    if (!relay->waitReady(error))
        return nullptr;
    return relay;
}

bool RelayProcess::initData(std::string& error) {
    m_options.port = freeLoopbackPort();
    const pid_t init = spawnRelay({"init", "--data", m_dataDir.string(), "--host", "127.0.0.1",
                                   "--port", std::to_string(m_options.port)},
                                  m_dir / "init.log");
    int status = 0;
    if (init < 0 || ::waitpid(init, &status, 0) != init || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        error = "ferry-relay init failed: " + log();
        return false;
    }
    // init writes `listen = 0.0.0.0`; the benchmark keeps the relay on loopback.
    auto config = relay::loadRelayConfig(m_dataDir);
    auto identity = relay::loadRelayIdentity(m_dataDir);
    if (!config || !identity) {
        error = "cannot read the new relay data folder";
        return false;
    }
    config->listenAddress = "127.0.0.1";
    std::ofstream(m_dataDir / relay::files::kConfig) << relay::formatRelayConfig(*config);
    m_options.identity = identity->fingerprint;
    return true;
}

bool RelayProcess::waitReady(std::string& error) {
    TestClientOptions probe = m_options;
    probe.timeout = std::chrono::milliseconds(2000);
    const auto deadline = Clock::now() + std::chrono::seconds(15);
    while (Clock::now() < deadline) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            error = "ferry-relay exited at start: " + log();
            return false;
        }
        if (auto client = TestSmpClient::connect(probe); client)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    error = "ferry-relay did not accept connections within 15 s: " + log();
    return false;
}

void RelayProcess::stop() {
    std::lock_guard lock(m_mutex);
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        bool exited = false;
        for (int i = 0; i < 500 && !exited; ++i) { // 5 s
            exited = ::waitpid(m_pid, &status, WNOHANG) == m_pid;
            if (!exited)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (!exited) {
            std::fprintf(stderr, "relay did not stop on SIGTERM within 5 s; SIGKILL\n");
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
        }
        m_pid = -1;
    }
    if (!m_dir.empty()) {
        std::error_code ignored;
        fs::remove_all(m_dir, ignored);
        m_dir.clear();
    }
}

std::string RelayProcess::log() const {
    std::string text;
    for (const char* name : {"init.log", "relay.log"}) {
        std::ifstream in(m_dir / name);
        std::stringstream s;
        s << in.rdbuf();
        text += s.str();
    }
    return text;
}

/// Stops the relay and exits on SIGINT/SIGTERM or when the global timeout passes. Signals
/// must already be blocked in every thread (blockStopSignals before any thread starts).
void startWatchdog(std::shared_ptr<RelayProcess> relay, std::chrono::seconds timeout) {
    std::thread([relay = std::move(relay), timeout] {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        const timespec ts{static_cast<time_t>(timeout.count()), 0};
        const int sig = ::sigtimedwait(&set, nullptr, &ts);
        std::fprintf(stderr, "\nbench: %s; stopping the relay\n",
                     sig > 0 ? "interrupted" : "global timeout reached");
        relay->stop();
        ::_exit(3);
    }).detach();
}

void blockStopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// ---- /proc --------------------------------------------------------------------------------

long procStatusKb(pid_t pid, const char* key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0)
            return std::strtol(line.c_str() + line.find(':') + 1, nullptr, 10);
    return -1;
}

struct CpuTimes {
    double user = 0;
    double system = 0;
    double total() const { return user + system; }
};

CpuTimes procCpu(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream fields(text.substr(close + 2));
    std::vector<std::string> f;
    for (std::string s; fields >> s && f.size() < 13;)
        f.push_back(s);
    if (f.size() < 13)
        return {};
    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the ')'.
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    return {std::stod(f[11]) / tick, std::stod(f[12]) / tick};
}


// ---- the benchmark -------------------------------------------------------------------------

struct Options {
    long connections = 10000;
    int idleSeconds = 10;
    int timeoutSeconds = 300;
};

bool parseOptions(int argc, char** argv, Options& o) {
    std::vector<long> v;
    for (int i = 1; i < argc; ++i) {
        char* end = nullptr;
        const long x = std::strtol(argv[i], &end, 10);
        if (!end || *end != '\0' || x <= 0)
            return false;
        v.push_back(x);
    }
    if (v.size() > 3)
        return false;
    if (v.size() > 0) o.connections = v[0];
    if (v.size() > 1) o.idleSeconds = int(v[1]);
    if (v.size() > 2) o.timeoutSeconds = int(v[2]);
    return true;
}

// Raises the soft descriptor limit to the hard one; returns the limit now in force.
rlim_t raiseFileLimit() {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

double mb(long kb) {
    return static_cast<double>(kb) / 1024.0;
}

/// Opens up to `count` connections; stops at the first failure and says why in `why`.
std::vector<std::unique_ptr<TestSmpClient>> connectAll(const TestClientOptions& options,
                                                       long count, std::string& why) {
    std::vector<std::unique_ptr<TestSmpClient>> clients;
    clients.reserve(static_cast<std::size_t>(count));
    const auto start = Clock::now();
    for (long i = 0; i < count; ++i) {
        auto client = TestSmpClient::connect(options);
        if (!client) {
            why = "connection " + std::to_string(i + 1) + " failed: " + client.error().code +
                  ": " + client.error().message + " (last errno: " + std::strerror(errno) + ")";
            break;
        }
        clients.push_back(std::move(client).value());
        if ((i + 1) % 2000 == 0) {
            std::printf("  %ld connected (%.1f s)\n", i + 1,
                        std::chrono::duration<double>(Clock::now() - start).count());
            std::fflush(stdout);
        }
    }
    return clients;
}

long pingAll(std::vector<std::unique_ptr<TestSmpClient>>& clients) {
    long alive = 0;
    for (auto& client : clients) {
        auto pong = client->call({}, smp::cmd::Ping{});
        alive += pong.ok() && std::holds_alternative<smp::rsp::Pong>(*pong);
    }
    return alive;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parseOptions(argc, argv, o)) {
        std::fprintf(stderr, "usage: %s [connections=10000] [idle_s=10] [timeout_s=300]\n",
                     argv[0]);
        return 2;
    }
    const rlim_t files = raiseFileLimit(); // before the relay starts: it inherits the limit
    blockStopSignals();
    std::string error;
    auto relay = RelayProcess::launch(error);
    if (!relay) {
        std::fprintf(stderr, "bench: %s\n", error.c_str());
        return 1;
    }
    startWatchdog(relay, std::chrono::seconds(o.timeoutSeconds));
    const pid_t pid = relay->pid();
    std::printf("Ferry relay idle connections: ferry-relay pid %d on 127.0.0.1:%u (separate "
                "process)\nRLIMIT_NOFILE (soft = hard) %llu for this process and the relay; "
                "%ld connections asked\nNOTE: this machine has %u cores; the relay and the "
                "client share them.\n",
                int(pid), unsigned(relay->clientOptions().port),
                static_cast<unsigned long long>(files), o.connections,
                std::thread::hardware_concurrency());
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // the probe connection closes
    const long rssBefore = procStatusKb(pid, "VmRSS");
    const long selfBefore = procStatusKb(::getpid(), "VmRSS");
    const auto start = Clock::now();
    std::string why;
    auto clients = connectAll(relay->clientOptions(), o.connections, why);
    const double connectSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    const long n = static_cast<long>(clients.size());
    std::printf("connected %ld of %ld in %.1f s (%.0f handshakes/s)\n", n, o.connections,
                connectSeconds, n / connectSeconds);
    if (!why.empty())
        std::printf("  stopped: %s\n", why.c_str());
    std::this_thread::sleep_for(std::chrono::seconds(1));

    const long rssAfter = procStatusKb(pid, "VmRSS");
    std::printf("relay VmRSS: before %.1f MB, with %ld idle connections %.1f MB (VmHWM %.1f MB)"
                " -> %.1f KB per connection\n",
                mb(rssBefore), n, mb(rssAfter), mb(procStatusKb(pid, "VmHWM")),
                n ? static_cast<double>(rssAfter - rssBefore) / static_cast<double>(n) : 0.0);
    std::printf("client process VmRSS: %.1f MB -> %.1f MB (%.1f KB per client connection)\n",
                mb(selfBefore), mb(procStatusKb(::getpid(), "VmRSS")),
                n ? static_cast<double>(procStatusKb(::getpid(), "VmRSS") - selfBefore) / n : 0.0);

    const CpuTimes cpu0 = procCpu(pid);
    std::this_thread::sleep_for(std::chrono::seconds(o.idleSeconds));
    const CpuTimes cpu1 = procCpu(pid);
    std::printf("relay CPU while idle for %d s: %.2f s (user %.2f, sys %.2f)\n", o.idleSeconds,
                cpu1.total() - cpu0.total(), cpu1.user - cpu0.user, cpu1.system - cpu0.system);

    const auto pingStart = Clock::now();
    const long alive = pingAll(clients);
    std::printf("after idling: %ld of %ld connections answered PING (%.1f s)\n", alive, n,
                std::chrono::duration<double>(Clock::now() - pingStart).count());
    std::printf("relay VmRSS after the PINGs %.1f MB, VmHWM %.1f MB\n",
                mb(procStatusKb(pid, "VmRSS")), mb(procStatusKb(pid, "VmHWM")));
    std::fflush(stdout);
    relay->stop();
    clients.clear();
    return (n == o.connections && alive == n) ? 0 : 1;
}
