#pragma once

// The rows the engine stores for its queues (store::Queue), built in one place for the flows
// that make contacts (agent_connect.cpp) and the ones that add queues to them
// (agent_redundancy.cpp).

#include "agent/queue_keys.h"
#include "store/queue_repository.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ferry::core::agent {

/// Who a queue row belongs to: an invitation or address (until a contact takes it over), or
/// a contact.
struct QueueOwner {
    store::QueueOwnerKind kind = store::QueueOwnerKind::Contact;
    std::int64_t id = 0;
    std::optional<std::int64_t> contactId;

    static QueueOwner contact(std::int64_t id) { return {store::QueueOwnerKind::Contact, id, id}; }
};

inline store::Queue queueRow(const QueueOwner& owner, store::QueueDirection direction,
                             std::string relay, Bytes queueId, crypto::SecretBytes keys,
                             store::QueueStatus status, std::int64_t now) {
    store::Queue row;
    row.contactId = owner.contactId;
    row.ownerKind = owner.kind;
    row.ownerId = owner.id;
    row.direction = direction;
    row.relay = std::move(relay);
    row.queueId = std::move(queueId);
    row.keys = std::move(keys);
    row.status = status;
    row.createdAt = now;
    return row;
}

/// Every queue we receive on is created by NEW and active from then on; a contact's added
/// queue is Confirmed until the contact's first message on it.
inline store::Queue receiveRow(const QueueOwner& owner, const std::string& relay,
                               const Bytes& recipientId, const ReceiveQueueKeys& keys,
                               std::int64_t now,
                               store::QueueStatus status = store::QueueStatus::Active) {
    return queueRow(owner, store::QueueDirection::Receive, relay, recipientId, serialize(keys),
                    status, now);
}

} // namespace ferry::core::agent
