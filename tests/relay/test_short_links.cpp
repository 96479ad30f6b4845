// SMP v15 short links on the relay: link data stored with NEW, read with LKEY (one-time
// invitations, which it also secures) and LGET (contact addresses), changed with LSET and
// LDEL, and spent by the first message; the rules of simplexmq's Server.hs, played by a
// client and by strangers who know or guess link ids.
#include "crypto/random.h"
#include "relay_fixture.h"

using namespace ferry;
using namespace ferry::test;
using EK = smp::ErrorType::Kind;
using smp::QueueMode;
using smp::QueueRequest;

namespace {

constexpr smp::VersionRange kV15{15, 15};

const smp::rsp::Lnk* asLink(const core::Result<smp::Response>& r) {
    return as<smp::rsp::Lnk>(r);
}

} // namespace

class TestShortLinks : public QObject {
    Q_OBJECT

private slots:
    void oneTimeInvitation() {
        RelayFixture relay;
        auto recipient = relay.connect(kV15);
        auto sender = relay.connect(kV15);
        LinkedQueue q;
        auto created = newWithLink(*recipient, q, QueueMode::Messaging);
        auto* ids = as<smp::rsp::Ids>(created);
        QVERIFY2(ids, describe(created));
        // The relay chose the link id, kept the client's sender id, and echoes the mode.
        QVERIFY(ids->queueMode == QueueMode::Messaging);
        QCOMPARE(int(q.linkId.size()), 24);

        // The sender reads the link and secures the queue with one LKEY, signed by the key.
        const smp::cmd::LKey lkey{q.queue.senderKey.publicKey()};
        auto read = sender->call(q.linkId, lkey, Signer{&q.queue.senderKey});
        auto* lnk = asLink(read);
        QVERIFY2(lnk, describe(read));
        QCOMPARE(lnk->senderId, q.queue.senderId);
        QVERIFY(lnk->data == q.data);
        // Repeated with the same key (a retry): the same answer; another key: AUTH.
        QVERIFY(asLink(sender->call(q.linkId, lkey, Signer{&q.queue.senderKey})));
        const auto stranger = crypto::Ed25519KeyPair::generate();
        QVERIFY(
            isError(sender->call(q.linkId, smp::cmd::LKey{stranger.publicKey()}, Signer{&stranger}),
                    EK::Auth));
        // Secured: an unsigned SEND is refused, a signed one goes through...
        QVERIFY(
            isError(sender->call(q.queue.senderId, smp::cmd::Send{false, text("x")}), EK::Auth));
        QVERIFY(isOk(sender->call(q.queue.senderId, smp::cmd::Send{false, text("hello")},
                                  Signer{&q.queue.senderKey})));
        QVERIFY(messageIs(q.queue, recipient->awaitPush(), text("hello")));
        // ...and the first message spends the link.
        QTRY_VERIFY(isError(sender->call(q.linkId, lkey, Signer{&q.queue.senderKey}), EK::Auth));
        // The recipient cannot put a link back on a secured one-time queue.
        QVERIFY(isError(recipient->call(q.queue.recipientId, smp::cmd::LSet{q.linkId, q.data},
                                        Signer{&q.queue.recipientKey}),
                        EK::Auth));
    }

    void aSenderIdNotFromTheCorrIdIsProhibited() {
        // Otherwise a client could create a queue under an id it learned elsewhere.
        RelayFixture relay;
        auto recipient = relay.connect(kV15);
        LinkedQueue q;
        auto created = newWithLink(*recipient, q, QueueMode::Messaging, Bytes(24, 0x42));
        QVERIFY2(isCommandError(created, smp::CommandError::Prohibited), describe(created));
        QCOMPARE(relay.server().stats().queuesCreated, std::uint64_t{0});
    }

    void contactAddress() {
        RelayFixture relay;
        auto recipient = relay.connect(kV15);
        auto stranger = relay.connect(kV15);
        LinkedQueue q;
        q.linkId = crypto::randomBytes(24);
        const Bytes chosen = q.linkId;
        auto created = newWithLink(*recipient, q, QueueMode::Contact);
        auto* ids = as<smp::rsp::Ids>(created);
        QVERIFY2(ids, describe(created));
        QVERIFY(ids->queueMode == QueueMode::Contact);
        QCOMPARE(q.linkId, chosen); // the client's own

        // Anyone with the link reads it, unauthorized; an authorization is refused.
        auto read = stranger->call(q.linkId, smp::cmd::LGet{});
        QVERIFY2(asLink(read) && asLink(read)->data == q.data, describe(read));
        QVERIFY(
            isCommandError(stranger->call(q.linkId, smp::cmd::LGet{}, Signer{&q.queue.senderKey}),
                           smp::CommandError::HasAuth));
        // A contact address is not secured through its link.
        QVERIFY(isError(stranger->call(q.linkId, smp::cmd::LKey{q.queue.senderKey.publicKey()},
                                       Signer{&q.queue.senderKey}),
                        EK::Auth));

        // The recipient replaces the user data (a new profile); the fixed part stays.
        smp::QueueLinkData updated{q.data.fixedData, text("new profile")};
        QVERIFY(isOk(recipient->call(q.queue.recipientId, smp::cmd::LSet{q.linkId, updated},
                                     Signer{&q.queue.recipientKey})));
        QVERIFY(asLink(stranger->call(q.linkId, smp::cmd::LGet{}))->data == updated);
        smp::QueueLinkData otherFixed{text("other"), text("x")};
        QVERIFY(isError(recipient->call(q.queue.recipientId, smp::cmd::LSet{q.linkId, otherFixed},
                                        Signer{&q.queue.recipientKey}),
                        EK::Auth));
        QVERIFY(isError(recipient->call(q.queue.recipientId,
                                        smp::cmd::LSet{crypto::randomBytes(24), updated},
                                        Signer{&q.queue.recipientKey}),
                        EK::Auth));
        // Only the recipient changes it.
        QVERIFY(isError(
            stranger->call(q.queue.recipientId, smp::cmd::LDel{}, Signer{&q.queue.senderKey}),
            EK::Auth));
        // Deleted, the link leads nowhere; deleting again is fine.
        QVERIFY(isOk(
            recipient->call(q.queue.recipientId, smp::cmd::LDel{}, Signer{&q.queue.recipientKey})));
        QVERIFY(isError(stranger->call(q.linkId, smp::cmd::LGet{}), EK::Auth));
        QVERIFY(isOk(
            recipient->call(q.queue.recipientId, smp::cmd::LDel{}, Signer{&q.queue.recipientKey})));
        // And a new link can be set.
        QVERIFY(isOk(recipient->call(q.queue.recipientId, smp::cmd::LSet{q.linkId, updated},
                                     Signer{&q.queue.recipientKey})));
        QVERIFY(asLink(stranger->call(q.linkId, smp::cmd::LGet{})));
    }

    void linkIdsAreNotShared() {
        // A second queue cannot take a link id that leads to another (NEW or LSET).
        RelayFixture relay;
        auto client = relay.connect(kV15);
        LinkedQueue first;
        first.linkId = crypto::randomBytes(24);
        QVERIFY(as<smp::rsp::Ids>(newWithLink(*client, first, QueueMode::Contact)));
        LinkedQueue second;
        second.linkId = first.linkId;
        QVERIFY(isError(newWithLink(*client, second, QueueMode::Contact), EK::Auth));
        second.linkId = crypto::randomBytes(24);
        QVERIFY(as<smp::rsp::Ids>(newWithLink(*client, second, QueueMode::Contact)));
        QVERIFY(isError(client->call(second.queue.recipientId,
                                     smp::cmd::LSet{first.linkId, second.data},
                                     Signer{&second.queue.recipientKey}),
                        EK::Auth));
        QVERIFY(asLink(client->call(first.linkId, smp::cmd::LGet{}))->data == first.data);
    }

    void guessedLinksAllLookAlike() {
        // Unknown link, a messaging queue's link read with LGET, a contact's with LKEY: the
        // same AUTH, so a prober learns nothing of what exists.
        RelayFixture relay;
        auto owner = relay.connect(kV15);
        auto prober = relay.connect(kV15);
        LinkedQueue invitation;
        QVERIFY(as<smp::rsp::Ids>(newWithLink(*owner, invitation, QueueMode::Messaging)));
        const auto key = crypto::Ed25519KeyPair::generate();
        const smp::cmd::LKey lkey{key.publicKey()};
        const auto before = relay.server().stats().authFailures;
        QVERIFY(isError(prober->call(crypto::randomBytes(24), smp::cmd::LGet{}), EK::Auth));
        QVERIFY(isError(prober->call(invitation.linkId, smp::cmd::LGet{}), EK::Auth));
        QVERIFY(isError(prober->call(crypto::randomBytes(24), lkey, Signer{&key}), EK::Auth));
        QCOMPARE(relay.server().stats().authFailures, before + 3);
        // Queue ids are not link ids.
        QVERIFY(isError(prober->call(invitation.queue.senderId, smp::cmd::LGet{}), EK::Auth));
    }

    void olderVersionsKeepTheFlag() {
        // Below v15 NEW and IDS carry "the sender may secure"; the mode is what they meant.
        RelayFixture relay;
        auto client = relay.connect({9, 14});
        QCOMPARE(int(client->version()), 14);
        TestQueue q;
        auto ids = client->call({}, q.newCommand(true, true), Signer{&q.recipientKey});
        QVERIFY(as<smp::rsp::Ids>(ids) && as<smp::rsp::Ids>(ids)->senderCanSecure());
        QVERIFY(!as<smp::rsp::Ids>(ids)->linkId);
    }
};

QTEST_GUILESS_MAIN(TestShortLinks)
#include "test_short_links.moc"
