// Relay load benchmark: a real `ferry-relay` process on 127.0.0.1, K sender/recipient pairs
// (one TestSmpClient connection per thread) pushing N full-block messages through M secured,
// subscribed queues. Reports delivered messages/s, end-to-end latency, the relay's RSS and
// CPU per message, and compares the throughput with a single-core bound made of the relay's
// own per-message crypto (two Ed25519 verifies, one crypto_box seal, four TLS records).
//
// Usage: bench_relay_load [--tunnel] [--smp V] [pairs=8] [queues=64] [messages=20000]
//                         [body=16064] [window=4] [timeout_s=120]
// With --tunnel a second relay process runs the tunnel service and the clients reach the
// measured relay through its reverse tunnel (nested TLS, one more hop), as a node at home
// without port mapping is reached. --smp V: the clients offer SMP 6..V (default 9); from 11
// every block is also sealed with the session's block cipher, which the bound then counts.
// The relay and the load generator run on the same machine and share its cores.

#include "crypto/random.h"
#include "relay/relay_data.h"
#include "relay_crypto_bound.h"
#include "relay_process.h"
#include "smp/block.h"
#include "smp/message_body.h"
#include "smp/transmission.h"
#include "smp/version.h"
#include "test_smp_client.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
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

CpuTimes selfCpu() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return {u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6,
            u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6};
}

// ---- the load ------------------------------------------------------------------------------

struct Options {
    int pairs = 8;
    int queues = 64;
    long messages = 20000;
    std::size_t bodySize = 0; // default: the version's maxMessageLength, each SEND fills a block
    int window = 4;           // messages sent and not yet received, per queue
    int timeoutSeconds = 120;
    bool tunnel = false;
    smp::Version smpVersion = 9; // the highest version the clients offer
};

constexpr std::size_t kHeader = 20; // seq(8) ‖ send time ns(8) ‖ queue index(4)
constexpr std::size_t kMaxPendingOk = 16;

std::atomic<bool> g_stop{false};

void putLe(std::uint8_t* p, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint64_t getLe(const std::uint8_t* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v |= std::uint64_t(p[i]) << (8 * i);
    return v;
}

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

/// One sender/recipient pair, the queues it uses and what it measured.
struct Lane {
    std::vector<TestQueue> queues;
    std::unique_ptr<TestSmpClient> recipient;
    std::unique_ptr<TestSmpClient> sender;
    long toSend = 0;

    std::mutex mutex;
    std::condition_variable cv;
    std::vector<int> inflight; ///< sent and not yet received, per queue (under mutex)
    long failedSends = 0;      ///< under mutex

    std::vector<double> latenciesMs;
    long received = 0;
    long duplicates = 0;
    long lost = 0;
    long misrouted = 0;
    long sendErrors = 0;
    long ackErrors = 0;
    long pushesWhileAckPending = 0;
    long viaPush = 0;
    long viaAckAnswer = 0;
    std::vector<std::string> duplicateNotes; ///< the first few, for the report
    Clock::time_point lastReceipt{};
    std::string failure;

    void fail(const std::string& what) {
        if (failure.empty())
            failure = what;
        g_stop = true;
        cv.notify_all();
    }
};

bool isOk(const core::Result<smp::Response>& r) {
    return r.ok() && std::holds_alternative<smp::rsp::Ok>(*r);
}

std::string describe(const core::Result<smp::Response>& r) {
    if (!r)
        return ferry::core::errorTag(r.error().code) + ": " + r.error().message;
    return smp::responseTag(*r);
}

// Waits for the oldest SEND answer; a failed SEND gives its window slot back.
bool awaitSendAnswer(Lane& lane, std::deque<std::pair<Bytes, int>>& pending) {
    auto [corrId, q] = std::move(pending.front());
    pending.pop_front();
    auto answer = lane.sender->awaitAnswer(corrId);
    if (!answer) {
        lane.fail("sender: " + describe(answer));
        return false;
    }
    if (!isOk(answer)) {
        ++lane.sendErrors;
        std::lock_guard lock(lane.mutex);
        --lane.inflight[static_cast<std::size_t>(q)];
        ++lane.failedSends;
        lane.cv.notify_all();
    }
    return true;
}

// Picks the next queue (round robin from `from`) with room in its window and takes a slot.
int takeSlot(Lane& lane, std::size_t from, int window) {
    std::lock_guard lock(lane.mutex);
    const std::size_t n = lane.queues.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t q = (from + i) % n;
        if (lane.inflight[q] < window) {
            ++lane.inflight[q];
            return static_cast<int>(q);
        }
    }
    return -1;
}

void runSender(Lane& lane, const Options& options) {
    std::vector<std::uint64_t> nextSeq(lane.queues.size(), 0);
    std::deque<std::pair<Bytes, int>> pending; // SEND corrIds waiting for OK
    Bytes body(options.bodySize, 0x5a);
    std::size_t next = 0;
    for (long i = 0; i < lane.toSend && !g_stop; ++i) {
        int q = takeSlot(lane, next, options.window);
        while (q < 0 && !g_stop) {
            if (!pending.empty()) {
                if (!awaitSendAnswer(lane, pending))
                    return;
            } else {
                std::unique_lock lock(lane.mutex);
                lane.cv.wait_for(lock, std::chrono::milliseconds(50));
            }
            q = takeSlot(lane, next, options.window);
        }
        if (q < 0)
            return;
        next = static_cast<std::size_t>(q) + 1;
        const TestQueue& queue = lane.queues[static_cast<std::size_t>(q)];
        putLe(body.data(), nextSeq[static_cast<std::size_t>(q)]++, 8);
        putLe(body.data() + 8, static_cast<std::uint64_t>(nowNs()), 8);
        putLe(body.data() + 16, static_cast<std::uint64_t>(q), 4);
        Bytes corrId;
        const Bytes t = lane.sender->transmission(queue.senderId, smp::cmd::Send{false, body},
                                                  Signer{&queue.senderKey}, &corrId);
        if (auto sent = lane.sender->sendBlock({t}); !sent) {
            lane.fail("sender write: " + sent.error().message);
            return;
        }
        pending.emplace_back(std::move(corrId), q);
        while (pending.size() > kMaxPendingOk)
            if (!awaitSendAnswer(lane, pending))
                return;
    }
    while (!pending.empty() && !g_stop)
        if (!awaitSendAnswer(lane, pending))
            return;
}

std::string asKey(const Bytes& id) {
    return std::string(id.begin(), id.end());
}

/// The recipient's side of a lane: which queues wait for an ACK answer, what comes next.
class Recipient {
public:
    Recipient(Lane& lane)
        : m_lane(lane), m_ackPending(lane.queues.size(), 0), m_expected(lane.queues.size(), 0),
          m_lastMsgId(lane.queues.size()) {
        for (std::size_t q = 0; q < lane.queues.size(); ++q)
            m_byId[asKey(lane.queues[q].recipientId)] = static_cast<int>(q);
    }

    void run();

private:
    bool done();
    bool pushExpected();
    void onMessage(int q, const smp::rsp::Msg& msg, Clock::time_point at, bool pushed);
    void onAckAnswer();
    void onPush();
    void noteDuplicate(int q, std::uint64_t seq, std::uint64_t expected, const Bytes& msgId,
                       bool pushed);

    Lane& m_lane;
    std::vector<int> m_ackPending; ///< ACKs sent and not yet answered, per queue
    std::vector<std::uint64_t> m_expected;
    std::vector<Bytes> m_lastMsgId;           ///< per queue, of the last message received
    std::map<std::string, int> m_byId;        ///< recipient id (as a string: GCC 12 -O3 warns on
                                              ///< std::map<Bytes>) -> queue index
    std::deque<std::pair<Bytes, int>> m_acks; ///< ACK corrIds in the order sent
};

bool Recipient::done() {
    std::lock_guard lock(m_lane.mutex);
    return m_lane.received + m_lane.failedSends >= m_lane.toSend;
}

// True when some queue has no ACK outstanding but a message on its way: the relay will push
// that message, so awaitPush cannot wait for nothing.
bool Recipient::pushExpected() {
    std::lock_guard lock(m_lane.mutex);
    for (std::size_t q = 0; q < m_ackPending.size(); ++q)
        if (m_ackPending[q] == 0 && m_lane.inflight[q] > 0)
            return true;
    return false;
}

void Recipient::run() {
    while (!g_stop && (!done() || !m_acks.empty())) {
        bool progressed = false;
        if (!m_acks.empty()) {
            onAckAnswer();
            progressed = true;
        }
        if (!g_stop && pushExpected()) {
            onPush();
            progressed = true;
        }
        if (!progressed) {
            std::unique_lock lock(m_lane.mutex);
            m_lane.cv.wait_for(lock, std::chrono::milliseconds(50));
        }
    }
}

void Recipient::onMessage(int q, const smp::rsp::Msg& msg, Clock::time_point at, bool pushed) {
    const TestQueue& queue = m_lane.queues[static_cast<std::size_t>(q)];
    auto opened = queue.open(msg);
    if (!opened || opened->body.size() < kHeader) {
        m_lane.fail("recipient: cannot open MSG");
        return;
    }
    const std::uint8_t* p = opened->body.data();
    const std::uint64_t seq = getLe(p, 8);
    const auto sentNs = static_cast<std::int64_t>(getLe(p + 8, 8));
    std::uint64_t& expected = m_expected[static_cast<std::size_t>(q)];
    bool fresh = true;
    if (static_cast<int>(getLe(p + 16, 4)) != q) {
        ++m_lane.misrouted;
        fresh = false;
    } else if (seq < expected) {
        ++m_lane.duplicates;
        fresh = false;
        noteDuplicate(q, seq, expected, msg.msgId, pushed);
    } else {
        m_lane.lost += static_cast<long>(seq - expected);
        expected = seq + 1;
    }
    ++(pushed ? m_lane.viaPush : m_lane.viaAckAnswer);
    m_lastMsgId[static_cast<std::size_t>(q)] = msg.msgId;
    if (fresh) {
        const auto atNs =
            std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
        m_lane.latenciesMs.push_back(static_cast<double>(atNs - sentNs) / 1e6);
        m_lane.lastReceipt = at;
        std::lock_guard lock(m_lane.mutex);
        ++m_lane.received;
        --m_lane.inflight[static_cast<std::size_t>(q)];
        m_lane.cv.notify_all();
    }
    // Every delivered message is acknowledged, duplicates too, so the queue moves on.
    Bytes corrId;
    const Bytes t = m_lane.recipient->transmission(queue.recipientId, smp::cmd::Ack{msg.msgId},
                                                   Signer{&queue.recipientKey}, &corrId);
    if (auto sent = m_lane.recipient->sendBlock({t}); !sent) {
        m_lane.fail("recipient write: " + sent.error().message);
        return;
    }
    m_acks.emplace_back(std::move(corrId), q);
    ++m_ackPending[static_cast<std::size_t>(q)];
}

void Recipient::onAckAnswer() {
    auto [corrId, q] = std::move(m_acks.front());
    m_acks.pop_front();
    auto answer = m_lane.recipient->awaitAnswer(corrId);
    const auto at = Clock::now();
    --m_ackPending[static_cast<std::size_t>(q)];
    if (!answer) {
        m_lane.fail("recipient (ACK answer): " + describe(answer));
        return;
    }
    if (auto* msg = std::get_if<smp::rsp::Msg>(&*answer))
        onMessage(q, *msg, at, false);
    else if (!isOk(answer))
        ++m_lane.ackErrors;
}

void Recipient::onPush() {
    auto push = m_lane.recipient->awaitPush();
    const auto at = Clock::now();
    if (!push) {
        m_lane.fail("recipient (awaiting push): " + push.error().message);
        return;
    }
    auto it = m_byId.find(asKey(push->entityId));
    auto* msg = std::get_if<smp::rsp::Msg>(&push->response);
    if (it == m_byId.end() || !msg) {
        m_lane.fail(std::string("recipient: unexpected push ") + smp::responseTag(push->response));
        return;
    }
    // The relay must answer a queue's ACK before it pushes the queue's next message. The
    // answer may have arrived first and still be unread (this loop reads pushes and answers
    // in turns): only a push that came before it is out of order.
    if (m_ackPending[static_cast<std::size_t>(it->second)] > 0) {
        bool answeredFirst = false;
        for (const auto& [corrId, q] : m_acks)
            if (q == it->second &&
                std::find(push->earlierAnswers.begin(), push->earlierAnswers.end(), corrId) !=
                    push->earlierAnswers.end())
                answeredFirst = true;
        if (!answeredFirst)
            ++m_lane.pushesWhileAckPending;
    }
    onMessage(it->second, *msg, at, true);
}

void Recipient::noteDuplicate(int q, std::uint64_t seq, std::uint64_t expected, const Bytes& msgId,
                              bool pushed) {
    if (m_lane.duplicateNotes.size() >= 3)
        return;
    const std::size_t i = static_cast<std::size_t>(q);
    std::string note = "queue " + std::to_string(q) + ": seq " + std::to_string(seq) +
                       " again (next expected " + std::to_string(expected) + ") as " +
                       (pushed ? "a pushed MSG" : "the MSG in an ACK answer") +
                       (msgId == m_lastMsgId[i] ? ", same msgId as the previous MSG"
                                                : ", msgId differs from the previous MSG") +
                       ", ACKs pending on the queue: " + std::to_string(m_ackPending[i]);
    m_lane.duplicateNotes.push_back(std::move(note));
}

bool setUpLane(Lane& lane, const TestClientOptions& client, std::string& error) {
    auto recipient = TestSmpClient::connect(client);
    auto sender = TestSmpClient::connect(client);
    if (!recipient || !sender) {
        error = "connect: " + (recipient ? sender.error() : recipient.error()).message;
        return false;
    }
    lane.recipient = std::move(recipient).value();
    lane.sender = std::move(sender).value();
    for (TestQueue& q : lane.queues) {
        if (auto created = createQueue(*lane.recipient, q, /*subscribe*/ true, /*secure*/ true);
            !created) {
            error = "createQueue: " + created.error().message;
            return false;
        }
    }
    lane.inflight.assign(lane.queues.size(), 0);
    return true;
}

// ---- main ---------------------------------------------------------------------------------

// Takes the leading --tunnel and --smp V off argv.
bool parseFlags(int& argc, char**& argv, Options& o) {
    while (argc > 1 && std::strncmp(argv[1], "--", 2) == 0) {
        int used = 1;
        if (std::strcmp(argv[1], "--tunnel") == 0) {
            o.tunnel = true;
        } else if (std::strcmp(argv[1], "--smp") == 0 && argc > 2) {
            const long v = std::strtol(argv[2], nullptr, 10);
            if (v < smp::versions::kMinSupported || v > smp::versions::kMaxSupported)
                return false;
            o.smpVersion = static_cast<smp::Version>(v);
            used = 2;
        } else {
            return false;
        }
        argv[used] = argv[0];
        argv += used;
        argc -= used;
    }
    return true;
}

bool parseOptions(int argc, char** argv, Options& o) {
    if (!parseFlags(argc, argv, o))
        return false;
    const auto parsed = positiveArguments(argc, argv, 6);
    if (!parsed)
        return false;
    o.bodySize = smp::maxMessageLength(o.smpVersion);
    const std::vector<long>& v = *parsed;
    if (v.size() > 0)
        o.pairs = int(v[0]);
    if (v.size() > 1)
        o.queues = int(v[1]);
    if (v.size() > 2)
        o.messages = v[2];
    if (v.size() > 3)
        o.bodySize = std::size_t(v[3]);
    if (v.size() > 4)
        o.window = int(v[4]);
    if (v.size() > 5)
        o.timeoutSeconds = int(v[5]);
    return o.queues >= o.pairs && o.bodySize >= kHeader &&
           o.bodySize <= smp::maxMessageLength(o.smpVersion) && o.messages >= o.pairs;
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty())
        return 0;
    const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}

std::vector<std::unique_ptr<Lane>> makeLanes(const Options& o) {
    std::vector<std::unique_ptr<Lane>> lanes;
    for (int k = 0; k < o.pairs; ++k) {
        auto lane = std::make_unique<Lane>();
        lane->queues.resize(
            static_cast<std::size_t>(o.queues / o.pairs + (k < o.queues % o.pairs)));
        lane->toSend = o.messages / o.pairs + (k < o.messages % o.pairs);
        lanes.push_back(std::move(lane));
    }
    return lanes;
}

struct Totals {
    long received = 0, duplicates = 0, lost = 0, misrouted = 0, sendErrors = 0, ackErrors = 0,
         pushesWhileAckPending = 0, viaPush = 0, viaAckAnswer = 0;
    std::vector<double> latencies;
    std::vector<std::string> duplicateNotes;
    Clock::time_point lastReceipt{};
    std::string failures;
};

Totals sum(const std::vector<std::unique_ptr<Lane>>& lanes) {
    Totals t;
    for (std::size_t k = 0; k < lanes.size(); ++k) {
        const Lane& l = *lanes[k];
        t.received += l.received;
        t.duplicates += l.duplicates;
        t.lost += l.lost;
        t.misrouted += l.misrouted;
        t.sendErrors += l.sendErrors;
        t.ackErrors += l.ackErrors;
        t.pushesWhileAckPending += l.pushesWhileAckPending;
        t.viaPush += l.viaPush;
        t.viaAckAnswer += l.viaAckAnswer;
        for (const auto& note : l.duplicateNotes)
            t.duplicateNotes.push_back("pair " + std::to_string(k) + ", " + note);
        t.latencies.insert(t.latencies.end(), l.latenciesMs.begin(), l.latenciesMs.end());
        t.lastReceipt = std::max(t.lastReceipt, l.lastReceipt);
        if (!l.failure.empty())
            t.failures += "  pair " + std::to_string(k) + ": " + l.failure + "\n";
    }
    std::sort(t.latencies.begin(), t.latencies.end());
    return t;
}

void runLoad(std::vector<std::unique_ptr<Lane>>& lanes, const Options& o) {
    std::vector<std::thread> threads;
    for (auto& lane : lanes)
        threads.emplace_back([&lane] { Recipient(*lane).run(); });
    for (auto& lane : lanes)
        threads.emplace_back([&lane, &o] { runSender(*lane, o); });
    for (auto& t : threads)
        t.join();
}

void report(const Options& o, const Totals& t, double wall, const CpuTimes& relayCpu,
            const CpuTimes& selfUsed, pid_t relayPid, long rssBeforeKb) {
    std::printf("\ndelivered: %ld of %ld messages in %.2f s = %.0f msgs/s (%.1f MB/s of bodies)\n",
                t.received, o.messages, wall, t.received / wall,
                t.received * double(o.bodySize) / wall / 1e6);
    std::printf("latency SEND written -> MSG received: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                percentile(t.latencies, 0.50), percentile(t.latencies, 0.99),
                t.latencies.empty() ? 0.0 : t.latencies.back());
    std::printf("relay RSS: VmRSS %.1f MB, VmHWM %.1f MB (VmRSS before the load %.1f MB)\n",
                procStatusKb(relayPid, "VmRSS") / 1024.0, procStatusKb(relayPid, "VmHWM") / 1024.0,
                rssBeforeKb / 1024.0);
    const double perMsg = t.received ? relayCpu.total() / double(t.received) : 0;
    std::printf("relay CPU: %.2f s (user %.2f, sys %.2f) = %.0f us per message; "
                "%.2f cores busy on average\n",
                relayCpu.total(), relayCpu.user, relayCpu.system, perMsg * 1e6,
                relayCpu.total() / wall);
    std::printf("load generator CPU (this process, incl. setup): %.2f s (user %.2f, sys %.2f)\n",
                selfUsed.total(), selfUsed.user, selfUsed.system);
    std::printf("anomalies: lost %ld, duplicates %ld, misrouted %ld, SEND errors %ld, ACK errors "
                "%ld, pushes while an ACK was pending %ld\n",
                t.lost, t.duplicates, t.misrouted, t.sendErrors, t.ackErrors,
                t.pushesWhileAckPending);
    std::printf("MSG received: %ld pushed, %ld in ACK answers\n", t.viaPush, t.viaAckAnswer);
    for (const auto& note : t.duplicateNotes)
        std::printf("  duplicate: %s\n", note.c_str());
    if (!t.failures.empty())
        std::printf("FAILURES:\n%s", t.failures.c_str());
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parseOptions(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: %s [--tunnel] [--smp 6..18, default 9] [pairs=8] "
                     "[queues=64 >= pairs] [messages=20000] [body=16064, 20..the version's "
                     "largest] [window=4] [timeout_s=120]\n",
                     argv[0]);
        return 2;
    }
    const bool tunnel = o.tunnel;
    blockStopSignals();
    std::string error;
    std::shared_ptr<RelayProcess> core;
    RelayLaunch how;
    if (tunnel) {
        const std::uint16_t publicPort = freeLoopbackPort();
        core = RelayProcess::launch(
            error, {{}, {"tunnel_ports = " + std::to_string(publicPort)}, std::nullopt});
        if (!core) {
            std::fprintf(stderr, "bench: tunnel relay: %s\n", error.c_str());
            return 1;
        }
        how.startArguments = {"--tunnel-via", core->address()};
        // Its own address points where nothing listens (it listens on 127.0.0.1 only), as
        // behind a NAT: the dial-back fails and it falls back to the tunnel.
        how.configLines = {"host = 127.0.0.2"};
        how.readyPort = publicPort;
    }
    auto relay = RelayProcess::launch(error, how);
    if (!relay) {
        std::fprintf(stderr, "bench: %s\n", error.c_str());
        return 1;
    }
    startWatchdog(relay, std::chrono::seconds(o.timeoutSeconds));
    const unsigned cores = std::thread::hardware_concurrency();
    std::printf("Ferry relay load: ferry-relay pid %d on 127.0.0.1:%u (separate process%s)\n"
                "%d sender/recipient pairs (%d client threads, one connection each), %d queues, "
                "%ld messages, body %zu bytes, window %d per queue, SMP up to v%u\n"
                "NOTE: this machine has %u cores; the relay and the load generator share them.\n",
                int(relay->pid()), unsigned(relay->clientOptions().port),
                tunnel ? ", reached through the reverse tunnel of a second relay" : "", o.pairs,
                2 * o.pairs, o.queues, o.messages, o.bodySize, o.window, unsigned(o.smpVersion),
                cores);
    std::fflush(stdout);

    TestClientOptions clients = relay->clientOptions();
    clients.versions = {smp::versions::kMinSupported, o.smpVersion};
    auto lanes = makeLanes(o);
    for (auto& lane : lanes) {
        if (!setUpLane(*lane, clients, error)) {
            std::fprintf(stderr, "bench: setup failed: %s\n", error.c_str());
            return 1;
        }
    }
    const long rssBefore = procStatusKb(relay->pid(), "VmRSS");
    const CpuTimes cpu0 = procCpu(relay->pid());
    const CpuTimes core0 = core ? procCpu(core->pid()) : CpuTimes{};
    const CpuTimes self0 = selfCpu();
    const auto start = Clock::now();
    runLoad(lanes, o);
    const Totals totals = sum(lanes);
    const auto end = totals.lastReceipt > start ? totals.lastReceipt : Clock::now();
    const double wall = std::chrono::duration<double>(end - start).count();
    const CpuTimes cpu1 = procCpu(relay->pid());
    const CpuTimes core1 = core ? procCpu(core->pid()) : CpuTimes{};
    const CpuTimes self1 = selfCpu();
    const CpuTimes relayCpu{cpu1.user - cpu0.user, cpu1.system - cpu0.system};
    report(o, totals, wall, relayCpu, {self1.user - self0.user, self1.system - self0.system},
           relay->pid(), rssBefore);

    if (core)
        std::printf("tunnel relay CPU (forwarding only): %.2f s = %.0f us per message\n",
                    core1.total() - core0.total(),
                    totals.received ? (core1.total() - core0.total()) / totals.received * 1e6
                                    : 0.0);
    lanes.clear(); // close the connections before stopping the relay
    relay->stop();
    if (core)
        core->stop();
    // Measured with the relay gone, so the bound has a core to itself.
    const double cryptoUs = measureCryptoBound(o.bodySize, o.smpVersion);
    const double bound = 1e6 / cryptoUs;
    const double coresUsed = relayCpu.total() / wall;
    std::printf("crypto bound: %.0f msgs/s per core\n", bound);
    std::printf("throughput = %.1f%% of the bound for the relay's %.2f cores used "
                "(%.0f msgs/s vs %.0f x %.2f)\n",
                100.0 * (totals.received / wall) / (bound * coresUsed), coresUsed,
                totals.received / wall, bound, coresUsed);
    const bool clean = totals.failures.empty() && totals.received == o.messages &&
                       totals.lost == 0 && totals.duplicates == 0 && totals.misrouted == 0;
    return clean ? 0 : 1;
}
