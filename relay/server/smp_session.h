#pragma once

#include "crypto/crypto_box.h"
#include "crypto/x25519_key_pair.h"
#include "relay/relay_config.h"
#include "relay/relay_stats.h"
#include "relay/server/forwarded_request.h"
#include "relay/server/queue_creation_pacer.h"
#include "relay/server/receiving_queues.h"
#include "relay/server/subscription_registry.h"
#include "relay/store/relay_store.h"
#include "smp/block.h"
#include "smp/command.h"
#include "smp/response.h"
#include "smp/transmission.h"
#include "util/clock.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ferry::relay {

class SmpProxy;

/// What every session of a relay shares.
struct SessionEnvironment {
    RelayStore& store;
    SubscriptionRegistry& registry;
    RelayCounters& counters;
    const RelayConfig& config;
    const core::Clock& clock;
    ReceivingQueues& receivingQueues;
    /// False while the relay refuses NEW (the desktop app pausing its relay); set from any
    /// thread.
    const std::atomic<bool>& acceptingNewQueues;
    /// The relay as a private routing proxy; null when `proxy = off`.
    SmpProxy* proxy = nullptr;
};

/// Where a session's transmissions go, in order. Implemented by the connection, which
/// bounds what it holds (docs/operations.md, "Memory per connection").
class SessionOutput {
public:
    virtual ~SessionOutput() = default;
    /// Reserves the next place in the order of outgoing transmissions for an answer of at
    /// most `maxBytes`: an answer that waits for the store counts against the connection's
    /// output bound from now on, at its largest.
    virtual std::size_t reserve(std::size_t maxBytes) = 0;
    /// Fills a reserved place; transmissions leave once every earlier place is filled.
    virtual void fill(std::size_t slot, core::Bytes transmission) = 0;
    /// False while the connection holds as much output as it should: a message push waits
    /// (the message stays in the store) until the session is told of room again.
    virtual bool hasRoom() const = 0;
};

/// Runs a task later on the session's thread, or drops it if the connection is gone. Safe
/// to call from any thread (the store's commit thread calls it).
using SessionPoster = std::function<void(std::function<void()>)>;

/// One client's SMP session after the handshake: verifies and executes its commands the
/// way the simplexmq server does, with no I/O of its own. All methods run on the
/// connection's thread (strand).
class SmpSession {
public:
    /// `sessionKey` is this connection's X25519 key from the server hello, `peerSessionKey`
    /// the one from the client hello (v7+): together they open what a proxy forwards.
    SmpSession(SessionEnvironment env, SessionOutput& output, SessionPoster post,
               std::weak_ptr<Subscriber> self, core::smp::Version version, core::Bytes sessionId,
               core::crypto::X25519KeyPair sessionKey,
               std::optional<core::crypto::PublicKey> peerSessionKey);
    ~SmpSession();

    SmpSession(const SmpSession&) = delete;
    SmpSession& operator=(const SmpSession&) = delete;

    /// The transmissions of a received block; a bad block is answered ERR BLOCK and gives
    /// none. Kept apart from handleTransmission() so the connection can stop between
    /// transmissions when its output is full.
    std::vector<core::Bytes> openBlock(core::ByteView block);
    /// Verifies and executes one transmission of a received block, and gives zero; or, for a
    /// NEW over the connection's queue creation rate, does nothing and gives how long to wait
    /// before handing the same transmission in again.
    std::chrono::steady_clock::duration handleTransmission(core::ByteView item);
    /// The connection has room for output again: pushes messages that waited for it.
    void resumeDeliveries();
    /// Another connection took over a subscription.
    void subscriptionEnded(const core::Bytes& recipientId, bool deleted);
    /// A message arrived in a subscribed queue.
    void messageArrived(const core::Bytes& recipientId);
    /// Whether the connection holds any queue's subscription (then it is never idle).
    bool hasSubscriptions() const { return !m_subscriptions.empty(); }
    /// Releases the session's subscriptions (connection closing).
    void close();

    core::smp::Version version() const { return m_version; }

private:
    struct Subscription {
        bool getMode = false;                 ///< created by GET: SUB is prohibited
        std::optional<core::Bytes> delivered; ///< message id awaiting ACK
        /// A message waits for this subscriber but the output was full (see hasRoom()).
        bool owed = false;
    };
    /// Where an answer goes: the client's corrId and entity, at a version; for a transmission
    /// a proxy forwarded, sealed inside RRES to the proxy's RFWD.
    struct ReplyTo {
        core::Bytes corrId;
        core::Bytes entityId;
        core::smp::Version version = 0;
        std::shared_ptr<const ForwardedReply> forwarded;
        core::Bytes rfwdCorrId;
    };
    /// One transmission being handled.
    struct Request {
        ReplyTo to;
        core::Bytes auth;
        core::Bytes authorized;
        core::smp::Command command;
    };

    std::chrono::steady_clock::duration handle(const core::smp::Transmission& t);
    /// Checks a transmission's form and credentials and fills `r` from it; answers the error
    /// and gives false when they are wrong.
    bool admit(Request& r, const core::smp::Transmission& t,
               core::Result<core::smp::Command> command);
    /// RFWD: one sender's transmission through a private routing proxy.
    void forwarded(const Request& r, const core::smp::cmd::Rfwd& c);
    /// PRXY and PFWD: this relay as the proxy (smp_session_proxy.cpp).
    void proxySession(const Request& r, const core::smp::cmd::Prxy& c);
    void proxyForward(const Request& r, const core::smp::cmd::Pfwd& c);
    /// Reserves the place of a proxied answer (PKEY or PRES may take a block) and gives what
    /// fills it, callable from the proxy's thread.
    std::function<void(core::smp::Response)> proxiedAnswer(const Request& r);
    /// How long a PRXY or PFWD must wait before it is handed in again: while this
    /// connection has as many on their way as it may, it is not read further.
    std::chrono::steady_clock::duration proxyWait(const core::smp::Command& command) const;
    /// Pushes the queue's next message to its subscriber now, or once there is room.
    void deliverOrOwe(const core::Bytes& recipientId, Subscription& sub);
    /// Drops a subscription from this session's table (not from the registry).
    void forget(const std::string& recipientKey);
    void execute(const Request& r);
    bool verify(const Request& r, const core::crypto::PublicKey& key) const;
    void dummyVerify(const Request& r) const;

    /// The queue a recipient command names, verified; answers ERR AUTH and gives nothing
    /// when it is missing or the authorization is wrong.
    std::optional<QueueRecord> recipientQueue(const Request& r);
    void updateQueue(const Request& r, const QueueRecord& q,
                     core::Result<void> (RelayStore::*change)(core::ByteView,
                                                              RelayStore::DurableCallback));
    void senderSecure(const Request& r, const core::smp::cmd::SKey& c);
    void sendAsSender(const Request& r, const core::smp::cmd::Send& c);
    void newQueue(const Request& r, const core::smp::cmd::New& c);
    void subscribe(const Request& r, const QueueRecord& q);
    void getMessage(const Request& r, const QueueRecord& q);
    void acknowledge(const Request& r, const QueueRecord& q, const core::Bytes& msgId);
    void secure(const Request& r, const QueueRecord& q, const core::crypto::PublicKey& senderKey);
    void setNotifier(const Request& r, const QueueRecord& q, const core::smp::cmd::NKey& c);
    void send(const Request& r, const QueueRecord& q, const core::smp::cmd::Send& c);
    void queueInfo(const Request& r, const QueueRecord& q);
    void deleteQueue(const Request& r, const QueueRecord& q);
    /// Short links (smp_session_links.cpp).
    void setLink(const Request& r, const QueueRecord& q, const core::smp::cmd::LSet& c);
    void secureByLink(const Request& r, const core::smp::cmd::LKey& c);
    void readContactLink(const Request& r);

    /// An answer that may take any transmission that fits a block: an ACK's with the next
    /// MSG, a forwarded one sealed in RRES, a proxied PKEY or PRES.
    static constexpr std::size_t kAnyAnswer = core::smp::kBlockPayload - 2;
    /// Reserves the place of an answer of at most `bound` bytes (a forwarded answer is
    /// sealed in RRES and may take a whole block).
    std::size_t reserveAnswer(const Request& r, std::size_t bound);
    /// Answers now.
    void answer(const Request& r, const core::smp::Response& response);
    /// Fills an answer place reserved earlier.
    void answerAt(const Request& r, std::size_t slot, const core::smp::Response& response);
    /// A store callback that fills the reserved `slot` once the change is durable: with
    /// `then()`'s response, or ERR INTERNAL if the write failed. Store calls that fail at
    /// once never run it, so their caller fills the slot with answerAt().
    RelayStore::DurableCallback whenDurable(const Request& r, std::size_t slot,
                                            std::function<core::smp::Response()> then);
    void push(const core::Bytes& entityId, const core::smp::Response& response);
    /// The encoded answer transmission.
    core::Bytes reply(const ReplyTo& to, const core::smp::Response& response) const;
    /// MSG for a stored message, encrypted to the queue's recipient.
    std::optional<core::smp::Response> encryptMessage(const QueueRecord& q,
                                                      const StoredMessage& m) const;
    /// Peeks the oldest message and marks it delivered; nothing if the queue is empty.
    std::optional<core::smp::Response> takeNextForDelivery(const QueueRecord& q, Subscription& sub);

    SessionEnvironment m_env;
    SessionOutput& m_output;
    SessionPoster m_post;
    std::weak_ptr<Subscriber> m_self;
    core::smp::Version m_version;
    core::Bytes m_sessionId;
    core::crypto::X25519KeyPair m_sessionKey;
    std::optional<core::crypto::PublicKey> m_peerSessionKey;
    /// DH(peer's hello key, session key), made when the first RFWD arrives.
    std::optional<core::crypto::CryptoBox> m_proxyBox;
    std::unordered_map<std::string, Subscription> m_subscriptions;
    std::size_t m_owed = 0; ///< subscriptions with `owed` set
    QueueCreationPacer m_newQueues;
    std::size_t m_proxyInFlight = 0; ///< PRXY and PFWD waiting for the proxy
};

} // namespace ferry::relay
