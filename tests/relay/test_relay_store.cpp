#include "crypto/random.h"
#include "relay/store/relay_store.h"
#include "relay/store/relay_store_errc.h"
#include "relay/store/relay_store_schema.h"
#include "store/database.h"
#include "util/clock.h"

#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <csignal>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace ferry;
using namespace ferry::relay;

namespace {

core::crypto::PublicKey
randomKey(core::crypto::KeyAlgorithm alg = core::crypto::KeyAlgorithm::Ed25519) {
    return core::crypto::PublicKey{alg, core::crypto::randomBytes(32)};
}

QueueRecord makeQueue() {
    QueueRecord q;
    q.recipientId = core::crypto::randomBytes(24);
    q.senderId = core::crypto::randomBytes(24);
    q.recipientKey = randomKey();
    q.rcvDhSecret = core::crypto::randomBytes(32);
    q.mode = ferry::core::smp::QueueMode::Messaging;
    return q;
}

NotifierRecord makeNotifier() {
    return NotifierRecord{core::crypto::randomBytes(24), randomKey(),
                          core::crypto::randomBytes(32)};
}

core::Bytes readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return core::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Counts how often each callback ran and whether every run succeeded.
class Acks {
public:
    RelayStore::DurableCallback next() {
        const int id = m_issued++;
        return [this, id](core::Result<void> result) {
            std::lock_guard lock(m_mutex);
            ++m_calls[id];
            if (!result) {
                ++m_failures;
            }
        };
    }
    bool allOnceOk() const {
        std::lock_guard lock(m_mutex);
        if (m_failures != 0 || static_cast<int>(m_calls.size()) != m_issued.load()) {
            return false;
        }
        for (const auto& [id, calls] : m_calls) {
            if (calls != 1) {
                return false;
            }
        }
        return true;
    }
    int issued() const { return m_issued; }

private:
    mutable std::mutex m_mutex;
    std::atomic<int> m_issued{0};
    std::map<int, int> m_calls;
    int m_failures = 0;
};

} // namespace

class TestRelayStore : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    core::ManualClock m_clock;
    Acks m_acks;

    StoreConfig config() const {
        StoreConfig c;
        c.directory = std::filesystem::path(m_dir->path().toStdString()) / "store";
        return c;
    }

    std::unique_ptr<RelayStore> openStore(const StoreConfig& c) {
        auto store = RelayStore::open(c, m_clock);
        if (!store) {
            qWarning() << store.error().message.c_str();
            return nullptr;
        }
        return std::move(*store);
    }

    QueueRecord addQueue(RelayStore& store) {
        QueueRecord q = makeQueue();
        auto added = store.addQueue(q, m_acks.next());
        if (!added) {
            qWarning() << added.error().message.c_str();
        }
        return q;
    }

    SendOutcome send(RelayStore& store, const QueueRecord& q, std::string_view body) {
        auto sent = store.addMessage(q.recipientId, false, core::asBytes(body), m_acks.next());
        return sent ? *sent : SendOutcome::StorageFull;
    }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_clock.set(1'700'000'000);
    }

    void cleanup() { QVERIFY(m_acks.allOnceOk()); }

    void queueLifeCycle() {
        auto store = openStore(config());
        QVERIFY(store);
        QueueRecord q = addQueue(*store);
        QCOMPARE(store->queueByRecipient(q.recipientId), q);
        QCOMPARE(store->totals().queues, 1u);
        QVERIFY(store->deleteQueue(q.recipientId, m_acks.next()));
        QVERIFY(!store->queueByRecipient(q.recipientId));
        QVERIFY(!store->queueBySender(q.senderId));
        QCOMPARE(store->totals().queues, 0u);
        auto again = store->deleteQueue(q.recipientId, nullptr);
        QVERIFY(!again);
        QCOMPARE(again.error().code, std::error_code(ferry::relay::RelayStoreErrc::Auth));
        QVERIFY(store->flush());
    }

    void lookupsByEachId() {
        auto store = openStore(config());
        QVERIFY(store);
        QueueRecord q = makeQueue();
        q.notifier = makeNotifier();
        q.senderKey = randomKey(core::crypto::KeyAlgorithm::X25519);
        QVERIFY(store->addQueue(q, m_acks.next()));
        addQueue(*store);
        QCOMPARE(store->queueByRecipient(q.recipientId), q);
        QCOMPARE(store->queueBySender(q.senderId), q);
        QCOMPARE(store->queueByNotifier(q.notifier->notifierId), q);
        QVERIFY(!store->queueByRecipient(q.senderId));
        QVERIFY(!store->queueBySender(q.recipientId));
        QVERIFY(!store->queueByNotifier(core::crypto::randomBytes(24)));
    }

    void duplicateIdsAreRefused() {
        auto store = openStore(config());
        QVERIFY(store);
        QueueRecord first = makeQueue();
        first.notifier = makeNotifier();
        QVERIFY(store->addQueue(first, m_acks.next()));
        QueueRecord sameRecipient = makeQueue();
        sameRecipient.recipientId = first.recipientId;
        QueueRecord sameSender = makeQueue();
        sameSender.senderId = first.senderId;
        QueueRecord sameNotifier = makeQueue();
        sameNotifier.notifier = makeNotifier();
        sameNotifier.notifier->notifierId = first.notifier->notifierId;
        for (const QueueRecord& q : {sameRecipient, sameSender, sameNotifier}) {
            auto added = store->addQueue(q, nullptr);
            QVERIFY(!added);
            QCOMPARE(added.error().code, std::error_code(ferry::relay::RelayStoreErrc::Duplicate));
        }
        QueueRecord other = addQueue(*store);
        auto taken = store->setNotifier(other.recipientId, *first.notifier, nullptr);
        QVERIFY(!taken);
        QCOMPARE(taken.error().code, std::error_code(ferry::relay::RelayStoreErrc::Duplicate));
        QCOMPARE(store->totals().queues, 2u);
        QCOMPARE(store->queueByRecipient(first.recipientId), first);
    }

    void secureSameKeyAgainDifferentKeyAuth() {
        auto store = openStore(config());
        QVERIFY(store);
        QueueRecord q = addQueue(*store);
        const auto key = randomKey();
        QVERIFY(store->secureQueue(q.recipientId, key, m_acks.next()));
        QVERIFY(store->secureQueue(q.recipientId, key, m_acks.next()));
        auto other = store->secureQueue(q.recipientId, randomKey(), nullptr);
        QVERIFY(!other);
        QCOMPARE(other.error().code, std::error_code(ferry::relay::RelayStoreErrc::Auth));
        QCOMPARE(store->queueBySender(q.senderId)->senderKey, key);
        auto unknown = store->secureQueue(core::crypto::randomBytes(24), key, nullptr);
        QCOMPARE(unknown.error().code, std::error_code(ferry::relay::RelayStoreErrc::Auth));
    }

    void notifierSetReplaceDelete() {
        auto store = openStore(config());
        QVERIFY(store);
        QueueRecord q = addQueue(*store);
        const NotifierRecord n1 = makeNotifier();
        QVERIFY(store->setNotifier(q.recipientId, n1, m_acks.next()));
        QCOMPARE(store->queueByNotifier(n1.notifierId)->notifier, n1);
        const NotifierRecord n2 = makeNotifier();
        QVERIFY(store->setNotifier(q.recipientId, n2, m_acks.next()));
        QVERIFY(!store->queueByNotifier(n1.notifierId));
        QCOMPARE(store->queueByNotifier(n2.notifierId)->recipientId, q.recipientId);
        QVERIFY(store->deleteNotifier(q.recipientId, m_acks.next()));
        QVERIFY(!store->queueByNotifier(n2.notifierId));
        QVERIFY(!store->queueByRecipient(q.recipientId)->notifier);
        auto unknown = store->deleteNotifier(core::crypto::randomBytes(24), nullptr);
        QCOMPARE(unknown.error().code, std::error_code(ferry::relay::RelayStoreErrc::Auth));
    }

    void suspendPersistsAndRefusesMessages() {
        const StoreConfig c = config();
        QueueRecord q;
        {
            auto store = openStore(c);
            QVERIFY(store);
            q = addQueue(*store);
            QCOMPARE(send(*store, q, "before"), SendOutcome::Stored);
            QVERIFY(store->suspendQueue(q.recipientId, m_acks.next()));
            auto refused = store->addMessage(q.recipientId, false, core::asBytes("x"), nullptr);
            QCOMPARE(refused.error().code, std::error_code(ferry::relay::RelayStoreErrc::Auth));
        }
        auto store = openStore(c);
        QVERIFY(store);
        QVERIFY(store->queueByRecipient(q.recipientId)->suspended);
        // The recipient can still drain what was accepted before.
        QCOMPARE(store->peekMessage(q.recipientId)->body, core::toBytes("before"));
    }

    void deleteQueueRemovesMessages() {
        auto store = openStore(config());
        QVERIFY(store);
        QueueRecord q = addQueue(*store);
        QueueRecord kept = addQueue(*store);
        QCOMPARE(send(*store, q, "one"), SendOutcome::Stored);
        QCOMPARE(send(*store, q, "two"), SendOutcome::Stored);
        QCOMPARE(send(*store, kept, "three!"), SendOutcome::Stored);
        QCOMPARE(store->totals().messages, 3u);
        QVERIFY(store->deleteQueue(q.recipientId, m_acks.next()));
        QVERIFY(!store->peekMessage(q.recipientId));
        QCOMPARE(store->queueCounts(q.recipientId).messages, 0u);
        QCOMPARE(store->totals().messages, 1u);
        QCOMPARE(store->totals().storageBytes, 6u);
    }

    void messagesAreFifo() {
        auto store = openStore(config());
        QVERIFY(store);
        QueueRecord q = addQueue(*store);
        QVERIFY(!store->peekMessage(q.recipientId));
        for (int i = 0; i < 5; ++i) {
            auto sent = store->addMessage(q.recipientId, i == 2,
                                          core::asBytes("m" + std::to_string(i)), m_acks.next());
            QCOMPARE(*sent, SendOutcome::Stored);
        }
        QCOMPARE(store->queueCounts(q.recipientId).messages, 5u);
        QCOMPARE(store->queueCounts(q.recipientId).bytes, 10u);
        std::set<core::Bytes> ids;
        for (int i = 0; i < 5; ++i) {
            auto head = store->peekMessage(q.recipientId);
            QVERIFY(head);
            QCOMPARE(store->peekMessage(q.recipientId), head);
            QCOMPARE(head->body, core::toBytes("m" + std::to_string(i)));
            QCOMPARE(head->notification, i == 2);
            QVERIFY(!head->quotaMarker);
            QCOMPARE(head->msgId.size(), 24u);
            QCOMPARE(head->timestamp, m_clock.nowSeconds());
            ids.insert(head->msgId);
            QVERIFY(store->deleteMessage(q.recipientId, head->msgId, m_acks.next()));
        }
        QCOMPARE(ids.size(), 5u);
        QVERIFY(!store->peekMessage(q.recipientId));
        QCOMPARE(store->totals().messages, 0u);
        QCOMPARE(store->totals().storageBytes, 0u);
    }

    void deleteMessageWrongIdIsNoMsg() {
        auto store = openStore(config());
        QVERIFY(store);
        QueueRecord q = addQueue(*store);
        auto empty = store->deleteMessage(q.recipientId, core::crypto::randomBytes(24), nullptr);
        QCOMPARE(empty.error().code, std::error_code(ferry::relay::RelayStoreErrc::NoMessage));
        QCOMPARE(send(*store, q, "a"), SendOutcome::Stored);
        QCOMPARE(send(*store, q, "b"), SendOutcome::Stored);
        auto first = store->peekMessage(q.recipientId);
        QVERIFY(store->deleteMessage(q.recipientId, first->msgId, m_acks.next()));
        const auto b = store->peekMessage(q.recipientId);
        // Only the oldest message can be deleted: an older id or a made-up one is NO_MSG.
        auto wrong = store->deleteMessage(q.recipientId, first->msgId, nullptr);
        QCOMPARE(wrong.error().code, std::error_code(ferry::relay::RelayStoreErrc::NoMessage));
        QCOMPARE(store->peekMessage(q.recipientId), b);
        auto unknown = store->deleteMessage(core::crypto::randomBytes(24), b->msgId, nullptr);
        QCOMPARE(unknown.error().code, std::error_code(ferry::relay::RelayStoreErrc::Auth));
    }

    void quotaMarkerAndRecovery() {
        StoreConfig c = config();
        c.queueQuota = 3;
        auto store = openStore(c);
        QVERIFY(store);
        QueueRecord q = addQueue(*store);
        QCOMPARE(send(*store, q, "1"), SendOutcome::Stored);
        QCOMPARE(send(*store, q, "2"), SendOutcome::Stored);
        QCOMPARE(send(*store, q, "3"), SendOutcome::Stored);
        m_clock.advance(5);
        QCOMPARE(send(*store, q, "4"), SendOutcome::QuotaReached);
        QCOMPARE(send(*store, q, "5"), SendOutcome::QueueFull);
        QCOMPARE(store->queueCounts(q.recipientId).messages, 4u);
        QCOMPARE(store->totals().storageBytes, 3u);
        for (int i = 1; i <= 3; ++i) {
            auto head = store->peekMessage(q.recipientId);
            QCOMPARE(head->body, core::toBytes(std::to_string(i)));
            auto deleted = store->deleteMessage(q.recipientId, head->msgId, m_acks.next());
            QVERIFY(deleted);
            QVERIFY(!deleted->quotaMarker);
            // Not empty yet (the marker is still there): still refusing.
            QCOMPARE(send(*store, q, "x"), SendOutcome::QueueFull);
        }
        auto marker = store->peekMessage(q.recipientId);
        QVERIFY(marker->quotaMarker);
        QVERIFY(marker->body.empty());
        QCOMPARE(marker->msgId.size(), 24u);
        QCOMPARE(marker->timestamp, m_clock.nowSeconds());
        auto deletedMarker = store->deleteMessage(q.recipientId, marker->msgId, m_acks.next());
        QVERIFY(deletedMarker);
        QVERIFY(deletedMarker->quotaMarker); // an ACK of it is not a delivered message
        QCOMPARE(send(*store, q, "again"), SendOutcome::Stored);
        QCOMPARE(store->peekMessage(q.recipientId)->body, core::toBytes("again"));
    }

    void storageCapRefusesAndStoresNothing() {
        StoreConfig c = config();
        c.storageCapBytes = kQueueStorageBytes + 10; // one queue and 10 bytes of messages
        auto store = openStore(c);
        QVERIFY(store);
        QueueRecord q = addQueue(*store);
        QCOMPARE(send(*store, q, "123456"), SendOutcome::Stored);
        QCOMPARE(send(*store, q, "789012"), SendOutcome::StorageFull);
        QCOMPARE(send(*store, q, "7890"), SendOutcome::Stored);
        QCOMPARE(send(*store, q, "x"), SendOutcome::StorageFull);
        QCOMPARE(store->totals().messages, 2u);
        QCOMPARE(store->totals().storageBytes, 10u);
        QCOMPARE(store->queueCounts(q.recipientId).messages, 2u);
    }

    void queuesCountTowardTheStorageCap() {
        StoreConfig c = config();
        c.storageCapBytes = 3 * kQueueStorageBytes + 5;
        auto store = openStore(c);
        QVERIFY(store);
        QueueRecord first = addQueue(*store);
        addQueue(*store);
        QueueRecord third = addQueue(*store);
        QueueRecord fourth = makeQueue();
        auto refused = store->addQueue(fourth, {});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, std::error_code(ferry::relay::RelayStoreErrc::Full));
        QVERIFY(!store->queueByRecipient(fourth.recipientId));
        QCOMPARE(store->totals().queues, 3u);
        // The rest of the cap still takes messages, and only that.
        QCOMPARE(send(*store, first, "12345"), SendOutcome::Stored);
        QCOMPARE(send(*store, first, "6"), SendOutcome::StorageFull);
        // A deleted queue makes room for another.
        QVERIFY(store->deleteQueue(third.recipientId, m_acks.next()));
        QVERIFY(store->addQueue(fourth, m_acks.next()));
        QVERIFY(store->queueByRecipient(fourth.recipientId));
    }

    void expiryByTtl() {
        StoreConfig c = config();
        c.messageTtl = std::chrono::seconds(100);
        QueueRecord q;
        {
            auto store = openStore(c);
            QVERIFY(store);
            q = addQueue(*store);
            QCOMPARE(send(*store, q, "old"), SendOutcome::Stored);
            m_clock.advance(60);
            QCOMPARE(send(*store, q, "newer"), SendOutcome::Stored);
            QCOMPARE(send(*store, q, "newest"), SendOutcome::Stored);
            m_clock.advance(41); // "old" is now 101 s old
            QCOMPARE(store->peekMessage(q.recipientId)->body, core::toBytes("newer"));
            QCOMPARE(store->queueCounts(q.recipientId).messages, 2u);
            QCOMPARE(store->expireMessages(), 1u);
            QCOMPARE(store->expireMessages(), 0u);
            QCOMPARE(store->totals().messages, 2u);
            QCOMPARE(store->totals().storageBytes, 11u);
        }
        m_clock.advance(60);
        auto store = openStore(c);
        QVERIFY(store);
        QCOMPARE(store->totals().messages, 0u);
        QCOMPARE(store->totals().storageBytes, 0u);
        QVERIFY(!store->peekMessage(q.recipientId));
        QVERIFY(store->queueByRecipient(q.recipientId));
    }

    void restartKeepsEverything() {
        StoreConfig c = config();
        c.queueQuota = 2;
        QueueRecord full, partial;
        StoreTotals before;
        std::optional<StoredMessage> head;
        {
            auto store = openStore(c);
            QVERIFY(store);
            full = makeQueue();
            full.notifier = makeNotifier();
            QVERIFY(store->addQueue(full, m_acks.next()));
            partial = addQueue(*store);
            QVERIFY(store->secureQueue(partial.recipientId, randomKey(), m_acks.next()));
            QCOMPARE(send(*store, full, "a"), SendOutcome::Stored);
            QCOMPARE(send(*store, full, "bb"), SendOutcome::Stored);
            QCOMPARE(send(*store, full, "c"), SendOutcome::QuotaReached);
            QCOMPARE(send(*store, partial, "ddd"), SendOutcome::Stored);
            before = store->totals();
            head = store->peekMessage(full.recipientId);
            partial = *store->queueByRecipient(partial.recipientId);
        }
        auto store = openStore(c);
        QVERIFY(store);
        const StoreTotals after = store->totals();
        QCOMPARE(after.queues, 2u);
        QCOMPARE(after.queues, before.queues);
        QCOMPARE(after.messages, before.messages);
        QCOMPARE(after.messages, 4u);
        QCOMPARE(after.storageBytes, before.storageBytes);
        QCOMPARE(store->queueByRecipient(full.recipientId), full);
        QCOMPARE(store->queueByRecipient(partial.recipientId), partial);
        QCOMPARE(store->peekMessage(full.recipientId), head);
        QCOMPARE(send(*store, full, "e"), SendOutcome::QueueFull); // canWrite survived
        QCOMPARE(send(*store, partial, "f"), SendOutcome::Stored);
        QCOMPARE(send(*store, partial, "g"), SendOutcome::QuotaReached);
    }

    void callbacksRunOnceFromManyThreads() {
        auto store = openStore(config());
        QVERIFY(store);
        std::vector<QueueRecord> queues;
        for (int i = 0; i < 4; ++i) {
            queues.push_back(addQueue(*store));
        }
        std::atomic<int> durable{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 200; ++i) {
                    auto cb = m_acks.next();
                    auto sent =
                        store->addMessage(queues[t].recipientId, false, core::asBytes("body"),
                                          [&, cb](core::Result<void> r) {
                                              durable.fetch_add(1);
                                              cb(std::move(r));
                                          });
                    if (!sent || *sent != SendOutcome::Stored) {
                        return;
                    }
                    auto head = store->peekMessage(queues[t].recipientId);
                    (void)store->deleteMessage(queues[t].recipientId, head->msgId, m_acks.next());
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        QVERIFY(store->flush());
        QCOMPARE(durable.load(), 800);
        QCOMPARE(store->totals().messages, 0u);
        store.reset();
        QVERIFY(m_acks.allOnceOk());
    }

    void acknowledgedMessagesSurviveKill() {
        const StoreConfig c = [this] {
            StoreConfig s = config();
            s.queueQuota = 1'000'000;
            return s;
        }();
        const core::Bytes rid(24, 0x42);
        int fds[2];
        QCOMPARE(::pipe(fds), 0);
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            // Child: no Qt Test machinery; report each durable message on the pipe.
            ::close(fds[0]);
            core::SystemClock clock;
            auto store = RelayStore::open(c, clock);
            if (!store) {
                ::_exit(2);
            }
            QueueRecord q = makeQueue();
            q.recipientId = rid;
            if (!(*store)->addQueue(q, nullptr) || !(*store)->flush()) {
                ::_exit(3);
            }
            for (std::uint32_t i = 0; i < 1'000'000; ++i) {
                const std::string body = "message " + std::to_string(i);
                const int fd = fds[1];
                auto sent = (*store)->addMessage(rid, false, core::asBytes(body),
                                                 [fd, i](core::Result<void> r) {
                                                     if (r) {
                                                         (void)!::write(fd, &i, sizeof i);
                                                     }
                                                 });
                if (!sent) {
                    ::_exit(4);
                }
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        constexpr int kAcks = 500;
        std::set<std::uint32_t> acked;
        while (static_cast<int>(acked.size()) < kAcks) {
            std::uint32_t index = 0;
            const ssize_t n = ::read(fds[0], &index, sizeof index);
            if (n != static_cast<ssize_t>(sizeof index)) {
                break;
            }
            acked.insert(index);
        }
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        ::close(fds[0]);
        QCOMPARE(static_cast<int>(acked.size()), kAcks);
        QVERIFY(WIFSIGNALED(status));

        core::SystemClock clock;
        auto reopened = RelayStore::open(c, clock);
        QVERIFY2(reopened, reopened ? "" : reopened.error().message.c_str());
        auto& store = *reopened;
        const std::uint64_t total = store->totals().messages;
        QVERIFY(total >= kAcks);
        std::set<std::uint32_t> present;
        for (std::uint64_t i = 0; i < total; ++i) {
            auto head = store->peekMessage(rid);
            QVERIFY(head);
            QCOMPARE(head->body, core::toBytes("message " + std::to_string(i)));
            present.insert(static_cast<std::uint32_t>(i));
            QVERIFY(store->deleteMessage(rid, head->msgId, nullptr));
        }
        for (std::uint32_t index : acked) {
            QVERIFY(present.count(index) == 1);
        }
    }

    void corruptFileIsAClearErrorAndUntouched() {
        const StoreConfig c = config();
        std::filesystem::create_directories(c.directory);
        const auto file = c.directory / "relay-store.db";
        {
            std::ofstream out(file, std::ios::binary);
            for (int i = 0; i < 4096; ++i) {
                out << "not a database " << i << '\n';
            }
        }
        const core::Bytes before = readFile(file);
        auto store = RelayStore::open(c, m_clock);
        QVERIFY(!store);
        QCOMPARE(store.error().code, std::error_code(ferry::relay::RelayStoreErrc::Failed));
        QVERIFY(store.error().message.find("left untouched") != std::string::npos);
        QVERIFY(readFile(file) == before);
        QVERIFY(!std::filesystem::exists(file.string() + "-wal"));
    }

    void newerSchemaVersionIsRefused() {
        const StoreConfig c = config();
        {
            auto store = openStore(c);
            QVERIFY(store);
            addQueue(*store);
        }
        const auto file = c.directory / "relay-store.db";
        {
            auto db = core::store::Database::open(file, core::store::OpenMode::CreateNew);
            QVERIFY(db);
            QVERIFY(
                db->exec("PRAGMA user_version = " + std::to_string(kRelayStoreSchemaVersion + 1)));
        }
        const core::Bytes before = readFile(file);
        auto store = RelayStore::open(c, m_clock);
        QVERIFY(!store);
        QVERIFY(store.error().message.find("newer than this relay supports") != std::string::npos);
        QVERIFY(readFile(file) == before);
    }

    void migrationFromEmptyFile() {
        const StoreConfig c = config();
        std::filesystem::create_directories(c.directory);
        std::ofstream(c.directory / "relay-store.db").close(); // version 0: an empty file
        {
            auto store = openStore(c);
            QVERIFY(store);
            addQueue(*store);
        }
        auto db = core::store::Database::open(c.directory / "relay-store.db",
                                              core::store::OpenMode::CreateNew);
        QVERIFY(db);
        QCOMPARE(*db->queryInt("PRAGMA user_version"), std::int64_t{kRelayStoreSchemaVersion});
        QCOMPARE(*db->queryInt("SELECT COUNT(*) FROM queues"), std::int64_t{1});
    }

    void linksPersistAndCountTowardTheCap() {
        StoreConfig c = config();
        c.storageCapBytes = 64 * 1024;
        QueueRecord q = makeQueue();
        q.mode = ferry::core::smp::QueueMode::Contact;
        q.link =
            QueueLink{core::crypto::randomBytes(24), {core::Bytes(2000, 1), core::Bytes(500, 2)}};
        {
            auto store = openStore(c);
            QVERIFY(store);
            QVERIFY(store->addQueue(q, m_acks.next()));
            QCOMPARE(store->totals().storageBytes, std::uint64_t{2500});
            QCOMPARE(store->queueByLink(q.link->linkId), q);
            // Only the user data may change; another queue cannot take the id.
            QueueLink changed = *q.link;
            changed.data.userData = core::Bytes(100, 3);
            QVERIFY(store->setLink(q.recipientId, changed, m_acks.next()));
            q.link = changed;
            QCOMPARE(store->totals().storageBytes, std::uint64_t{2100});
            changed.data.fixedData = core::Bytes(10, 4);
            QVERIFY(!store->setLink(q.recipientId, changed, {}));
            QueueRecord other = addQueue(*store);
            QVERIFY(!store->setLink(other.recipientId, *q.link, {}));
            // Link data counts toward the cap like messages do.
            QueueLink huge{core::crypto::randomBytes(24),
                           {core::Bytes(30000, 5), core::Bytes(40000, 6)}};
            auto refused = store->setLink(other.recipientId, huge, {});
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, std::error_code(ferry::relay::RelayStoreErrc::Full));
            QVERIFY(store->flush());
        }
        auto store = openStore(c);
        QVERIFY(store);
        QCOMPARE(store->queueByRecipient(q.recipientId), q);
        QCOMPARE(store->totals().storageBytes, std::uint64_t{2100});
        QVERIFY(store->deleteLink(q.recipientId, m_acks.next()));
        QVERIFY(!store->queueByLink(q.link->linkId));
        QVERIFY(!store->queueByRecipient(q.recipientId)->link);
        QCOMPARE(store->totals().storageBytes, std::uint64_t{0});
        QVERIFY(store->deleteLink(q.recipientId, m_acks.next())); // none: still fine
    }

    void migrationFromVersion1KeepsQueues() {
        // A store written before short links: its queues keep working, with the mode their
        // "sender may secure" flag meant.
        const StoreConfig c = config();
        std::filesystem::create_directories(c.directory);
        const core::Bytes messaging = core::crypto::randomBytes(24);
        const core::Bytes contact = core::crypto::randomBytes(24);
        {
            auto db = core::store::Database::open(c.directory / "relay-store.db",
                                                  core::store::OpenMode::CreateNew);
            QVERIFY(db);
            QVERIFY(migrateRelayStoreStep(*db, 0));
            for (const auto& [id, flag] : {std::pair{messaging, 1}, std::pair{contact, 0}}) {
                const std::string hexId = core::toHex(id);
                QVERIFY(db->exec("INSERT INTO queues (recipient_id, sender_id, recipient_key_alg, "
                                 "recipient_key, rcv_dh_secret, sender_can_secure) VALUES (x'" +
                                 hexId + "', x'" + hexId + "00', 0, zeroblob(32), zeroblob(32), " +
                                 std::to_string(flag) + ")"));
            }
        }
        auto store = openStore(c);
        QVERIFY(store);
        QCOMPARE(store->totals().queues, std::uint64_t{2});
        QVERIFY(store->queueByRecipient(messaging)->mode == ferry::core::smp::QueueMode::Messaging);
        QVERIFY(store->queueByRecipient(contact)->mode == ferry::core::smp::QueueMode::Contact);
        QVERIFY(!store->queueByRecipient(contact)->link);
        QVERIFY(store->setLink(contact, QueueLink{core::Bytes(24, 9), {core::Bytes(1, 1), {}}},
                               m_acks.next()));
        addQueue(*store);
        QCOMPARE(store->totals().queues, std::uint64_t{3});
    }

    void secondOpenOfTheSameFolderFails() {
        const StoreConfig c = config();
        auto store = openStore(c);
        QVERIFY(store);
        auto second = RelayStore::open(c, m_clock);
        QVERIFY(!second);
        QCOMPARE(second.error().code, std::error_code(ferry::relay::RelayStoreErrc::Failed));
    }
};

QTEST_APPLESS_MAIN(TestRelayStore)
#include "test_relay_store.moc"
