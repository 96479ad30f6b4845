#include "store/invitation_repository.h"

#include "store/row_helpers.h"
#include "util/try.h"

#include <string>

namespace ferry::core::store {
namespace {

constexpr EnumText<InvitationState> kStates[] = {
    {InvitationState::Pending, "pending"},
    {InvitationState::Confirmed, "confirmed"},
    {InvitationState::Connected, "connected"},
    {InvitationState::Cancelled, "cancelled"},
};

constexpr std::string_view kColumns =
    "SELECT id, link, secrets, state, created_at, used, contact_id FROM invitations ";

Result<Invitation> readInvitation(Statement& s) {
    FERRY_TRY(state, enumFromText(kStates, s.text(3), "invitation state"));
    Invitation i;
    i.id = s.integer(0);
    i.link = s.text(1);
    i.secrets = s.secret(2);
    i.state = state;
    i.createdAt = s.integer(4);
    i.used = s.integer(5) != 0;
    i.contactId = s.optionalInteger(6);
    return i;
}

} // namespace

std::string_view toText(InvitationState state) {
    return enumToText(kStates, state);
}

Result<std::int64_t> InvitationRepository::add(std::string_view link,
                                               const crypto::SecretBytes& secrets,
                                               std::int64_t createdAt) {
    FERRY_TRY(stmt, m_database.prepare("INSERT INTO invitations(link, secrets, state, created_at, "
                                       "used) VALUES (?, ?, 'pending', ?, 0)"));
    stmt.bindText(1, link).bindBlob(2, secrets.view()).bind(3, createdAt);
    FERRY_CHECK(stmt.run());
    return m_database.lastInsertRowId();
}

Result<std::optional<Invitation>> InvitationRepository::find(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE id = ?"));
    stmt.bind(1, id);
    return firstRow<Invitation>(stmt, readInvitation);
}

Result<std::vector<Invitation>> InvitationRepository::listOpen() {
    auto stmt =
        m_database.prepare(std::string(kColumns) + "WHERE state <> 'cancelled' ORDER BY id DESC");
    if (!stmt) {
        return stmt.error();
    }
    return collectRows<Invitation>(*stmt, readInvitation);
}

Result<bool> InvitationRepository::setState(std::int64_t id, InvitationState state) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE invitations SET state = ? WHERE id = ?"));
    stmt.bindText(1, toText(state)).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> InvitationRepository::markUsed(std::int64_t id, std::int64_t contactId) {
    FERRY_TRY(stmt,
              m_database.prepare(
                  "UPDATE invitations SET used = 1, contact_id = ? WHERE id = ? AND used = 0"));
    stmt.bind(1, contactId).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> InvitationRepository::cancel(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare(
                        "UPDATE invitations SET state = 'cancelled', secrets = NULL WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

Result<bool> InvitationRepository::remove(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM invitations WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
