// GroupCommitter on a real SQLite file: callbacks wait for the journal's sync, one sync
// carries a whole batch, a failed sync breaks the committer, a failed mutation undoes only
// itself, and a transaction SQLite rolled back fails every mutation that was waiting in it.
#include "relay/store/group_committer.h"
#include "relay/store/relay_store_errc.h"
#include "store/database.h"
#include "store/store_errc.h"

#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

using namespace ferry;
using ferry::relay::GroupCommitter;
using ferry::relay::RelayStoreErrc;
using Database = ferry::core::store::Database;

namespace {

/// Holds the sync until opened, and counts how often it ran.
class SyncGate {
public:
    core::Result<void> sync() {
        std::unique_lock lock(m_mutex);
        ++m_calls;
        m_called.notify_all();
        m_opened.wait(lock, [this] { return m_open; });
        if (m_failure) {
            return *m_failure;
        }
        return {};
    }
    void open() {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_opened.notify_all();
    }
    void failWith(core::Error error) {
        std::lock_guard lock(m_mutex);
        m_failure = std::move(error);
    }
    bool waitForCalls(int n) {
        std::unique_lock lock(m_mutex);
        return m_called.wait_for(lock, std::chrono::seconds(10), [&] { return m_calls >= n; });
    }
    int calls() {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_opened, m_called;
    bool m_open = false;
    int m_calls = 0;
    std::optional<core::Error> m_failure;
};

/// What the callbacks reported, in the order they ran.
class Outcomes {
public:
    GroupCommitter::DurableCallback callback() {
        return [this](core::Result<void> result) {
            std::lock_guard lock(m_mutex);
            m_results.push_back(result.ok() ? std::string() : result.error().message);
        };
    }
    /// "" for success, the error's words otherwise.
    std::vector<std::string> results() {
        std::lock_guard lock(m_mutex);
        return m_results;
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_results;
};

struct Fixture {
    QTemporaryDir dir;
    std::filesystem::path file;
    Database database;
    SyncGate gate;
    std::atomic<int> recounts{0};
    std::unique_ptr<GroupCommitter> committer;

    Fixture() {
        file = std::filesystem::path(dir.path().toStdString()) / "store.db";
        auto opened = Database::open(file, core::store::OpenMode::CreateNew);
        QVERIFY(opened);
        database = std::move(*opened);
        QVERIFY(database.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                              "CREATE TABLE rows (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)"));
        auto started = GroupCommitter::start(
            database, [this] { return gate.sync(); }, [this] { ++recounts; });
        QVERIFY(started);
        committer = std::move(*started);
    }
    ~Fixture() {
        gate.open();
        committer.reset();
    }

    /// Inserts row `k` (inside a mutation).
    core::Result<void> insertRow(std::int64_t k) {
        auto stmt = database.prepare("INSERT INTO rows (k, v) VALUES (?1, 1)");
        if (!stmt) {
            return stmt.error();
        }
        return stmt->bind(1, k).run();
    }
    /// Inserts row `k` as one mutation (locked by the caller).
    core::Result<void> insert(std::int64_t k) {
        return committer->write([&] { return insertRow(k); });
    }
    /// Inserts row `k` as one mutation and finishes it with a callback of `outcomes`
    /// (takes the lock).
    bool insertAndFinish(std::int64_t k, Outcomes& outcomes,
                         GroupCommitter::Commit when = GroupCommitter::Commit::Now) {
        auto lock = committer->lock();
        if (!insert(k)) {
            return false;
        }
        committer->finish(outcomes.callback(), when);
        return true;
    }

    /// The rows another connection sees: what was committed.
    std::vector<std::int64_t> committedRows() {
        std::vector<std::int64_t> rows;
        auto reader = Database::open(file, core::store::OpenMode::OpenExisting);
        if (!reader) {
            return rows;
        }
        auto stmt = reader->prepare("SELECT k FROM rows ORDER BY k");
        while (stmt) {
            auto row = stmt->step();
            if (!row || !*row) {
                break;
            }
            rows.push_back(stmt->integer(0));
        }
        return rows;
    }
};

} // namespace

class TestGroupCommitter : public QObject {
    Q_OBJECT

private slots:
    void aCallbackWaitsForTheSync() {
        Fixture f;
        Outcomes outcomes;
        QVERIFY(f.insertAndFinish(1, outcomes));
        QVERIFY(f.gate.waitForCalls(1));
        // Committed (COMMIT only writes under synchronous=NORMAL) but not yet synced: the
        // caller has not been told.
        QCOMPARE(f.committedRows(), std::vector<std::int64_t>{1});
        QVERIFY(outcomes.results().empty());
        f.gate.open();
        QVERIFY(f.committer->flush());
        QCOMPARE(outcomes.results(), std::vector<std::string>{""});
        QCOMPARE(f.gate.calls(), 1);
    }

    void oneSyncCarriesAWholeBatch() {
        Fixture f;
        Outcomes outcomes;
        QVERIFY(f.insertAndFinish(1, outcomes));
        QVERIFY(f.gate.waitForCalls(1));
        // While the first batch syncs, fifty more mutations go into the next transaction.
        for (std::int64_t k = 2; k <= 51; ++k) {
            QVERIFY(f.insertAndFinish(k, outcomes));
        }
        f.gate.open();
        QVERIFY(f.committer->flush());
        QCOMPARE(f.gate.calls(), 2);
        QCOMPARE(outcomes.results(), std::vector<std::string>(51, ""));
        QCOMPARE(f.committedRows().size(), std::size_t{51});
    }

    void aFailedSyncBreaksTheCommitter() {
        Fixture f;
        Outcomes outcomes;
        f.gate.failWith(core::makeError(RelayStoreErrc::Failed, "cannot sync: I/O error"));
        f.gate.open();
        QVERIFY(f.insertAndFinish(1, outcomes));
        auto flushed = f.committer->flush();
        QVERIFY(!flushed);
        QCOMPARE(flushed.error().message, std::string("cannot sync: I/O error"));
        // The caller is told its mutation may be lost.
        QCOMPARE(outcomes.results(), std::vector<std::string>{"cannot sync: I/O error"});
        // Nothing more is accepted: the kernel may have dropped pages it had taken.
        auto lock = f.committer->lock();
        QVERIFY(!f.committer->usable());
        auto refused = f.insert(2);
        QVERIFY(!refused);
        QCOMPARE(refused.error().message, std::string("cannot sync: I/O error"));
    }

    void nothingWrittenDuringAFailedSyncIsReportedDurable() {
        Fixture f;
        Outcomes outcomes;
        f.gate.failWith(core::makeError(RelayStoreErrc::Failed, "cannot sync: I/O error"));
        QVERIFY(f.insertAndFinish(1, outcomes));
        QVERIFY(f.gate.waitForCalls(1));
        {
            // Accepted while the sync that is about to fail runs.
            auto lock = f.committer->lock();
            QVERIFY(f.insert(2));
            f.committer->finish(outcomes.callback());
        }
        f.gate.open();
        QVERIFY(!f.committer->flush());
        QCOMPARE(outcomes.results(),
                 (std::vector<std::string>{"cannot sync: I/O error", "cannot sync: I/O error"}));
        QCOMPARE(f.gate.calls(), 1); // the second batch was not synced and called durable
    }

    void aFailedMutationUndoesOnlyItself() {
        Fixture f;
        f.gate.open();
        Outcomes outcomes;
        {
            auto lock = f.committer->lock();
            QVERIFY(f.insert(1));
            f.committer->finish(outcomes.callback());
            // Inserts 2, then breaks on 1 (taken): row 2 must not stay behind.
            auto failed = f.committer->write([&]() -> core::Result<void> {
                if (auto two = f.insertRow(2); !two) {
                    return two;
                }
                return f.insertRow(1);
            });
            QVERIFY(!failed);
            QCOMPARE(failed.error().code, std::error_code(core::store::StoreErrc::Constraint));
            QVERIFY(f.insert(3));
            f.committer->finish(outcomes.callback());
        }
        QVERIFY(f.committer->flush());
        QCOMPARE(f.committedRows(), (std::vector<std::int64_t>{1, 3}));
        QCOMPARE(outcomes.results(), (std::vector<std::string>{"", ""}));
        QCOMPARE(f.recounts.load(), 0);
    }

    void aLostTransactionFailsEveryMutationInIt() {
        Fixture f;
        f.gate.open();
        Outcomes outcomes;
        {
            auto lock = f.committer->lock();
            QVERIFY(f.insert(1));
            f.committer->finish(outcomes.callback());
            // What SQLite does on an I/O error or a full disk: the whole open transaction
            // is rolled back, row 1 with it.
            auto lost = f.committer->write([&]() -> core::Result<void> {
                (void)f.database.exec("ROLLBACK");
                return core::makeError(RelayStoreErrc::Failed, "disk I/O error");
            });
            QVERIFY(!lost);
            QCOMPARE(f.recounts.load(), 1);
        }
        // The next flush reports the loss, once.
        auto flushed = f.committer->flush();
        QVERIFY(!flushed);
        QCOMPARE(flushed.error().message, std::string("disk I/O error"));
        QCOMPARE(outcomes.results(), std::vector<std::string>{"disk I/O error"});
        QCOMPARE(f.committedRows(), std::vector<std::int64_t>{});
        // The committer goes on with a new transaction.
        {
            auto lock = f.committer->lock();
            QVERIFY(f.committer->usable());
            QVERIFY(f.insert(2));
            f.committer->finish(outcomes.callback());
        }
        QVERIFY(f.committer->flush());
        QCOMPARE(outcomes.results(), (std::vector<std::string>{"disk I/O error", ""}));
        QCOMPARE(f.committedRows(), std::vector<std::int64_t>{2});
    }

    void aMutationThatMayWaitRidesWithTheNext() {
        Fixture f;
        f.gate.open();
        Outcomes outcomes;
        {
            auto lock = f.committer->lock();
            QVERIFY(f.insert(1));
            f.committer->finish(outcomes.callback(), GroupCommitter::Commit::WithNext);
            QVERIFY(f.insert(2));
            f.committer->finish(outcomes.callback());
        }
        QVERIFY(f.gate.waitForCalls(1));
        QVERIFY(f.committer->flush());
        QCOMPARE(f.gate.calls(), 1);
        QCOMPARE(outcomes.results(), (std::vector<std::string>{"", ""}));
        QCOMPARE(f.committedRows(), (std::vector<std::int64_t>{1, 2}));
    }

    void aMutationThatMayWaitIsCommittedAloneInTime() {
        Fixture f;
        f.gate.open();
        Outcomes outcomes;
        QVERIFY(f.insertAndFinish(1, outcomes, GroupCommitter::Commit::WithNext));
        // Not at once: it waits for company (a lower bound, so a slow machine cannot break it).
        QTest::qWait(100);
        QCOMPARE(f.gate.calls(), 0);
        QCOMPARE(f.committedRows(), std::vector<std::int64_t>{});
        // But without company, alone once kWithNextAtMost has passed; no flush asks for it.
        QTRY_COMPARE_WITH_TIMEOUT(outcomes.results(), std::vector<std::string>{""}, 10000);
        QCOMPARE(f.gate.calls(), 1);
        QCOMPARE(f.committedRows(), std::vector<std::int64_t>{1});
    }

    void aFlushDoesNotWaitForCompany() {
        Fixture f;
        f.gate.open();
        Outcomes outcomes;
        QVERIFY(f.insertAndFinish(1, outcomes, GroupCommitter::Commit::WithNext));
        QVERIFY(f.committer->flush());
        // flush returned, so the mutation is durable and its callback has run.
        QCOMPARE(outcomes.results(), std::vector<std::string>{""});
        QCOMPARE(f.committedRows(), std::vector<std::int64_t>{1});
    }

    void stoppingCommitsWhatIsPending() {
        Fixture f;
        f.gate.open();
        Outcomes outcomes;
        QVERIFY(f.insertAndFinish(7, outcomes));
        f.committer.reset();
        QCOMPARE(outcomes.results(), std::vector<std::string>{""});
        QVERIFY(f.gate.calls() >= 1);
        QCOMPARE(f.committedRows(), std::vector<std::int64_t>{7});
    }

    void stoppingCommitsWhatMayWait() {
        Fixture f;
        f.gate.open();
        Outcomes outcomes;
        QVERIFY(f.insertAndFinish(8, outcomes, GroupCommitter::Commit::WithNext));
        f.committer.reset(); // does not wait out kWithNextAtMost, and loses nothing
        QCOMPARE(outcomes.results(), std::vector<std::string>{""});
        QCOMPARE(f.committedRows(), std::vector<std::int64_t>{8});
    }
};

QTEST_GUILESS_MAIN(TestGroupCommitter)
#include "test_group_committer.moc"
