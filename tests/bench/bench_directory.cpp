// ferry-directory benchmark (#15): what the relay directory costs per listing query, per
// registration and per probe with N relays registered (10,000 by default), all in this process
// on 127.0.0.1. docs/benchmarks.md ("Relay directory") has figures and what they mean.
//
// Usage: bench_directory [relays=10000] [seconds=4] [connections=4] [registrations=60]
//                        [probes=200]
//
//  1. GET /v1/relays: RelayRegistry::query and encodeRelayList alone on this thread, then over
//     HTTPS against a DirectoryService on exactly one io thread whose store holds N relays,
//     each registration really signed (DirectoryStore::load verifies them again); clients on
//     other threads with keep-alive connections (Boost.Beast), and with DirectoryClient (a
//     new TLS connection per request).
//  2. Registrations: how many the directory can check per CPU-second, the registry and store work
//     after the dial-back, and POST /v1/relays end to end with a real relay in this process.
//  3. Probes: the CPU of one probeRelay (TCP, TLS, SMP handshake, PING) on both sides, the
//     bytes it moves, and what a probe every 600 s costs.
// Figures are CPU time of the thread doing the work where one thread does it, so other
// programs on the machine's cores inflate them less than wall time. The relays it registers
// and the relay it probes are in bench_directory_relays.h.

#include "bench_directory_relays.h"
#include "directory/directory_client.h"
#include "directory/proof_of_work.h"
#include "directory/relay_query.h"
#include "net/relay_probe.h"
#include "net/smp_transport.h"
#include "relay/directory/challenge_issuer.h"
#include "relay/directory/directory_data.h"
#include "relay/directory/directory_service.h"
#include "relay/directory/directory_store.h"
#include "relay/directory/relay_registry.h"
#include "relay/relay_data.h"
#include "relay/relay_server.h"
#include "smp/server_address.h"
#include "util/clock.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <pthread.h>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <time.h>
#include <vector>

using namespace ferry;
using namespace ferry::bench;
using namespace ferry::relay::directory;
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace wire = ferry::core::directory;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using asio::ip::tcp;

namespace {

constexpr int kProbeIntervalSeconds = 600; // the default probe_interval_seconds

struct Options {
    std::size_t relays = 10'000;
    double seconds = 4;
    int connections = 4;
    int registrations = 60;
    int probes = 200;
};

// ---- timing --------------------------------------------------------------------------------

double cpuSeconds(clockid_t clock) {
    timespec t{};
    ::clock_gettime(clock, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}
double thisThreadCpu() {
    return cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
}
double threadCpu(std::thread& thread) {
    clockid_t clock{};
    ::pthread_getcpuclockid(thread.native_handle(), &clock);
    return cpuSeconds(clock);
}
double processCpu() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}
Clock::time_point after(double seconds) {
    return Clock::now() +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}
double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// Calls `op` for about `seconds`; this thread's CPU time per call, in microseconds.
template <typename Op> double usPerCall(double seconds, Op op) {
    const double cpu0 = thisThreadCpu();
    const auto start = Clock::now();
    long calls = 0;
    do {
        for (int i = 0; i < 8; ++i)
            op();
        calls += 8;
    } while (secondsSince(start) < seconds);
    return (thisThreadCpu() - cpu0) / static_cast<double>(calls) * 1e6;
}

/// An io_context run by one thread of its own until destroyed.
class IoThread {
public:
    IoThread() : m_thread([this] { io.run(); }) {}
    ~IoThread() {
        m_work.reset();
        io.stop();
        m_thread.join();
    }
    double cpu() { return threadCpu(m_thread); }
    asio::io_context io;

private:
    asio::executor_work_guard<asio::io_context::executor_type> m_work = asio::make_work_guard(io);
    std::thread m_thread;
};

// ---- 1a. the query path alone ----------------------------------------------------------------

void benchQueryPath(const Population& p, const Options& o) {
    std::printf("\n== 1a. Listing query path on this thread (%zu relays in the registry) ==\n",
                p.records.size());
    RelayRegistry registry(RegistryPolicy{}); // the defaults of directory.ini
    for (const auto& record : p.records)
        registry.restore(record);
    (void)registry.query(20, {}, {}); // the first query builds the snapshot
    std::size_t bytes20 = 0, bytes100 = 0;
    std::vector<std::string> exclude;
    for (std::size_t i = 0; i < 20; ++i)
        exclude.push_back(p.records[i * 7].fingerprint);
    const double queryOnly = usPerCall(o.seconds / 4, [&] { (void)registry.query(20, {}, {}); });
    const double q20 = usPerCall(
        o.seconds / 4, [&] { bytes20 = wire::encodeRelayList(registry.query(20, {}, {})).size(); });
    const double q100 = usPerCall(o.seconds / 4, [&] {
        bytes100 = wire::encodeRelayList(registry.query(100, {}, {})).size();
    });
    const double qRegion = usPerCall(o.seconds / 4, [&] {
        (void)wire::encodeRelayList(registry.query(20, "eu-west", exclude));
    });
    auto report = [](const std::string& what, double us) {
        std::printf("%s: %.1f us = %.0f queries/s per core\n", what.c_str(), us, 1e6 / us);
    };
    report("query(count=20) alone", queryOnly);
    report("query(count=20) + encodeRelayList (" + std::to_string(bytes20) + " bytes)", q20);
    report("query(count=100) + encodeRelayList (" + std::to_string(bytes100) + " bytes)", q100);
    report("query(count=20, region=eu-west, 20 excluded) + encodeRelayList", qRegion);

    // A probe's result marks the snapshot stale; the next query rebuilds all of it.
    std::size_t next = 0;
    const double probedAndQuery = usPerCall(o.seconds / 4, [&] {
        const auto& record = p.records[next++ % p.records.size()];
        (void)registry.probed(record.fingerprint, 50, kNow);
        (void)registry.query(20, {}, {});
    });
    const double perHour = 3600.0 / kProbeIntervalSeconds * double(p.records.size());
    const double rebuildUs = probedAndQuery - queryOnly;
    std::printf("a probe result, then a query (rebuilds the %zu-relay snapshot): %.0f us; "
                "at %.1f probe results/s (every relay every %d s) that is %.1f%% of a core\n",
                p.records.size(), probedAndQuery, perHour / 3600, kProbeIntervalSeconds,
                perHour / 3600 * rebuildUs / 1e4);
}

// ---- 2a. registrations: the checks, the registry, the store ----------------------------------

void benchRegistrationChecks(const Population& p) {
    std::printf("\n== 2a. Registration checks on this thread ==\n");
    ChallengeIssuer issuer;
    constexpr unsigned kDifficulty = 8; // checking a proof is one hash at any difficulty
    std::vector<std::string> prepared;  // bodies as POSTed
    for (std::size_t i = 0; i < 2000; ++i) {
        const auto& id = p.identities[i % 16];
        auto registration =
            registrationFor(id, fakeHost(i % 16), 5223, "eu-west", issuer.issue(kDifficulty, kNow));
        auto signedPayload = signRegistration(id, registration);
        signedPayload.proof =
            *wire::solveProof(registration.challenge, signedPayload.payload, kDifficulty);
        prepared.push_back(wire::encodeSignedPayload(signedPayload));
    }
    double decode = 0, check = 0, proof = 0, verify = 0, use = 0;
    auto lap = [](Clock::time_point& t) {
        const auto now = Clock::now();
        const double s = std::chrono::duration<double>(now - t).count();
        t = now;
        return s;
    };
    const double cpu0 = thisThreadCpu();
    for (const auto& one : prepared) {
        auto t = Clock::now();
        auto signedPayload = wire::decodeSignedPayload(one);
        auto registration = wire::decodeRegistration(signedPayload->payload);
        decode += lap(t);
        auto difficulty = issuer.check(registration->challenge, kNow);
        check += lap(t);
        const bool meets = wire::proofMeets(registration->challenge, signedPayload->payload,
                                            signedPayload->proof, *difficulty);
        proof += lap(t);
        auto verified = wire::verifyRegistration(*signedPayload);
        verify += lap(t);
        auto used = issuer.use(registration->challenge, kNow);
        use += lap(t);
        if (!difficulty || !meets || !verified || !used)
            die("a prepared registration did not pass its checks");
    }
    const double n = double(prepared.size());
    const double each = (thisThreadCpu() - cpu0) / n * 1e6;
    std::printf("%zu registrations (%zu-byte bodies) checked: %.1f us each = %.0f "
                "registrations/s per core\n",
                prepared.size(), prepared[0].size(), each, 1e6 / each);
    std::printf("  wall time per step: decode %.1f us, challenge MAC %.1f us, proof %.1f us, "
                "chain + signature %.1f us, mark used %.1f us\n",
                decode / n * 1e6, check / n * 1e6, proof / n * 1e6, verify / n * 1e6,
                use / n * 1e6);
}

/// After the dial-back, with the registry full: the cap check and admit.
void benchAdmission(const Population& p, const Options& o) {
    RelayRegistry registry(RegistryPolicy{});
    for (const auto& record : p.records)
        registry.restore(record);
    const RelayRecord& sample = p.records.front();
    const double room = usPerCall(o.seconds / 8, [&] {
        (void)registry.hasRoomFor("someone-new", "192.0.2.1/32", "192.0.2.0/24");
    });
    const double admit = usPerCall(o.seconds / 8, [&] { (void)registry.admit(sample, 40, kNow); });
    std::printf("with %zu relays registered: hasRoomFor %.0f us (scans every relay), admit %.0f "
                "us (rebuilds the snapshot)\n",
                p.records.size(), room, admit);
}

/// Writes every record to a new store; returns it. Each save is a durable commit.
std::unique_ptr<DirectoryStore> fillStore(const fs::path& file, const Population& p) {
    auto store = DirectoryStore::open(file);
    if (!store)
        die("store: " + store.error().message);
    const auto start = Clock::now();
    const double cpu0 = thisThreadCpu();
    for (const auto& record : p.records)
        if (auto saved = (*store)->save(record); !saved)
            die("save: " + saved.error().message);
    const double wall = secondsSince(start);
    std::printf("\nstore: %zu DirectoryStore::save (synchronous = FULL, one commit each): %.2f s "
                "= %.0f saves/s, %.0f us CPU each; file %.1f MB\n",
                p.records.size(), wall, double(p.records.size()) / wall,
                (thisThreadCpu() - cpu0) / double(p.records.size()) * 1e6,
                double(fs::file_size(file)) / 1e6);
    return std::move(store).value();
}

// ---- 3. probes -------------------------------------------------------------------------------

/// One probe, waited for: its round trip in ms, or nothing.
std::optional<double> probeOnce(asio::io_context& io, const core::smp::ServerAddress& address) {
    std::promise<core::Result<std::chrono::milliseconds>> promise;
    auto future = promise.get_future();
    core::net::SmpClientConfig settings;
    settings.connectTimeout = std::chrono::seconds(10); // as the directory's probes
    core::net::probeRelay(io, address, settings, [&](auto r) { promise.set_value(r); });
    auto result = future.get();
    return result ? std::optional(double(result->count())) : std::nullopt;
}

void benchProbes(LocalRelay& relay, const Options& o) {
    std::printf("\n== 3. Probes (probeRelay against a relay in this process) ==\n");
    auto address = *core::smp::parseServerAddress(relay.server->address());
    IoThread prober;
    for (int i = 0; i < 5; ++i) // warm up
        (void)probeOnce(prober.io, address);
    const auto stats0 = relay.server->stats();
    const double proberCpu0 = prober.cpu(), processCpu0 = processCpu(), main0 = thisThreadCpu();
    std::vector<double> rtts;
    const auto start = Clock::now();
    for (int i = 0; i < o.probes; ++i)
        if (auto rtt = probeOnce(prober.io, address))
            rtts.push_back(*rtt);
    const double wall = secondsSince(start);
    const auto stats1 = relay.server->stats();
    const double proberCpu = (prober.cpu() - proberCpu0) / o.probes;
    // Everything else this process spent: the relay's threads (this thread only waited).
    const double relayCpu =
        (processCpu() - processCpu0 - (prober.cpu() - proberCpu0) - (thisThreadCpu() - main0)) /
        o.probes;
    std::printf("%d probes one after another (%zu answered) in %.2f s: round trip median %.1f "
                "ms\n",
                o.probes, rtts.size(), wall, median(rtts));
    std::printf("CPU per probe: prober (the directory's side) %.0f us, relay %.0f us\n",
                proberCpu * 1e6, relayCpu * 1e6);
    // Again through the counting proxy, for the bytes on the wire.
    CountingProxy proxy(relay.server->port());
    address.port = proxy.port();
    constexpr int kCounted = 20;
    for (int i = 0; i < kCounted; ++i)
        if (!probeOnce(prober.io, address))
            die("a probe through the counting proxy failed");
    // The prober closes after its answer: let the last close_notify pass the proxy.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const double sent = double(proxy.up) / kCounted, received = double(proxy.down) / kCounted;
    std::printf("bytes per probe: the relay counts %.0f in, %.0f out (SMP blocks); on the wire "
                "%.0f sent, %.0f received by the prober (TLS, without TCP/IP headers)\n",
                double(stats1.bytesIn - stats0.bytesIn) / o.probes,
                double(stats1.bytesOut - stats0.bytesOut) / o.probes, sent, received);
    const double perHour = 3600.0 / kProbeIntervalSeconds;
    std::printf("per relay per hour at probe_interval_seconds = %d (%.0f probes): directory CPU "
                "%.1f ms, relay CPU %.1f ms, %.0f KB sent + %.0f KB received by the directory\n",
                kProbeIntervalSeconds, perHour, perHour * proberCpu * 1e3, perHour * relayCpu * 1e3,
                perHour * sent / 1e3, perHour * received / 1e3);
    const double rate = double(o.relays) / kProbeIntervalSeconds;
    std::printf("a directory with %zu relays: %.1f probes/s, %.1f%% of a core, %.2f MB/s out + "
                "%.2f MB/s in\n",
                o.relays, rate, rate * proberCpu * 100, rate * sent / 1e6, rate * received / 1e6);
}

// ---- 1b. listing over HTTPS ------------------------------------------------------------------

/// The directory under test: its own data folder, its store filled beforehand, one io thread.
struct Directory {
    core::ManualClock clock{kNow};
    IoThread thread;
    std::unique_ptr<DirectoryService> service;
    std::uint16_t port = 0;
    std::string address;
};

std::unique_ptr<Directory>
startDirectory(const fs::path& dir, std::unique_ptr<DirectoryStore> store, std::size_t relays) {
    auto d = std::make_unique<Directory>();
    auto config = *loadDirectoryConfig(dir);
    config.listenAddress = "127.0.0.1";
    config.port = 0;
    // Every request comes from 127.0.0.1: the per-address limits would refuse the benchmark.
    config.readsPerMinute = 2'000'000'000;
    config.writesPerHour = 2'000'000'000;
    config.maxConnectionsPerAddress = 256;
    config.relaysPerAddress = 1'000'000;
    // Challenges at a fixed difficulty (the clock does not move, so the raise under load
    // would count every registration of the run as recent).
    config.difficulty = config.maxDifficulty = 8;
    // No scheduled probes: the stored relays' addresses lead nowhere (the registrations'
    // dial-backs are still made).
    config.probeConcurrency = 0;
    config.dialAlsoAllowed = {core::net::IpNetwork{asio::ip::make_address("127.0.0.0"), 8}};
    d->service = std::make_unique<DirectoryService>(
        d->thread.io, config, std::move(relay::loadRelayIdentity(dir)).value(), std::move(store),
        d->clock);
    const auto start = Clock::now();
    if (auto started = d->service->start(); !started)
        die("directory start: " + started.error().message);
    std::printf("\ndirectory start with %zu stored relays (load, verify each registration "
                "again): %.2f s\n",
                relays, secondsSince(start));
    d->port = d->service->port();
    d->address = d->service->address();
    return d;
}

struct ClientCounts {
    std::atomic<long> answers{0}, failures{0}, handshakes{0};
};

/// One client thread: keep-alive HTTPS connections, a new one when the directory closes one.
void keepAliveClient(std::uint16_t port, const std::string& target, Clock::time_point until,
                     asio::ssl::context& tls, ClientCounts& counts) {
    asio::io_context io;
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    while (Clock::now() < until) {
        asio::ssl::stream<tcp::socket> stream(io, tls);
        boost::system::error_code ec;
        stream.next_layer().connect(endpoint, ec);
        // Without it the first request waits for the delayed ACK of the client's Finished.
        if (!ec)
            stream.next_layer().set_option(tcp::no_delay(true), ec);
        if (!ec)
            stream.handshake(asio::ssl::stream_base::client, ec);
        if (ec) {
            ++counts.failures;
            continue;
        }
        ++counts.handshakes;
        boost::beast::flat_buffer buffer;
        http::request<http::empty_body> request{http::verb::get, target, 11};
        request.set(http::field::host, "127.0.0.1");
        request.keep_alive(true);
        for (bool open = true; open && Clock::now() < until;) {
            http::write(stream, request, ec);
            http::response_parser<http::string_body> parser;
            parser.body_limit(16u << 20);
            if (!ec)
                http::read(stream, buffer, parser, ec);
            if (ec) {
                ++counts.failures;
                break;
            }
            ++(parser.get().result_int() == 200 ? counts.answers : counts.failures);
            open = parser.get().keep_alive();
        }
        stream.next_layer().close(ec);
    }
}

void reportHttps(const std::string& what, const ClientCounts& counts, double wall,
                 double directoryCpu, double clientCpu) {
    const double answers = double(counts.answers);
    std::printf("%s: %ld answers (%ld failed, %ld TLS handshakes) in %.2f s = %.0f queries/s; "
                "directory thread %.2f cores busy, %.1f us CPU per query = %.0f queries/s per "
                "core; clients %.0f us CPU per query\n",
                what.c_str(), long(counts.answers), long(counts.failures), long(counts.handshakes),
                wall, answers / wall, directoryCpu / wall, directoryCpu / answers * 1e6,
                answers / directoryCpu, clientCpu / answers * 1e6);
}

void benchKeepAlive(Directory& d, const Options& o, unsigned count) {
    wire::RelayQuery query;
    query.count = count;
    const std::string target = wire::formatRelayQueryTarget(query);
    auto tls = core::net::makeRelayTlsContext("http/1.1");
    ClientCounts counts;
    std::vector<std::thread> clients;
    const double dir0 = d.thread.cpu(), process0 = processCpu(), main0 = thisThreadCpu();
    const auto start = Clock::now();
    const auto until = after(o.seconds);
    for (int i = 0; i < o.connections; ++i)
        clients.emplace_back([&] { keepAliveClient(d.port, target, until, *tls, counts); });
    for (auto& client : clients)
        client.join();
    const double wall = secondsSince(start);
    const double dirCpu = d.thread.cpu() - dir0;
    const double clientCpu = processCpu() - process0 - dirCpu - (thisThreadCpu() - main0);
    const std::string what =
        "keep-alive, " + std::to_string(o.connections) + " connections, GET " + target;
    reportHttps(what, counts, wall, dirCpu, clientCpu);
}

/// DirectoryClient: every request its own connection (TCP, TLS 1.3, pinning, one request).
void benchDirectoryClient(Directory& d, const Options& o) {
    IoThread clientThread;
    wire::DirectoryClient client(clientThread.io, *wire::parseDirectoryAddress(d.address));
    ClientCounts counts;
    const auto until = after(o.seconds);
    std::promise<void> allDone;
    std::atomic<int> running{o.connections};
    std::function<void()> next = [&] {
        if (Clock::now() >= until) {
            if (--running == 0)
                allDone.set_value();
            return;
        }
        client.relays({}, [&](core::Result<std::vector<wire::ListedRelay>> r) {
            ++counts.handshakes;
            ++(r && r->size() == wire::kDefaultRelayCount ? counts.answers : counts.failures);
            next();
        });
    };
    const double dir0 = d.thread.cpu(), client0 = clientThread.cpu();
    const auto start = Clock::now();
    for (int i = 0; i < o.connections; ++i)
        next();
    allDone.get_future().wait();
    const double wall = secondsSince(start);
    const std::string what = "DirectoryClient, " + std::to_string(o.connections) +
                             " requests at a time, a connection each, GET /v1/relays?count=20";
    reportHttps(what, counts, wall, d.thread.cpu() - dir0, clientThread.cpu() - client0);
}

// ---- 2b. registrations end to end ------------------------------------------------------------

template <typename T, typename Call> core::Result<T> await(Call call) {
    std::promise<core::Result<T>> promise;
    auto future = promise.get_future();
    call([&](core::Result<T> r) { promise.set_value(std::move(r)); });
    return future.get();
}

void benchRegistrations(Directory& d, LocalRelay& relay, const Options& o) {
    std::printf("\n== 2b. POST /v1/relays end to end: a real relay, dial-back, store ==\n");
    IoThread clientThread;
    wire::DirectoryClient client(clientThread.io, *wire::parseDirectoryAddress(d.address));
    const auto& identity = relay.server->identity();
    std::vector<double> challenges, posts;
    int refused = 0;
    double dirCpu = 0;
    const auto stats0 = relay.server->stats();
    const auto start = Clock::now();
    for (int i = 0; i < o.registrations; ++i) {
        const auto t0 = Clock::now();
        const double cpu0 = d.thread.cpu();
        auto challenge = await<wire::Challenge>([&](auto done) { client.challenge(done); });
        if (!challenge)
            die("challenge: " + challenge.error().message);
        challenges.push_back(secondsSince(t0) * 1e3);
        auto registration = registrationFor(identity, "127.0.0.1", relay.server->port(), "eu-west",
                                            challenge->challenge);
        auto signedPayload = signRegistration(identity, registration);
        signedPayload.proof =
            *wire::solveProof(challenge->challenge, signedPayload.payload, challenge->difficulty);
        const auto t1 = Clock::now();
        auto listed = await<wire::ListedRelay>(
            [&](auto done) { client.submitRegistration(signedPayload, done); });
        posts.push_back(secondsSince(t1) * 1e3);
        dirCpu += d.thread.cpu() - cpu0;
        if (!listed) {
            ++refused;
            std::printf("  refused: %s\n", listed.error().message.c_str());
        }
    }
    const double wall = secondsSince(start);
    const auto stats1 = relay.server->stats();
    const double n = double(o.registrations);
    std::printf("%d registrations one after another (%d refused) in %.2f s: %.1f/s; "
                "median GET /v1/challenge %.1f ms, POST /v1/relays %.1f ms\n",
                o.registrations, refused, wall, n / wall, median(challenges), median(posts));
    std::printf("directory thread CPU per registration (2 TLS handshakes as server, checks, "
                "dial-back as client, admit, store): %.0f us = %.0f registrations/s per core\n",
                dirCpu / n * 1e6, n / dirCpu);
    const auto stats = d.service->stats();
    std::printf("relay: %.0f dial-back connections for them; directory: %llu queries answered "
                "in all, %llu requests rate-limited\n",
                double(stats1.connectionsTotal - stats0.connectionsTotal),
                static_cast<unsigned long long>(stats.queries),
                static_cast<unsigned long long>(stats.rateLimited));
}

/// The directory with N stored relays: idle, listing queries, then registrations.
void benchDirectory(const fs::path& dir, const Population& p, LocalRelay& relay, const Options& o) {
    DirectoryInitOptions init;
    init.dataDir = dir;
    init.host = "127.0.0.1";
    if (auto created = initDirectoryData(init); !created)
        die("directory init: " + created.error().message);
    auto directory = startDirectory(dir, fillStore(dir / files::kDatabase, p), o.relays);
    const double idle0 = directory->thread.cpu();
    std::this_thread::sleep_for(std::chrono::seconds(3));
    std::printf("directory idle for 3 s (a tick each second sweeps every relay): %.1f ms CPU "
                "per second\n",
                (directory->thread.cpu() - idle0) / 3 * 1e3);
    std::printf("\n== 1b. GET /v1/relays over HTTPS, the directory on one io thread ==\n");
    benchKeepAlive(*directory, o, wire::kDefaultRelayCount);
    benchKeepAlive(*directory, o, wire::kMaxRelayCount);
    benchDirectoryClient(*directory, o);
    std::fflush(stdout);
    benchRegistrations(*directory, relay, o);
    directory->service->stop();
}

bool parseOptions(int argc, char** argv, Options& o) {
    long v[] = {long(o.relays), long(o.seconds), o.connections, o.registrations, o.probes};
    if (argc > 6)
        return false;
    for (int i = 1; i < argc; ++i) {
        char* end = nullptr;
        v[i - 1] = std::strtol(argv[i], &end, 10);
        if (*end != '\0' || v[i - 1] <= 0)
            return false;
    }
    o = {std::size_t(v[0]), double(v[1]), int(v[2]), int(v[3]), int(v[4])};
    return o.relays >= 200;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parseOptions(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: %s [relays=10000, at least 200] [seconds=4] [connections=4] "
                     "[registrations=60] [probes=200]\n",
                     argv[0]);
        return 2;
    }
    char pattern[] = "/tmp/ferry-bench-directory-XXXXXX";
    const fs::path root = ::mkdtemp(pattern);
    std::printf("Ferry directory benchmark: %zu relays, %.0f s per HTTPS run, %d client "
                "connections; this machine has %u cores, shared by the directory, its clients "
                "and the relay\n",
                o.relays, o.seconds, o.connections, std::thread::hardware_concurrency());
    std::fflush(stdout);

    const Population population = makePopulation(o.relays);
    benchQueryPath(population, o);
    benchRegistrationChecks(population);
    benchAdmission(population, o);
    std::fflush(stdout);

    LocalRelay relay(root / "relay");
    benchProbes(relay, o);
    std::fflush(stdout);

    benchDirectory(root / "directory", population, relay, o);
    std::error_code ec;
    fs::remove_all(root, ec);
    return 0;
}
