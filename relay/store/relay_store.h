#pragma once

#include "crypto/public_key.h"
#include "smp/queue_link.h"
#include "util/bytes.h"
#include "util/clock.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

namespace ferry::relay {

/// Notification credentials of a queue (NKEY).
struct NotifierRecord {
    core::Bytes notifierId;
    core::crypto::PublicKey notifierKey;
    core::Bytes rcvNtfDhSecret; ///< DH(recipient's ntf DH key, server's ntf key), 32 bytes

    bool operator==(const NotifierRecord&) const = default;
};

/// A queue's short link (SMP v15): the id senders reach it by and the data the client stored.
struct QueueLink {
    core::Bytes linkId;
    core::smp::QueueLinkData data;

    std::uint64_t storageBytes() const { return data.fixedData.size() + data.userData.size(); }
    bool operator==(const QueueLink&) const = default;
};

/// One queue as the relay keeps it. Nothing here links it to other queues or to an IP.
struct QueueRecord {
    core::Bytes recipientId;              ///< 24 random bytes
    core::Bytes senderId;                 ///< 24 random bytes
    core::crypto::PublicKey recipientKey; ///< authorizes recipient commands
    core::Bytes rcvDhSecret;              ///< DH(rcvDhKey, server per-queue key), 32 bytes
    std::optional<core::crypto::PublicKey> senderKey; ///< set by KEY or SKEY: queue secured
    std::optional<core::smp::QueueMode> mode;         ///< none: created below SMP v9
    bool suspended = false;                           ///< OFF: no more messages accepted
    std::optional<NotifierRecord> notifier;
    std::optional<QueueLink> link;

    bool senderCanSecure() const { return mode == core::smp::QueueMode::Messaging; }
    /// A contact address (the reference's `isContactQueue`): LGET may read its link.
    bool isContactAddress() const {
        return mode == core::smp::QueueMode::Contact || (!mode && !senderKey);
    }
    /// A messaging queue its sender has secured (`isSecuredMsgQueue`): its link data is
    /// fixed, and goes with the first message.
    bool isSecuredMessaging() const { return mode != core::smp::QueueMode::Contact && senderKey; }

    bool operator==(const QueueRecord&) const = default;
};

/// What an ACK deleted.
struct DeletedMessage {
    bool quotaMarker = false; ///< the marker of a full queue, not a message
};

/// A message waiting in a queue.
struct StoredMessage {
    core::Bytes msgId;          ///< 24 random bytes, chosen by the store
    std::int64_t timestamp = 0; ///< seconds, when the relay accepted it
    bool notification = false;
    bool quotaMarker = false; ///< the "queue was full" marker; body empty
    core::Bytes body;

    bool operator==(const StoredMessage&) const = default;
};

/// What happened to a SEND.
enum class SendOutcome {
    Stored,       ///< accepted: answer OK once durable
    QuotaReached, ///< the queue just filled up: a quota marker was stored; answer ERR QUOTA
    QueueFull,    ///< still full (marker present): nothing stored; answer ERR QUOTA
    StorageFull,  ///< the relay's storage cap is reached; nothing stored
};

/// Counts for INFO and statistics.
struct QueueCounts {
    std::uint32_t messages = 0;
    std::uint64_t bytes = 0;
};

/// What one queue counts toward the storage cap: its row and index entries on disk, rounded
/// up, so that creating queues cannot fill the disk where messages may not.
inline constexpr std::uint64_t kQueueStorageBytes = 512;

struct StoreTotals {
    std::uint64_t queues = 0;
    std::uint64_t messages = 0;
    /// What the cap limits: bytes of message bodies and of short link data held.
    std::uint64_t storageBytes = 0;
};

struct StoreConfig {
    std::filesystem::path directory; ///< created if absent
    std::uint32_t queueQuota = 128;
    std::chrono::seconds messageTtl = std::chrono::hours(24 * 21);
    /// Message bodies plus kQueueStorageBytes per queue.
    std::uint64_t storageCapBytes = 4ull << 30;
};

/// The relay's durable state: queue records and their messages.
///
/// Thread-safe. Reads answer from the current state at once. Every mutation is applied
/// immediately (later reads see it) and made durable by a background writer that commits
/// many mutations with one fsync (group commit); `onDurable` runs on that writer thread
/// after the fsync, so the caller answers OK only for what survives `kill -9` or a power
/// cut. If the write fails, `onDurable` gets the error and the relay must not answer OK.
/// `onDurable` runs exactly once when the call itself succeeds (also for outcomes that store
/// nothing, such as QueueFull or a repeated KEY, once everything before them is durable) and
/// never when the call returns an error; it may be empty. It must not call flush().
class RelayStore {
public:
    using DurableCallback = std::function<void(core::Result<void>)>;

    /// Opens or creates the store in config.directory; a corrupt store is a clear error and
    /// is left untouched. Expired messages are removed before this returns.
    static core::Result<std::unique_ptr<RelayStore>> open(const StoreConfig& config,
                                                          const core::Clock& clock);
    virtual ~RelayStore() = default;

    // Queues. Errors use RelayStoreErrc::Auth when the queue does not exist (or the id is taken),
    // RelayStoreErrc::Failed for I/O failures. addQueue fails with RelayStoreErrc::Full when
    // the queue would pass the storage cap.
    virtual core::Result<void> addQueue(const QueueRecord& queue, DurableCallback onDurable) = 0;
    virtual std::optional<QueueRecord> queueByRecipient(core::ByteView recipientId) const = 0;
    virtual std::optional<QueueRecord> queueBySender(core::ByteView senderId) const = 0;
    virtual std::optional<QueueRecord> queueByNotifier(core::ByteView notifierId) const = 0;
    virtual std::optional<QueueRecord> queueByLink(core::ByteView linkId) const = 0;
    /// KEY/SKEY: fails with "AUTH" if already secured with a different key; the same key
    /// again succeeds (a retried command).
    virtual core::Result<void> secureQueue(core::ByteView recipientId,
                                           const core::crypto::PublicKey& senderKey,
                                           DurableCallback onDurable) = 0;
    virtual core::Result<void> setNotifier(core::ByteView recipientId,
                                           const NotifierRecord& notifier,
                                           DurableCallback onDurable) = 0;
    virtual core::Result<void> deleteNotifier(core::ByteView recipientId,
                                              DurableCallback onDurable) = 0;
    /// LSET: gives the queue its link or replaces the link's user data. Auth if the queue has
    /// a link with another id or other fixed data, or the id is another queue's; Full past
    /// the storage cap.
    virtual core::Result<void> setLink(core::ByteView recipientId, const QueueLink& link,
                                       DurableCallback onDurable) = 0;
    /// LDEL, and the first message to a secured messaging queue: the link goes (no link: OK).
    virtual core::Result<void> deleteLink(core::ByteView recipientId,
                                          DurableCallback onDurable) = 0;
    virtual core::Result<void> suspendQueue(core::ByteView recipientId,
                                            DurableCallback onDurable) = 0;
    /// Deletes the queue and all its messages.
    virtual core::Result<void> deleteQueue(core::ByteView recipientId,
                                           DurableCallback onDurable) = 0;

    // Messages.
    /// Appends a message (id and timestamp chosen here) following the quota rules of the
    /// reference server: below the quota it is stored; at the quota a marker is stored
    /// instead and the queue refuses messages until it has been emptied.
    virtual core::Result<SendOutcome> addMessage(core::ByteView recipientId, bool notification,
                                                 core::ByteView body,
                                                 DurableCallback onDurable) = 0;
    /// The oldest unexpired message, if any.
    virtual std::optional<StoredMessage> peekMessage(core::ByteView recipientId) const = 0;
    /// Deletes the oldest message if its id is msgId (ACK); "NO_MSG" otherwise. The
    /// deletion takes effect at once; it becomes durable with the next commit (half a second
    /// and one sync at the most), because losing it (a crash, or a transaction SQLite rolled
    /// back) only delivers the message again, which the client recognises as a duplicate.
    /// `onDurable` runs then.
    virtual core::Result<DeletedMessage>
    deleteMessage(core::ByteView recipientId, core::ByteView msgId, DurableCallback onDurable) = 0;
    virtual QueueCounts queueCounts(core::ByteView recipientId) const = 0;

    /// Removes messages older than the TTL; returns how many. The relay calls this on a timer.
    virtual std::uint64_t expireMessages() = 0;
    virtual StoreTotals totals() const = 0;
    /// Blocks until everything applied so far is durable (clean shutdown, tests).
    virtual core::Result<void> flush() = 0;
};

} // namespace ferry::relay
