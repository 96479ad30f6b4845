#pragma once

#include "crypto/secret_bytes.h"
#include "store/database.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::store {

/// A long-lived contact address the user published.
struct ContactAddress {
    std::int64_t id = 0;
    std::string link;
    crypto::SecretBytes secrets; ///< serialized private keys; empty once deleted
    std::int64_t createdAt = 0;
    bool deleted = false;
};

/// The user's contact addresses.
class AddressRepository {
public:
    explicit AddressRepository(Database& database) : m_database(database) {}

    Result<std::int64_t> add(std::string_view link, const crypto::SecretBytes& secrets,
                             std::int64_t createdAt);
    Result<std::optional<ContactAddress>> find(std::int64_t id);
    /// Addresses not deleted, oldest first.
    Result<std::vector<ContactAddress>> listActive();
    /// Soft delete: flags the row and wipes its secrets; contacts and requests that came
    /// through it keep their reference.
    Result<bool> markDeleted(std::int64_t id);
    /// Hard delete: contacts.via_address and contact_requests.address_id become NULL.
    Result<bool> remove(std::int64_t id);

private:
    Database& m_database;
};

} // namespace ferry::core::store
