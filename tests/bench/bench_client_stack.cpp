// Messages through the whole client stack — double ratchet, encrypted profile database,
// outbox, SMP client — and a relay, all in this process on loopback.
//
// Usage: bench_client_stack [MESSAGES=2000] [LATENCY_SAMPLES=200]
// Prints messages/s for a burst one way, and p50/p99 end-to-end latency (send call to the
// recipient's messageReceived event) for messages sent one at a time.
#include "agent/sync_agent.h"
#include "relay/relay_data.h"
#include "relay/relay_server.h"
#include "store/database_key.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace ferry;
using Clock = std::chrono::steady_clock;

namespace {

struct Inbox {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::pair<std::string, Clock::time_point>> received;
    bool connected = false;

    core::agent::AgentEvents events() {
        core::agent::AgentEvents e;
        e.messageReceived = [this](const core::agent::ReceivedMessageEvent& m) {
            std::lock_guard lock(mutex);
            received.emplace_back(m.text, Clock::now());
            changed.notify_all();
        };
        e.contactConnected = [this](const core::store::Contact&) {
            std::lock_guard lock(mutex);
            connected = true;
            changed.notify_all();
        };
        return e;
    }

    bool waitFor(std::size_t count, std::chrono::seconds timeout) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, timeout, [&] { return received.size() >= count; });
    }
    bool waitConnected() {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(30), [&] { return connected; });
    }
};

std::unique_ptr<core::agent::Agent> openAgent(const std::filesystem::path& dir,
                                              const std::string& name, const std::string& relay,
                                              Inbox& inbox) {
    core::agent::AgentConfig config;
    config.databaseFile = dir / "profile.db";
    config.databaseKey = core::store::generateDatabaseKey();
    config.createWithName = name;
    auto agent = core::agent::Agent::open(std::move(config), inbox.events());
    if (!agent) {
        std::fprintf(stderr, "agent: %s\n", agent.error().message.c_str());
        std::exit(1);
    }
    (void)core::agent::SyncAgent(**agent).addRelay(relay);
    return std::move(agent).value();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char** argv) {
    const int messages = argc > 1 ? std::atoi(argv[1]) : 2000;
    const int samples = argc > 2 ? std::atoi(argv[2]) : 200;
    char pattern[] = "/tmp/ferry-bench-XXXXXX";
    const std::filesystem::path root = ::mkdtemp(pattern);

    relay::RelayInitOptions init;
    init.dataDir = root / "relay";
    init.host = "127.0.0.1";
    (void)relay::initRelayData(init);
    auto config = *relay::loadRelayConfig(init.dataDir);
    config.listenAddress = "127.0.0.1";
    config.port = 0;
    config.queueQuota = 100000; // measure the stack, not the quota
    core::SystemClock clock;
    auto server = relay::RelayServer::create(
        config, std::move(relay::loadRelayIdentity(init.dataDir)).value(), clock);
    if (!server || !(*server)->start()) {
        std::fprintf(stderr, "relay did not start\n");
        return 1;
    }
    const std::string address = (*server)->address();

    Inbox aliceInbox, bobInbox;
    std::filesystem::create_directories(root / "alice");
    std::filesystem::create_directories(root / "bob");
    auto aliceAgent = openAgent(root / "alice", "Alice", address, aliceInbox);
    auto bobAgent = openAgent(root / "bob", "Bob", address, bobInbox);
    // The benchmark waits for each call, as a person at the CLI would.
    core::agent::SyncAgent alice(*aliceAgent);
    core::agent::SyncAgent bob(*bobAgent);
    auto link = alice.createInvitation();
    (void)bob.connect(*link);
    if (!aliceInbox.waitConnected() || !bobInbox.waitConnected()) {
        std::fprintf(stderr, "no connection\n");
        return 1;
    }
    const std::int64_t bobAtAlice = alice.contacts()->front().id;

    // Throughput: a burst one way.
    const auto start = Clock::now();
    for (int i = 0; i < messages; ++i)
        (void)alice.sendMessage(bobAtAlice, "burst " + std::to_string(i));
    const bool all = bobInbox.waitFor(std::size_t(messages), std::chrono::seconds(600));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

    // Latency: one message at a time.
    std::vector<double> latencies;
    for (int i = 0; i < samples; ++i) {
        const std::size_t before = bobInbox.received.size();
        const auto sent = Clock::now();
        (void)alice.sendMessage(bobAtAlice, "ping " + std::to_string(i));
        if (!bobInbox.waitFor(before + 1, std::chrono::seconds(30)))
            break;
        std::lock_guard lock(bobInbox.mutex);
        latencies.push_back(
            std::chrono::duration<double, std::milli>(bobInbox.received.back().second - sent)
                .count());
    }

    std::printf("client stack on loopback (ratchet + SQLCipher profile + outbox + SMP client + "
                "relay, one process, %u cores)\n",
                std::thread::hardware_concurrency());
    std::printf("burst: %d messages %s in %.2f s = %.0f messages/s\n", messages,
                all ? "delivered" : "NOT all delivered", seconds, messages / seconds);
    std::printf("latency (one at a time, %zu samples): p50 %.1f ms, p99 %.1f ms\n",
                latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99));
    aliceAgent.reset();
    bobAgent.reset();
    (*server)->stop();
    std::filesystem::remove_all(root);
    return all ? 0 : 1;
}
