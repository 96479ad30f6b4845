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

enum class MessageDirection { Out, In };
enum class MessageState { Pending, Sent, Delivered, Failed, Received };

std::string_view toText(MessageDirection direction);
std::string_view toText(MessageState state);

/// A chat message as the user sees it (plaintext: it lives only in the encrypted database).
struct Message {
    std::int64_t id = 0;
    std::int64_t contactId = 0;
    MessageDirection direction = MessageDirection::Out;
    std::string body;
    std::int64_t sentAt = 0;
    std::optional<std::int64_t> receivedAt;
    MessageState state = MessageState::Pending;
    /// The sender's message id (receipts refer to it; redelivered copies share it).
    std::optional<Bytes> externalId;
    std::optional<std::int64_t> editedAt;
    /// Why it waits to be sent: the last error of the oldest entry on its queue (its own, or
    /// one it waits behind, since a queue's messages go out in order).
    std::optional<std::string> waitingReason = std::nullopt;
};

/// A message that arrived from a contact.
struct IncomingMessage {
    std::int64_t contactId = 0;
    std::string body;
    std::int64_t sentAt = 0;
    std::int64_t receivedAt = 0;
    /// Empty: no dedup possible.
    Bytes externalId;
};

/// One page of a conversation: the `limit` messages before `beforeId` (newest page when
/// unset), returned oldest first.
struct HistoryPage {
    std::optional<std::int64_t> beforeId;
    int limit = 50;
};

struct UnreadCount {
    std::int64_t contactId = 0;
    std::int64_t unread = 0;
};

/// Conversation messages, receipts and read markers.
class MessageRepository {
public:
    explicit MessageRepository(Database& database) : m_database(database) {}

    /// Stores an outgoing message in state Pending; returns its id.
    Result<std::int64_t> addOutgoing(std::int64_t contactId, std::string_view body,
                                     std::int64_t sentAt,
                                     std::optional<Bytes> externalId = std::nullopt);
    Result<bool> markSent(std::int64_t id);
    /// Delivered never goes back to Sent or Pending.
    Result<bool> markDelivered(std::int64_t id);
    Result<bool> markFailed(std::int64_t id);
    /// A failed message the user sends again goes back to Pending (only from Failed).
    Result<bool> markRetrying(std::int64_t id);
    /// Keeps an outgoing message's queue payload (what the outbox holds for it, unsealed) until
    /// it is delivered or fails: OutboxRepository::copyUnsent puts it on a queue added meanwhile.
    Result<bool> keepQueuePayload(std::int64_t id, ByteView payload);
    /// A receipt from the contact: marks our message with that external id delivered and
    /// returns its id.
    Result<std::optional<std::int64_t>> markDeliveredByExternalId(std::int64_t contactId,
                                                                  ByteView externalId);
    /// Stores an incoming message unless one with the same external id is already stored.
    Result<AddResult> addIncoming(const IncomingMessage& message);
    Result<bool> editBody(std::int64_t id, std::string_view body, std::int64_t editedAt);
    Result<std::optional<Message>> find(std::int64_t id);
    Result<std::vector<Message>> history(std::int64_t contactId, HistoryPage page = {});
    /// The newest message of every contact that has one (for the contact list preview).
    Result<std::vector<Message>> latestPerContact();
    /// Marks the contact's messages up to `messageId` read (never moves backwards).
    Result<bool> markReadUpTo(std::int64_t contactId, std::int64_t messageId);
    /// Unread incoming messages per contact, for contacts with at least one.
    Result<std::vector<UnreadCount>> unreadCounts();
    Result<std::int64_t> unreadCount(std::int64_t contactId);
    Result<bool> remove(std::int64_t id);

private:
    Result<bool> setState(std::int64_t id, MessageState state, std::string_view onlyFrom);

    Database& m_database;
};

} // namespace ferry::core::store
