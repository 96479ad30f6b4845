// Relay idle-connection benchmark: a real `ferry-relay` process on 127.0.0.1 and C client
// connections that each complete the TLS 1.3 and SMP handshakes, then stay idle. Reports the
// relay's RSS before and after (and per connection), the relay's CPU use and wake-ups (context
// switches of all its threads) over an idle period, and checks every connection still answers
// PING afterwards.
//
// Usage: bench_relay_idle [connections=10000] [idle_s=10] [timeout_s=300]
// RLIMIT_NOFILE is raised to the hard limit before the relay starts; it inherits it.

#include "relay/relay_data.h"
#include "relay_process.h"
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
using namespace ferry::bench;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

// ---- the benchmark -------------------------------------------------------------------------

struct Options {
    long connections = 10000;
    int idleSeconds = 10;
    int timeoutSeconds = 300;
};

bool parseOptions(int argc, char** argv, Options& o) {
    const auto parsed = positiveArguments(argc, argv, 3);
    if (!parsed)
        return false;
    const std::vector<long>& v = *parsed;
    if (v.size() > 0)
        o.connections = v[0];
    if (v.size() > 1)
        o.idleSeconds = int(v[1]);
    if (v.size() > 2)
        o.timeoutSeconds = int(v[2]);
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
std::vector<std::unique_ptr<TestSmpClient>> connectAll(const TestClientOptions& options, long count,
                                                       std::string& why) {
    std::vector<std::unique_ptr<TestSmpClient>> clients;
    clients.reserve(static_cast<std::size_t>(count));
    const auto start = Clock::now();
    for (long i = 0; i < count; ++i) {
        auto client = TestSmpClient::connect(options);
        if (!client) {
            why = "connection " + std::to_string(i + 1) +
                  " failed: " + ferry::core::errorTag(client.error().code) + ": " +
                  client.error().message + " (last errno: " + std::strerror(errno) + ")";
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
    const ContextSwitches switches0 = procContextSwitches(pid);
    const auto idleStart = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(o.idleSeconds));
    const ContextSwitches switches1 = procContextSwitches(pid);
    const double idleMinutes =
        std::chrono::duration<double>(Clock::now() - idleStart).count() / 60.0;
    const CpuTimes cpu1 = procCpu(pid);
    std::printf("relay CPU while idle for %d s: %.2f s (user %.2f, sys %.2f)\n", o.idleSeconds,
                cpu1.total() - cpu0.total(), cpu1.user - cpu0.user, cpu1.system - cpu0.system);
    const long long voluntary = switches1.voluntary - switches0.voluntary;
    const long long involuntary = switches1.involuntary - switches0.involuntary;
    std::printf("relay wake-ups while idle: %lld context switches in %.2f min (voluntary %lld, "
                "involuntary %lld) -> %.1f per minute\n",
                voluntary + involuntary, idleMinutes, voluntary, involuntary,
                static_cast<double>(voluntary + involuntary) / idleMinutes);

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
