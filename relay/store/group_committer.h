#pragma once

#include "store/database.h"
#include "util/result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace ferry::relay {

/// Group commit for one SQLite database in WAL mode with synchronous=NORMAL (COMMIT only
/// write()s the journal; making it durable is the sync function's job).
///
/// A store runs each mutation at once inside the open transaction, wrapped in a savepoint so
/// that it applies whole or not at all (write), and hands over the callback that must wait
/// until the mutation is durable (finish). A writer thread commits the open transaction
/// whenever something is pending, syncs the journal *outside* the lock, and only then runs
/// the callbacks of that batch. While one batch is being synced, new mutations proceed and
/// collect in the next transaction: one sync per batch, however many mutations it holds,
/// and under load batches begin at least kBatchInterval apart.
/// A mutation whose loss in a crash is harmless (a delivered message's deletion: the message
/// would only be delivered again) need not start a batch: it rides with the next one, and
/// is committed alone only when none comes within kWithNextAtMost.
///
/// Failures: when SQLite rolls the whole open transaction back (I/O error, disk full) every
/// mutation since the last commit is lost, so their callbacks get the error and the store
/// recounts what it keeps in memory. A failed sync may have lost pages the kernel had
/// accepted, so after one the committer is broken: every later call is refused with the
/// sync's error.
///
/// One lock guards the database and the committer's state: the store takes lock() around
/// everything it does with either, and the methods marked "locked" expect it held.
class GroupCommitter {
public:
    using DurableCallback = std::function<void(core::Result<void>)>;
    /// Makes what COMMIT wrote durable (fdatasync of the WAL file).
    using SyncJournal = std::function<core::Result<void>()>;
    /// Recounts the store's in-memory totals after a lost transaction; runs locked.
    using Recount = std::function<void()>;
    /// When a finished mutation's batch is committed.
    enum class Commit {
        Now,      ///< at once: its caller waits for it
        WithNext, ///< with the next batch, or after kWithNextAtMost at the latest
    };
    static constexpr std::chrono::milliseconds kWithNextAtMost{500};
    /// Under load (commits were asked for while the previous batch was being synced), batches
    /// begin at least this far apart: a batch gathers what arrives meanwhile, so fewer
    /// commits write the shared pages (indexes, the queue's leaf) and fewer fsyncs run, for
    /// at most this much latency (bench_relay_load at v18: about 7% less relay CPU per
    /// message, the same p50). Otherwise a mutation is committed at once, so a lone client
    /// waiting for each answer is not slowed down.
    static constexpr std::chrono::milliseconds kBatchInterval{2};

    /// Prepares the transaction statements on `database` and starts the writer thread.
    /// `database` must outlive the committer.
    static core::Result<std::unique_ptr<GroupCommitter>> start(core::store::Database& database,
                                                               SyncJournal sync, Recount recount);
    /// Commits and syncs what is pending, runs its callbacks, then stops the writer.
    ~GroupCommitter();

    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    [[nodiscard]] std::unique_lock<std::mutex> lock() const { return std::unique_lock(m_mutex); }

    /// Locked: the sync's error once one failed, success otherwise.
    core::Result<void> usable() const;
    /// Locked: runs `statements` inside the open transaction (begun if none is) as one
    /// all-or-nothing unit; a failure rolls back only what they did.
    core::Result<void> write(const std::function<core::Result<void>()>& statements);
    /// Locked: a mutation succeeded; `onDurable` (may be empty) runs once the batch holding
    /// it is durable, on the writer thread, with its result.
    void finish(DurableCallback onDurable, Commit when = Commit::Now);
    /// Locked: a statement failed. The error names `what` in SQLite's words; if SQLite rolled
    /// back the open transaction, the mutations waiting in it fail too.
    core::Error failed(std::string_view what);
    /// Waits until every mutation finished so far is durable; its batch's result, the error
    /// of a transaction lost since the last flush, or the error that broke the committer.
    /// Not locked (takes the lock itself).
    core::Result<void> flush();

private:
    struct Statements {
        core::store::Statement begin, commit, rollback, savepoint, release, rollbackTo;
    };

    GroupCommitter(core::store::Database& database, Statements statements, SyncJournal sync,
                   Recount recount);

    core::Error databaseError(std::string_view what) const;
    void transactionLost(const core::Error& error);
    core::Result<void> commit();
    void writerLoop();

    core::store::Database& m_database;
    Statements m_statements;
    const SyncJournal m_sync;
    const Recount m_recount;

    mutable std::mutex m_mutex;
    bool m_transactionOpen = false;
    std::uint64_t m_appliedSeq = 0; ///< mutations finished (and transactions lost) so far
    std::uint64_t m_wantedSeq = 0;  ///< of those, the last that must be committed at once
    std::uint64_t m_durableSeq = 0; ///< of those, the ones whose callbacks have run
    /// Since when the oldest mutation not yet in a batch has waited.
    std::chrono::steady_clock::time_point m_waitingSince;
    std::chrono::steady_clock::time_point m_lastBatchStart;
    bool m_underLoad = false; ///< commits were asked for while the last batch was synced
    std::vector<DurableCallback> m_pending;
    std::vector<std::pair<DurableCallback, core::Error>> m_failed;
    std::optional<core::Error> m_lastBatchError;
    std::optional<core::Error> m_lostSinceFlush; ///< a transaction SQLite rolled back
    std::optional<core::Error> m_broken;
    bool m_stopping = false;
    std::condition_variable m_wake;
    std::condition_variable m_durable;
    std::thread m_writer;
};

} // namespace ferry::relay
