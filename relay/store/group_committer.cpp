#include "relay/store/group_committer.h"

#include "relay/store/relay_store_errc.h"

#include <string>

namespace ferry::relay {
namespace {

void runCallback(const GroupCommitter::DurableCallback& callback,
                 const core::Result<void>& result) {
    if (!callback) {
        return;
    }
    // A callback belongs to the caller; nothing it throws may end the writer thread.
    try {
        callback(result);
    } catch (...) {
    }
}

} // namespace

core::Result<std::unique_ptr<GroupCommitter>>
GroupCommitter::start(core::store::Database& database, SyncJournal sync, Recount recount) {
    Statements statements;
    const std::pair<core::store::Statement*, const char*> all[] = {
        {&statements.begin, "BEGIN"},
        {&statements.commit, "COMMIT"},
        {&statements.rollback, "ROLLBACK"},
        {&statements.savepoint, "SAVEPOINT mutation"},
        {&statements.release, "RELEASE mutation"},
        {&statements.rollbackTo, "ROLLBACK TO mutation"},
    };
    for (const auto& [statement, sql] : all) {
        auto prepared = database.prepare(sql);
        if (!prepared) {
            return relayStoreFailure(prepared.error());
        }
        *statement = std::move(*prepared);
    }
    return std::unique_ptr<GroupCommitter>(
        new GroupCommitter(database, std::move(statements), std::move(sync), std::move(recount)));
}

GroupCommitter::GroupCommitter(core::store::Database& database, Statements statements,
                               SyncJournal sync, Recount recount)
    : m_database(database), m_statements(std::move(statements)), m_sync(std::move(sync)),
      m_recount(std::move(recount)) {
    m_writer = std::thread([this] { writerLoop(); });
}

GroupCommitter::~GroupCommitter() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_writer.join();
}

core::Result<void> GroupCommitter::usable() const {
    if (m_broken) {
        return *m_broken;
    }
    return {};
}

core::Result<void> GroupCommitter::write(const std::function<core::Result<void>()>& statements) {
    if (auto open = usable(); !open) {
        return open;
    }
    if (!m_transactionOpen) {
        if (!m_statements.begin.use().run()) {
            return databaseError("begin");
        }
        m_transactionOpen = true;
    }
    if (!m_statements.savepoint.use().run()) {
        return failed("savepoint");
    }
    auto result = statements();
    if (!result && m_database.inTransaction()) {
        (void)m_statements.rollbackTo.use().run();
    }
    if (m_database.inTransaction() && !m_statements.release.use().run() && result) {
        result = failed("release savepoint");
    }
    if (m_transactionOpen && !m_database.inTransaction()) {
        transactionLost(result ? databaseError("transaction") : result.error());
    }
    return result;
}

void GroupCommitter::finish(DurableCallback onDurable, Commit when) {
    const bool writerIdle = m_durableSeq == m_appliedSeq;
    if (writerIdle) {
        m_waitingSince = std::chrono::steady_clock::now();
    }
    ++m_appliedSeq;
    m_pending.push_back(std::move(onDurable));
    if (when == Commit::Now) {
        m_wantedSeq = m_appliedSeq;
        m_wake.notify_one();
    } else if (writerIdle) {
        m_wake.notify_one(); // to start the clock of kWithNextAtMost
    }
}

core::Error GroupCommitter::failed(std::string_view what) {
    core::Error error = databaseError(what);
    if (m_transactionOpen && !m_database.inTransaction()) {
        transactionLost(error);
    }
    return error;
}

core::Result<void> GroupCommitter::flush() {
    std::unique_lock lock(m_mutex);
    const std::uint64_t target = m_appliedSeq;
    m_wantedSeq = target;
    m_wake.notify_one();
    m_durable.wait(lock, [&] { return m_durableSeq >= target; });
    if (m_broken) {
        return *m_broken;
    }
    if (auto lost = std::exchange(m_lostSinceFlush, std::nullopt)) {
        return *lost;
    }
    if (m_lastBatchError) {
        return *m_lastBatchError;
    }
    return {};
}

core::Error GroupCommitter::databaseError(std::string_view what) const {
    return relayStoreFailure(m_database.lastError(what));
}

void GroupCommitter::transactionLost(const core::Error& error) {
    // Everything since the last commit is gone: its callbacks fail, the totals are recounted,
    // and the writer wakes to run those callbacks.
    m_transactionOpen = false;
    for (auto& callback : m_pending) {
        m_failed.emplace_back(std::move(callback), error);
    }
    m_pending.clear();
    m_recount();
    m_lostSinceFlush = error;
    ++m_appliedSeq;
    m_wantedSeq = m_appliedSeq;
    m_wake.notify_one();
}

core::Result<void> GroupCommitter::commit() {
    m_transactionOpen = false;
    if (m_statements.commit.use().run()) {
        return {};
    }
    core::Error error = databaseError("commit");
    if (m_database.inTransaction()) {
        (void)m_statements.rollback.use().run();
    }
    m_recount();
    return error;
}

void GroupCommitter::writerLoop() {
    std::unique_lock lock(m_mutex);
    const auto mustCommit = [this] { return m_stopping || m_durableSeq < m_wantedSeq; };
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || m_durableSeq < m_appliedSeq; });
        if (m_durableSeq >= m_appliedSeq) {
            return; // stopping, and everything is done
        }
        if (!mustCommit()) {
            // Only mutations that may wait: give them company for a while.
            m_wake.wait_until(lock, m_waitingSince + kWithNextAtMost, mustCommit);
        }
        // Under load, what arrives in the rest of the interval joins this batch.
        const auto earliest = m_lastBatchStart + kBatchInterval;
        if (m_underLoad && !m_stopping && std::chrono::steady_clock::now() < earliest) {
            m_wake.wait_until(lock, earliest, [this] { return m_stopping; });
        }
        m_lastBatchStart = std::chrono::steady_clock::now();
        const std::uint64_t target = m_appliedSeq;
        auto failedCallbacks = std::move(m_failed);
        m_failed.clear();
        auto batch = std::move(m_pending);
        m_pending.clear();
        core::Result<void> result;
        bool sync = false;
        if (m_broken) {
            // Accepted while the failed sync ran: never reported durable.
            result = *m_broken;
        } else if (m_transactionOpen) {
            result = commit();
            sync = result.ok();
        }
        // The sync runs unlocked: mutations meanwhile go into the next transaction.
        lock.unlock();
        if (sync) {
            result = m_sync();
        }
        lock.lock();
        if (sync && !result.ok()) {
            // After a failed sync the kernel may have dropped the pages: stop accepting, at
            // once, so that nothing written from now on is reported durable.
            m_broken = result.error();
        }
        // Load: others asked for a commit while this batch was written and synced (looked at
        // before the callbacks, so that a lone client's next call does not count).
        m_underLoad = m_wantedSeq > target;
        lock.unlock();
        for (const auto& [callback, error] : failedCallbacks) {
            runCallback(callback, error);
        }
        for (const auto& callback : batch) {
            runCallback(callback, result);
        }
        lock.lock();
        if (result.ok()) {
            m_lastBatchError.reset();
        } else {
            m_lastBatchError = result.error();
        }
        m_durableSeq = target;
        m_waitingSince = std::chrono::steady_clock::now(); // for what came in meanwhile
        m_durable.notify_all();
    }
}

} // namespace ferry::relay
