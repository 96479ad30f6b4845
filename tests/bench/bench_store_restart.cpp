// Relay store benchmark: creates N queues, reopens the store and reports the reopen time,
// the peak RSS after reopening, and message throughput (an add waiting for durability, then
// a delete as the relay's ACK makes it) for one client and for many concurrent clients.
//
// Usage: bench_store_restart [queues=1000000] [directory]   (directory: default under $TMPDIR)

#include "crypto/random.h"
#include "relay/store/relay_store.h"
#include "util/clock.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace ferry;
using namespace ferry::relay;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string procStatus(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) {
            return line.substr(line.find(':') + 1);
        }
    }
    return " ?";
}

// Linux: writing 5 to clear_refs resets VmHWM, so the peak after reopening is not the
// peak of the creation phase.
bool resetPeakRss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

QueueRecord makeQueue() {
    QueueRecord q;
    q.recipientId = core::crypto::randomBytes(24);
    q.senderId = core::crypto::randomBytes(24);
    q.recipientKey =
        core::crypto::PublicKey{core::crypto::KeyAlgorithm::Ed25519, core::crypto::randomBytes(32)};
    q.rcvDhSecret = core::crypto::randomBytes(32);
    q.mode = ferry::core::smp::QueueMode::Messaging;
    return q;
}

/// Waits for one onDurable.
class Waiter {
public:
    RelayStore::DurableCallback callback() {
        return [this](core::Result<void> r) {
            std::lock_guard lock(m_mutex);
            m_done = true;
            m_ok = r.ok();
            m_cv.notify_one();
        };
    }
    bool wait() {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return m_done; });
        m_done = false;
        return m_ok;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    bool m_ok = false;
};

// Each client sends to its own queue and receives: add, wait durable, peek, delete (not
// waited for, as the relay's ACK).
double messageThroughput(RelayStore& store, int clients, double seconds) {
    std::vector<QueueRecord> queues;
    for (int i = 0; i < clients; ++i) {
        queues.push_back(makeQueue());
        if (!store.addQueue(queues.back(), nullptr)) {
            std::fprintf(stderr, "addQueue failed\n");
            std::exit(1);
        }
    }
    (void)store.flush();
    const core::Bytes body(1024, 0x5a);
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> messages{0};
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            Waiter waiter;
            const core::Bytes& rid = queues[c].recipientId;
            while (!stop.load()) {
                auto sent = store.addMessage(rid, false, body, waiter.callback());
                if (!sent || *sent != SendOutcome::Stored || !waiter.wait()) {
                    std::fprintf(stderr, "addMessage failed\n");
                    std::exit(1);
                }
                // As the relay's ACK: the deletion is not waited for (it rides with the next
                // commit; RelayStore::deleteMessage).
                auto head = store.peekMessage(rid);
                if (!head || !store.deleteMessage(rid, head->msgId, nullptr)) {
                    std::fprintf(stderr, "deleteMessage failed\n");
                    std::exit(1);
                }
                messages.fetch_add(1);
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : threads) {
        t.join();
    }
    return static_cast<double>(messages.load()) / secondsSince(start);
}

} // namespace

int main(int argc, char** argv) {
    const std::uint64_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
    const std::filesystem::path directory =
        argc > 2 ? std::filesystem::path(argv[2])
                 : std::filesystem::temp_directory_path() /
                       ("ferry-bench-store-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory);
    core::SystemClock clock;
    StoreConfig config;
    config.directory = directory;
    std::printf("store: %s\n", directory.c_str());

    {
        auto store = RelayStore::open(config, clock);
        if (!store) {
            std::fprintf(stderr, "open: %s\n", store.error().message.c_str());
            return 1;
        }
        std::atomic<std::uint64_t> failures{0};
        const auto start = Clock::now();
        for (std::uint64_t i = 0; i < count; ++i) {
            auto added = (*store)->addQueue(makeQueue(), [&](core::Result<void> r) {
                if (!r) {
                    failures.fetch_add(1);
                }
            });
            if (!added) {
                std::fprintf(stderr, "addQueue: %s\n", added.error().message.c_str());
                return 1;
            }
        }
        if (auto flushed = (*store)->flush(); !flushed || failures.load() != 0) {
            std::fprintf(stderr, "flush failed\n");
            return 1;
        }
        const double s = secondsSince(start);
        std::printf("created %llu queues in %.2f s: %.0f queues/s (durable)\n",
                    static_cast<unsigned long long>(count), s, static_cast<double>(count) / s);
        std::printf("peak RSS during creation:%s\n", procStatus("VmHWM").c_str());
        const auto closeStart = Clock::now();
        store->reset();
        std::printf("close: %.0f ms\n", secondsSince(closeStart) * 1000);
    }
    std::uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        bytes += entry.is_regular_file() ? entry.file_size() : 0;
    }
    std::printf("store size on disk: %.1f MiB\n", static_cast<double>(bytes) / (1 << 20));

    const bool peakReset = resetPeakRss();
    const auto reopenStart = Clock::now();
    auto store = RelayStore::open(config, clock);
    if (!store) {
        std::fprintf(stderr, "reopen: %s\n", store.error().message.c_str());
        return 1;
    }
    const double reopenMs = secondsSince(reopenStart) * 1000;
    std::printf("reopen: %.0f ms, %llu queues\n", reopenMs,
                static_cast<unsigned long long>((*store)->totals().queues));
    std::printf("peak RSS after reopen%s:%s\n", peakReset ? "" : " (whole run: reset failed)",
                procStatus("VmHWM").c_str());

    for (int clients : {1, 32}) {
        const double rate = messageThroughput(**store, clients, 3.0);
        std::printf("throughput, %d client%s: %.0f messages/s (add waiting for onDurable, "
                    "delete, 1 KiB)\n",
                    clients, clients == 1 ? "" : "s", rate);
    }
    store->reset();
    std::filesystem::remove_all(directory);
    return 0;
}
