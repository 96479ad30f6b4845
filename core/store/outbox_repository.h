#pragma once

#include "store/database.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::store {

/// What an outbox entry holds: the SEND body sealed for its queue, or the queue payload (an
/// encoded agent::QueuePayload, end-to-end encrypted by the ratchet) that is sealed for the
/// queue when it is sent, and can therefore be copied to another queue of the contact.
enum class OutboxForm { Sealed, Unsealed };

/// An encrypted transmission body waiting to be SENT to a queue.
struct OutboxEntry {
    std::int64_t id = 0;
    std::optional<std::int64_t> messageId; ///< the chat message it carries, if any
    std::int64_t queueId = 0;              ///< QueueRepository row of the send queue
    Bytes payload;
    int attempts = 0;
    std::int64_t nextAttemptAt = 0;
    std::int64_t createdAt = 0;
    std::optional<std::string> lastError;
    OutboxForm form = OutboxForm::Sealed;
};

/// The outbox: what is stored here is sent, in order per queue, until removed.
class OutboxRepository {
public:
    /// Retry delay after `attempts` failures: 2 s, 4 s, 8 s, ... capped at one hour.
    static std::int64_t backoffSeconds(int attempts);

    explicit OutboxRepository(Database& database) : m_database(database) {}

    /// Queues a payload, due immediately (at `now`).
    Result<std::int64_t> enqueue(std::int64_t queueId, ByteView payload, std::int64_t now,
                                 std::optional<std::int64_t> messageId = std::nullopt,
                                 OutboxForm form = OutboxForm::Sealed);
    /// Gives a contact's new send queue `toQueueId` what the contact may not have yet, in the
    /// order it was written: every outgoing message not delivered (by the queue payload it
    /// keeps), then each other unsealed payload still waiting for one of the contact's usable
    /// send queues, once. Carrying every undelivered message again keeps the new queue from
    /// overtaking an older one still on its way; the contact's ratchet drops the copies it
    /// has. Returns how many entries it added.
    Result<std::int64_t> copyUnsent(std::int64_t contactId, std::int64_t toQueueId,
                                    std::int64_t now);
    /// How many entries wait for one queue.
    Result<std::int64_t> countForQueue(std::int64_t queueId);
    /// Whether any copy of the message still waits to be sent.
    Result<bool> holdsMessage(std::int64_t messageId);
    /// Drops everything waiting for a queue (it is gone); returns the message ids it carried.
    Result<std::vector<std::int64_t>> clearQueue(std::int64_t queueId);
    /// Entries to send now: the oldest entry of each queue, if it is due, ordered by due
    /// time then age. Later entries of a queue wait behind its head, so messages on one
    /// queue go out in the order they were written even when the head is backing off.
    Result<std::vector<OutboxEntry>> due(std::int64_t now, int limit = 100);
    /// When the next head-of-queue entry becomes due (for the retry timer).
    Result<std::optional<std::int64_t>> nextDueAt();
    /// Records a failed attempt and schedules the next one with backoff; returns its time.
    Result<std::int64_t> markAttempt(std::int64_t id, std::int64_t now, std::string_view error);
    /// Moves the next attempt without counting a failure (e.g. the relay came back).
    Result<bool> reschedule(std::int64_t id, std::int64_t nextAttemptAt);
    /// Makes the message's entry, and those ahead of it on its queue, due at `now` ("retry
    /// now"). False if the message is not waiting here.
    Result<bool> retryNow(std::int64_t messageId, std::int64_t now);
    /// Removes a sent (or abandoned) entry.
    Result<bool> remove(std::int64_t id);
    /// Everything still waiting for a queue, oldest first.
    Result<std::vector<OutboxEntry>> forQueue(std::int64_t queueId);
    /// The oldest entry of one queue, due or not (an index lookup, for the hot path).
    Result<std::optional<OutboxEntry>> headOf(std::int64_t queueId);
    Result<std::int64_t> size();

private:
    Database& m_database;
};

} // namespace ferry::core::store
