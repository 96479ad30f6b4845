// The relay under attack: a real `ferry-relay` process (Release) on 127.0.0.1, a well-behaved
// pair of clients sending a message every 50 ms, and one attack at a time. Reports, per
// attack, the relay's resident memory before and at its peak, the pair's round-trip latency
// (SEND → MSG → ACK) and the relay's CPU time while the attack runs, and after the table what
// each attack saw of the relay's answer. The same attacks, with pass/fail bounds, are the
// test tests/relay/test_hostile_clients.cpp.
//
// Usage: bench_relay_attacks [seconds_per_attack=10] [flooders=32] [stalled=1000]

#include "crypto/certificate_issuer.h"
#include "crypto/crypto_box.h"
#include "crypto/random.h"
#include "crypto/signing_key.h"
#include "free_port.h"
#include "node/reachability_check.h"
#include "node/tunnel_client.h"
#include "relay_pair.h"
#include "relay_process.h"
#include "smp/server_address.h"
#include "smp/transmission.h"
#include "throwaway_node.h"
#include "tunnel_control_flood.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <set>
#include <sstream>
#include <string>
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

// The descriptor exhaustion: connections kept open (well below the listen backlog of 4096, so
// that connect() returns at once) and descriptors the relay may open beyond those it has.
constexpr long kExhaustingConnections = 256;
constexpr long kDescriptorHeadroom = 16;

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
    void report(const char* attack, long baselineKb, double cpuPercent) {
        std::sort(m_latenciesUs.begin(), m_latenciesUs.end());
        auto at = [&](double q) {
            if (m_latenciesUs.empty())
                return 0.0;
            const auto i = static_cast<std::size_t>(q * double(m_latenciesUs.size() - 1));
            return double(m_latenciesUs[i]) / 1000.0;
        };
        std::printf("| %s | %.1f MB → %.1f MB | %.1f / %.1f / %.1f ms | %zu | %d | %.1f %% |\n",
                    attack, double(baselineKb) / 1024, double(m_peakKb) / 1024, at(0.5), at(0.99),
                    at(1.0), m_latenciesUs.size(), m_failed, cpuPercent);
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

// One RFWD as a private routing proxy sends it, its body (15,000 bytes, about the largest
// forward a block holds) sealed with the connection's hello key, so that the relay must open
// it, and garbage inside, so that the relay answers it with an error.
std::optional<Bytes> garbageForward(TestSmpClient& client) {
    auto box = client.helloBox();
    if (!box)
        return std::nullopt;
    const Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
    auto sealed = box->seal(crypto::cbNonce(corrId), Bytes(15000, 0x2a));
    if (!sealed)
        return std::nullopt;
    return client.transmissionWith(corrId, {}, smp::cmd::Rfwd{std::move(sealed).value()});
}

// Clients that send blocks of one garbage RFWD each and never read, until their writes fail.
// Their own write timeout is longer than the relay's write stall timeout, so a write that
// fails before the end is one the relay cut off by closing the connection.
std::string forwardFlood(const RelayProcess& relay, long count, const std::atomic<bool>& stop) {
    TestClientOptions o = relay.clientOptions();
    o.socketBuffer = 16384;
    o.timeout = 20s;
    std::atomic<long> blocks{0};
    std::atomic<long> stalled{0}; // closed by the relay
    std::atomic<long> failed{0};
    std::vector<std::thread> threads;
    for (long i = 0; i < count; ++i)
        threads.emplace_back([&] {
            auto client = TestSmpClient::connect(o);
            const auto forward = client ? garbageForward(**client) : std::nullopt;
            if (!forward) {
                ++failed;
                return;
            }
            while (!stop && (*client)->sendBlock({*forward}))
                ++blocks;
            stalled += stop ? 0 : 1;
            while (!stop) // hold the connection, still not reading
                std::this_thread::sleep_for(50ms);
        });
    for (auto& thread : threads)
        thread.join();
    std::ostringstream out;
    out << blocks << " blocks of one forward sent in all (" << blocks / 64 << " MB), " << stalled
        << " of " << count << " clients closed by the relay before the end";
    if (failed > 0)
        out << ", " << failed << " could not connect or seal";
    return out.str();
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

// The peer has closed (or reset) the connection on this socket; nothing is read.
bool peerClosed(int fd) {
    pollfd p{fd, POLLRDHUP, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

// TLS connections for Ferry's node service (ALPN ferry-node/1) that finish the handshake and
// then never send a message, all from 127.0.0.1 and topped up all the time, as the idle SMP
// sessions are: the relay admits the address's share (the node service counts in the same
// budget) and closes each after the node service's 15 s wait for a first message.
std::string nodeServiceFlood(const RelayProcess& relay, long count, const std::atomic<bool>& stop) {
    namespace asio = boost::asio;
    using Stream = asio::ssl::stream<asio::ip::tcp::socket>;
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    static const unsigned char kAlpn[] = "\x0c"
                                         "ferry-node/1";
    SSL_CTX_set_alpn_protos(tls.native_handle(), kAlpn, sizeof kAlpn - 1);
    const asio::ip::tcp::endpoint port(asio::ip::make_address("127.0.0.1"),
                                       relay.clientOptions().port);
    std::vector<std::unique_ptr<Stream>> held;
    std::size_t mostHeld = 0;
    long admitted = 0;
    long refused = 0;
    while (!stop) {
        for (long i = 0; i < count / 10 && static_cast<long>(held.size()) < count && !stop; ++i) {
            auto stream = std::make_unique<Stream>(io, tls);
            boost::system::error_code ec;
            stream->lowest_layer().connect(port, ec);
            if (!ec)
                stream->handshake(Stream::client, ec);
            if (ec) {
                ++refused;
                continue;
            }
            ++admitted;
            held.push_back(std::move(stream));
        }
        mostHeld = std::max(mostHeld, held.size());
        std::this_thread::sleep_for(200ms);
        std::erase_if(held,
                      [](const auto& s) { return peerClosed(s->lowest_layer().native_handle()); });
    }
    return std::to_string(mostHeld) + " held at once, " + std::to_string(admitted) +
           " handshakes completed in all, " + std::to_string(refused) + " refused";
}

// Descriptors the process has open now with a number below `below` (-1 if /proc cannot tell).
// RLIMIT_NOFILE bounds the numbers of new descriptors, not their count: one opened earlier
// above a lowered limit stays open but does not take a place below it.
long openDescriptors(pid_t pid, long below = std::numeric_limits<long>::max()) {
    std::error_code ec;
    long n = 0;
    for (fs::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
         !ec && it != end; it.increment(ec))
        n += std::stol(it->path().filename().string()) < below ? 1 : 0;
    return ec ? -1 : n;
}

// Connections waiting in the accept queue of the listening socket on 127.0.0.1:port: for a
// socket in LISTEN, /proc/net/tcp's rx_queue is that queue's length (-1 if not found).
long acceptQueue(std::uint16_t port) {
    std::ifstream in("/proc/net/tcp");
    char wanted[32];
    std::snprintf(wanted, sizeof wanted, "0100007F:%04X", port);
    std::string line;
    std::getline(in, line); // the header
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state, queues;
        fields >> slot >> local >> remote >> state >> queues;
        const auto colon = queues.find(':');
        if (local == wanted && state == "0A" && colon != std::string::npos)
            return std::stol(queues.substr(colon + 1), nullptr, 16);
    }
    return -1;
}

// What the descriptor exhaustion saw of the relay, sampled every 200 ms.
struct DescriptorSamples {
    long opened = 0;      ///< connections the attacker opened in all
    long mostOpen = 0;    ///< the relay's open descriptors below the limit, at most
    long mostWaiting = 0; ///< connections in its accept queue, at most
    long atLimit = 0;     ///< samples with every number below the limit in use
    long taken = 0;
};

// Keeps `count` connections to 127.0.0.1:port open in `sockets` until stopped, opening new
// ones as the relay closes some, and samples the relay's descriptors (against `limit`) and its
// accept queue. The sockets stay open for the caller to close.
DescriptorSamples holdConnections(pid_t relay, std::uint16_t port, long count, long limit,
                                  std::vector<int>& sockets, const std::atomic<bool>& stop) {
    DescriptorSamples seen;
    while (!stop) {
        while (static_cast<long>(sockets.size()) < count && !stop) {
            const int fd = tcpConnect(port);
            if (fd < 0)
                break;
            sockets.push_back(fd);
            ++seen.opened;
        }
        std::this_thread::sleep_for(200ms);
        const long open = openDescriptors(relay, limit);
        seen.mostOpen = std::max(seen.mostOpen, open);
        seen.mostWaiting = std::max(seen.mostWaiting, acceptQueue(port));
        seen.atLimit += open >= limit ? 1 : 0;
        ++seen.taken;
        std::erase_if(sockets, [](int fd) {
            if (!peerClosed(fd))
                return false;
            ::close(fd);
            return true;
        });
    }
    return seen;
}

// More TCP connections than the relay has descriptors left for: its soft RLIMIT_NOFILE is
// lowered to what it has open plus `headroom` and `count` connections from 127.0.0.1 are kept
// open. The first ones are accepted and held until the handshake timeout; the rest wait in the
// accept queue, where accept() fails with EMFILE until a descriptor comes free. Afterwards the
// limit is restored and a new client (from 127.0.0.3, outside the attacker's share) is timed
// from the restore to its finished handshake, while the attacker's queued connections are still
// ahead of it.
std::string descriptorExhaustion(const RelayProcess& relay, long count, long headroom,
                                 const std::atomic<bool>& stop) {
    const pid_t pid = relay.pid();
    rlimit before{};
    if (::prlimit(pid, RLIMIT_NOFILE, nullptr, &before) != 0)
        return std::string("prlimit failed: ") + std::strerror(errno);
    const long openAtStart = openDescriptors(pid);
    rlimit lowered = before;
    lowered.rlim_cur = static_cast<rlim_t>(openAtStart + headroom);
    if (::prlimit(pid, RLIMIT_NOFILE, &lowered, nullptr) != 0)
        return std::string("prlimit failed: ") + std::strerror(errno);
    std::vector<int> sockets;
    const DescriptorSamples seen = holdConnections(
        pid, relay.clientOptions().port, count, static_cast<long>(lowered.rlim_cur), sockets, stop);
    ::prlimit(pid, RLIMIT_NOFILE, &before, nullptr);
    TestClientOptions fresh = relay.clientOptions();
    fresh.sourceAddress = "127.0.0.3";
    fresh.timeout = 5s;
    const auto restored = Clock::now();
    const bool served = static_cast<bool>(TestSmpClient::connect(fresh));
    const auto recoveryMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - restored).count();
    for (int fd : sockets)
        ::close(fd);
    std::ostringstream out;
    out << "limit " << lowered.rlim_cur << " (" << openAtStart << " open + " << headroom << "), "
        << seen.opened << " connections opened, descriptors below the limit open at most "
        << seen.mostOpen << " (all of them in " << seen.atLimit << " of " << seen.taken
        << " samples), accept queue at most " << seen.mostWaiting
        << "; after the limit was restored "
        << (served ? "a new client's handshake took " : "a new client failed after ") << recoveryMs
        << " ms";
    return out.str();
}

// ---- the node service: tunnels and reachability checks ----------------------------------

// The relay's public tunnel ports, and throwaway identities asking for them: a new one every
// kSquatInterval, the newest kSquattersAtOnce kept and older ones stopped. The control flood
// before the squatting takes two ports with identities that earn them, which leaves the
// squatting four, as in the test.
constexpr int kControlFlooders = 2;
constexpr int kTunnelPorts = 4 + kControlFlooders;
constexpr auto kSquatInterval = 50ms;
constexpr std::size_t kSquattersAtOnce = 16;
// Reachability checks at once, and the pause each thread takes between its checks.
constexpr int kCheckThreads = 4;
constexpr auto kCheckPause = 100ms;

// A tunnel and the first answer it got: a port, or a refusal.
class Tunnel {
public:
    Tunnel(const std::string& relayAddress, const ThrowawayNode& node)
        : m_client(tunnelAs(relayAddress, node), [this](const core::node::TunnelStatus& s) {
              using enum core::node::TunnelState;
              std::lock_guard lock(m_mutex);
              if (!m_first && (s.state == Open || s.state == Refused)) {
                  m_first = s;
                  m_answered.notify_all();
              }
          }) {
        if (auto started = m_client.start(); !started) {
            m_first.emplace();
            m_first->reason = started.error().message;
        }
    }

    std::optional<core::node::TunnelStatus> firstAnswer(std::chrono::milliseconds wait = 0ms) {
        std::unique_lock lock(m_mutex);
        m_answered.wait_for(lock, wait, [this] { return m_first.has_value(); });
        return m_first;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_answered;
    std::optional<core::node::TunnelStatus> m_first;
    core::node::TunnelClient m_client; // last, stopped first: its listener uses the others
};

// Throwaway identities against the tunnel service. A known node takes a port first and goes
// away; the squatters then come and go for the attack's duration, and the known node comes
// back at the end while the last of them are still there.
std::string tunnelSquatting(const RelayProcess& relay, const std::atomic<bool>& stop) {
    const ThrowawayNode known = makeThrowawayNode();
    std::uint16_t knownPort = 0;
    {
        Tunnel tunnel(relay.address(), known);
        auto open = tunnel.firstAnswer(10s);
        if (!open || !open->publicPort)
            return "the known node got no port before the attack";
        knownPort = open->publicPort;
        // Past tunnel_reserve_after_seconds: a node that has earned its port, not a passer-by.
        std::this_thread::sleep_for(1500ms);
    }
    long tried = 0;
    long opened = 0;
    long refused = 0;
    std::set<std::uint16_t> ports;
    std::set<std::string> reasons;
    auto tally = [&](Tunnel& t) {
        using enum core::node::TunnelState;
        const auto first = t.firstAnswer();
        if (first && first->state == Open) {
            ++opened;
            ports.insert(first->publicPort);
        } else if (first) {
            refused += first->state == Refused ? 1 : 0;
            reasons.insert(first->reason);
        }
    };
    std::deque<std::unique_ptr<Tunnel>> squatters;
    while (!stop) {
        const auto next = Clock::now() + kSquatInterval;
        squatters.push_back(std::make_unique<Tunnel>(relay.address(), makeThrowawayNode()));
        ++tried;
        if (squatters.size() > kSquattersAtOnce) {
            tally(*squatters.front());
            squatters.pop_front();
        }
        std::this_thread::sleep_until(next);
    }
    const auto back = Tunnel(relay.address(), known).firstAnswer(10s);
    for (auto& squatter : squatters)
        tally(*squatter);
    squatters.clear();
    std::ostringstream out;
    out << tried << " identities tried, " << opened << " got a port (" << ports.size()
        << " different ones, " << (ports.contains(knownPort) ? "the" : "never the")
        << " known node's among them), " << refused << " refused, " << tried - opened - refused
        << " had no answer when stopped";
    for (const std::string& reason : reasons)
        out << " (\"" << reason << "\")";
    out << "; the known node, back at the end, "
        << (!back                                          ? "got no answer"
            : back->state != core::node::TunnelState::Open ? "was refused: " + back->reason
            : back->publicPort == knownPort                ? std::string("got its port back")
                                                           : "got another port");
    return out.str();
}

// Reachability checks that ask the relay to dial its own machine: a port listening on
// 127.0.0.1 named as 127.0.0.1, localhost and ::ffff:127.0.0.1, from kCheckThreads threads
// for the attack's duration. Counts the answers, and the connections the listener accepted.
std::string localChecks(const RelayProcess& relay, const std::atomic<bool>& stop) {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener, 64) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
        if (listener >= 0)
            ::close(listener);
        return "no local listener";
    }
    std::atomic<long> accepted{0};
    std::thread accepting([&] {
        while (!stop) {
            pollfd p{listener, POLLIN, 0};
            if (::poll(&p, 1, 100) > 0)
                if (const int fd = ::accept(listener, nullptr, nullptr); fd >= 0) {
                    ++accepted;
                    ::close(fd);
                }
        }
    });
    auto target = std::move(core::smp::parseServerAddress(relay.address())).value();
    target.port = ntohs(addr.sin_port);
    std::vector<std::string> targets;
    for (const char* host : {"127.0.0.1", "localhost", "::ffff:127.0.0.1"}) {
        target.hosts = {std::move(core::smp::parseTransportHost(host)).value()};
        targets.push_back(core::smp::formatServerAddress(target));
    }
    std::mutex mutex;
    std::map<std::string, long> outcomes; // what the checker said, in its words
    std::vector<std::thread> threads;
    for (int t = 0; t < kCheckThreads; ++t)
        threads.emplace_back([&, t] {
            for (std::size_t n = t; !stop; ++n) {
                const auto result =
                    core::node::checkReachability(relay.address(), targets[n % 3], 5000ms);
                {
                    std::lock_guard lock(mutex);
                    ++outcomes[!result             ? result.error().message
                               : result->reachable ? std::string("reachable")
                                                   : "not reachable: " + result->detail];
                }
                std::this_thread::sleep_for(kCheckPause);
            }
        });
    for (auto& thread : threads)
        thread.join();
    accepting.join();
    ::close(listener);
    long all = 0;
    for (const auto& [what, n] : outcomes)
        all += n;
    std::ostringstream out;
    out << all << " checks:";
    for (const auto& [what, n] : outcomes)
        out << " " << n << " × \"" << what << "\";";
    out << " the local listener accepted " << accepted << " connections";
    return out.str();
}

// Tunnel control connections (each a throwaway identity with a port of its own) that send
// PINGs as fast as they can and never read the PONGs, until the relay drops them or the
// attack ends.
std::string controlPingFlood(const RelayProcess& relay, int attackers,
                             const std::atomic<bool>& stop) {
    std::vector<std::unique_ptr<TunnelControlFlood>> floods;
    for (int i = 0; i < attackers; ++i)
        floods.push_back(
            std::make_unique<TunnelControlFlood>(relay.address(), makeThrowawayNode()));
    std::mutex mutex;
    std::vector<std::string> ends;
    std::vector<std::thread> threads;
    const auto started = Clock::now();
    for (auto& flood : floods)
        threads.emplace_back([&, f = flood.get()] {
            if (!f->opened()) {
                std::lock_guard lock(mutex);
                ends.push_back("no port");
                return;
            }
            const int sent = f->flood(std::numeric_limits<int>::max(), stop);
            const auto after = std::chrono::duration<double>(Clock::now() - started).count();
            std::ostringstream end;
            end << sent << " batches of " << TunnelControlFlood::kPingsPerBatch << " PINGs, then "
                << (stop ? "still open at the attack's end"
                         : "closed by the relay after " + std::to_string(int(after)) + " s");
            std::lock_guard lock(mutex);
            ends.push_back(end.str());
        });
    while (!stop)
        std::this_thread::sleep_for(50ms);
    for (auto& flood : floods)
        flood->cut(); // ends a write the relay no longer takes
    for (auto& thread : threads)
        thread.join();
    std::ostringstream out;
    for (std::size_t i = 0; i < ends.size(); ++i)
        out << (i ? "; " : "") << ends[i];
    return out.str();
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
    // The tunnel service's limits are the test's: every identity here comes from one /24, so
    // the per-network share would stop the squatters before the reservations are tried.
    const std::uint16_t tunnels = test::freeLoopbackPorts(kTunnelPorts);
    if (tunnels == 0) {
        std::fprintf(stderr, "no %d free ports in a row for the tunnel service\n", kTunnelPorts);
        return 1;
    }
    how.configLines = {"max_connections = 0",
                       "handshake_timeout_seconds = 5",
                       "write_stall_timeout_seconds = 5",
                       "idle_timeout_seconds = 10",
                       "[nodes]",
                       "check_timeout_seconds = 1",
                       "tunnel_ports = " + std::to_string(tunnels) + "-" +
                           std::to_string(tunnels + kTunnelPorts - 1),
                       "tunnel_nodes_per_network = 100",
                       "tunnel_max_nodes = 100",
                       "tunnel_reserve_after_seconds = 1"};
    auto relay = RelayProcess::launch(error, how);
    if (!relay) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    startWatchdog(relay, std::chrono::seconds(o.seconds * 12 + 240));
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

    using Attack = std::function<std::string(const std::atomic<bool>&)>;
    const std::vector<std::pair<const char*, Attack>> attacks = {
        {"none",
         [](const std::atomic<bool>& stop) {
             while (!stop)
                 std::this_thread::sleep_for(50ms);
             return std::string();
         }},
        {"PING flood, never reading",
         [&](const std::atomic<bool>& stop) {
             pingFlood(*relay, o.flooders, stop);
             return std::string();
         }},
        {"RFWD flood, never reading",
         [&](const std::atomic<bool>& stop) { return forwardFlood(*relay, o.flooders, stop); }},
        {"stalled TLS handshakes",
         [&](const std::atomic<bool>& stop) {
             stalledHandshakes(*relay, o.stalled, stop);
             return std::string();
         }},
        {"idle SMP sessions from one address",
         [&](const std::atomic<bool>& stop) {
             idleSessions(*relay, o.stalled, stop);
             return std::string();
         }},
        {"idle node-service TLS connections from one address",
         [&](const std::atomic<bool>& stop) { return nodeServiceFlood(*relay, o.stalled, stop); }},
        {"tunnel control connections flooding PINGs, never reading",
         [&](const std::atomic<bool>& stop) {
             return controlPingFlood(*relay, kControlFlooders, stop);
         }},
        {"tunnel squatting with throwaway identities",
         [&](const std::atomic<bool>& stop) { return tunnelSquatting(*relay, stop); }},
        {"reachability checks aimed at the relay's machine",
         [&](const std::atomic<bool>& stop) { return localChecks(*relay, stop); }},
        {"file descriptors run out (EMFILE)",
         [&](const std::atomic<bool>& stop) {
             return descriptorExhaustion(*relay, kExhaustingConnections, kDescriptorHeadroom, stop);
         }},
    };
    std::printf("| attack | relay RSS before → peak | pair round trip p50 / p99 / max | "
                "round trips | failed | relay CPU |\n|---|---|---|---|---|---|\n");
    std::vector<std::string> notes;
    for (const auto& [name, attack] : attacks) {
        const long baseline = procStatusKb(relay->pid(), "VmRSS");
        std::atomic<bool> stop{false};
        std::string note;
        const CpuTimes cpuBefore = procCpu(relay->pid());
        const auto started = Clock::now();
        std::thread attacker([&, run = attack] { note = run(stop); });
        std::thread watching([&] { witness.run(stop); });
        std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
        const double cpuSeconds = procCpu(relay->pid()).total() - cpuBefore.total();
        const double wallSeconds = std::chrono::duration<double>(Clock::now() - started).count();
        stop = true;
        attacker.join();
        watching.join();
        witness.report(name, baseline, 100.0 * cpuSeconds / wallSeconds);
        if (!note.empty())
            notes.push_back(std::string(name) + ": " + note);
        std::this_thread::sleep_for(6s); // the relay lets go of the attack's connections
    }
    std::printf("\nrelay CPU: user + system seconds over the attack, in %% of one core\n");
    for (const std::string& line : notes)
        std::printf("%s\n", line.c_str());
    relay->stop();
    return 0;
}
