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

/// Pending: shown to the user, waiting for the peer. Confirmed: the peer's confirmation
/// arrived. Connected: the contact is established. Cancelled: withdrawn or expired.
enum class InvitationState { Pending, Confirmed, Connected, Cancelled };

std::string_view toText(InvitationState state);

/// A one-time invitation link the user created.
struct Invitation {
    std::int64_t id = 0;
    std::string link;
    crypto::SecretBytes secrets; ///< serialized private keys behind the link
    InvitationState state = InvitationState::Pending;
    std::int64_t createdAt = 0;
    bool used = false;
    std::optional<std::int64_t> contactId;
};

/// One-time invitation links.
class InvitationRepository {
public:
    explicit InvitationRepository(Database& database) : m_database(database) {}

    Result<std::int64_t> add(std::string_view link, const crypto::SecretBytes& secrets,
                             std::int64_t createdAt);
    Result<std::optional<Invitation>> find(std::int64_t id);
    /// Invitations not cancelled, newest first.
    Result<std::vector<Invitation>> listOpen();
    Result<bool> setState(std::int64_t id, InvitationState state);
    /// The link was used: remember by whom. Fails (false) if it was used already.
    Result<bool> markUsed(std::int64_t id, std::int64_t contactId);
    /// Cancels and wipes the secrets (the link can never be answered afterwards).
    Result<bool> cancel(std::int64_t id);
    Result<bool> remove(std::int64_t id);

private:
    Database& m_database;
};

} // namespace ferry::core::store
