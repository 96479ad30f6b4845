// Messages through the whole client stack — double ratchet, encrypted profile database,
// outbox, SMP client — and a relay, all in this process on loopback.
//
// Usage: bench_client_stack [MESSAGES=2000] [LATENCY_SAMPLES=200] [QUEUES=1]
// Prints messages/s for a burst one way, p50/p99 end-to-end latency (send call to the
// recipient's messageReceived event) for messages sent one at a time, and the bytes the relays
// read and wrote per message. QUEUES=2: two relays (127.0.0.1 and 127.0.0.2, two operators),
// and the contact has two queues each way, as the engine sets up when it has a second relay.
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

std::unique_ptr<relay::RelayServer> startRelay(const std::filesystem::path& dir,
                                               const std::string& host, core::Clock& clock) {
    relay::RelayInitOptions init;
    init.dataDir = dir;
    init.host = host;
    (void)relay::initRelayData(init);
    auto config = *relay::loadRelayConfig(init.dataDir);
    config.listenAddress = host;
    config.port = 0;
    config.queueQuota = 100000; // measure the stack, not the quota
    auto server = relay::RelayServer::create(
        config, std::move(relay::loadRelayIdentity(init.dataDir)).value(), clock);
    if (!server || !(*server)->start()) {
        std::fprintf(stderr, "relay did not start\n");
        std::exit(1);
    }
    return std::move(server).value();
}

// Waits until the contact has `count` queues each way in use on this side.
bool queuesInUse(core::agent::SyncAgent& agent, std::int64_t contactId, std::size_t count) {
    for (int i = 0; i < 600; ++i) {
        std::size_t receive = 0, send = 0;
        if (auto queues = agent.contactQueues(contactId))
            for (const auto& q : *queues)
                if (q.status == core::store::QueueStatus::Active ||
                    q.status == core::store::QueueStatus::Secured)
                    ++(q.direction == core::store::QueueDirection::Receive ? receive : send);
        if (receive == count && send == count)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char** argv) {
    const int messages = argc > 1 ? std::atoi(argv[1]) : 2000;
    const int samples = argc > 2 ? std::atoi(argv[2]) : 200;
    const int queues = argc > 3 ? std::atoi(argv[3]) : 1;
    if (queues != 1 && queues != 2) {
        std::fprintf(stderr, "QUEUES is 1 or 2\n");
        return 2;
    }
    char pattern[] = "/tmp/ferry-bench-XXXXXX";
    const std::filesystem::path root = ::mkdtemp(pattern);

    core::SystemClock clock;
    std::vector<std::unique_ptr<relay::RelayServer>> servers;
    servers.push_back(startRelay(root / "relay", "127.0.0.1", clock));
    if (queues == 2)
        servers.push_back(startRelay(root / "relay2", "127.0.0.2", clock));
    const std::string address = servers.front()->address();

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
    const std::int64_t aliceAtBob = bob.contacts()->front().id;
    if (queues == 2) {
        // The second relay comes after the connection: both sides add a queue there.
        (void)alice.addRelay(servers.back()->address());
        (void)bob.addRelay(servers.back()->address());
    }
    if (!queuesInUse(alice, bobAtAlice, std::size_t(queues)) ||
        !queuesInUse(bob, aliceAtBob, std::size_t(queues))) {
        std::fprintf(stderr, "the contact did not get %d queues each way\n", queues);
        return 1;
    }
    (void)alice.settle(std::chrono::seconds(10));
    (void)bob.settle(std::chrono::seconds(10));
    auto relayBytes = [&] {
        std::uint64_t total = 0;
        for (const auto& s : servers)
            total += s->stats().bytesIn + s->stats().bytesOut;
        return total;
    };
    const std::uint64_t bytesBefore = relayBytes();

    // Throughput: a burst one way.
    const auto start = Clock::now();
    for (int i = 0; i < messages; ++i)
        (void)alice.sendMessage(bobAtAlice, "burst " + std::to_string(i));
    const bool all = bobInbox.waitFor(std::size_t(messages), std::chrono::seconds(600));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // Everything the burst caused (both copies, ACKs, receipts) once it has settled.
    (void)alice.settle(std::chrono::seconds(30));
    (void)bob.settle(std::chrono::seconds(30));
    const double bytesPerMessage = double(relayBytes() - bytesBefore) / messages;

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
                "relay, one process, %u cores), %d queue%s each way\n",
                std::thread::hardware_concurrency(), queues, queues == 1 ? "" : "s");
    std::printf("burst: %d messages %s in %.2f s = %.0f messages/s\n", messages,
                all ? "delivered" : "NOT all delivered", seconds, messages / seconds);
    std::printf("latency (one at a time, %zu samples): p50 %.1f ms, p99 %.1f ms\n",
                latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99));
    std::printf("bytes read and written by the relays per message of the burst: %.0f\n",
                bytesPerMessage);
    aliceAgent.reset();
    bobAgent.reset();
    for (auto& s : servers)
        s->stop();
    std::filesystem::remove_all(root);
    return all ? 0 : 1;
}
