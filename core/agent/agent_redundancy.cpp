// Two queues per direction (docs/protocol.md, "Two queues per direction"): once a contact is
// connected each side adds a second queue it receives on, on a relay of another operator, and
// offers it with AddQueue; the other side secures it and sends every message to each queue.
// The first copy to arrive is read; the ratchet refuses the other as a replay.
#include "agent/agent_engine.h"
#include "agent/agent_errc.h"
#include "agent/queue_rows.h"
#include "store/contact_repository.h"
#include "store/settings_repository.h"
#include "util/try.h"

#include <algorithm>
#include <set>

namespace ferry::core::agent {

namespace {

/// Queues a side receives a contact's messages on, once both are set up.
constexpr std::size_t kQueuesPerDirection = 2;
/// Send queues a contact can make us keep: two, and room for ones offered while a switch runs.
constexpr std::size_t kMaxSendQueues = 4;

bool carriesContact(const store::Queue& q, store::QueueDirection direction) {
    return q.direction == direction && q.ownerKind == store::QueueOwnerKind::Contact &&
           q.status != store::QueueStatus::Deleted;
}

/// A receive queue the contact is meant to use: not one being replaced or drained.
bool receivesFromContact(const store::Queue& q) {
    return carriesContact(q, store::QueueDirection::Receive) &&
           (q.status == store::QueueStatus::Active || q.status == store::QueueStatus::Confirmed);
}

/// What waits between looking at receive queues whose relay is unreachable.
std::chrono::milliseconds rotationCheckInterval(std::chrono::seconds rotateAfter) {
    return std::clamp<std::chrono::milliseconds>(rotateAfter / 4, std::chrono::milliseconds(250),
                                                 std::chrono::minutes(1));
}

constexpr std::string_view kRotateAfter = "queues.rotate_after_seconds";
constexpr std::chrono::seconds kRotateAfterMin = std::chrono::minutes(1);
constexpr std::chrono::seconds kRotateAfterMax = std::chrono::hours(24 * 30);

/// How long a draining queue stays quiet after SUB before it counts as empty: the relay
/// pushes a waiting message right behind SUB's answer.
constexpr std::int64_t kDrainQuietMs = 2000;

} // namespace

void Agent::Engine::ensureRedundantQueues(std::int64_t contactId) {
    if (m_stopping || m_addingQueueFor.count(contactId))
        return;
    auto contact = store::ContactRepository(m_db->database()).find(contactId);
    if (!contact || !*contact || (*contact)->status != store::ContactStatus::Connected)
        return;
    auto rows = store::QueueRepository(m_db->database()).forContact(contactId);
    if (!rows)
        return;
    // Never again on a relay a queue is being moved away from.
    std::vector<std::string> avoid;
    std::size_t receiving = 0;
    for (const store::Queue& q : *rows)
        if (carriesContact(q, store::QueueDirection::Receive)) {
            avoid.push_back(q.relay);
            receiving += receivesFromContact(q);
        }
    if (receiving >= kQueuesPerDirection)
        return;
    m_addingQueueFor.insert(contactId);
    chooseNewQueueRelay(
        avoid,
        [this, contactId](Result<std::string> relay) {
            if (!relay) {
                // No relay of another operator yet: tried again when relays or directories
                // change and at the next start.
                m_addingQueueFor.erase(contactId);
                return;
            }
            createQueue(*relay, true, [this, contactId](Result<NewQueue> created) {
                m_addingQueueFor.erase(contactId);
                if (!created)
                    return;
                // The queue and its offer are stored together: after a crash the offer is
                // still in the outbox, and the queue is subscribed from its row.
                auto stored = [&]() -> Result<void> {
                    FERRY_TRY(tx, m_db->transaction());
                    FERRY_CHECK(store::QueueRepository(m_db->database())
                                    .add(receiveRow(QueueOwner::contact(contactId), created->relay,
                                                    created->recipientId, created->keys, now(),
                                                    store::QueueStatus::Confirmed)));
                    FERRY_CHECK(
                        enqueueAgentMessage(contactId, AddQueue{created->uri}, std::nullopt));
                    return tx.commit();
                }();
                if (!stored) {
                    store::Queue orphan;
                    orphan.relay = created->relay;
                    orphan.queueId = created->recipientId;
                    orphan.keys = serialize(created->keys);
                    deleteOnRelay(orphan);
                    return;
                }
                subscribe(created->relay, created->recipientId, created->keys.recipientKey);
                kickOutbox();
                ensureRedundantQueues(contactId); // a second one when two are being replaced
            });
        },
        OtherOperator::Required);
}

void Agent::Engine::ensureRedundantQueuesForAll() {
    auto contacts = store::ContactRepository(m_db->database()).list();
    if (!contacts)
        return;
    for (const store::Contact& c : *contacts)
        ensureRedundantQueues(c.id);
}

Result<std::optional<std::int64_t>> Agent::Engine::acceptAddedQueue(std::int64_t contactId,
                                                                    const AddQueue& added) {
    FERRY_TRY(contact, store::ContactRepository(m_db->database()).find(contactId));
    if (!contact || contact->status != store::ContactStatus::Connected)
        return makeError(AgentErrc::Protocol, "a queue offered before the connection completed");
    FERRY_CHECK(checkOfferedQueue(added));
    store::QueueRepository queues(m_db->database());
    FERRY_TRY(rows, queues.forContact(contactId));
    const std::string relay = smp::formatServerAddress(added.queue.server, false);
    std::size_t sendQueues = 0;
    for (const store::Queue& q : rows) {
        if (!carriesContact(q, store::QueueDirection::Send))
            continue;
        if (q.relay == relay && q.queueId == added.queue.senderId)
            return std::optional<std::int64_t>{}; // offered again (a resent message)
        ++sendQueues;
    }
    if (sendQueues >= kMaxSendQueues)
        return std::optional<std::int64_t>{};
    SendQueueKeys keys{crypto::Ed25519KeyPair::generate(), crypto::X25519KeyPair::generate(),
                       added.queue.dhKey, false};
    FERRY_TRY(id, queues.add(queueRow(QueueOwner::contact(contactId), store::QueueDirection::Send,
                                      relay, added.queue.senderId, serialize(keys),
                                      store::QueueStatus::New, now())));
    return std::optional<std::int64_t>{id};
}

Result<void> Agent::Engine::useAddedQueue(std::int64_t contactId, std::int64_t queueId) {
    FERRY_TRY(tx, m_db->transaction());
    FERRY_CHECK(
        store::QueueRepository(m_db->database()).setStatus(queueId, store::QueueStatus::Secured));
    FERRY_CHECK(store::OutboxRepository(m_db->database()).copyUnsent(contactId, queueId, now()));
    // Something on the new queue at once: the contact learns we use it (and can stop using
    // a queue it replaces) without waiting for our next message.
    FERRY_CHECK(enqueueAgentMessage(contactId, QueueInUse{}, std::nullopt));
    FERRY_CHECK(tx.commit());
    m_dirtyQueues.insert(queueId);
    return {};
}

void Agent::Engine::retireSendQueue(std::int64_t queueId, bool onlyWithAnother) {
    store::QueueRepository queues(m_db->database());
    auto row = queues.find(queueId);
    if (!row || !*row || !(*row)->contactId || (*row)->status == store::QueueStatus::Deleted)
        return;
    if (onlyWithAnother) {
        auto usable = sendQueuesOf(*(*row)->contactId);
        if (!usable || usable->size() < 2)
            return; // the only way to the contact: its messages fail one by one, as before
    }
    store::OutboxRepository outbox(m_db->database());
    std::vector<std::int64_t> carried;
    {
        auto tx = m_db->transaction();
        if (!tx)
            return;
        (void)queues.setStatus(queueId, store::QueueStatus::Deleted);
        auto cleared = outbox.clearQueue(queueId);
        if (!cleared || !tx->commit())
            return;
        carried = std::move(cleared).value();
    }
    for (std::int64_t id : carried)
        failIfNoCopyLeft(id);
}

Result<void> Agent::Engine::dropQueueOfContact(std::int64_t contactId, const DropQueue& drop) {
    FERRY_TRY(rows, store::QueueRepository(m_db->database()).forContact(contactId));
    for (const store::Queue& q : rows) {
        if (!carriesContact(q, store::QueueDirection::Send))
            continue;
        auto keys = parseSendQueueKeys(q.keys.view());
        if (keys && keys->recipientQueueKey == drop.queueKey) {
            // Never the last way to the contact: it goes when a relay refuses it instead.
            retireSendQueue(q.id, true);
            return {};
        }
    }
    return {}; // dropped before (a second copy of the message), or never ours
}

void Agent::Engine::noteQueueUsed(const store::Queue& queue) {
    if (queue.status != store::QueueStatus::Confirmed || !queue.contactId)
        return;
    const std::int64_t contactId = *queue.contactId;
    store::QueueRepository queues(m_db->database());
    auto rows = queues.forContact(contactId);
    if (!rows)
        return;
    std::vector<std::int64_t> draining;
    auto stored = [&]() -> Result<void> {
        FERRY_TRY(tx, m_db->transaction());
        FERRY_CHECK(queues.setStatus(queue.id, store::QueueStatus::Active));
        // The contact sends here now, and (having secured this queue) to every queue it was
        // offered: the ones being replaced can go. It is told first, in this transaction.
        for (const store::Queue& q : *rows) {
            if (q.direction != store::QueueDirection::Receive ||
                q.ownerKind != store::QueueOwnerKind::Contact ||
                q.status != store::QueueStatus::Suspended)
                continue;
            FERRY_TRY(keys, parseReceiveQueueKeys(q.keys.view()));
            FERRY_CHECK(
                enqueueAgentMessage(contactId, DropQueue{keys.queueKey.publicKey()}, std::nullopt));
            FERRY_CHECK(queues.setStatus(q.id, store::QueueStatus::Draining));
            draining.push_back(q.id);
        }
        return tx.commit();
    }();
    if (!stored)
        return;
    kickOutbox();
    for (std::int64_t id : draining)
        drainAndDelete(id);
}

void Agent::Engine::drainAndDelete(std::int64_t queueId) {
    if (m_stopping)
        return;
    auto row = store::QueueRepository(m_db->database()).find(queueId);
    if (!row || !*row || (*row)->status != store::QueueStatus::Draining)
        return;
    auto keys = parseReceiveQueueKeys((*row)->keys.view());
    if (!keys)
        return;
    const store::Queue q = std::move(**row);
    // SUB again (the relay then pushes what it holds) and count quiet time from its answer;
    // each message taken meanwhile restarts it (processMessage).
    call(q.relay, q.queueId, smp::cmd::Sub{}, net::AuthKey{keys->recipientKey},
         [this, queueId, relay = q.relay](Result<smp::Response> r) {
             if (!r)
                 return; // unreachable: drained when it comes back
             if (auto* e = std::get_if<smp::rsp::Err>(&*r)) {
                 if (e->error.kind == smp::ErrorType::Kind::Auth)
                     (void)store::QueueRepository(m_db->database())
                         .setStatus(queueId, store::QueueStatus::Deleted); // gone already
                 return;
             }
             m_drainingSince[queueId] = steadyMs();
             awaitDrained(queueId);
         });
}

void Agent::Engine::awaitDrained(std::int64_t queueId) {
    auto timer =
        std::make_shared<boost::asio::steady_timer>(m_io, std::chrono::milliseconds(kDrainQuietMs));
    timer->async_wait([weak = std::weak_ptr<Engine>(shared_from_this()), timer, queueId](auto ec) {
        auto self = weak.lock();
        if (!self || ec || self->m_stopping)
            return;
        auto since = self->m_drainingSince.find(queueId);
        if (since == self->m_drainingSince.end())
            return;
        if (steadyMs() - since->second < kDrainQuietMs)
            return self->awaitDrained(queueId); // a message came meanwhile
        self->m_drainingSince.erase(since);
        store::QueueRepository queues(self->m_db->database());
        auto row = queues.find(queueId);
        if (!row || !*row || (*row)->status != store::QueueStatus::Draining)
            return;
        self->deleteOnRelay(**row);
        (void)queues.setStatus(queueId, store::QueueStatus::Deleted);
    });
}

void Agent::Engine::relayBack(const std::string& relay) {
    auto rows = store::QueueRepository(m_db->database()).subscribable();
    if (!rows)
        return;
    store::QueueRepository queues(m_db->database());
    for (const store::Queue& q : *rows) {
        if (q.relay != relay || !q.contactId)
            continue;
        if (q.status == store::QueueStatus::Draining && !m_drainingSince.count(q.id))
            drainAndDelete(q.id);
        // Replaced for being unreachable, but no replacement could be made yet: it works
        // again, so it stays.
        if (q.status == store::QueueStatus::Suspended && !m_addingQueueFor.count(*q.contactId)) {
            auto siblings = queues.forContact(*q.contactId);
            const bool replacing =
                siblings && std::any_of(siblings->begin(), siblings->end(), [](const auto& s) {
                    return s.direction == store::QueueDirection::Receive &&
                           s.status == store::QueueStatus::Confirmed;
                });
            if (!replacing)
                (void)queues.setStatus(q.id, store::QueueStatus::Active);
        }
    }
}

void Agent::Engine::receiveQueueLost(const std::string& relay, const Bytes& recipientId) {
    store::QueueRepository queues(m_db->database());
    auto row = queues.findByQueueId(relay, store::QueueDirection::Receive, recipientId);
    if (!row || !*row || !(*row)->contactId)
        return;
    if ((*row)->status == store::QueueStatus::Draining)
        (void)queues.setStatus((*row)->id, store::QueueStatus::Deleted); // nothing left to read
    if (!receivesFromContact(**row))
        return;
    // The relay no longer has it: draining finds it gone (AUTH) and deletes the row; until
    // then it keeps the replacement off this relay. The contact learns it from the relay
    // refusing its SENDs, and stops using it once the replacement is secured.
    (void)queues.setStatus((*row)->id, store::QueueStatus::Draining);
    client(relay)->forget(recipientId);
    ensureRedundantQueues(*(*row)->contactId);
}

void Agent::Engine::checkRotation() {
    const std::int64_t limit = now() - m_rotateAfter.count();
    // Only while this device reaches some relay: when none answers, its own network is the
    // likelier fault, and moving every queue would not help.
    const bool online = std::any_of(m_clients.begin(), m_clients.end(), [](const auto& c) {
        return c.second->state() == net::ConnectionState::Connected;
    });
    auto rows = online ? store::QueueRepository(m_db->database()).subscribable()
                       : Result<std::vector<store::Queue>>(std::vector<store::Queue>{});
    if (rows && online) {
        store::QueueRepository queues(m_db->database());
        // An offer the contact has not used in four times the threshold failed (ignored, or
        // the contact could not secure the queue): the queue goes, and another is offered.
        const std::int64_t offerLimit = now() - 4 * m_rotateAfter.count();
        for (const store::Queue& q : *rows) {
            if (!q.contactId || !receivesFromContact(q))
                continue;
            if (q.status == store::QueueStatus::Confirmed && q.createdAt < offerLimit) {
                deleteOnRelay(q);
                (void)queues.setStatus(q.id, store::QueueStatus::Deleted);
                continue;
            }
            auto down = m_relayDownSince.find(q.relay);
            if (down == m_relayDownSince.end() || down->second > limit)
                continue;
            (void)queues.setStatus(q.id, store::QueueStatus::Suspended);
        }
        // Replacements, and second queues that could not be made before (no relay of another
        // operator then, or its NEW failed).
        ensureRedundantQueuesForAll();
    }
    if (online)
        checkRelaysStillListed();
    closeUnusedConnections();
    scheduleRotationCheck();
}

void Agent::Engine::scheduleRotationCheck() {
    if (m_stopping)
        return;
    m_rotationTimer.expires_after(rotationCheckInterval(m_rotateAfter));
    m_rotationTimer.async_wait([weak = std::weak_ptr<Engine>(shared_from_this())](auto ec) {
        if (auto self = weak.lock(); self && !ec)
            self->checkRotation();
    });
}

Result<std::chrono::seconds> Agent::Engine::rotateAfter() {
    FERRY_TRY(stored, store::SettingsRepository(m_db->database()).getInteger(kRotateAfter));
    return stored ? std::chrono::seconds(*stored) : m_config.rotateAfter;
}

Result<void> Agent::Engine::setRotateAfter(std::chrono::seconds after) {
    if (after < kRotateAfterMin || after > kRotateAfterMax)
        return makeError(AgentErrc::Range, "a relay may stay unreachable from one minute to "
                                           "thirty days before its queues move");
    FERRY_CHECK(
        store::SettingsRepository(m_db->database()).setInteger(kRotateAfter, after.count()));
    m_rotateAfter = after;
    m_rotationTimer.cancel(); // the next check at the new pace
    scheduleRotationCheck();
    return {};
}

void Agent::Engine::switchQueues(std::int64_t contactId, std::function<void(Result<void>)> done) {
    auto contact = store::ContactRepository(m_db->database()).find(contactId);
    if (!contact || !*contact || (*contact)->status == store::ContactStatus::Deleted)
        return done(makeError(AgentErrc::NotFound, "no contact " + std::to_string(contactId)));
    if ((*contact)->status != store::ContactStatus::Connected)
        return done(makeError(AgentErrc::NotConnected,
                              "'" + (*contact)->displayName + "' is not connected yet"));
    if (m_addingQueueFor.count(contactId))
        return done(makeError(AgentErrc::State, "a move of this contact is under way"));
    auto rows = store::QueueRepository(m_db->database()).forContact(contactId);
    if (!rows)
        return done(rows.error());
    std::vector<std::string> avoid;
    std::vector<std::int64_t> moving;
    for (const store::Queue& q : *rows)
        if (carriesContact(q, store::QueueDirection::Receive)) {
            avoid.push_back(q.relay);
            if (receivesFromContact(q))
                moving.push_back(q.id);
        }
    // Only once a relay to move to is there: otherwise the contact keeps its queues.
    chooseNewQueueRelay(
        avoid,
        [this, contactId, moving, done](Result<std::string> relay) {
            if (!relay)
                return done(makeError(AgentErrc::NoRelay,
                                      "no relay of another operator to move to: add one, or a "
                                      "relay directory"));
            store::QueueRepository queues(m_db->database());
            for (std::int64_t id : moving)
                (void)queues.setStatus(id, store::QueueStatus::Suspended);
            ensureRedundantQueues(contactId);
            done(Result<void>{});
        },
        OtherOperator::Required);
}

Result<std::vector<ContactQueue>> Agent::Engine::contactQueues(std::int64_t contactId) {
    FERRY_TRY(contact, store::ContactRepository(m_db->database()).find(contactId));
    if (!contact || contact->status == store::ContactStatus::Deleted)
        return makeError(AgentErrc::NotFound, "no contact " + std::to_string(contactId));
    FERRY_TRY(rows, store::QueueRepository(m_db->database()).forContact(contactId));
    store::OutboxRepository outbox(m_db->database());
    std::vector<ContactQueue> out;
    for (const store::Queue& q : rows) {
        if (!carriesContact(q, q.direction))
            continue;
        ContactQueue row;
        row.direction = q.direction;
        row.relay = q.relay;
        row.status = q.status;
        if (q.direction == store::QueueDirection::Receive) {
            auto client = m_clients.find(q.relay);
            row.relayConnected = client != m_clients.end() &&
                                 client->second->state() == net::ConnectionState::Connected;
            if (auto down = m_relayDownSince.find(q.relay); down != m_relayDownSince.end())
                row.downSince = down->second;
        } else {
            FERRY_TRY(waiting, outbox.countForQueue(q.id));
            row.waiting = waiting;
            FERRY_TRY(head, outbox.headOf(q.id));
            if (head)
                row.lastError = head->lastError;
        }
        out.push_back(std::move(row));
    }
    // Receive queues first, each direction oldest first.
    std::stable_sort(out.begin(), out.end(), [](const ContactQueue& a, const ContactQueue& b) {
        return a.direction == store::QueueDirection::Receive &&
               b.direction != store::QueueDirection::Receive;
    });
    return out;
}

} // namespace ferry::core::agent
