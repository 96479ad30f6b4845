#include "store/outbox_repository.h"

#include "store/row_helpers.h"
#include "store/store_errc.h"
#include "util/try.h"

#include <algorithm>
#include <string>

namespace ferry::core::store {
namespace {

constexpr std::int64_t kMaxBackoffSeconds = 3600;

constexpr std::string_view kColumns =
    "SELECT p.id, p.message_id, p.queue_id, p.payload, p.attempts, p.next_attempt_at, "
    "p.created_at, p.last_error, p.sealed FROM pending_sends p ";

// Head of each queue: no older entry for the same queue exists. Uses the
// pending_sends_by_queue index (no window functions in SQLite 3.15).
constexpr std::string_view kIsHead =
    "NOT EXISTS (SELECT 1 FROM pending_sends o WHERE o.queue_id = p.queue_id AND o.id < p.id)";

Result<OutboxEntry> readEntry(Statement& s) {
    OutboxEntry e;
    e.id = s.integer(0);
    e.messageId = s.optionalInteger(1);
    e.queueId = s.integer(2);
    e.payload = s.blob(3);
    e.attempts = static_cast<int>(s.integer(4));
    e.nextAttemptAt = s.integer(5);
    e.createdAt = s.integer(6);
    e.lastError = s.optionalText(7);
    e.form = s.integer(8) != 0 ? OutboxForm::Sealed : OutboxForm::Unsealed;
    return e;
}

} // namespace

std::int64_t OutboxRepository::backoffSeconds(int attempts) {
    if (attempts <= 0) {
        return 0;
    }
    if (attempts >= 12) {
        return kMaxBackoffSeconds;
    }
    return std::min<std::int64_t>(std::int64_t{1} << attempts, kMaxBackoffSeconds);
}

Result<std::int64_t> OutboxRepository::enqueue(std::int64_t queueId, ByteView payload,
                                               std::int64_t now,
                                               std::optional<std::int64_t> messageId,
                                               OutboxForm form) {
    FERRY_TRY(stmt, m_database.prepare("INSERT INTO pending_sends(message_id, queue_id, payload, "
                                       "attempts, next_attempt_at, created_at, sealed) "
                                       "VALUES (?, ?, ?, 0, ?, ?, ?)"));
    stmt.bind(1, messageId).bind(2, queueId).bindBlob(3, payload).bind(4, now).bind(5, now);
    stmt.bind(6, std::int64_t{form == OutboxForm::Sealed ? 1 : 0});
    FERRY_CHECK(stmt.run());
    return m_database.lastInsertRowId();
}

Result<std::int64_t> OutboxRepository::copyUnsent(std::int64_t contactId, std::int64_t toQueueId,
                                                  std::int64_t now) {
    FERRY_TRY(messages,
              m_database.prepare(
                  "INSERT INTO pending_sends(message_id, queue_id, payload, attempts, "
                  "next_attempt_at, created_at, sealed) "
                  "SELECT id, ?2, queue_payload, 0, ?3, ?3, 0 FROM messages WHERE contact_id = ?1 "
                  "AND direction = 'out' AND state IN ('pending', 'sent') AND queue_payload IS "
                  "NOT NULL ORDER BY id"));
    messages.bind(1, contactId).bind(2, toQueueId).bind(3, now);
    FERRY_CHECK(messages.run());
    std::int64_t added = m_database.changes();
    // Agent messages without a chat message (receipts, queue changes) still waiting anywhere.
    FERRY_TRY(
        others,
        m_database.prepare(
            "INSERT INTO pending_sends(message_id, queue_id, payload, attempts, "
            "next_attempt_at, created_at, sealed) "
            "SELECT NULL, ?2, payload, 0, ?3, MIN(created_at), 0 FROM pending_sends "
            "WHERE sealed = 0 AND message_id IS NULL AND queue_id IN (SELECT id FROM queues "
            "WHERE contact_id = ?1 AND direction = 'send' AND owner_kind = 'contact' AND "
            "status IN ('secured', 'active') AND id != ?2) GROUP BY payload ORDER BY MIN(id)"));
    others.bind(1, contactId).bind(2, toQueueId).bind(3, now);
    FERRY_CHECK(others.run());
    return added + m_database.changes();
}

Result<std::int64_t> OutboxRepository::countForQueue(std::int64_t queueId) {
    FERRY_TRY(stmt, m_database.prepare("SELECT COUNT(*) FROM pending_sends WHERE queue_id = ?"));
    stmt.bind(1, queueId);
    auto count = firstRow<std::int64_t>(
        stmt, [](Statement& s) -> Result<std::int64_t> { return s.integer(0); });
    if (!count)
        return count.error();
    return count->value_or(0);
}

Result<bool> OutboxRepository::holdsMessage(std::int64_t messageId) {
    FERRY_TRY(stmt, m_database.prepare(
                        "SELECT EXISTS (SELECT 1 FROM pending_sends WHERE message_id = ?)"));
    stmt.bind(1, messageId);
    auto held = firstRow<std::int64_t>(
        stmt, [](Statement& s) -> Result<std::int64_t> { return s.integer(0); });
    if (!held)
        return held.error();
    return held->value_or(0) != 0;
}

Result<std::vector<std::int64_t>> OutboxRepository::clearQueue(std::int64_t queueId) {
    FERRY_TRY(select, m_database.prepare("SELECT message_id FROM pending_sends WHERE queue_id = "
                                         "? AND message_id IS NOT NULL ORDER BY id"));
    select.bind(1, queueId);
    FERRY_TRY(messageIds,
              collectRows<std::int64_t>(
                  select, [](Statement& s) -> Result<std::int64_t> { return s.integer(0); }));
    FERRY_TRY(remove, m_database.prepare("DELETE FROM pending_sends WHERE queue_id = ?"));
    remove.bind(1, queueId);
    FERRY_CHECK(remove.run());
    return messageIds;
}

Result<std::vector<OutboxEntry>> OutboxRepository::due(std::int64_t now, int limit) {
    auto stmt =
        m_database.prepare(std::string(kColumns) + "WHERE p.next_attempt_at <= ? AND " +
                           std::string(kIsHead) + " ORDER BY p.next_attempt_at, p.id LIMIT ?");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, now).bind(2, static_cast<std::int64_t>(std::max(limit, 0)));
    return collectRows<OutboxEntry>(*stmt, readEntry);
}

Result<std::optional<std::int64_t>> OutboxRepository::nextDueAt() {
    FERRY_TRY(stmt, m_database.prepare("SELECT MIN(p.next_attempt_at) FROM pending_sends p WHERE " +
                                       std::string(kIsHead)));
    FERRY_TRY(row, stmt.step());
    return row ? stmt.optionalInteger(0) : std::nullopt;
}

Result<std::int64_t> OutboxRepository::markAttempt(std::int64_t id, std::int64_t now,
                                                   std::string_view error) {
    FERRY_TRY(select, m_database.prepare("SELECT attempts FROM pending_sends WHERE id = ?"));
    select.bind(1, id);
    FERRY_TRY(attempts, firstRow<std::int64_t>(select, [](Statement& s) -> Result<std::int64_t> {
                  return s.integer(0);
              }));
    if (!attempts) {
        return makeError(StoreErrc::NotFound, "no outbox entry " + std::to_string(id));
    }
    const int count = static_cast<int>(*attempts) + 1;
    const std::int64_t next = now + backoffSeconds(count);
    FERRY_TRY(update, m_database.prepare("UPDATE pending_sends SET attempts = ?, next_attempt_at "
                                         "= ?, last_error = ? WHERE id = ?"));
    update.bind(1, std::int64_t{count}).bind(2, next).bindText(3, error).bind(4, id);
    FERRY_CHECK(update.run());
    return next;
}

Result<bool> OutboxRepository::reschedule(std::int64_t id, std::int64_t nextAttemptAt) {
    FERRY_TRY(stmt,
              m_database.prepare("UPDATE pending_sends SET next_attempt_at = ? WHERE id = ?"));
    stmt.bind(1, nextAttemptAt).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> OutboxRepository::retryNow(std::int64_t messageId, std::int64_t now) {
    FERRY_TRY(stmt,
              m_database.prepare("UPDATE pending_sends SET next_attempt_at = ? WHERE queue_id IN "
                                 "(SELECT queue_id FROM pending_sends WHERE message_id = ?)"));
    stmt.bind(1, now).bind(2, messageId);
    return runChanged(m_database, stmt);
}

Result<bool> OutboxRepository::remove(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM pending_sends WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

Result<std::vector<OutboxEntry>> OutboxRepository::forQueue(std::int64_t queueId) {
    FERRY_TRY(stmt,
              m_database.prepare(std::string(kColumns) + "WHERE p.queue_id = ? ORDER BY p.id"));
    stmt.bind(1, queueId);
    return collectRows<OutboxEntry>(stmt, readEntry);
}

Result<std::optional<OutboxEntry>> OutboxRepository::headOf(std::int64_t queueId) {
    auto stmt =
        m_database.prepare(std::string(kColumns) + "WHERE p.queue_id = ? ORDER BY p.id LIMIT 1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, queueId);
    FERRY_TRY(rows, collectRows<OutboxEntry>(*stmt, readEntry));
    if (rows.empty()) {
        return std::optional<OutboxEntry>{};
    }
    return std::optional<OutboxEntry>(std::move(rows.front()));
}

Result<std::int64_t> OutboxRepository::size() {
    return m_database.queryInt("SELECT COUNT(*) FROM pending_sends");
}

} // namespace ferry::core::store
