#include "store/contact_repository.h"

#include "store/row_helpers.h"
#include "store/store_errc.h"
#include "store/transaction.h"
#include "util/try.h"

#include <cctype>
#include <set>
#include <string>

namespace ferry::core::store {
namespace {

constexpr EnumText<ContactStatus> kStatuses[] = {
    {ContactStatus::Pending, "pending"},
    {ContactStatus::Connected, "connected"},
    {ContactStatus::Deleted, "deleted"},
};

constexpr std::string_view kColumns =
    "SELECT id, display_name, local_alias, status, created_at, via_address, "
    "last_read_message_id FROM contacts ";

Result<Contact> readContact(Statement& s) {
    FERRY_TRY(status, enumFromText(kStatuses, s.text(3), "contact status"));
    return Contact{
        s.integer(0),         s.text(1),           s.optionalText(2), status, s.integer(4),
        s.optionalInteger(5), s.optionalInteger(6)};
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

// "Alice (3)" -> "Alice": suffixing a suffixed name continues the series instead of
// producing "Alice (3) (2)".
std::string stemOf(const std::string& name) {
    if (name.size() < 4 || name.back() != ')') {
        return name;
    }
    const auto open = name.rfind(" (");
    if (open == std::string::npos || open == 0 || open + 3 > name.size() - 1) {
        return name;
    }
    for (std::size_t i = open + 2; i + 1 < name.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(name[i]))) {
            return name;
        }
    }
    return name.substr(0, open);
}

} // namespace

std::string_view toText(ContactStatus status) {
    return enumToText(kStatuses, status);
}

Result<std::string> ContactRepository::uniqueDisplayName(std::string_view wanted,
                                                         std::optional<std::int64_t> exceptId) {
    std::string name = trimmed(wanted);
    if (name.empty()) {
        name = std::string(kFallbackName);
    }
    const std::string stem = stemOf(name);
    FERRY_TRY(stmt, m_database.prepare(
                        "SELECT display_name FROM contacts WHERE status <> 'deleted' AND id <> ? "
                        "AND substr(display_name, 1, ?) = ?"));
    stmt.bind(1, exceptId.value_or(-1))
        .bind(2, static_cast<std::int64_t>(stem.size()))
        .bindText(3, stem);
    FERRY_TRY(taken, collectRows<std::string>(
                         stmt, [](Statement& s) -> Result<std::string> { return s.text(0); }));
    const std::set<std::string> names(taken.begin(), taken.end());
    if (!names.contains(name)) {
        return name;
    }
    for (int n = 2;; ++n) {
        std::string candidate = stem + " (" + std::to_string(n) + ")";
        if (!names.contains(candidate)) {
            return candidate;
        }
    }
}

Result<Contact> ContactRepository::add(std::string_view displayName, ContactStatus status,
                                       std::int64_t createdAt,
                                       std::optional<std::int64_t> viaAddressId) {
    FERRY_TRY(transaction, Transaction::begin(m_database));
    FERRY_TRY(name, uniqueDisplayName(displayName));
    FERRY_TRY(stmt, m_database.prepare("INSERT INTO contacts(display_name, status, created_at, "
                                       "via_address) VALUES (?, ?, ?, ?)"));
    stmt.bindText(1, name).bindText(2, toText(status)).bind(3, createdAt).bind(4, viaAddressId);
    FERRY_CHECK(stmt.run());
    Contact contact{m_database.lastInsertRowId(),
                    std::move(name),
                    std::nullopt,
                    status,
                    createdAt,
                    viaAddressId,
                    std::nullopt};
    FERRY_CHECK(transaction.commit());
    return contact;
}

Result<std::string> ContactRepository::rename(std::int64_t id, std::string_view displayName) {
    FERRY_TRY(transaction, Transaction::begin(m_database));
    FERRY_TRY(name, uniqueDisplayName(displayName, id));
    FERRY_TRY(stmt, m_database.prepare("UPDATE contacts SET display_name = ? WHERE id = ?"));
    stmt.bindText(1, name).bind(2, id);
    FERRY_TRY(changed, runChanged(m_database, stmt));
    if (!changed) {
        return makeError(StoreErrc::NotFound, "no contact " + std::to_string(id));
    }
    FERRY_CHECK(transaction.commit());
    return name;
}

Result<bool> ContactRepository::setLocalAlias(std::int64_t id, std::optional<std::string> alias) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE contacts SET local_alias = ? WHERE id = ?"));
    stmt.bindOptionalText(1, alias).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> ContactRepository::setStatus(std::int64_t id, ContactStatus status) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE contacts SET status = ? WHERE id = ?"));
    stmt.bindText(1, toText(status)).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<std::optional<Contact>> ContactRepository::find(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE id = ?"));
    stmt.bind(1, id);
    return firstRow<Contact>(stmt, readContact);
}

Result<std::optional<Contact>> ContactRepository::findByDisplayName(std::string_view displayName) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) +
                                       "WHERE display_name = ? AND status <> 'deleted'"));
    stmt.bindText(1, displayName);
    return firstRow<Contact>(stmt, readContact);
}

Result<std::vector<Contact>> ContactRepository::list(bool includeDeleted) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) +
                                       (includeDeleted ? "" : "WHERE status <> 'deleted' ") +
                                       "ORDER BY display_name, id"));
    return collectRows<Contact>(stmt, readContact);
}

Result<bool> ContactRepository::remove(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM contacts WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
