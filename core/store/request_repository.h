#pragma once

#include "store/add_result.h"
#include "store/database.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::store {

enum class RequestState { Pending, Accepted, Rejected };

std::string_view toText(RequestState state);

/// A contact request that arrived through one of the user's addresses.
struct ContactRequest {
    std::int64_t id = 0;
    std::optional<std::int64_t> addressId; ///< nullopt once the address row is gone
    std::string displayName;
    Bytes payload; ///< the requester's invitation (queue and key material to reply to)
    std::int64_t receivedAt = 0;
    RequestState state = RequestState::Pending;
    std::optional<std::int64_t> contactId; ///< the contact made on acceptance
};

/// Incoming contact requests.
class RequestRepository {
public:
    explicit RequestRepository(Database& database) : m_database(database) {}

    /// Stores a request; the same payload on the same address again is a redelivery
    /// (isNew false, id of the stored one).
    Result<AddResult> add(std::int64_t addressId, std::string_view displayName, ByteView payload,
                          std::int64_t receivedAt);
    Result<std::optional<ContactRequest>> find(std::int64_t id);
    /// Pending requests, oldest first.
    Result<std::vector<ContactRequest>> listPending();
    /// Pending -> accepted, linked to the new contact. False if it was not pending.
    Result<bool> accept(std::int64_t id, std::int64_t contactId);
    /// Pending -> rejected. False if it was not pending.
    Result<bool> reject(std::int64_t id);
    Result<bool> remove(std::int64_t id);

private:
    Database& m_database;
};

} // namespace ferry::core::store
