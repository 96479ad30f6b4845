#pragma once

#include "relay/store/relay_store.h"
#include "relay/store/relay_store_statements.h"
#include "relay/store/sqlite_db.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace ferry::relay {

/// RelayStore on one SQLite file (relay-store.db) in WAL mode.
///
/// Every mutation runs at once inside the connection's open transaction (wrapped in a
/// savepoint, so it applies whole or not at all) and queues its callback. A writer thread
/// commits the open transaction whenever something is pending, then fdatasync()s the WAL
/// *outside* the mutex (the connection runs with synchronous=NORMAL, so COMMIT only
/// write()s), and only then runs the callbacks. While one batch is being synced, new
/// mutations proceed and collect in the next transaction: one fsync per batch.
class SqliteRelayStore final : public RelayStore {
public:
    static core::Result<std::unique_ptr<RelayStore>> open(const StoreConfig& config,
                                                          const core::Clock& clock);
    ~SqliteRelayStore() override;

    core::Result<void> addQueue(const QueueRecord& queue, DurableCallback onDurable) override;
    std::optional<QueueRecord> queueByRecipient(core::ByteView recipientId) const override;
    std::optional<QueueRecord> queueBySender(core::ByteView senderId) const override;
    std::optional<QueueRecord> queueByNotifier(core::ByteView notifierId) const override;
    std::optional<QueueRecord> queueByLink(core::ByteView linkId) const override;
    core::Result<void> secureQueue(core::ByteView recipientId,
                                   const core::crypto::PublicKey& senderKey,
                                   DurableCallback onDurable) override;
    core::Result<void> setNotifier(core::ByteView recipientId, const NotifierRecord& notifier,
                                   DurableCallback onDurable) override;
    core::Result<void> deleteNotifier(core::ByteView recipientId,
                                      DurableCallback onDurable) override;
    core::Result<void> setLink(core::ByteView recipientId, const QueueLink& link,
                               DurableCallback onDurable) override;
    core::Result<void> deleteLink(core::ByteView recipientId, DurableCallback onDurable) override;
    core::Result<void> suspendQueue(core::ByteView recipientId, DurableCallback onDurable) override;
    core::Result<void> deleteQueue(core::ByteView recipientId, DurableCallback onDurable) override;

    core::Result<SendOutcome> addMessage(core::ByteView recipientId, bool notification,
                                         core::ByteView body, DurableCallback onDurable) override;
    std::optional<StoredMessage> peekMessage(core::ByteView recipientId) const override;
    core::Result<void> deleteMessage(core::ByteView recipientId, core::ByteView msgId,
                                     DurableCallback onDurable) override;
    QueueCounts queueCounts(core::ByteView recipientId) const override;

    std::uint64_t expireMessages() override;
    StoreTotals totals() const override;
    core::Result<void> flush() override;

private:
    struct QueueState {
        std::int64_t id = 0;
        bool suspended = false;
        bool canWrite = true;
        std::optional<core::crypto::PublicKey> senderKey;
        std::optional<core::Bytes> linkId;
        core::Bytes fixedData;
        std::uint64_t linkBytes = 0; ///< what the link counts toward the cap
    };

    SqliteRelayStore(const StoreConfig& config, const core::Clock& clock, SqliteDb db,
                     std::unique_ptr<RelayStoreStatements> statements, int walFd);

    std::int64_t expiryCutoff() const;
    core::Result<void> usableLocked() const;
    core::Result<std::optional<QueueState>> queueStateLocked(core::ByteView recipientId) const;
    core::Result<QueueState> existingQueueLocked(core::ByteView recipientId) const;
    std::optional<QueueRecord> queueByLocked(SqliteStatement& select, core::ByteView id) const;
    /// Runs `statements` inside the open transaction as one all-or-nothing unit.
    core::Result<void> writeLocked(const std::function<core::Result<void>()>& statements);
    /// Inserts a message, or the quota marker when `message` is false, and updates canWrite.
    core::Result<void> appendLocked(const QueueState& queue, std::int64_t now, bool notification,
                                    bool message, core::ByteView body);
    core::Result<void> runLocked(SqliteStatement::Use& use, const char* what);
    /// Records a statement failure; if SQLite rolled the whole transaction back, the
    /// callbacks waiting for it are failed and the totals reloaded.
    core::Error failedLocked(const char* what);
    void transactionLostLocked(const core::Error& error);
    /// A successful call: its callback runs after the next durable commit.
    void finishLocked(DurableCallback onDurable);
    core::Result<void> reloadTotalsLocked();
    core::Result<std::uint64_t> expireLocked();
    core::Result<void> commitLocked();
    void writerLoop();

    const StoreConfig m_config;
    const core::Clock& m_clock;

    mutable std::mutex m_mutex;
    SqliteDb m_db;
    std::unique_ptr<RelayStoreStatements> m_stmts;
    int m_walFd = -1;
    StoreTotals m_totals;

    bool m_txnOpen = false;
    std::uint64_t m_appliedSeq = 0; ///< successful calls so far
    std::uint64_t m_durableSeq = 0; ///< calls whose effects (and callbacks) are done
    std::vector<DurableCallback> m_pending;
    std::vector<std::pair<DurableCallback, core::Error>> m_failed;
    std::optional<core::Error> m_lastBatchError;
    std::optional<core::Error> m_broken; ///< after a failed fsync nothing more is accepted
    bool m_stopping = false;
    std::condition_variable m_wake;
    std::condition_variable m_durable;
    std::thread m_writer;
};

} // namespace ferry::relay
