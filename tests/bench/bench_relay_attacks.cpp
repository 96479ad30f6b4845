// The relay under attack: a real `ferry-relay` process (Release) on 127.0.0.1, a well-behaved
// pair of clients sending a message every 50 ms, and one attack at a time. Reports, per
// attack, the relay's resident memory before and at its peak, and the pair's round-trip
// latency (SEND → MSG → ACK) while the attack runs. The same attacks, with pass/fail bounds,
// are the test tests/relay/test_hostile_clients.cpp.
//
// Usage: bench_relay_attacks [seconds_per_attack=10] [flooders=32] [stalled=1000]

#include "relay_pair.h"
#include "relay_process.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace ferry;
using namespace ferry::test;
using namespace ferry::bench;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

struct Options {
    int seconds = 10;
    long flooders = 32;
    long stalled = 1000;
};

// Sends a message every 50 ms and samples the relay's memory, until stopped.
class Witness {
public:
    Witness(RelayPair pair, pid_t relay) : m_pair(std::move(pair)), m_relay(relay) {}

    void run(const std::atomic<bool>& stop) {
        while (!stop) {
            const auto started = Clock::now();
            if (roundTrip(m_pair, "witness"))
                m_latenciesUs.push_back(
                    std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started)
                        .count());
            else
                ++m_failed;
            m_peakKb = std::max(m_peakKb, procStatusKb(m_relay, "VmRSS"));
            std::this_thread::sleep_for(50ms);
        }
    }

    // p50, p99 and max in ms; resets for the next attack.
    void report(const char* attack, long baselineKb) {
        std::sort(m_latenciesUs.begin(), m_latenciesUs.end());
        auto at = [&](double q) {
            if (m_latenciesUs.empty())
                return 0.0;
            const auto i = static_cast<std::size_t>(q * double(m_latenciesUs.size() - 1));
            return double(m_latenciesUs[i]) / 1000.0;
        };
        std::printf("| %s | %.1f MB → %.1f MB | %.1f / %.1f / %.1f ms | %zu | %d |\n", attack,
                    double(baselineKb) / 1024, double(m_peakKb) / 1024, at(0.5), at(0.99), at(1.0),
                    m_latenciesUs.size(), m_failed);
        std::fflush(stdout);
        m_latenciesUs.clear();
        m_failed = 0;
        m_peakKb = 0;
    }

private:
    RelayPair m_pair;
    pid_t m_relay;
    std::vector<long> m_latenciesUs;
    int m_failed = 0;
    long m_peakKb = 0;
};

int tcpConnect(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
        return fd;
    if (fd >= 0)
        ::close(fd);
    return -1;
}

// Clients that send blocks of 255 PINGs and never read, until the relay stops reading.
void pingFlood(const RelayProcess& relay, long count, const std::atomic<bool>& stop) {
    TestClientOptions o = relay.clientOptions();
    o.socketBuffer = 16384;
    std::vector<std::thread> threads;
    for (long i = 0; i < count; ++i)
        threads.emplace_back([o, &stop] {
            auto client = TestSmpClient::connect(o);
            if (!client)
                return;
            std::vector<Bytes> block;
            for (int p = 0; p < 255; ++p)
                block.push_back((*client)->transmission({}, smp::cmd::Ping{}));
            while (!stop && (*client)->sendBlock(block)) {
            }
            while (!stop) // hold the connection, still not reading
                std::this_thread::sleep_for(50ms);
        });
    for (auto& thread : threads)
        thread.join();
}

// TCP connections that never start TLS, opened again as the relay closes them.
void stalledHandshakes(const RelayProcess& relay, long count, const std::atomic<bool>& stop) {
    std::vector<int> sockets;
    while (!stop) {
        while (static_cast<long>(sockets.size()) < count && !stop) {
            const int fd = tcpConnect(relay.clientOptions().port);
            if (fd < 0)
                break;
            sockets.push_back(fd);
        }
        std::this_thread::sleep_for(200ms);
        // Drop the ones the relay closed, so that the count stays at `count`.
        std::erase_if(sockets, [](int fd) {
            char byte;
            if (::recv(fd, &byte, 1, MSG_DONTWAIT) == 0) {
                ::close(fd);
                return true;
            }
            return false;
        });
    }
    for (int fd : sockets)
        ::close(fd);
}

// SMP sessions that finish the handshake and then never send a command, all from the
// attacker's one address, topped up all the time: the relay admits the address's share
// (max_connections_per_address) and closes each after idle_timeout_seconds.
void idleSessions(const RelayProcess& relay, long count, const std::atomic<bool>& stop) {
    TestClientOptions o = relay.clientOptions();
    o.timeout = 2s;
    std::deque<std::unique_ptr<TestSmpClient>> held;
    while (!stop) {
        for (long i = 0; i < count / 10 && !stop; ++i) {
            if (auto client = TestSmpClient::connect(o)) {
                held.push_back(std::move(*client));
                if (static_cast<long>(held.size()) > count)
                    held.pop_front();
            }
        }
        std::this_thread::sleep_for(200ms);
    }
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    const auto parsed = positiveArguments(argc, argv, 3);
    if (!parsed) {
        std::fprintf(stderr, "usage: bench_relay_attacks [seconds=10] [flooders=32] "
                             "[stalled=1000]\n");
        return 2;
    }
    if (parsed->size() > 0)
        o.seconds = int((*parsed)[0]);
    if (parsed->size() > 1)
        o.flooders = (*parsed)[1];
    if (parsed->size() > 2)
        o.stalled = (*parsed)[2];
    blockStopSignals();
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);

    std::string error;
    RelayLaunch how;
    how.configLines = {"max_connections = 0", "handshake_timeout_seconds = 5",
                       "write_stall_timeout_seconds = 5", "idle_timeout_seconds = 10"};
    auto relay = RelayProcess::launch(error, how);
    if (!relay) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    startWatchdog(relay, std::chrono::seconds(o.seconds * 8 + 120));
    // The pair is another host than the attackers (127.0.0.1), so that the per-address
    // share is theirs to exhaust.
    TestClientOptions pairOptions = relay->clientOptions();
    pairOptions.sourceAddress = "127.0.0.2";
    auto pair = makeRelayPair(pairOptions);
    if (!pair) {
        std::fprintf(stderr, "the well-behaved pair could not start\n");
        return 1;
    }
    Witness witness(std::move(*pair), relay->pid());

    std::printf("| attack | relay RSS before → peak | pair round trip p50 / p99 / max | "
                "round trips | failed |\n|---|---|---|---|---|\n");
    const std::vector<std::pair<const char*, std::function<void(const std::atomic<bool>&)>>>
        attacks = {
            {"none",
             [](const std::atomic<bool>& stop) {
                 while (!stop)
                     std::this_thread::sleep_for(50ms);
             }},
            {"PING flood, never reading",
             [&](const std::atomic<bool>& stop) { pingFlood(*relay, o.flooders, stop); }},
            {"stalled TLS handshakes",
             [&](const std::atomic<bool>& stop) { stalledHandshakes(*relay, o.stalled, stop); }},
            {"idle SMP sessions from one address",
             [&](const std::atomic<bool>& stop) { idleSessions(*relay, o.stalled, stop); }},
        };
    for (const auto& [name, attack] : attacks) {
        const long baseline = procStatusKb(relay->pid(), "VmRSS");
        std::atomic<bool> stop{false};
        std::thread attacker([&, run = attack] { run(stop); });
        std::thread watching([&] { witness.run(stop); });
        std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
        stop = true;
        attacker.join();
        watching.join();
        witness.report(name, baseline);
        std::this_thread::sleep_for(6s); // the relay lets go of the attack's connections
    }
    relay->stop();
    return 0;
}
