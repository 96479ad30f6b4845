#pragma once

#include "store/database.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::store {

enum class ContactStatus { Pending, Connected, Deleted };

std::string_view toText(ContactStatus status);

/// A contact. `displayName` is unique among contacts that are not deleted.
struct Contact {
    std::int64_t id = 0;
    std::string displayName;
    std::optional<std::string> localAlias;
    ContactStatus status = ContactStatus::Pending;
    std::int64_t createdAt = 0;
    /// The contact address this contact came through; nullopt for one-time invitations.
    std::optional<std::int64_t> viaAddressId;
    /// Messages up to this id have been read (schema 2).
    std::optional<std::int64_t> lastReadMessageId;
};

/// Contacts and their local names.
class ContactRepository {
public:
    /// Used when a peer sends an empty display name.
    static constexpr std::string_view kFallbackName = "Contact";

    explicit ContactRepository(Database& database) : m_database(database) {}

    /// Adds a contact under a free name: "Alice", else "Alice (2)", "Alice (3)", ...
    Result<Contact> add(std::string_view displayName, ContactStatus status, std::int64_t createdAt,
                        std::optional<std::int64_t> viaAddressId = std::nullopt);
    /// Renames (suffixing like add() if the name is taken); returns the name given.
    Result<std::string> rename(std::int64_t id, std::string_view displayName);
    Result<bool> setLocalAlias(std::int64_t id, std::optional<std::string> alias);
    Result<bool> setStatus(std::int64_t id, ContactStatus status);
    Result<std::optional<Contact>> find(std::int64_t id);
    /// The non-deleted contact with exactly this display name.
    Result<std::optional<Contact>> findByDisplayName(std::string_view displayName);
    /// Contacts ordered by display name.
    Result<std::vector<Contact>> list(bool includeDeleted = false);
    /// Deletes the row and, by cascade, its queues, ratchet and messages.
    Result<bool> remove(std::int64_t id);

    /// The name add()/rename() would pick; `exceptId` is ignored as a holder of names.
    Result<std::string> uniqueDisplayName(std::string_view wanted,
                                          std::optional<std::int64_t> exceptId = std::nullopt);

private:
    Database& m_database;
};

} // namespace ferry::core::store
