#pragma once

#include "crypto/secret_bytes.h"
#include "store/database.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::store {

/// What a queue serves.
enum class QueueOwnerKind { Contact, Invitation, Address };
enum class QueueDirection { Receive, Send };
/// Lifecycle of a queue as the agent sees it. A contact's receive queue is Confirmed from its
/// offer until the first message on it, Suspended while a replacement is made (its relay is
/// unreachable or the user moves the contact), Draining once the contact stopped using it
/// (read what it still holds, then delete it on its relay), then Deleted.
enum class QueueStatus { New, Confirmed, Secured, Active, Suspended, Draining, Deleted };

std::string_view toText(QueueOwnerKind kind);
std::string_view toText(QueueDirection direction);
std::string_view toText(QueueStatus status);

/// One SMP queue: where it lives, its id on the relay and its (serialized) keys.
struct Queue {
    std::int64_t id = 0;
    std::optional<std::int64_t> contactId;
    QueueOwnerKind ownerKind = QueueOwnerKind::Contact;
    std::int64_t ownerId = 0;
    QueueDirection direction = QueueDirection::Receive;
    std::string relay;        ///< relay address (smp://...)
    Bytes queueId;            ///< recipient id (receive) or sender id (send)
    crypto::SecretBytes keys; ///< serialized queue keys
    QueueStatus status = QueueStatus::New;
    std::int64_t createdAt = 0;
    std::optional<Bytes> lastReceivedId; ///< SMP id of the last message taken (receive)
};

/// SMP queues of contacts, invitations and addresses.
class QueueRepository {
public:
    explicit QueueRepository(Database& database) : m_database(database) {}

    /// Stores `queue` (its id is ignored) and returns the new row id. The same
    /// (relay, direction, queueId) twice is StoreErrc::Constraint.
    Result<std::int64_t> add(const Queue& queue);
    Result<std::optional<Queue>> find(std::int64_t id);
    /// The queue a relay message belongs to.
    Result<std::optional<Queue>> findByQueueId(std::string_view relay, QueueDirection direction,
                                               ByteView queueId);
    Result<std::vector<Queue>> forOwner(QueueOwnerKind kind, std::int64_t ownerId);
    Result<std::vector<Queue>> forContact(std::int64_t contactId);
    /// Receive queues to subscribe to after (re)connecting: every one not deleted.
    Result<std::vector<Queue>> subscribable();
    /// Relays that hold a queue not deleted, of any owner and direction.
    Result<std::set<std::string>> relaysInUse();
    Result<bool> setStatus(std::int64_t id, QueueStatus status);
    Result<bool> setKeys(std::int64_t id, const crypto::SecretBytes& keys);
    Result<bool> setLastReceivedId(std::int64_t id, ByteView messageId);
    /// Hands the queue over to a contact (owner becomes that contact).
    Result<bool> assignToContact(std::int64_t id, std::int64_t contactId);
    Result<bool> remove(std::int64_t id);

private:
    Result<std::vector<Queue>> select(std::string_view where,
                                      const std::vector<std::int64_t>& integers);

    Database& m_database;
};

} // namespace ferry::core::store
