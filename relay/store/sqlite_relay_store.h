#pragma once

#include "platform/durable_files.h"
#include "relay/store/group_committer.h"
#include "relay/store/relay_store.h"
#include "relay/store/relay_store_statements.h"
#include "store/database.h"
#include "store/statement.h"

#include <cstdint>
#include <optional>

namespace ferry::relay {

/// RelayStore on one SQLite file (relay-store.db) in WAL mode, with synchronous=NORMAL.
///
/// Every mutation runs at once inside the open transaction and its callback waits for the
/// group commit (GroupCommitter): one fdatasync of the WAL per batch, outside the lock.
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
    core::Result<DeletedMessage> deleteMessage(core::ByteView recipientId, core::ByteView msgId,
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

    SqliteRelayStore(const StoreConfig& config, const core::Clock& clock,
                     core::store::Database database,
                     std::unique_ptr<RelayStoreStatements> statements,
                     core::platform::DataSyncFile wal);

    std::int64_t expiryCutoff() const;
    core::Result<std::optional<QueueState>> queueStateLocked(core::ByteView recipientId) const;
    core::Result<QueueState> existingQueueLocked(core::ByteView recipientId) const;
    std::optional<QueueRecord> queueByLocked(core::store::Statement& select,
                                             core::ByteView id) const;
    /// Inserts a message, or the quota marker when `message` is false, and updates canWrite.
    core::Result<void> appendLocked(const QueueState& queue, std::int64_t now, bool notification,
                                    bool message, core::ByteView body);
    core::Result<void> runLocked(core::store::Statement::Use& use, const char* what);
    /// Whether a statement failed on a UNIQUE id (a queue, notifier or link id taken).
    static bool isConstraintViolation(const core::Result<void>& done);
    /// A statement failed: the error in SQLite's words (see GroupCommitter::failed).
    core::Error failedLocked(const char* what);
    core::Result<void> reloadTotalsLocked();
    core::Result<std::uint64_t> expireLocked();

    const StoreConfig m_config;
    const core::Clock& m_clock;

    // Destroyed in reverse: the committer (its writer thread) before the statements, and
    // those before the database they belong to.
    core::store::Database m_database;
    std::unique_ptr<RelayStoreStatements> m_stmts;
    core::platform::DataSyncFile m_wal;        ///< the WAL file, flushed once per commit batch
    std::unique_ptr<GroupCommitter> m_commits; ///< its lock guards everything below too
    StoreTotals m_totals;
};

} // namespace ferry::relay
