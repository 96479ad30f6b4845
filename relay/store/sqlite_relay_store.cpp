#include "relay/store/sqlite_relay_store.h"

#include "crypto/random.h"
#include "platform/durable_files.h"
#include "relay/store/relay_store_errc.h"
#include "relay/store/relay_store_schema.h"
#include "store/store_errc.h"

namespace ferry::relay {
namespace {

constexpr std::size_t kMessageIdSize = 24;
constexpr std::int64_t kFlagNotification = 1;
constexpr std::int64_t kFlagQuotaMarker = 2;
const char* const kFileName = "relay-store.db";

std::optional<core::crypto::PublicKey> keyFrom(const core::store::Statement::Use& row,
                                               int algColumn) {
    if (row.isNull(algColumn)) {
        return std::nullopt;
    }
    const std::int64_t alg = row.integer(algColumn);
    if (alg < 0 || alg > static_cast<std::int64_t>(core::crypto::KeyAlgorithm::X448)) {
        return std::nullopt;
    }
    return core::crypto::PublicKey{static_cast<core::crypto::KeyAlgorithm>(alg),
                                   row.blob(algColumn + 1)};
}

std::int64_t algOf(const core::crypto::PublicKey& key) {
    return static_cast<std::int64_t>(key.algorithm);
}

core::Error storeError(const std::string& message) {
    return core::makeError(RelayStoreErrc::Failed, message);
}

core::Error authError() {
    return core::makeError(RelayStoreErrc::Auth, "no such queue");
}

core::Error systemError(const std::string& what, std::error_code error) {
    return storeError(what + ": " + error.message());
}

} // namespace

core::Result<std::unique_ptr<RelayStore>> RelayStore::open(const StoreConfig& config,
                                                           const core::Clock& clock) {
    return SqliteRelayStore::open(config, clock);
}

core::Result<std::unique_ptr<RelayStore>> SqliteRelayStore::open(const StoreConfig& config,
                                                                 const core::Clock& clock) {
    std::error_code ec;
    std::filesystem::create_directories(config.directory, ec);
    if (ec) {
        return storeError("cannot create " + config.directory.string() + ": " + ec.message());
    }
    const std::filesystem::path file = config.directory / kFileName;
    auto db = openRelayStoreDb(file);
    if (!db) {
        return db.error();
    }
    auto statements = RelayStoreStatements::prepare(*db);
    if (!statements) {
        return statements.error();
    }
    std::filesystem::path walPath = file;
    walPath += "-wal";
    core::platform::DataSyncFile wal;
    if (const auto error = core::platform::DataSyncFile::open(walPath, wal)) {
        return systemError("cannot open " + walPath.string(), error);
    }
    // Makes the names of the files just created durable.
    if (const auto error = core::platform::syncFolder(config.directory)) {
        return systemError("cannot sync " + config.directory.string(), error);
    }
    std::unique_ptr<SqliteRelayStore> store(new SqliteRelayStore(
        config, clock, std::move(*db), std::move(*statements), std::move(wal)));
    SqliteRelayStore& self = *store;
    auto commits = GroupCommitter::start(
        self.m_database,
        [&self]() -> core::Result<void> {
            if (const auto error = self.m_wal.syncData()) {
                return systemError("cannot sync the relay store journal", error);
            }
            return {};
        },
        [&self] { (void)self.reloadTotalsLocked(); });
    if (!commits) {
        return commits.error();
    }
    self.m_commits = std::move(*commits);
    {
        const auto lock = self.m_commits->lock();
        if (auto r = self.reloadTotalsLocked(); !r) {
            return r.error();
        }
        if (auto r = self.expireLocked(); !r) {
            return r.error();
        }
    }
    if (auto r = self.flush(); !r) {
        return r.error();
    }
    return std::unique_ptr<RelayStore>(std::move(store));
}

SqliteRelayStore::SqliteRelayStore(const StoreConfig& config, const core::Clock& clock,
                                   core::store::Database database,
                                   std::unique_ptr<RelayStoreStatements> statements,
                                   core::platform::DataSyncFile wal)
    : m_config(config), m_clock(clock), m_database(std::move(database)),
      m_stmts(std::move(statements)), m_wal(std::move(wal)) {}

SqliteRelayStore::~SqliteRelayStore() {
    // The committer first: it commits and syncs what is pending (through the journal's file
    // and the statements), then the statements before the database they belong to.
    m_commits.reset();
    m_stmts.reset();
}

// ---- queues ------------------------------------------------------------------------------

core::Result<void> SqliteRelayStore::addQueue(const QueueRecord& q, DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    if (auto usable = m_commits->usable(); !usable) {
        return usable;
    }
    const std::uint64_t linkBytes = q.link ? q.link->storageBytes() : 0;
    if (m_totals.storageBytes + linkBytes + (m_totals.queues + 1) * kQueueStorageBytes >
        m_config.storageCapBytes) {
        return core::makeError(RelayStoreErrc::Full, "the storage cap is reached");
    }
    auto written = m_commits->write([&]() -> core::Result<void> {
        auto use = m_stmts->insertQueue.use();
        use.bind(1, q.recipientId).bind(2, q.senderId);
        use.bind(3, algOf(q.recipientKey)).bind(4, q.recipientKey.raw).bind(5, q.rcvDhSecret);
        if (q.senderKey) {
            use.bind(6, algOf(*q.senderKey)).bind(7, q.senderKey->raw);
        }
        if (q.mode) {
            use.bind(8, std::int64_t{static_cast<char>(*q.mode)});
        }
        use.bind(9, std::int64_t{q.suspended});
        if (q.notifier) {
            use.bind(10, q.notifier->notifierId).bind(11, algOf(q.notifier->notifierKey));
            use.bind(12, q.notifier->notifierKey.raw).bind(13, q.notifier->rcvNtfDhSecret);
        }
        if (q.link) {
            use.bind(14, q.link->linkId).bind(15, q.link->data.fixedData);
            use.bind(16, q.link->data.userData);
        }
        auto done = use.run();
        if (isConstraintViolation(done)) {
            return core::makeError(RelayStoreErrc::Duplicate, "a queue id is already in use");
        }
        return done ? done : failedLocked("add queue");
    });
    if (!written) {
        return written;
    }
    ++m_totals.queues;
    m_totals.storageBytes += linkBytes;
    m_commits->finish(std::move(onDurable));
    return {};
}

std::optional<QueueRecord> SqliteRelayStore::queueByRecipient(core::ByteView id) const {
    const auto lock = m_commits->lock();
    return queueByLocked(m_stmts->queueByRecipient, id);
}

std::optional<QueueRecord> SqliteRelayStore::queueBySender(core::ByteView id) const {
    const auto lock = m_commits->lock();
    return queueByLocked(m_stmts->queueBySender, id);
}

std::optional<QueueRecord> SqliteRelayStore::queueByNotifier(core::ByteView id) const {
    const auto lock = m_commits->lock();
    return queueByLocked(m_stmts->queueByNotifier, id);
}

std::optional<QueueRecord> SqliteRelayStore::queueByLink(core::ByteView id) const {
    const auto lock = m_commits->lock();
    return queueByLocked(m_stmts->queueByLink, id);
}

std::optional<QueueRecord> SqliteRelayStore::queueByLocked(core::store::Statement& select,
                                                           core::ByteView id) const {
    auto row = select.use();
    row.bind(1, id);
    if (auto found = row.step(); !found || !*found) {
        return std::nullopt;
    }
    QueueRecord q;
    q.recipientId = row.blob(0);
    q.senderId = row.blob(1);
    auto recipientKey = keyFrom(row, 2);
    if (!recipientKey) {
        return std::nullopt;
    }
    q.recipientKey = std::move(*recipientKey);
    q.rcvDhSecret = row.blob(4);
    q.senderKey = keyFrom(row, 5);
    if (!row.isNull(7)) {
        q.mode =
            row.integer(7) == 'C' ? core::smp::QueueMode::Contact : core::smp::QueueMode::Messaging;
    }
    q.suspended = row.integer(8) != 0;
    if (!row.isNull(9)) {
        auto notifierKey = keyFrom(row, 10);
        if (notifierKey) {
            q.notifier = NotifierRecord{row.blob(9), std::move(*notifierKey), row.blob(12)};
        }
    }
    if (!row.isNull(13)) {
        q.link = QueueLink{row.blob(13), {row.blob(14), row.blob(15)}};
    }
    return q;
}

core::Result<void> SqliteRelayStore::secureQueue(core::ByteView recipientId,
                                                 const core::crypto::PublicKey& senderKey,
                                                 DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    if (queue->senderKey) {
        if (*queue->senderKey != senderKey) {
            return core::makeError(RelayStoreErrc::Auth, "queue is secured with another key");
        }
    } else {
        auto written = m_commits->write([&] {
            auto use = m_stmts->setSenderKey.use();
            use.bind(1, queue->id).bind(2, algOf(senderKey)).bind(3, senderKey.raw);
            return runLocked(use, "secure queue");
        });
        if (!written) {
            return written;
        }
    }
    m_commits->finish(std::move(onDurable));
    return {};
}

core::Result<void> SqliteRelayStore::setNotifier(core::ByteView recipientId,
                                                 const NotifierRecord& notifier,
                                                 DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    auto written = m_commits->write([&]() -> core::Result<void> {
        auto use = m_stmts->setNotifier.use();
        use.bind(1, queue->id).bind(2, notifier.notifierId);
        use.bind(3, algOf(notifier.notifierKey)).bind(4, notifier.notifierKey.raw);
        use.bind(5, notifier.rcvNtfDhSecret);
        auto done = use.run();
        if (isConstraintViolation(done)) {
            return core::makeError(RelayStoreErrc::Duplicate, "the notifier id is already in use");
        }
        return done ? done : failedLocked("set notifier");
    });
    if (!written) {
        return written;
    }
    m_commits->finish(std::move(onDurable));
    return {};
}

core::Result<void> SqliteRelayStore::deleteNotifier(core::ByteView recipientId,
                                                    DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    auto written = m_commits->write([&] {
        auto use = m_stmts->clearNotifier.use();
        use.bind(1, queue->id);
        return runLocked(use, "delete notifier");
    });
    if (!written) {
        return written;
    }
    m_commits->finish(std::move(onDurable));
    return {};
}

core::Result<void> SqliteRelayStore::suspendQueue(core::ByteView recipientId,
                                                  DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    if (!queue->suspended) {
        auto written = m_commits->write([&] {
            auto use = m_stmts->suspend.use();
            use.bind(1, queue->id);
            return runLocked(use, "suspend queue");
        });
        if (!written) {
            return written;
        }
    }
    m_commits->finish(std::move(onDurable));
    return {};
}

core::Result<void> SqliteRelayStore::deleteQueue(core::ByteView recipientId,
                                                 DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    QueueCounts removed;
    {
        auto stats = m_stmts->queueStats.use();
        stats.bind(1, queue->id).bind(2, expiryCutoff());
        if (auto found = stats.step(); !found || !*found) {
            return failedLocked("count queue messages");
        }
        removed.messages = static_cast<std::uint32_t>(stats.integer(0));
        removed.bytes = static_cast<std::uint64_t>(stats.integer(1));
    }
    auto written = m_commits->write([&]() -> core::Result<void> {
        auto messages = m_stmts->deleteQueueMessages.use();
        messages.bind(1, queue->id);
        if (auto r = runLocked(messages, "delete queue messages"); !r) {
            return r;
        }
        auto row = m_stmts->deleteQueue.use();
        row.bind(1, queue->id);
        return runLocked(row, "delete queue");
    });
    if (!written) {
        return written;
    }
    --m_totals.queues;
    m_totals.messages -= removed.messages;
    m_totals.storageBytes -= removed.bytes + queue->linkBytes;
    m_commits->finish(std::move(onDurable));
    return {};
}

// ---- messages ----------------------------------------------------------------------------

core::Result<SendOutcome> SqliteRelayStore::addMessage(core::ByteView recipientId,
                                                       bool notification, core::ByteView body,
                                                       DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    if (queue->suspended) {
        return core::makeError(RelayStoreErrc::Auth, "queue is suspended");
    }
    const std::int64_t now = m_clock.nowSeconds();
    const std::int64_t cutoff = expiryCutoff();
    std::int64_t count = 0;
    QueueCounts expired;
    {
        auto stats = m_stmts->queueStats.use();
        stats.bind(1, queue->id).bind(2, cutoff);
        if (auto found = stats.step(); !found || !*found) {
            return failedLocked("count queue messages");
        }
        count = stats.integer(0);
        expired.messages = static_cast<std::uint32_t>(stats.integer(2));
        expired.bytes = static_cast<std::uint64_t>(stats.integer(3));
    }
    // Like the reference server with expireMessagesOnSend: expired messages do not count
    // towards the quota, so drop them first.
    const std::int64_t size = count - expired.messages;
    const std::uint64_t bytesAfterExpiry = m_totals.storageBytes - expired.bytes;

    // Reference writeMsg: a queue that stopped accepting takes messages again only once it
    // is empty; below the quota the message is stored, at the quota the marker instead.
    std::optional<SendOutcome> outcome;
    const bool store = static_cast<std::int64_t>(m_config.queueQuota) > size;
    if (!queue->canWrite && size > 0) {
        outcome = SendOutcome::QueueFull;
    } else if (store && bytesAfterExpiry + m_totals.queues * kQueueStorageBytes + body.size() >
                            m_config.storageCapBytes) {
        outcome = SendOutcome::StorageFull;
    }
    const bool insert = !outcome.has_value();
    if (expired.messages > 0 || insert) {
        auto written = m_commits->write([&]() -> core::Result<void> {
            if (expired.messages > 0) {
                auto del = m_stmts->deleteQueueExpired.use();
                del.bind(1, queue->id).bind(2, cutoff);
                if (auto r = runLocked(del, "expire queue messages"); !r) {
                    return r;
                }
            }
            return insert ? appendLocked(*queue, now, notification, store, body)
                          : core::Result<void>{};
        });
        if (!written) {
            return written.error();
        }
        m_totals.messages -= expired.messages;
        m_totals.storageBytes -= expired.bytes;
        if (insert) {
            ++m_totals.messages;
            m_totals.storageBytes += store ? body.size() : 0;
            outcome = store ? SendOutcome::Stored : SendOutcome::QuotaReached;
        }
    }
    m_commits->finish(std::move(onDurable));
    return *outcome;
}

core::Result<void> SqliteRelayStore::appendLocked(const QueueState& queue, std::int64_t now,
                                                  bool notification, bool message,
                                                  core::ByteView body) {
    const core::Bytes msgId = core::crypto::randomBytes(kMessageIdSize);
    const core::ByteView stored = message ? body : core::ByteView{};
    const std::int64_t flags = message ? (notification ? kFlagNotification : 0) : kFlagQuotaMarker;
    auto ins = m_stmts->insertMessage.use();
    ins.bind(1, queue.id).bind(2, msgId).bind(3, now).bind(4, flags);
    ins.bind(5, static_cast<std::int64_t>(stored.size())).bind(6, stored);
    if (auto r = runLocked(ins, "add message"); !r) {
        return r;
    }
    // The marker stops the queue; a message into an emptied, stopped queue restarts it.
    if (queue.canWrite == message) {
        return {};
    }
    auto flag = m_stmts->setCanWrite.use();
    flag.bind(1, queue.id).bind(2, std::int64_t{message});
    return runLocked(flag, "set queue state");
}

std::optional<StoredMessage> SqliteRelayStore::peekMessage(core::ByteView recipientId) const {
    const auto lock = m_commits->lock();
    auto queue = queueStateLocked(recipientId);
    if (!queue || !*queue) {
        return std::nullopt;
    }
    auto row = m_stmts->oldestMessage.use();
    row.bind(1, (*queue)->id).bind(2, expiryCutoff());
    if (auto found = row.step(); !found || !*found) {
        return std::nullopt;
    }
    StoredMessage message;
    message.msgId = row.blob(1);
    message.timestamp = row.integer(2);
    message.notification = (row.integer(3) & kFlagNotification) != 0;
    message.quotaMarker = (row.integer(3) & kFlagQuotaMarker) != 0;
    message.body = row.blob(4);
    return message;
}

core::Result<DeletedMessage> SqliteRelayStore::deleteMessage(core::ByteView recipientId,
                                                             core::ByteView msgId,
                                                             DurableCallback onDurable) {
    const auto lock = m_commits->lock();
    auto queue = existingQueueLocked(recipientId);
    if (!queue) {
        return queue.error();
    }
    std::int64_t seq = 0;
    std::uint64_t size = 0;
    DeletedMessage deleted;
    {
        auto row = m_stmts->oldestMessageHead.use();
        row.bind(1, queue->id).bind(2, expiryCutoff());
        auto found = row.step();
        if (!found) {
            return failedLocked("find message");
        }
        if (!*found || !core::equal(row.blob(1), msgId)) {
            return core::makeError(RelayStoreErrc::NoMessage, "no such message");
        }
        seq = row.integer(0);
        size = static_cast<std::uint64_t>(row.integer(2));
        deleted.quotaMarker = (row.integer(3) & kFlagQuotaMarker) != 0;
    }
    auto written = m_commits->write([&] {
        auto use = m_stmts->deleteMessage.use();
        use.bind(1, seq);
        return runLocked(use, "delete message");
    });
    if (!written) {
        return written.error();
    }
    --m_totals.messages;
    m_totals.storageBytes -= size;
    m_commits->finish(std::move(onDurable), GroupCommitter::Commit::WithNext);
    return deleted;
}

QueueCounts SqliteRelayStore::queueCounts(core::ByteView recipientId) const {
    const auto lock = m_commits->lock();
    auto queue = queueStateLocked(recipientId);
    if (!queue || !*queue) {
        return {};
    }
    auto row = m_stmts->queueCounts.use();
    row.bind(1, (*queue)->id).bind(2, expiryCutoff());
    if (auto found = row.step(); !found || !*found) {
        return {};
    }
    return QueueCounts{static_cast<std::uint32_t>(row.integer(0)),
                       static_cast<std::uint64_t>(row.integer(1))};
}

std::uint64_t SqliteRelayStore::expireMessages() {
    const auto lock = m_commits->lock();
    if (!m_commits->usable()) {
        return 0;
    }
    auto expired = expireLocked();
    return expired ? *expired : 0;
}

core::Result<std::uint64_t> SqliteRelayStore::expireLocked() {
    const std::int64_t cutoff = expiryCutoff();
    QueueCounts expired;
    {
        auto stats = m_stmts->expiredStats.use();
        stats.bind(1, cutoff);
        if (auto found = stats.step(); !found || !*found) {
            return failedLocked("count expired messages");
        }
        expired.messages = static_cast<std::uint32_t>(stats.integer(0));
        expired.bytes = static_cast<std::uint64_t>(stats.integer(1));
    }
    if (expired.messages == 0) {
        return std::uint64_t{0};
    }
    auto written = m_commits->write([&] {
        auto use = m_stmts->deleteExpired.use();
        use.bind(1, cutoff);
        return runLocked(use, "expire messages");
    });
    if (!written) {
        return written.error();
    }
    m_totals.messages -= expired.messages;
    m_totals.storageBytes -= expired.bytes;
    m_commits->finish(nullptr, GroupCommitter::Commit::WithNext);
    return std::uint64_t{expired.messages};
}

StoreTotals SqliteRelayStore::totals() const {
    const auto lock = m_commits->lock();
    return m_totals;
}

bool SqliteRelayStore::isConstraintViolation(const core::Result<void>& done) {
    return !done && done.error().code == core::store::StoreErrc::Constraint;
}

// ---- durability --------------------------------------------------------------------------

core::Result<void> SqliteRelayStore::flush() {
    return m_commits->flush();
}

core::Result<void> SqliteRelayStore::runLocked(core::store::Statement::Use& use, const char* what) {
    if (auto done = use.run(); done) {
        return done;
    }
    return failedLocked(what);
}

core::Error SqliteRelayStore::failedLocked(const char* what) {
    return m_commits->failed(what);
}

core::Result<void> SqliteRelayStore::reloadTotalsLocked() {
    StoreTotals totals;
    {
        auto queues = m_stmts->countQueues.use();
        if (auto found = queues.step(); !found || !*found) {
            return relayStoreFailure(m_database.lastError("count queues"));
        }
        totals.queues = static_cast<std::uint64_t>(queues.integer(0));
    }
    auto messages = m_stmts->countMessages.use();
    if (auto found = messages.step(); !found || !*found) {
        return relayStoreFailure(m_database.lastError("count messages"));
    }
    totals.messages = static_cast<std::uint64_t>(messages.integer(0));
    totals.storageBytes = static_cast<std::uint64_t>(messages.integer(1));
    auto links = m_stmts->countLinkBytes.use();
    if (auto found = links.step(); !found || !*found) {
        return relayStoreFailure(m_database.lastError("count link bytes"));
    }
    totals.storageBytes += static_cast<std::uint64_t>(links.integer(0));
    m_totals = totals;
    return {};
}

// ---- helpers -----------------------------------------------------------------------------

std::int64_t SqliteRelayStore::expiryCutoff() const {
    return m_clock.nowSeconds() - static_cast<std::int64_t>(m_config.messageTtl.count());
}

core::Result<std::optional<SqliteRelayStore::QueueState>>
SqliteRelayStore::queueStateLocked(core::ByteView recipientId) const {
    auto row = m_stmts->queueState.use();
    row.bind(1, recipientId);
    auto found = row.step();
    if (!found) {
        return relayStoreFailure(m_database.lastError("find queue"));
    }
    if (!*found) {
        return std::optional<QueueState>{};
    }
    QueueState state;
    state.id = row.integer(0);
    state.suspended = row.integer(1) != 0;
    state.canWrite = row.integer(2) != 0;
    state.senderKey = keyFrom(row, 3);
    if (!row.isNull(5)) {
        state.linkId = row.blob(5);
        state.fixedData = row.blob(6);
        state.linkBytes = static_cast<std::uint64_t>(row.integer(7));
    }
    return std::optional<QueueState>{std::move(state)};
}

core::Result<SqliteRelayStore::QueueState>
SqliteRelayStore::existingQueueLocked(core::ByteView recipientId) const {
    if (auto usable = m_commits->usable(); !usable) {
        return usable.error();
    }
    auto state = queueStateLocked(recipientId);
    if (!state) {
        return state.error();
    }
    if (!*state) {
        return authError();
    }
    return std::move(**state);
}

} // namespace ferry::relay
