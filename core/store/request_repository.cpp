#include "store/request_repository.h"

#include "store/row_helpers.h"
#include "store/store_errc.h"
#include "store/transaction.h"
#include "util/try.h"

#include <string>

namespace ferry::core::store {
namespace {

constexpr EnumText<RequestState> kStates[] = {
    {RequestState::Pending, "pending"},
    {RequestState::Accepted, "accepted"},
    {RequestState::Rejected, "rejected"},
};

constexpr std::string_view kColumns =
    "SELECT id, address_id, display_name, payload, received_at, state, contact_id "
    "FROM contact_requests ";

Result<ContactRequest> readRequest(Statement& s) {
    FERRY_TRY(state, enumFromText(kStates, s.text(5), "contact request state"));
    ContactRequest r;
    r.id = s.integer(0);
    r.addressId = s.optionalInteger(1);
    r.displayName = s.text(2);
    r.payload = s.blob(3);
    r.receivedAt = s.integer(4);
    r.state = state;
    r.contactId = s.optionalInteger(6);
    return r;
}

} // namespace

std::string_view toText(RequestState state) {
    return enumToText(kStates, state);
}

Result<AddResult> RequestRepository::add(std::int64_t addressId, std::string_view displayName,
                                         ByteView payload, std::int64_t receivedAt) {
    FERRY_TRY(transaction, Transaction::begin(m_database));
    FERRY_TRY(insert, m_database.prepare("INSERT OR IGNORE INTO contact_requests(address_id, "
                                         "display_name, payload, received_at, "
                                         "state) VALUES (?, ?, ?, ?, 'pending')"));
    insert.bind(1, addressId).bindText(2, displayName).bindBlob(3, payload).bind(4, receivedAt);
    FERRY_TRY(inserted, runChanged(m_database, insert));
    AddResult added{m_database.lastInsertRowId(), true};
    if (!inserted) {
        FERRY_TRY(existing,
                  m_database.prepare(
                      "SELECT id FROM contact_requests WHERE address_id = ? AND payload = ?"));
        existing.bind(1, addressId).bindBlob(2, payload);
        FERRY_TRY(row, existing.step());
        if (!row) {
            return makeError(StoreErrc::Failed, "contact request was neither inserted nor found");
        }
        added = {existing.integer(0), false};
    }
    FERRY_CHECK(transaction.commit());
    return added;
}

Result<std::optional<ContactRequest>> RequestRepository::find(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE id = ?"));
    stmt.bind(1, id);
    return firstRow<ContactRequest>(stmt, readRequest);
}

Result<std::vector<ContactRequest>> RequestRepository::listPending() {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) +
                                       "WHERE state = 'pending' ORDER BY received_at, id"));
    return collectRows<ContactRequest>(stmt, readRequest);
}

Result<bool> RequestRepository::accept(std::int64_t id, std::int64_t contactId) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE contact_requests SET state = 'accepted', "
                                       "contact_id = ? WHERE id = ? AND state = 'pending'"));
    stmt.bind(1, contactId).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> RequestRepository::reject(std::int64_t id) {
    FERRY_TRY(
        stmt,
        m_database.prepare(
            "UPDATE contact_requests SET state = 'rejected' WHERE id = ? AND state = 'pending'"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

Result<bool> RequestRepository::remove(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM contact_requests WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
