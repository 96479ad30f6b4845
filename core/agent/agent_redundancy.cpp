// Two queues per direction (docs/protocol.md, "Two queues per direction"): once a contact is
// connected each side adds a second queue it receives on, on a relay of another operator, and
// offers it with AddQueue; the other side secures it and sends every message to each queue.
// The first copy to arrive is read; the ratchet refuses the other as a replay.
#include "agent/agent_engine.h"
#include "agent/agent_errc.h"
#include "agent/queue_rows.h"
#include "store/contact_repository.h"
#include "util/try.h"

#include <algorithm>

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

} // namespace

void Agent::Engine::ensureRedundantQueues(std::int64_t contactId) {
    if (m_stopping || m_addingQueueFor.count(contactId))
        return;
    auto contact = store::ContactRepository(m_db->connection()).find(contactId);
    if (!contact || !*contact || (*contact)->status != store::ContactStatus::Connected)
        return;
    auto rows = store::QueueRepository(m_db->connection()).forContact(contactId);
    if (!rows)
        return;
    std::vector<std::string> avoid;
    for (const store::Queue& q : *rows)
        if (carriesContact(q, store::QueueDirection::Receive))
            avoid.push_back(q.relay);
    if (avoid.size() >= kQueuesPerDirection)
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
                    FERRY_CHECK(store::QueueRepository(m_db->connection())
                                    .add(receiveRow(QueueOwner::contact(contactId), created->relay,
                                                    created->recipientId, created->keys, now())));
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
            });
        },
        OtherOperator::Required);
}

void Agent::Engine::ensureRedundantQueuesForAll() {
    auto contacts = store::ContactRepository(m_db->connection()).list();
    if (!contacts)
        return;
    for (const store::Contact& c : *contacts)
        ensureRedundantQueues(c.id);
}

Result<std::optional<std::int64_t>> Agent::Engine::acceptAddedQueue(std::int64_t contactId,
                                                                    const AddQueue& added) {
    FERRY_TRY(contact, store::ContactRepository(m_db->connection()).find(contactId));
    if (!contact || contact->status != store::ContactStatus::Connected)
        return makeError(AgentErrc::Protocol, "a queue offered before the connection completed");
    if (added.queue.queueMode != smp::QueueMode::Messaging)
        return makeError(AgentErrc::Protocol, "an offered queue the sender cannot secure");
    store::QueueRepository queues(m_db->connection());
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
        store::QueueRepository(m_db->connection()).setStatus(queueId, store::QueueStatus::Secured));
    FERRY_CHECK(store::OutboxRepository(m_db->connection()).copyUnsent(contactId, queueId, now()));
    FERRY_CHECK(tx.commit());
    m_dirtyQueues.insert(queueId);
    return {};
}

void Agent::Engine::dropRefusedQueue(std::int64_t queueId) {
    store::QueueRepository queues(m_db->connection());
    auto row = queues.find(queueId);
    if (!row || !*row || !(*row)->contactId)
        return;
    auto usable = sendQueuesOf(*(*row)->contactId);
    if (!usable || usable->size() < 2)
        return; // the only way to the contact: its messages fail one by one, as before
    store::OutboxRepository outbox(m_db->connection());
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
    store::MessageRepository messages(m_db->connection());
    for (std::int64_t id : carried)
        if (auto held = outbox.holdsMessage(id); held && !*held)
            if (auto failed = messages.markFailed(id); failed && *failed)
            emitDelivery(id, store::MessageState::Failed);
}

Result<std::vector<ContactQueue>> Agent::Engine::contactQueues(std::int64_t contactId) {
    FERRY_TRY(contact, store::ContactRepository(m_db->connection()).find(contactId));
    if (!contact || contact->status == store::ContactStatus::Deleted)
        return makeError(AgentErrc::NotFound, "no contact " + std::to_string(contactId));
    FERRY_TRY(rows, store::QueueRepository(m_db->connection()).forContact(contactId));
    store::OutboxRepository outbox(m_db->connection());
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
