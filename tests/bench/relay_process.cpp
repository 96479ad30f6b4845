#include "relay_process.h"

#include "crypto/server_identity.h"
#include "relay/relay_data.h"

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

namespace ferry::bench {

using Clock = std::chrono::steady_clock;
using test::TestSmpClient;

std::optional<std::vector<long>> positiveArguments(int argc, char** argv, std::size_t most) {
    std::vector<long> values;
    for (int i = 1; i < argc; ++i) {
        char* end = nullptr;
        const long x = std::strtol(argv[i], &end, 10);
        if (!end || *end != '\0' || x <= 0)
            return std::nullopt;
        values.push_back(x);
    }
    if (values.size() > most)
        return std::nullopt;
    return values;
}

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

std::shared_ptr<RelayProcess> RelayProcess::launch(std::string& error, const RelayLaunch& how) {
    auto relay = std::make_shared<RelayProcess>();
    std::string pattern = (fs::temp_directory_path() / "ferry-bench-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
        error = "mkdtemp failed";
        return nullptr;
    }
    relay->m_dir = pattern;
    relay->m_dataDir = relay->m_dir / "relay";
    if (!relay->initData(error, how.configLines))
        return nullptr;
    std::vector<std::string> args{"start", "--data", relay->m_dataDir.string()};
    args.insert(args.end(), how.startArguments.begin(), how.startArguments.end());
    relay->m_pid = spawnRelay(args, relay->m_dir / "relay.log");
    relay->m_ownPort = relay->m_options.port;
    if (how.readyPort)
        relay->m_options.port = *how.readyPort;
    if (relay->m_pid < 0) {
        error = "fork failed";
        return nullptr;
    }
    if (!relay->waitReady(error))
        return nullptr;
    return relay;
}

std::string RelayProcess::address() const {
    return "smp://" + core::crypto::serverIdentityText(m_options.identity) +
           "@127.0.0.1:" + std::to_string(m_ownPort);
}

bool RelayProcess::initData(std::string& error, const std::vector<std::string>& configLines) {
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
    // The idle benchmark opens 10,000 connections, more than the default limit.
    config->maxConnections = 0;
    std::ofstream ini(m_dataDir / relay::files::kConfig);
    ini << relay::formatRelayConfig(*config);
    for (const std::string& line : configLines)
        ini << line << "\n";
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
    error = "ferry-relay was not reachable within 15 s: " + log();
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

ContextSwitches procContextSwitches(pid_t pid) {
    ContextSwitches sum;
    std::error_code ec;
    for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream in(task.path() / "status");
        std::string line;
        while (std::getline(in, line)) {
            const auto colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            const long long n = std::strtoll(line.c_str() + colon + 1, nullptr, 10);
            if (line.starts_with("voluntary_ctxt_switches"))
                sum.voluntary += n;
            else if (line.starts_with("nonvoluntary_ctxt_switches"))
                sum.involuntary += n;
        }
    }
    return sum;
}

} // namespace ferry::bench
