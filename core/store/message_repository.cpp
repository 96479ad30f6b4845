#include "store/message_repository.h"

#include "store/row_helpers.h"
#include "store/store_errc.h"
#include "store/transaction.h"
#include "util/try.h"

#include <algorithm>
#include <string>

namespace ferry::core::store {
namespace {

constexpr EnumText<MessageDirection> kDirections[] = {
    {MessageDirection::Out, "out"},
    {MessageDirection::In, "in"},
};
constexpr EnumText<MessageState> kStates[] = {
    {MessageState::Pending, "pending"},     {MessageState::Sent, "sent"},
    {MessageState::Delivered, "delivered"}, {MessageState::Failed, "failed"},
    {MessageState::Received, "received"},
};

constexpr std::string_view kColumns =
    "SELECT m.id, m.contact_id, m.direction, m.body, m.sent_at, m.received_at, m.state, "
    "m.external_id, m.edited_at, CASE WHEN m.state = 'pending' THEN (SELECT h.last_error FROM "
    "pending_sends p JOIN pending_sends h ON h.queue_id = p.queue_id WHERE p.message_id = m.id "
    "ORDER BY h.id LIMIT 1) END "
    "FROM messages m ";

Result<Message> readMessage(Statement& s) {
    FERRY_TRY(direction, enumFromText(kDirections, s.text(2), "message direction"));
    FERRY_TRY(state, enumFromText(kStates, s.text(6), "message state"));
    Message m;
    m.id = s.integer(0);
    m.contactId = s.integer(1);
    m.direction = direction;
    m.body = s.text(3);
    m.sentAt = s.integer(4);
    m.receivedAt = s.optionalInteger(5);
    m.state = state;
    m.externalId = s.optionalBlob(7);
    m.editedAt = s.optionalInteger(8);
    m.waitingReason = s.optionalText(9);
    return m;
}

} // namespace

std::string_view toText(MessageDirection direction) {
    return enumToText(kDirections, direction);
}
std::string_view toText(MessageState state) {
    return enumToText(kStates, state);
}

Result<std::int64_t> MessageRepository::addOutgoing(std::int64_t contactId, std::string_view body,
                                                    std::int64_t sentAt,
                                                    std::optional<Bytes> externalId) {
    FERRY_TRY(stmt,
              m_database.prepare("INSERT INTO messages(contact_id, direction, body, sent_at, "
                                 "state, external_id) VALUES (?, 'out', ?, ?, 'pending', ?)"));
    stmt.bind(1, contactId).bindText(2, body).bind(3, sentAt).bindOptionalBlob(4, externalId);
    FERRY_CHECK(stmt.run());
    return m_database.lastInsertRowId();
}

Result<bool> MessageRepository::setState(std::int64_t id, MessageState state,
                                         std::string_view onlyFrom) {
    // Delivered or failed: no queue carries it again, so its queue payload goes.
    const bool settled = state == MessageState::Delivered || state == MessageState::Failed;
    FERRY_TRY(stmt, m_database.prepare(std::string("UPDATE messages SET state = ?") +
                                       (settled ? ", queue_payload = NULL" : "") +
                                       " WHERE id = ? AND direction = 'out' AND state IN (" +
                                       std::string(onlyFrom) + ")"));
    stmt.bindText(1, toText(state)).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> MessageRepository::markSent(std::int64_t id) {
    return setState(id, MessageState::Sent, "'pending', 'failed'");
}

Result<bool> MessageRepository::markDelivered(std::int64_t id) {
    return setState(id, MessageState::Delivered, "'pending', 'sent', 'failed'");
}

Result<bool> MessageRepository::markFailed(std::int64_t id) {
    // A message one queue took is sent, whatever another copy of it meets.
    return setState(id, MessageState::Failed, "'pending'");
}

Result<bool> MessageRepository::keepQueuePayload(std::int64_t id, ByteView payload) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE messages SET queue_payload = ? WHERE id = ? AND "
                                       "direction = 'out' AND state IN ('pending', 'sent')"));
    stmt.bindBlob(1, payload).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> MessageRepository::markRetrying(std::int64_t id) {
    return setState(id, MessageState::Pending, "'failed'");
}

Result<std::optional<std::int64_t>>
MessageRepository::markDeliveredByExternalId(std::int64_t contactId, ByteView externalId) {
    FERRY_TRY(stmt, m_database.prepare("SELECT id FROM messages WHERE contact_id = ? AND "
                                       "direction = 'out' AND external_id = ?"));
    stmt.bind(1, contactId).bindBlob(2, externalId);
    auto id = firstRow<std::int64_t>(
        stmt, [](Statement& s) -> Result<std::int64_t> { return s.integer(0); });
    if (!id || !*id) {
        return id;
    }
    FERRY_CHECK(markDelivered(**id));
    return id;
}

Result<AddResult> MessageRepository::addIncoming(const IncomingMessage& message) {
    FERRY_TRY(transaction, Transaction::begin(m_database));
    std::optional<Bytes> externalId;
    if (!message.externalId.empty()) {
        externalId = message.externalId;
    }
    // No UPSERT in SQLite 3.15: INSERT OR IGNORE against UNIQUE(contact_id, direction,
    // external_id), then look the old row up if nothing was inserted.
    FERRY_TRY(insert,
              m_database.prepare("INSERT OR IGNORE INTO messages(contact_id, direction, body, "
                                 "sent_at, received_at, state, "
                                 "external_id) VALUES (?, 'in', ?, ?, ?, 'received', ?)"));
    insert.bind(1, message.contactId)
        .bindText(2, message.body)
        .bind(3, message.sentAt)
        .bind(4, message.receivedAt)
        .bindOptionalBlob(5, externalId);
    FERRY_TRY(inserted, runChanged(m_database, insert));
    AddResult added;
    if (inserted) {
        added = {m_database.lastInsertRowId(), true};
    } else {
        FERRY_TRY(existing, m_database.prepare("SELECT id FROM messages WHERE contact_id = ? AND "
                                               "direction = 'in' AND external_id = ?"));
        existing.bind(1, message.contactId).bindBlob(2, message.externalId);
        FERRY_TRY(row, existing.step());
        if (!row) {
            return makeError(StoreErrc::Failed, "incoming message was neither inserted nor found");
        }
        added = {existing.integer(0), false};
    }
    FERRY_CHECK(transaction.commit());
    return added;
}

Result<bool> MessageRepository::editBody(std::int64_t id, std::string_view body,
                                         std::int64_t editedAt) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE messages SET body = ?, edited_at = ? WHERE id = ?"));
    stmt.bindText(1, body).bind(2, editedAt).bind(3, id);
    return runChanged(m_database, stmt);
}

Result<std::optional<Message>> MessageRepository::find(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE m.id = ?"));
    stmt.bind(1, id);
    return firstRow<Message>(stmt, readMessage);
}

Result<std::vector<Message>> MessageRepository::history(std::int64_t contactId, HistoryPage page) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) +
                                       "WHERE m.contact_id = ? AND m.id < ? ORDER BY m.id DESC "
                                       "LIMIT ?"));
    stmt.bind(1, contactId)
        .bind(2, page.beforeId.value_or(INT64_MAX))
        .bind(3, static_cast<std::int64_t>(std::max(page.limit, 0)));
    auto rows = collectRows<Message>(stmt, readMessage);
    if (rows) {
        std::reverse(rows->begin(), rows->end());
    }
    return rows;
}

Result<std::vector<Message>> MessageRepository::latestPerContact() {
    FERRY_TRY(stmt,
              m_database.prepare(
                  std::string(kColumns) +
                  "JOIN (SELECT contact_id, MAX(id) AS latest FROM messages GROUP BY contact_id) l "
                  "ON m.id = l.latest ORDER BY m.id DESC"));
    return collectRows<Message>(stmt, readMessage);
}

Result<bool> MessageRepository::markReadUpTo(std::int64_t contactId, std::int64_t messageId) {
    auto stmt = m_database.prepare("UPDATE contacts SET last_read_message_id = ? WHERE id = ? AND "
                                   "(last_read_message_id IS NULL OR last_read_message_id < ?)");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, messageId).bind(2, contactId).bind(3, messageId);
    return runChanged(m_database, *stmt);
}

Result<std::vector<UnreadCount>> MessageRepository::unreadCounts() {
    FERRY_TRY(
        stmt,
        m_database.prepare(
            "SELECT contact_id, unread FROM contact_unread WHERE unread > 0 ORDER BY contact_id"));
    return collectRows<UnreadCount>(stmt, [](Statement& s) -> Result<UnreadCount> {
        return UnreadCount{s.integer(0), s.integer(1)};
    });
}

Result<std::int64_t> MessageRepository::unreadCount(std::int64_t contactId) {
    FERRY_TRY(stmt, m_database.prepare("SELECT unread FROM contact_unread WHERE contact_id = ?"));
    stmt.bind(1, contactId);
    FERRY_TRY(count, firstRow<std::int64_t>(
                         stmt, [](Statement& s) -> Result<std::int64_t> { return s.integer(0); }));
    return count.value_or(0);
}

Result<bool> MessageRepository::remove(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM messages WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
