#include "store/queue_repository.h"

#include "store/row_helpers.h"
#include "util/try.h"

#include <string>

namespace ferry::core::store {
namespace {

constexpr EnumText<QueueOwnerKind> kOwnerKinds[] = {
    {QueueOwnerKind::Contact, "contact"},
    {QueueOwnerKind::Invitation, "invitation"},
    {QueueOwnerKind::Address, "address"},
};
constexpr EnumText<QueueDirection> kDirections[] = {
    {QueueDirection::Receive, "receive"},
    {QueueDirection::Send, "send"},
};
constexpr EnumText<QueueStatus> kStatuses[] = {
    {QueueStatus::New, "new"},
    {QueueStatus::Confirmed, "confirmed"},
    {QueueStatus::Secured, "secured"},
    {QueueStatus::Active, "active"},
    {QueueStatus::Suspended, "suspended"},
    {QueueStatus::Draining, "draining"},
    {QueueStatus::Deleted, "deleted"},
};

constexpr std::string_view kColumns =
    "SELECT id, contact_id, owner_kind, owner_id, direction, relay, queue_id, keys, status, "
    "created_at, last_received_id FROM queues ";

Result<Queue> readQueue(Statement& s) {
    FERRY_TRY(kind, enumFromText(kOwnerKinds, s.text(2), "queue owner kind"));
    FERRY_TRY(direction, enumFromText(kDirections, s.text(4), "queue direction"));
    FERRY_TRY(status, enumFromText(kStatuses, s.text(8), "queue status"));
    Queue q;
    q.id = s.integer(0);
    q.contactId = s.optionalInteger(1);
    q.ownerKind = kind;
    q.ownerId = s.integer(3);
    q.direction = direction;
    q.relay = s.text(5);
    q.queueId = s.blob(6);
    q.keys = s.secret(7);
    q.status = status;
    q.createdAt = s.integer(9);
    q.lastReceivedId = s.optionalBlob(10);
    return q;
}

} // namespace

std::string_view toText(QueueOwnerKind kind) {
    return enumToText(kOwnerKinds, kind);
}
std::string_view toText(QueueDirection direction) {
    return enumToText(kDirections, direction);
}
std::string_view toText(QueueStatus status) {
    return enumToText(kStatuses, status);
}

Result<std::int64_t> QueueRepository::add(const Queue& q) {
    FERRY_TRY(stmt,
              m_database.prepare(
                  "INSERT INTO queues(contact_id, owner_kind, owner_id, direction, relay, "
                  "queue_id, keys, "
                  "status, created_at, last_received_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    stmt.bind(1, q.contactId)
        .bindText(2, toText(q.ownerKind))
        .bind(3, q.ownerId)
        .bindText(4, toText(q.direction))
        .bindText(5, q.relay)
        .bindBlob(6, q.queueId)
        .bindBlob(7, q.keys.view())
        .bindText(8, toText(q.status))
        .bind(9, q.createdAt)
        .bindOptionalBlob(10, q.lastReceivedId);
    FERRY_CHECK(stmt.run());
    return m_database.lastInsertRowId();
}

Result<std::vector<Queue>> QueueRepository::select(std::string_view where,
                                                   const std::vector<std::int64_t>& integers) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + std::string(where)));
    for (std::size_t i = 0; i < integers.size(); ++i) {
        stmt.bind(static_cast<int>(i + 1), integers[i]);
    }
    return collectRows<Queue>(stmt, readQueue);
}

Result<std::optional<Queue>> QueueRepository::find(std::int64_t id) {
    FERRY_TRY(rows, select("WHERE id = ?", {id}));
    if (rows.empty()) {
        return std::optional<Queue>();
    }
    return std::optional<Queue>(std::move(rows.front()));
}

Result<std::optional<Queue>>
QueueRepository::findByQueueId(std::string_view relay, QueueDirection direction, ByteView queueId) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) +
                                       "WHERE relay = ? AND direction = ? AND queue_id = ?"));
    stmt.bindText(1, relay).bindText(2, toText(direction)).bindBlob(3, queueId);
    return firstRow<Queue>(stmt, readQueue);
}

Result<std::vector<Queue>> QueueRepository::forOwner(QueueOwnerKind kind, std::int64_t ownerId) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) +
                                       "WHERE owner_kind = ? AND owner_id = ? ORDER BY id"));
    stmt.bindText(1, toText(kind)).bind(2, ownerId);
    return collectRows<Queue>(stmt, readQueue);
}

Result<std::vector<Queue>> QueueRepository::forContact(std::int64_t contactId) {
    return select("WHERE contact_id = ? ORDER BY id", {contactId});
}

Result<std::vector<Queue>> QueueRepository::subscribable() {
    return select("WHERE direction = 'receive' AND status <> 'deleted' ORDER BY relay, id", {});
}

Result<std::set<std::string>> QueueRepository::relaysInUse() {
    FERRY_TRY(stmt,
              m_database.prepare("SELECT DISTINCT relay FROM queues WHERE status <> 'deleted'"));
    std::set<std::string> relays;
    for (;;) {
        FERRY_TRY(row, stmt.step());
        if (!row)
            return relays;
        relays.insert(stmt.text(0));
    }
}

Result<bool> QueueRepository::setStatus(std::int64_t id, QueueStatus status) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE queues SET status = ? WHERE id = ?"));
    stmt.bindText(1, toText(status)).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> QueueRepository::setKeys(std::int64_t id, const crypto::SecretBytes& keys) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE queues SET keys = ? WHERE id = ?"));
    stmt.bindBlob(1, keys.view()).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> QueueRepository::setLastReceivedId(std::int64_t id, ByteView messageId) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE queues SET last_received_id = ? WHERE id = ?"));
    stmt.bindBlob(1, messageId).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> QueueRepository::assignToContact(std::int64_t id, std::int64_t contactId) {
    FERRY_TRY(
        stmt,
        m_database.prepare(
            "UPDATE queues SET contact_id = ?, owner_kind = 'contact', owner_id = ? WHERE id = ?"));
    stmt.bind(1, contactId).bind(2, contactId).bind(3, id);
    return runChanged(m_database, stmt);
}

Result<bool> QueueRepository::remove(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM queues WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
