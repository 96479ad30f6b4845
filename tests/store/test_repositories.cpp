// Repositories over a real encrypted profile database: behaviour, dedup, unique names,
// outbox ordering, transactions.
#include "store/address_repository.h"
#include "store/contact_repository.h"
#include "store/database_key.h"
#include "store/invitation_repository.h"
#include "store/message_repository.h"
#include "store/outbox_repository.h"
#include "store/profile_database.h"
#include "store/queue_repository.h"
#include "store/ratchet_repository.h"
#include "store/relay_repository.h"
#include "store/request_repository.h"
#include "store/settings_repository.h"
#include "store/store_errc.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <memory>
#include <string>

using namespace ferry::core;
using namespace ferry::core::store;
namespace fs = std::filesystem;

namespace {

const std::string kRelay = "smp://abc@relay.example:5223";

crypto::SecretBytes secret(std::string_view text) {
    return crypto::SecretBytes(asBytes(text));
}

Queue makeQueue(QueueDirection direction, Bytes queueId, std::optional<std::int64_t> contactId,
                QueueOwnerKind kind = QueueOwnerKind::Contact, std::int64_t ownerId = 0) {
    Queue q;
    q.contactId = contactId;
    q.ownerKind = kind;
    q.ownerId = contactId.value_or(ownerId);
    q.direction = direction;
    q.relay = kRelay;
    q.queueId = std::move(queueId);
    q.keys = secret("queue-keys");
    q.status = QueueStatus::New;
    q.createdAt = 5;
    return q;
}

} // namespace

class TestRepositories : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<ProfileDatabase> m_db;

    Database& c() { return m_db->database(); }

    std::int64_t addContact(const std::string& name) {
        ContactRepository contacts(c());
        auto contact = contacts.add(name, ContactStatus::Connected, 1);
        if (!contact.ok()) {
            qFatal("add contact: %s", contact.error().message.c_str());
        }
        return contact->id;
    }

    std::int64_t addQueue(std::int64_t contactId, std::uint8_t id,
                          QueueDirection direction = QueueDirection::Send) {
        QueueRepository queues(c());
        auto added = queues.add(makeQueue(direction, Bytes{id}, contactId));
        if (!added.ok()) {
            qFatal("add queue: %s", added.error().message.c_str());
        }
        return *added;
    }

private slots:
    void init() {
        const fs::path file = fs::path(m_dir.path().toStdString()) /
                              ("profile" + std::to_string(++m_counter) + ".db");
        auto db = ProfileDatabase::create(file, generateDatabaseKey());
        QVERIFY2(db.ok(), db.ok() ? "" : db.error().message.c_str());
        m_db = std::move(*db);
    }

    void cleanup() { m_db.reset(); }

    void transactionsCommitRollBackAndNest() {
        SettingsRepository settings(c());
        {
            auto t = Transaction::begin(c());
            QVERIFY(t.ok());
            QVERIFY(settings.setString("a", "1").ok());
        } // not committed
        QVERIFY(!settings.getString("a")->has_value());
        QVERIFY(!c().inTransaction());
        {
            auto outer = Transaction::begin(c());
            QVERIFY(settings.setString("outer", "1").ok());
            {
                auto inner = Transaction::begin(c());
                QVERIFY(inner.ok());
                QVERIFY(settings.setString("inner", "1").ok());
                inner->rollback();
            }
            {
                auto inner = Transaction::begin(c());
                QVERIFY(settings.setString("inner2", "1").ok());
                QVERIFY(inner->commit().ok());
            }
            QVERIFY(outer->commit().ok());
            QVERIFY(!outer->commit().ok()); // once only
        }
        QVERIFY(settings.getString("outer")->has_value());
        QVERIFY(!settings.getString("inner")->has_value());
        QVERIFY(settings.getString("inner2")->has_value());
        QCOMPARE(c().transactionDepth(), 0);
    }

    void settings() {
        SettingsRepository settings(c());
        QVERIFY(!settings.getString("missing")->has_value());
        QVERIFY(settings.setString(SettingsRepository::kDisplayName, "Bob").ok());
        QVERIFY(settings.setString(SettingsRepository::kDisplayName, "Robert").ok());
        QCOMPARE(settings.getString(SettingsRepository::kDisplayName)->value(),
                 std::string("Robert"));
        QVERIFY(settings.setBlob("blob", Bytes{0, 1, 2}).ok());
        QVERIFY(settings.getBlob("blob")->value() == (Bytes{0, 1, 2}));
        QVERIFY(settings.setBlob("empty", Bytes{}).ok());
        QVERIFY(settings.getBlob("empty")->value().empty());
        QVERIFY(settings.setInteger("n", -42).ok());
        QCOMPARE(settings.getInteger("n")->value(), std::int64_t{-42});
        QVERIFY(*settings.remove("n"));
        QVERIFY(!*settings.remove("n"));
        QVERIFY(!settings.getInteger("n")->has_value());
    }

    void relays() {
        RelayRepository relays(c());
        auto first = relays.add(kRelay, 10);
        QVERIFY(first.ok());
        auto again = relays.add(kRelay, 99, false); // already listed: unchanged
        QCOMPARE(again->id, first->id);
        QCOMPARE(again->addedAt, std::int64_t{10});
        QVERIFY(again->enabled);
        auto second = relays.add("smp://def@other.example", 11);
        QCOMPARE(relays.list()->size(), std::size_t{2});
        QVERIFY(*relays.setEnabled(first->id, false));
        auto enabled = relays.listEnabled();
        QCOMPARE(enabled->size(), std::size_t{1});
        QCOMPARE(enabled->front().address, std::string("smp://def@other.example"));
        QVERIFY(!relays.find(first->id)->value().enabled);
        QVERIFY(relays.findByAddress(kRelay)->has_value());
        QVERIFY(*relays.remove(first->id));
        QVERIFY(!relays.findByAddress(kRelay)->has_value());
        QVERIFY(!*relays.remove(first->id));
    }

    void contactNamesAreUnique() {
        ContactRepository contacts(c());
        QCOMPARE(contacts.add("Alice", ContactStatus::Pending, 1)->displayName,
                 std::string("Alice"));
        QCOMPARE(contacts.add("Alice", ContactStatus::Pending, 2)->displayName,
                 std::string("Alice (2)"));
        QCOMPARE(contacts.add(" Alice ", ContactStatus::Pending, 3)->displayName,
                 std::string("Alice (3)"));
        QCOMPARE(contacts.add("Alice (2)", ContactStatus::Pending, 4)->displayName,
                 std::string("Alice (4)"));
        QCOMPARE(contacts.add("Alicia", ContactStatus::Pending, 5)->displayName,
                 std::string("Alicia"));
        QCOMPARE(contacts.add("", ContactStatus::Pending, 6)->displayName, std::string("Contact"));
        QCOMPARE(contacts.add("  ", ContactStatus::Pending, 7)->displayName,
                 std::string("Contact (2)"));
        QCOMPARE(contacts.add("Bob (x)", ContactStatus::Pending, 8)->displayName,
                 std::string("Bob (x)"));

        auto alice2 = contacts.findByDisplayName("Alice (2)");
        QVERIFY(alice2.ok() && alice2->has_value());
        // Renaming to a taken name suffixes; renaming to one's own name keeps it.
        QCOMPARE(*contacts.rename((*alice2)->id, "Alicia"), std::string("Alicia (2)"));
        QCOMPARE(*contacts.rename((*alice2)->id, "Alicia (2)"), std::string("Alicia (2)"));
        QVERIFY(!contacts.rename(9999, "Nobody").ok());

        // A deleted contact frees its name.
        auto alice = contacts.findByDisplayName("Alice");
        QVERIFY(*contacts.setStatus((*alice)->id, ContactStatus::Deleted));
        QVERIFY(!contacts.findByDisplayName("Alice")->has_value());
        QCOMPARE(contacts.add("Alice", ContactStatus::Pending, 9)->displayName,
                 std::string("Alice"));
        QCOMPARE(contacts.list()->size(), std::size_t{8});
        QCOMPARE(contacts.list(true)->size(), std::size_t{9});

        // The index backs the rule even for raw SQL.
        auto raw = c().exec("INSERT INTO contacts(display_name, status, created_at) "
                            "VALUES ('Alicia', 'connected', 1)");
        QVERIFY(!raw.ok());
        QCOMPARE(raw.error().code, std::error_code(ferry::core::store::StoreErrc::Constraint));
    }

    void contactFieldsAndCascade() {
        AddressRepository addresses(c());
        auto address = addresses.add("ferry://address", secret("addr-keys"), 1);
        ContactRepository contacts(c());
        auto carol = contacts.add("Carol", ContactStatus::Pending, 2, *address);
        QVERIFY(carol.ok());
        QVERIFY(*contacts.setLocalAlias(carol->id, std::string("Caz")));
        QVERIFY(*contacts.setStatus(carol->id, ContactStatus::Connected));
        auto found = contacts.find(carol->id);
        QCOMPARE((*found)->localAlias.value(), std::string("Caz"));
        QCOMPARE((*found)->status, ContactStatus::Connected);
        QCOMPARE((*found)->viaAddressId.value(), *address);
        QVERIFY(*contacts.setLocalAlias(carol->id, std::nullopt));
        QVERIFY(!contacts.find(carol->id)->value().localAlias.has_value());

        // Deleting the address keeps the contact.
        QVERIFY(*addresses.remove(*address));
        found = contacts.find(carol->id);
        QVERIFY(found->has_value());
        QVERIFY(!(*found)->viaAddressId.has_value());

        // Removing the contact removes its queues, ratchet, messages and outbox entries.
        const auto queue = addQueue(carol->id, 1);
        RatchetRepository ratchets(c());
        QVERIFY(ratchets.save(carol->id, secret("ratchet"), 3).ok());
        MessageRepository messages(c());
        auto message = messages.addOutgoing(carol->id, "hi", 4);
        OutboxRepository outbox(c());
        QVERIFY(outbox.enqueue(queue, Bytes{1}, 4, *message).ok());
        QVERIFY(*contacts.remove(carol->id));
        QVERIFY(!ratchets.load(carol->id)->has_value());
        QVERIFY(!messages.find(*message)->has_value());
        QCOMPARE(*outbox.size(), std::int64_t{0});
        QVERIFY(!QueueRepository(c()).find(queue)->has_value());
    }

    void queues() {
        const auto alice = addContact("Alice");
        InvitationRepository invitations(c());
        const auto invitation = *invitations.add("ferry://invite", secret("inv"), 1);
        QueueRepository queues(c());
        auto rcv = queues.add(makeQueue(QueueDirection::Receive, Bytes{1, 2}, std::nullopt,
                                        QueueOwnerKind::Invitation, invitation));
        QVERIFY(rcv.ok());
        auto snd = queues.add(makeQueue(QueueDirection::Send, Bytes{1, 2}, alice));
        QVERIFY(snd.ok()); // same id, other direction
        auto dup = queues.add(makeQueue(QueueDirection::Receive, Bytes{1, 2}, alice));
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().code, std::error_code(ferry::core::store::StoreErrc::Constraint));

        auto found = queues.findByQueueId(kRelay, QueueDirection::Receive, Bytes{1, 2});
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE((*found)->id, *rcv);
        QCOMPARE((*found)->ownerKind, QueueOwnerKind::Invitation);
        QVERIFY((*found)->keys == secret("queue-keys"));
        QVERIFY(!queues.findByQueueId("smp://other", QueueDirection::Receive, Bytes{1, 2})
                     ->has_value());
        QCOMPARE(queues.forOwner(QueueOwnerKind::Invitation, invitation)->size(), std::size_t{1});
        QCOMPARE(queues.forContact(alice)->size(), std::size_t{1});

        QVERIFY(*queues.assignToContact(*rcv, alice));
        QCOMPARE(queues.forContact(alice)->size(), std::size_t{2});
        QVERIFY(queues.forOwner(QueueOwnerKind::Invitation, invitation)->empty());
        QVERIFY(*queues.setStatus(*rcv, QueueStatus::Active));
        QVERIFY(*queues.setKeys(*rcv, secret("new-keys")));
        QVERIFY(*queues.setLastReceivedId(*rcv, Bytes{9, 9}));
        auto updated = queues.find(*rcv);
        QCOMPARE((*updated)->status, QueueStatus::Active);
        QVERIFY((*updated)->keys == secret("new-keys"));
        QVERIFY((*updated)->lastReceivedId.value() == (Bytes{9, 9}));
        QCOMPARE(queues.subscribable()->size(), std::size_t{1});
        QVERIFY(*queues.setStatus(*rcv, QueueStatus::Deleted));
        QVERIFY(queues.subscribable()->empty());
        QVERIFY(*queues.remove(*snd));
        QVERIFY(!queues.find(*snd)->has_value());
    }

    void ratchets() {
        const auto alice = addContact("Alice");
        RatchetRepository ratchets(c());
        QVERIFY(!ratchets.load(alice)->has_value());
        QVERIFY(ratchets.save(alice, secret("state-1"), 1).ok());
        QVERIFY(ratchets.save(alice, secret("state-2"), 2).ok());
        QVERIFY(ratchets.load(alice)->value() == secret("state-2"));
        QVERIFY(!ratchets.save(9999, secret("x"), 1).ok()); // no such contact
        QVERIFY(*ratchets.remove(alice));
        QVERIFY(!ratchets.load(alice)->has_value());
    }

    void outgoingMessageStates() {
        const auto alice = addContact("Alice");
        MessageRepository messages(c());
        auto id = messages.addOutgoing(alice, "hello", 10, Bytes{7});
        QVERIFY(id.ok());
        auto m = messages.find(*id);
        QCOMPARE((*m)->state, MessageState::Pending);
        QCOMPARE((*m)->direction, MessageDirection::Out);
        QVERIFY(*messages.markSent(*id));
        QCOMPARE(messages.find(*id)->value().state, MessageState::Sent);
        QVERIFY(!*messages.markFailed(*id)); // one copy got through: another's refusal is moot
        auto byReceipt = messages.markDeliveredByExternalId(alice, Bytes{7});
        QCOMPARE(byReceipt->value(), *id);
        QCOMPARE(messages.find(*id)->value().state, MessageState::Delivered);
        QVERIFY(!*messages.markSent(*id)); // never backwards
        QVERIFY(!*messages.markFailed(*id));
        QVERIFY(!messages.markDeliveredByExternalId(alice, Bytes{8})->has_value());

        auto failing = messages.addOutgoing(alice, "lost", 11);
        QVERIFY(*messages.markFailed(*failing));
        QCOMPARE(messages.find(*failing)->value().state, MessageState::Failed);
        QVERIFY(*messages.markSent(*failing)); // a retry succeeded
        QVERIFY(!messages.addOutgoing(9999, "nobody", 1).ok());
    }

    void incomingMessagesAreDeduplicated() {
        const auto alice = addContact("Alice");
        const auto bob = addContact("Bob");
        MessageRepository messages(c());
        const IncomingMessage first{alice, "hi", 10, 11, Bytes{1, 2, 3}};
        auto a = messages.addIncoming(first);
        QVERIFY(a.ok() && a->isNew);
        auto again = messages.addIncoming({alice, "hi (redelivered)", 10, 12, Bytes{1, 2, 3}});
        QVERIFY(again.ok() && !again->isNew);
        QCOMPARE(again->id, a->id);
        QCOMPARE(messages.find(a->id)->value().body, std::string("hi"));
        // The same id from another contact, or our own outgoing id, is another message.
        QVERIFY(messages.addIncoming({bob, "hi", 10, 11, Bytes{1, 2, 3}})->isNew);
        QVERIFY(messages.addOutgoing(alice, "out", 13, Bytes{1, 2, 3}).ok());
        // Without an external id there is nothing to dedup on.
        QVERIFY(messages.addIncoming({alice, "x", 1, 1, {}})->isNew);
        QVERIFY(messages.addIncoming({alice, "x", 1, 1, {}})->isNew);
        auto stored = messages.find(a->id);
        QCOMPARE((*stored)->state, MessageState::Received);
        QCOMPARE((*stored)->receivedAt.value(), std::int64_t{11});
        QVERIFY((*stored)->externalId.value() == (Bytes{1, 2, 3}));
        QCOMPARE(messages.history(alice)->size(), std::size_t{4});
    }

    void historyPagingLatestAndUnread() {
        const auto alice = addContact("Alice");
        const auto bob = addContact("Bob");
        addContact("Carol"); // no messages
        MessageRepository messages(c());
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 25; ++i) {
            if (i % 2 == 0) {
                ids.push_back(*messages.addOutgoing(alice, "m" + std::to_string(i), i));
            } else {
                ids.push_back(
                    messages
                        .addIncoming({alice, "m" + std::to_string(i), i, i, Bytes{std::uint8_t(i)}})
                        ->id);
            }
        }
        const auto bobLast = messages.addIncoming({bob, "from bob", 100, 100, Bytes{1}})->id;

        auto newest = messages.history(alice, {std::nullopt, 10});
        QCOMPARE(newest->size(), std::size_t{10});
        QCOMPARE(newest->front().body, std::string("m15")); // oldest first within the page
        QCOMPARE(newest->back().body, std::string("m24"));
        auto older = messages.history(alice, {newest->front().id, 10});
        QCOMPARE(older->front().body, std::string("m5"));
        QCOMPARE(older->back().body, std::string("m14"));
        auto oldest = messages.history(alice, {older->front().id, 10});
        QCOMPARE(oldest->size(), std::size_t{5});
        QCOMPARE(oldest->front().body, std::string("m0"));
        QVERIFY(messages.history(alice, {oldest->front().id, 10})->empty());

        auto latest = messages.latestPerContact();
        QCOMPARE(latest->size(), std::size_t{2});
        QCOMPARE(latest->front().id, bobLast); // most recent conversation first
        QCOMPARE(latest->back().body, std::string("m24"));

        // 12 incoming for Alice (odd i), 1 for Bob.
        auto unread = messages.unreadCounts();
        QCOMPARE(unread->size(), std::size_t{2});
        QCOMPARE(unread->front().contactId, alice);
        QCOMPARE(unread->front().unread, std::int64_t{12});
        QCOMPARE(*messages.unreadCount(bob), std::int64_t{1});
        QVERIFY(*messages.markReadUpTo(alice, ids[10])); // reads m1..m9 (5 incoming)
        QCOMPARE(*messages.unreadCount(alice), std::int64_t{7});
        QVERIFY(!*messages.markReadUpTo(alice, ids[2])); // never backwards
        QCOMPARE(*messages.unreadCount(alice), std::int64_t{7});
        QVERIFY(*messages.markReadUpTo(alice, ids.back()));
        QCOMPARE(*messages.unreadCount(alice), std::int64_t{0});
        QCOMPARE(messages.unreadCounts()->size(), std::size_t{1});

        QVERIFY(*messages.editBody(ids[0], "edited", 200));
        QCOMPARE(messages.find(ids[0])->value().editedAt.value(), std::int64_t{200});
        QVERIFY(*messages.remove(ids[0]));
        QVERIFY(!messages.find(ids[0])->has_value());
    }

    // Two queues per direction: a new queue gets every undelivered message (from the payload
    // the message keeps), then what still waits for any other queue, once each, in order;
    // never a sealed body (it opens only on its own queue).
    void outboxCopiesUndeliveredToAnAddedQueue() {
        const auto alice = addContact("Alice");
        const auto q1 = addQueue(alice, 1);
        const auto q2 = addQueue(alice, 2);
        const auto added = addQueue(alice, 3);
        QueueRepository queues(c());
        QVERIFY(*queues.setStatus(q1, QueueStatus::Secured));
        QVERIFY(*queues.setStatus(q2, QueueStatus::Active));
        MessageRepository messages(c());
        const auto pending = *messages.addOutgoing(alice, "one", 10, Bytes{1});
        const auto delivered = *messages.addOutgoing(alice, "two", 11, Bytes{2});
        const auto sent = *messages.addOutgoing(alice, "three", 12, Bytes{3});
        QVERIFY(*messages.keepQueuePayload(pending, Bytes{0x10}));
        QVERIFY(*messages.keepQueuePayload(delivered, Bytes{0x11}));
        QVERIFY(*messages.keepQueuePayload(sent, Bytes{0x12}));
        QVERIFY(*messages.markDelivered(delivered)); // its payload goes
        QVERIFY(*messages.markSent(sent));           // kept until the receipt
        OutboxRepository outbox(c());
        const auto unsealed = OutboxForm::Unsealed;
        QVERIFY(outbox.enqueue(q1, Bytes{0x01}, 10, std::nullopt, unsealed).ok()); // q2 took it
        QVERIFY(outbox.enqueue(q1, Bytes{0x02}, 11, std::nullopt, unsealed).ok());
        QVERIFY(outbox.enqueue(q2, Bytes{0x02}, 11, std::nullopt, unsealed).ok());
        QVERIFY(outbox.enqueue(q1, Bytes{0x03}, 12).ok()); // sealed for q1
        QVERIFY(outbox.enqueue(q1, Bytes{0x10}, 13, pending, unsealed).ok());
        QCOMPARE(*outbox.copyUnsent(alice, added, 50), std::int64_t{4});
        auto copied = outbox.forQueue(added);
        QCOMPARE(copied->size(), std::size_t{4});
        QVERIFY(copied->at(0).payload == Bytes{0x10});
        QCOMPARE(copied->at(0).messageId, std::optional<std::int64_t>(pending));
        QVERIFY(copied->at(1).payload == Bytes{0x12});
        QVERIFY(copied->at(2).payload == Bytes{0x01});
        QVERIFY(copied->at(3).payload == Bytes{0x02});
        QCOMPARE(copied->at(3).form, OutboxForm::Unsealed);
        QCOMPARE(copied->at(3).nextAttemptAt, std::int64_t{50});
        QCOMPARE(*outbox.countForQueue(added), std::int64_t{4});
        // A failed message is not carried again either (a retry encrypts it anew).
        QVERIFY(*messages.markFailed(pending));
        const auto fourth = addQueue(alice, 4);
        QCOMPARE(*outbox.copyUnsent(alice, fourth, 60), std::int64_t{3});
        QVERIFY(outbox.forQueue(fourth)->front().payload == Bytes{0x12});
    }

    void outboxSendsInOrderPerQueue() {
        const auto alice = addContact("Alice");
        const auto bob = addContact("Bob");
        const auto qa = addQueue(alice, 1);
        const auto qb = addQueue(bob, 2);
        OutboxRepository outbox(c());
        QVERIFY(!outbox.nextDueAt()->has_value());
        const auto a1 = *outbox.enqueue(qa, Bytes{0xa1}, 100);
        const auto b1 = *outbox.enqueue(qb, Bytes{0xb1}, 101);
        const auto a2 = *outbox.enqueue(qa, Bytes{0xa2}, 102);

        QVERIFY(outbox.due(99)->empty());
        auto due = outbox.due(200); // one head per queue, oldest first
        QCOMPARE(due->size(), std::size_t{2});
        QCOMPARE(due->at(0).id, a1);
        QVERIFY(due->at(0).payload == Bytes{0xa1});
        QCOMPARE(due->at(1).id, b1);
        QCOMPARE(outbox.due(200, 1)->size(), std::size_t{1});

        // a1 fails: it backs off, and a2 waits behind it rather than overtaking.
        auto next = outbox.markAttempt(a1, 200, "relay unreachable");
        QCOMPARE(*next, 200 + OutboxRepository::backoffSeconds(1));
        due = outbox.due(200);
        QCOMPARE(due->size(), std::size_t{1});
        QCOMPARE(due->front().id, b1);
        QCOMPARE(outbox.nextDueAt()->value(), std::int64_t{101});
        QVERIFY(*outbox.remove(b1));
        QCOMPARE(outbox.nextDueAt()->value(), *next);
        auto failed = outbox.forQueue(qa);
        QCOMPARE(failed->size(), std::size_t{2});
        QCOMPARE(failed->front().attempts, 1);
        QCOMPARE(failed->front().lastError.value(), std::string("relay unreachable"));
        QCOMPARE(*outbox.markAttempt(a1, 300, "again"), 300 + OutboxRepository::backoffSeconds(2));

        QVERIFY(*outbox.reschedule(a1, 250));
        QCOMPARE(outbox.due(250)->front().id, a1);
        QVERIFY(*outbox.remove(a1));
        QCOMPARE(outbox.due(250)->front().id, a2); // the next one moves up
        QVERIFY(!outbox.markAttempt(9999, 1, "x").ok());

        // Entries whose message is deleted go too.
        MessageRepository messages(c());
        const auto m = *messages.addOutgoing(bob, "bye", 300);
        QVERIFY(outbox.enqueue(qb, Bytes{1}, 300, m).ok());
        QCOMPARE(*outbox.size(), std::int64_t{2});
        QVERIFY(*messages.remove(m));
        QCOMPARE(*outbox.size(), std::int64_t{1});

        QCOMPARE(OutboxRepository::backoffSeconds(0), std::int64_t{0});
        QCOMPARE(OutboxRepository::backoffSeconds(1), std::int64_t{2});
        QCOMPARE(OutboxRepository::backoffSeconds(3), std::int64_t{8});
        QCOMPARE(OutboxRepository::backoffSeconds(100), std::int64_t{3600});
    }

    void invitations() {
        InvitationRepository invitations(c());
        const auto id = *invitations.add("ferry://invite/1", secret("keys"), 10);
        const auto other = *invitations.add("ferry://invite/2", secret("keys2"), 11);
        auto found = invitations.find(id);
        QCOMPARE((*found)->link, std::string("ferry://invite/1"));
        QCOMPARE((*found)->state, InvitationState::Pending);
        QVERIFY((*found)->secrets == secret("keys"));
        QVERIFY(!(*found)->used);
        const auto alice = addContact("Alice");
        QVERIFY(*invitations.markUsed(id, alice));
        QVERIFY(!*invitations.markUsed(id, alice)); // one-time
        QVERIFY(*invitations.setState(id, InvitationState::Connected));
        found = invitations.find(id);
        QCOMPARE((*found)->contactId.value(), alice);
        QCOMPARE((*found)->state, InvitationState::Connected);
        QVERIFY(*invitations.cancel(other));
        auto cancelled = invitations.find(other);
        QCOMPARE((*cancelled)->state, InvitationState::Cancelled);
        QVERIFY((*cancelled)->secrets.empty());
        auto open = invitations.listOpen();
        QCOMPARE(open->size(), std::size_t{1});
        QCOMPARE(open->front().id, id);
        QVERIFY(*invitations.remove(other));
    }

    void addressesAndRequests() {
        AddressRepository addresses(c());
        const auto address = *addresses.add("ferry://address/1", secret("addr"), 10);
        QCOMPARE(addresses.listActive()->size(), std::size_t{1});
        QVERIFY(addresses.find(address)->value().secrets == secret("addr"));

        RequestRepository requests(c());
        auto first = requests.add(address, "Dave", Bytes{1, 2}, 20);
        QVERIFY(first.ok() && first->isNew);
        auto redelivered = requests.add(address, "Dave", Bytes{1, 2}, 21);
        QVERIFY(redelivered.ok() && !redelivered->isNew);
        QCOMPARE(redelivered->id, first->id);
        auto second = requests.add(address, "Erin", Bytes{3}, 22);
        QVERIFY(second->isNew);
        auto pending = requests.listPending();
        QCOMPARE(pending->size(), std::size_t{2});
        QCOMPARE(pending->front().displayName, std::string("Dave"));
        QVERIFY(pending->front().payload == (Bytes{1, 2}));

        const auto dave = addContact("Dave");
        QVERIFY(*requests.accept(first->id, dave));
        QVERIFY(!*requests.reject(first->id)); // no longer pending
        QVERIFY(*requests.reject(second->id));
        QVERIFY(requests.listPending()->empty());
        QCOMPARE(requests.find(first->id)->value().contactId.value(), dave);
        QCOMPARE(requests.find(second->id)->value().state, RequestState::Rejected);

        // Soft delete wipes the address keys; hard delete keeps requests and contacts.
        QVERIFY(*addresses.markDeleted(address));
        QVERIFY(!*addresses.markDeleted(address));
        QVERIFY(addresses.listActive()->empty());
        auto deleted = addresses.find(address);
        QVERIFY((*deleted)->deleted);
        QVERIFY((*deleted)->secrets.empty());
        QVERIFY(*addresses.remove(address));
        QVERIFY(!requests.find(first->id)->value().addressId.has_value());
        QVERIFY(requests.find(second->id)->has_value());
        QVERIFY(*requests.remove(second->id));
    }
};

QTEST_APPLESS_MAIN(TestRepositories)
#include "test_repositories.moc"
