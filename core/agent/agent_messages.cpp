// Messages: receiving (relay layer, queue envelope, ratchet), acknowledging, sending through
// the outbox with retries, and delivery receipts.
#include "agent/agent_engine.h"
#include "agent/agent_errc.h"
#include "crypto/crypto_box.h"
#include "crypto/random.h"
#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/message_body.h"
#include "store/contact_repository.h"
#include "store/ratchet_repository.h"
#include "util/overloaded.h"
#include "util/try.h"

#include <algorithm>
#include <map>

namespace ferry::core::agent {

namespace {

Bytes externalIdOf(std::int64_t id) {
    smp::Encoder e;
    e.int64(id);
    return std::move(e).bytes();
}

bool isTrue(const Result<bool>& r) {
    return r && *r;
}
bool isFalse(const Result<bool>& r) {
    return r && !*r;
}

bool isErrorKind(const smp::Response& r, smp::ErrorType::Kind kind) {
    auto* e = std::get_if<smp::rsp::Err>(&r);
    return e && e->error.kind == kind;
}

} // namespace

// ---- Receiving ------------------------------------------------------------------------------

void Agent::Engine::onPush(const std::string& relay, const Bytes& entityId,
                           const smp::Response& response) {
    if (auto* msg = std::get_if<smp::rsp::Msg>(&response))
        processMessage(relay, entityId, *msg);
    // END: another client took the subscription (the same profile opened twice); the
    // connection re-subscribes after its next reconnect.
}

void Agent::Engine::processMessage(const std::string& relay, const Bytes& recipientId,
                                   const smp::rsp::Msg& msg) {
    m_lastActivity = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                         .count();
    store::QueueRepository queues(m_db->database());
    auto found = queues.findByQueueId(relay, store::QueueDirection::Receive, recipientId);
    if (!found || !*found)
        return; // not ours (any more): nothing to acknowledge it with
    store::Queue queue = std::move(**found);
    auto keys = parseReceiveQueueKeys(queue.keys.view());
    if (!keys)
        return;
    if (auto draining = m_drainingSince.find(queue.id); draining != m_drainingSince.end())
        draining->second = steadyMs(); // not empty yet
    // A message already handled before a crash, redelivered because its ACK was lost.
    const bool redelivered = queue.lastReceivedId && *queue.lastReceivedId == msg.msgId;
    auto tx = m_db->transaction(); // one commit for the message and its bookkeeping
    if (!redelivered) {
        auto box = crypto::CryptoBox::fromDh(keys->relayServerDhKey.raw, keys->relayDhKey);
        auto padded = box ? box->open(crypto::cbNonce(msg.msgId), msg.encryptedBody)
                          : Result<Bytes>(box.error());
        auto received = padded ? smp::decodeReceivedMessage(*padded)
                               : Result<smp::ReceivedMessage>(padded.error());
        // Whatever fails to open or parse is dropped: it cannot become readable later.
        if (received && !received->quotaMarker)
            (void)handleQueueMessage(queue, *keys, received->body);
        (void)queues.setLastReceivedId(queue.id, msg.msgId);
    }
    if (tx)
        (void)tx->commit();
    acknowledge(relay, recipientId, msg.msgId, keys->recipientKey);
}

Result<void> Agent::Engine::handleQueueMessage(const store::Queue& queue, ReceiveQueueKeys& keys,
                                               const Bytes& envelope) {
    FERRY_TRY(opened, openFromQueue(keys.queueKey, keys.senderQueueKey, envelope));
    // An envelope that opens comes from the contact (the relay cannot seal one): the first on
    // an added queue proves the contact uses it, even a copy the ratchet then refuses.
    noteQueueUsed(queue);
    // Address queues hear from a new sender every time; other queues learn the key once.
    if (opened.senderKey && queue.ownerKind != store::QueueOwnerKind::Address &&
        keys.senderQueueKey != opened.senderKey) {
        keys.senderQueueKey = opened.senderKey;
        FERRY_CHECK(store::QueueRepository(m_db->database()).setKeys(queue.id, serialize(keys)));
    }
    FERRY_TRY(payload, decodeQueuePayload(opened.payload));
    return std::visit(
        Overloaded{
            [&](const Confirmation& c) -> Result<void> {
                if (queue.ownerKind != store::QueueOwnerKind::Invitation)
                    return makeError(AgentErrc::Protocol,
                                     "confirmation on a queue that is no invitation");
                return handleConfirmation(queue, c);
            },
            [&](const ContactRequest& r) -> Result<void> {
                if (queue.ownerKind != store::QueueOwnerKind::Address)
                    return makeError(AgentErrc::Protocol,
                                     "contact request on a queue that is no address");
                return handleRequest(queue, r);
            },
            [&](const RatchetPayload& m) -> Result<void> { return handleRatchetMessage(queue, m); },
        },
        payload);
}

Result<void> Agent::Engine::handleRatchetMessage(const store::Queue& queue,
                                                 const RatchetPayload& payload) {
    if (!queue.contactId)
        return makeError(AgentErrc::Protocol, "message on a queue without a contact");
    const std::int64_t contactId = *queue.contactId;
    store::RatchetRepository ratchets(m_db->database());
    FERRY_TRY(state, ratchets.load(contactId));
    if (!state)
        return makeError(AgentErrc::State, "no ratchet for the contact");
    FERRY_TRY(ratchet, crypto::DoubleRatchet::deserialize(state->view()));
    // A replayed or tampered ciphertext fails here and changes nothing.
    FERRY_TRY(plaintext, ratchet.decrypt(payload.ratchetMessage));
    FERRY_TRY(message, decodeAgentMessage(plaintext));

    std::vector<std::function<void()>> events; // emitted after the commit
    FERRY_TRY(tx, m_db->transaction());
    FERRY_CHECK(ratchets.save(contactId, ratchet.serialize(), now()));
    store::ContactRepository contacts(m_db->database());
    store::MessageRepository messages(m_db->database());
    if (auto* hello = std::get_if<Hello>(&message)) {
        FERRY_CHECK(contacts.rename(contactId, hello->displayName));
        FERRY_CHECK(contacts.setStatus(contactId, store::ContactStatus::Connected));
        FERRY_TRY(contact, contacts.find(contactId));
        if (contact && m_events.contactConnected)
            events.push_back([this, c = *contact] { m_events.contactConnected(c); });
        events.push_back([this, contactId] { ensureRedundantQueues(contactId); });
    } else if (auto* chat = std::get_if<ChatMessage>(&message)) {
        store::IncomingMessage in{contactId, chat->text, chat->timestamp, now(),
                                  externalIdOf(chat->id)};
        FERRY_TRY(added, messages.addIncoming(in));
        if (added.isNew && m_events.messageReceived)
            events.push_back(
                [this, e = ReceivedMessageEvent{contactId, added.id, chat->text, chat->timestamp}] {
                    m_events.messageReceived(e);
                });
        // Acknowledge to the sender even for a duplicate: its first receipt may be lost.
        queueReceipt(contactId, chat->id);
    } else if (auto* receipt = std::get_if<Receipt>(&message)) {
        for (std::int64_t id : receipt->ids) {
            FERRY_TRY(delivered, messages.markDeliveredByExternalId(contactId, externalIdOf(id)));
            if (delivered)
                events.push_back([this, mid = *delivered] {
                    emitDelivery(mid, store::MessageState::Delivered);
                });
        }
    } else if (auto* added = std::get_if<AddQueue>(&message)) {
        FERRY_TRY(queueId, acceptAddedQueue(contactId, *added));
        if (queueId)
            events.push_back(
                [this, contactId, id = *queueId] { secureSendQueue(contactId, id, 0); });
    } else if (auto* drop = std::get_if<DropQueue>(&message)) {
        events.push_back([this, contactId, d = *drop] { (void)dropQueueOfContact(contactId, d); });
    } else if (std::holds_alternative<Goodbye>(message)) {
        FERRY_CHECK(contacts.setStatus(contactId, store::ContactStatus::Deleted));
        if (m_events.contactLeft)
            events.push_back([this, contactId] { m_events.contactLeft(contactId); });
    }
    FERRY_CHECK(tx.commit());
    for (auto& emit : events)
        emit();
    kickOutbox();
    return {};
}

void Agent::Engine::acknowledge(const std::string& relay, const Bytes& recipientId,
                                const Bytes& msgId, const crypto::Ed25519KeyPair& key) {
    call(relay, recipientId, smp::cmd::Ack{msgId}, net::AuthKey{key},
         [this, relay, recipientId](Result<smp::Response> r) {
             // The answer to ACK carries the next waiting message, if any.
             if (r)
                 if (auto* next = std::get_if<smp::rsp::Msg>(&*r))
                     processMessage(relay, recipientId, *next);
         });
}

// ---- Sending ------------------------------------------------------------------------------

Result<std::vector<store::Queue>> Agent::Engine::sendQueuesOf(std::int64_t contactId) {
    FERRY_TRY(rows, store::QueueRepository(m_db->database()).forContact(contactId));
    std::vector<store::Queue> usable;
    for (store::Queue& q : rows)
        if (q.direction == store::QueueDirection::Send &&
            q.ownerKind == store::QueueOwnerKind::Contact &&
            (q.status == store::QueueStatus::Secured || q.status == store::QueueStatus::Active))
            usable.push_back(std::move(q));
    if (usable.empty())
        return makeError(AgentErrc::NotConnected, "no queue to this contact yet");
    return usable;
}

Result<std::int64_t> Agent::Engine::enqueueAgentMessage(std::int64_t contactId,
                                                        const AgentMessage& message,
                                                        std::optional<std::int64_t> messageId) {
    FERRY_TRY(queues, sendQueuesOf(contactId));
    store::RatchetRepository ratchets(m_db->database());
    FERRY_TRY(state, ratchets.load(contactId));
    if (!state)
        return makeError(AgentErrc::State, "no ratchet for the contact");
    FERRY_TRY(ratchet, crypto::DoubleRatchet::deserialize(state->view()));
    FERRY_TRY(sealedRatchet, ratchet.encrypt(encodeAgentMessage(message)));
    // One ratchet message, a copy to each queue, sealed for it when sent: the contact opens
    // the first copy to arrive, and the ratchet refuses the others as replays.
    const Bytes payload = encodeQueuePayload(RatchetPayload{sealedRatchet});
    FERRY_TRY(tx, m_db->transaction());
    FERRY_CHECK(ratchets.save(contactId, ratchet.serialize(), now()));
    if (messageId)
        FERRY_CHECK(
            store::MessageRepository(m_db->database()).keepQueuePayload(*messageId, payload));
    store::OutboxRepository outbox(m_db->database());
    std::int64_t first = 0;
    for (const store::Queue& queue : queues) {
        FERRY_TRY(entry,
                  outbox.enqueue(queue.id, payload, now(), messageId, store::OutboxForm::Unsealed));
        if (first == 0)
            first = entry;
        m_dirtyQueues.insert(queue.id);
    }
    FERRY_CHECK(tx.commit());
    return first;
}

Result<std::int64_t> Agent::Engine::sendMessage(std::int64_t contactId, const std::string& text) {
    store::ContactRepository contacts(m_db->database());
    FERRY_TRY(contact, contacts.find(contactId));
    if (!contact || contact->status == store::ContactStatus::Deleted)
        return makeError(AgentErrc::NotFound, "no contact " + std::to_string(contactId));
    if (contact->status != store::ContactStatus::Connected)
        return makeError(AgentErrc::NotConnected,
                         "'" + contact->displayName + "' has not completed the connection yet");
    if (text.empty())
        return makeError(AgentErrc::Empty, "an empty message is not sent");
    if (text.size() > maxChatTextBytes())
        return makeError(AgentErrc::TooLong, "message too long: " + std::to_string(text.size()) +
                                                 " bytes, at most " +
                                                 std::to_string(maxChatTextBytes()));
    // The id the contact's receipts will name; random so it says nothing about our history.
    std::int64_t wireId = 0;
    crypto::randomFill({reinterpret_cast<std::uint8_t*>(&wireId), sizeof wireId});
    wireId &= INT64_MAX;
    FERRY_TRY(tx, m_db->transaction());
    store::MessageRepository messages(m_db->database());
    FERRY_TRY(messageId, messages.addOutgoing(contactId, text, now(), externalIdOf(wireId)));
    FERRY_CHECK(enqueueAgentMessage(contactId, ChatMessage{wireId, now(), text}, messageId));
    FERRY_CHECK(tx.commit());
    kickOutbox();
    return messageId;
}

Result<void> Agent::Engine::retryMessage(std::int64_t messageId) {
    store::MessageRepository messages(m_db->database());
    FERRY_TRY(found, messages.find(messageId));
    if (!found || found->direction != store::MessageDirection::Out)
        return makeError(AgentErrc::NotFound, "no sent message " + std::to_string(messageId));
    if (found->state == store::MessageState::Pending && found->waitingReason) {
        // Waiting after a failed attempt: try now instead of at the next retry.
        FERRY_TRY(moved, store::OutboxRepository(m_db->database()).retryNow(messageId, now()));
        if (moved)
            kickAllQueues();
        return {};
    }
    if (found->state != store::MessageState::Failed)
        return makeError(AgentErrc::NotFailed, "the message has not failed");
    // The same wire id as the first attempt: if the contact did get it, the copy is dropped.
    std::int64_t wireId = 0;
    if (found->externalId) {
        smp::Decoder d(ByteView(*found->externalId));
        const std::int64_t id = d.int64();
        if (d.ok())
            wireId = id;
    }
    FERRY_TRY(tx, m_db->transaction());
    FERRY_CHECK(messages.markRetrying(messageId));
    FERRY_CHECK(enqueueAgentMessage(found->contactId,
                                    ChatMessage{wireId, found->sentAt, found->body}, messageId));
    FERRY_CHECK(tx.commit());
    emitDelivery(messageId, store::MessageState::Pending);
    kickOutbox();
    return {};
}

Result<std::vector<ContactOverview>> Agent::Engine::contactOverview() {
    store::MessageRepository messages(m_db->database());
    FERRY_TRY(contacts, store::ContactRepository(m_db->database()).list());
    FERRY_TRY(latest, messages.latestPerContact());
    FERRY_TRY(unread, messages.unreadCounts());
    std::map<std::int64_t, store::Message> lastBy;
    for (store::Message& m : latest)
        lastBy.emplace(m.contactId, std::move(m));
    std::map<std::int64_t, std::int64_t> unreadBy;
    for (const store::UnreadCount& u : unread)
        unreadBy.emplace(u.contactId, u.unread);
    std::vector<ContactOverview> out;
    out.reserve(contacts.size());
    for (store::Contact& c : contacts) {
        ContactOverview row;
        if (auto it = lastBy.find(c.id); it != lastBy.end())
            row.lastMessage = std::move(it->second);
        if (auto it = unreadBy.find(c.id); it != unreadBy.end())
            row.unread = it->second;
        row.contact = std::move(c);
        out.push_back(std::move(row));
    }
    // Most recent conversation first (ties within a second: the later stored message);
    // contacts without messages by when they were added.
    auto recency = [](const ContactOverview& o) {
        return o.lastMessage ? std::pair(o.lastMessage->sentAt, o.lastMessage->id)
                             : std::pair(o.contact.createdAt, std::int64_t{0});
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const auto& a, const auto& b) { return recency(a) > recency(b); });
    return out;
}

Result<void> Agent::Engine::markRead(std::int64_t contactId, std::int64_t messageId) {
    FERRY_CHECK(store::MessageRepository(m_db->database()).markReadUpTo(contactId, messageId));
    return {};
}

void Agent::Engine::kickOutbox() {
    if (m_stopping)
        return;
    for (std::int64_t queueId : std::exchange(m_dirtyQueues, {}))
        kickQueue(queueId);
}

void Agent::Engine::kickAllQueues() {
    if (m_stopping)
        return;
    m_dirtyQueues.clear();
    store::OutboxRepository outbox(m_db->database());
    auto due = outbox.due(now());
    if (!due)
        return;
    for (const store::OutboxEntry& entry : *due)
        if (!m_queuesInFlight.count(entry.queueId))
            sendOutboxEntry(entry);
    scheduleOutbox();
}

void Agent::Engine::kickQueue(std::int64_t queueId) {
    // One entry in flight per queue keeps a contact's messages in order.
    if (m_stopping || m_queuesInFlight.count(queueId))
        return;
    auto head = store::OutboxRepository(m_db->database()).headOf(queueId);
    if (!head || !*head)
        return;
    if ((*head)->nextAttemptAt <= now())
        sendOutboxEntry(**head);
    else
        scheduleOutbox();
}

void Agent::Engine::sendOutboxEntry(const store::OutboxEntry& entry) {
    store::QueueRepository queues(m_db->database());
    auto queue = queues.find(entry.queueId);
    if (!queue || !*queue)
        return;
    auto keys = parseSendQueueKeys((*queue)->keys.view());
    if (!keys)
        return;
    std::optional<net::AuthKey> auth;
    if (keys->senderKey)
        auth = net::AuthKey{*keys->senderKey};
    // An unsealed entry is sealed for its queue now, with our queue key until a SEND that
    // carried it was taken: a retry after a lost answer carries it again.
    Bytes body = entry.payload;
    const bool withKey = entry.form == store::OutboxForm::Unsealed && !keys->keySent;
    if (entry.form == store::OutboxForm::Unsealed) {
        auto sealed = sealForQueue(keys->queueKey, keys->recipientQueueKey, entry.payload, withKey);
        if (!sealed) {
            // The queue's key is unusable (a bad key in an offer): nothing for it can ever
            // go out, so it is dropped as a refused queue is.
            retireSendQueue(entry.queueId, true);
            failUnsent(entry);
            kickOutbox();
            return;
        }
        body = std::move(sealed).value();
    }
    m_outboxInFlight.insert(entry.id);
    m_queuesInFlight.insert(entry.queueId);
    const bool oneShot = (*queue)->ownerKind == store::QueueOwnerKind::Address;
    if (auto route = proxyFor((*queue)->relay);
        route && !*route && m_relayDownSince.count((*queue)->relay)) {
        // Sent directly to a relay whose connection is down and backing off: the SEND would
        // wait out its whole timeout (and hold a one-shot command that long) while the other
        // queue carries the message. It counts as a failed attempt, as it would be.
        boost::asio::post(m_io, [self = shared_from_this(), entry, oneShot] {
            self->onSendAnswer(entry, oneShot, false,
                               makeError(AgentErrc::Relay, "relay unreachable"));
        });
        return;
    }
    callAsSender((*queue)->relay, (*queue)->queueId, smp::cmd::Send{false, std::move(body)}, auth,
                 [this, entry, oneShot, withKey](Result<smp::Response> r) {
                     onSendAnswer(entry, oneShot, withKey, r);
                 });
}

void Agent::Engine::onSendAnswer(const store::OutboxEntry& entry, bool oneShot, bool keyCarried,
                                 const Result<smp::Response>& r) {
    m_outboxInFlight.erase(entry.id);
    m_queuesInFlight.erase(entry.queueId);
    store::OutboxRepository outbox(m_db->database());
    store::MessageRepository messages(m_db->database());
    store::QueueRepository queues(m_db->database());
    const bool ok = r && std::holds_alternative<smp::rsp::Ok>(*r);
    // Network trouble and full queues are retried; a refusal is final.
    const bool retry = !r || isErrorKind(*r, smp::ErrorType::Kind::Quota) ||
                       isErrorKind(*r, smp::ErrorType::Kind::Internal);
    if (ok) {
        auto tx = m_db->transaction();
        (void)outbox.remove(entry.id);
        // The first copy taken makes the message sent; later copies change nothing.
        const bool marked = entry.messageId && isTrue(messages.markSent(*entry.messageId));
        if (oneShot)
            (void)queues.remove(entry.queueId);
        else if (keyCarried)
            if (auto row = queues.find(entry.queueId); row && *row)
                if (auto keys = parseSendQueueKeys((*row)->keys.view())) {
                    keys->keySent = true;
                    (void)queues.setKeys(entry.queueId, serialize(*keys));
                }
        if (tx)
            (void)tx->commit();
        if (marked)
            emitDelivery(*entry.messageId, store::MessageState::Sent);
    } else if (r && isErrorKind(*r, smp::ErrorType::Kind::Quota)) {
        // The contact's queue is full until it reads: look again in a second rather than
        // backing off for minutes while the contact is draining it.
        (void)outbox.reschedule(entry.id, now() + 1);
        scheduleOutbox();
    } else if (retry) {
        const std::string reason = r ? "relay error" : r.error().message;
        (void)outbox.markAttempt(entry.id, now(), reason);
        // Every message on the queue waits for this one: each still pending is told why
        // (one another queue took is sent already).
        auto waiting = outbox.forQueue(entry.queueId);
        if (waiting && m_events.deliveryWaiting)
            for (const store::OutboxEntry& e : *waiting)
                if (e.messageId)
                    if (auto m = messages.find(*e.messageId);
                        m && *m && (*m)->state == store::MessageState::Pending)
                        m_events.deliveryWaiting(*e.messageId, reason);
        scheduleOutbox();
    } else if (isErrorKind(*r, smp::ErrorType::Kind::Auth) && !oneShot) {
        // The queue is gone on its relay: with another queue to the contact, stop using it.
        retireSendQueue(entry.queueId, true);
        failUnsent(entry);
    } else {
        failUnsent(entry);
    }
    kickQueue(entry.queueId);
    kickOutbox();
}

void Agent::Engine::failUnsent(const store::OutboxEntry& entry) {
    store::OutboxRepository outbox(m_db->database());
    (void)outbox.remove(entry.id);
    if (entry.messageId)
        failIfNoCopyLeft(*entry.messageId);
}

void Agent::Engine::failIfNoCopyLeft(std::int64_t messageId) {
    // Failed only when no copy of it waits elsewhere and none was taken (markFailed leaves a
    // sent message alone).
    if (!isFalse(store::OutboxRepository(m_db->database()).holdsMessage(messageId)))
        return;
    if (isTrue(store::MessageRepository(m_db->database()).markFailed(messageId)))
        emitDelivery(messageId, store::MessageState::Failed);
}

void Agent::Engine::scheduleOutbox() {
    if (m_stopping)
        return;
    store::OutboxRepository outbox(m_db->database());
    auto next = outbox.nextDueAt();
    if (!next || !*next)
        return;
    const auto wait = std::max<std::int64_t>(**next - now(), 1);
    m_outboxTimer.expires_after(std::chrono::seconds(wait));
    m_outboxTimer.async_wait([weak = std::weak_ptr<Engine>(shared_from_this())](auto ec) {
        if (auto self = weak.lock(); self && !ec)
            self->kickAllQueues();
    });
}

void Agent::Engine::queueReceipt(std::int64_t contactId, std::int64_t wireId) {
    // Receipts for a burst of messages go out together, a moment after the first.
    constexpr auto kReceiptDelay = std::chrono::milliseconds(100);
    const bool first = m_pendingReceipts.empty();
    m_pendingReceipts[contactId].push_back(wireId);
    if (!first || m_stopping)
        return;
    m_receiptTimer.expires_after(kReceiptDelay);
    m_receiptTimer.async_wait([weak = std::weak_ptr<Engine>(shared_from_this())](auto ec) {
        if (auto self = weak.lock(); self && !ec)
            self->flushReceipts();
    });
}

void Agent::Engine::flushReceipts() {
    constexpr std::size_t kIdsPerReceipt = 1000; // well inside one ratchet message
    auto pending = std::exchange(m_pendingReceipts, {});
    for (auto& [contactId, ids] : pending) {
        for (std::size_t i = 0; i < ids.size(); i += kIdsPerReceipt) {
            const auto end =
                ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kIdsPerReceipt));
            (void)enqueueAgentMessage(contactId,
                                      Receipt{{ids.begin() + static_cast<std::ptrdiff_t>(i), end}},
                                      std::nullopt);
        }
    }
    kickOutbox();
}

void Agent::Engine::emitDelivery(std::int64_t messageId, store::MessageState state) {
    if (m_events.deliveryChanged)
        m_events.deliveryChanged(messageId, state);
}

} // namespace ferry::core::agent
