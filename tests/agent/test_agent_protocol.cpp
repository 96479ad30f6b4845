// Links, envelopes and agent messages (core/agent/agent_protocol.h) round trip and reject
// malformed input.
#include "agent/agent_errc.h"
#include "agent/agent_protocol.h"
#include "crypto/double_ratchet.h"
#include "crypto/random.h"
#include "smp/encoder.h"
#include "util/base64.h"

#include <QtTest>

using namespace ferry::core;
using namespace ferry::core::agent;

namespace {

smp::QueueUri sampleQueue(smp::QueueMode mode) {
    smp::QueueUri uri;
    uri.server = *smp::parseServerAddress(
        "smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=@relay.example.org:5223");
    uri.senderId = crypto::randomBytes(24);
    uri.dhKey = crypto::X25519KeyPair::generate().publicKey();
    uri.queueMode = mode;
    return uri;
}

} // namespace

class TestAgentProtocol : public QObject {
    Q_OBJECT

private slots:
    void invitationLinkRoundTrip() {
        InvitationLink link{sampleQueue(smp::QueueMode::Messaging),
                            crypto::X3dhKeyPairs::generate().publicKeys()};
        const std::string text = formatLink(link);
        QVERIFY(text.rfind("ferry:/invitation#/?v=1&smp=smp%3A%2F%2F", 0) == 0);
        // Pasted with whitespace around it, as from a chat or a QR scanner.
        auto parsed = parseLink("  " + text + "\n");
        QVERIFY(parsed.ok());
        auto* back = std::get_if<InvitationLink>(&*parsed);
        QVERIFY(back);
        QVERIFY(back->queue == link.queue);
        QCOMPARE(back->keys.identityKey, link.keys.identityKey);
        QCOMPARE(back->keys.oneTimeKey, link.keys.oneTimeKey);
    }

    // A short invitation names the relay, the link id and the key, and nothing of the queue.
    void shortInvitationLinkRoundTrip() {
        const smp::QueueUri queue = sampleQueue(smp::QueueMode::Messaging);
        ShortInvitationLink link{queue.server, crypto::randomBytes(24),
                                 crypto::randomBytes(kLinkKeySize)};
        const std::string text = formatLink(link);
        QCOMPARE(text, "ferry:/i#/?v=1&l=" + base64UrlEncode(link.linkId) +
                           "&k=" + base64UrlEncode(link.linkKey) +
                           "&smp=smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=@"
                           "relay.example.org:5223");
        QVERIFY(text.size() < 200);
        auto parsed = parseLink(" " + text + "\n");
        QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
        auto* back = std::get_if<ShortInvitationLink>(&*parsed);
        QVERIFY(back);
        QVERIFY(back->server == link.server);
        QCOMPARE(back->linkId, link.linkId);
        QCOMPARE(back->linkKey, link.linkKey);
    }

    // The relay keeps the long invitation sealed with the link's key: it opens with that key
    // only, and any change to it is refused in the same words.
    void invitationLinkDataOpensOnlyWithItsKey() {
        InvitationLink invitation{sampleQueue(smp::QueueMode::Messaging),
                                  crypto::X3dhKeyPairs::generate().publicKeys()};
        const Bytes key = crypto::randomBytes(kLinkKeySize);
        auto data = sealLinkData(key, invitation);
        QVERIFY(data);
        QVERIFY(data->userData.empty());
        const std::string longLink = formatLink(invitation);
        QVERIFY(toString(data->fixedData).find(longLink) == std::string::npos); // sealed
        auto opened = openLinkData(key, *data);
        QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
        const auto* back = std::get_if<InvitationLink>(&*opened);
        QVERIFY(back);
        QVERIFY(back->queue == invitation.queue);
        QCOMPARE(back->keys.identityKey, invitation.keys.identityKey);
        // An address goes in and comes out the same way; a short link never goes in.
        AddressLink address{sampleQueue(smp::QueueMode::Contact)};
        auto addressData = sealLinkData(key, address);
        QVERIFY(addressData);
        auto addressBack = openLinkData(key, *addressData);
        QVERIFY(addressBack && std::get<AddressLink>(*addressBack).queue == address.queue);
        QVERIFY(!sealLinkData(key, ShortAddressLink{address.queue.server, key}));

        auto refused = [&](const Bytes& k, const smp::QueueLinkData& d) {
            auto r = openLinkData(k, d);
            return !r && r.error().code == std::error_code(AgentErrc::Link) &&
                   r.error().message.find("does not open") != std::string::npos;
        };
        QVERIFY(refused(crypto::randomBytes(kLinkKeySize), *data));
        QVERIFY(refused(Bytes(key.begin(), key.begin() + 16), *data));
        smp::QueueLinkData tampered = *data;
        tampered.fixedData.back() ^= 1;
        QVERIFY(refused(key, tampered));
        QVERIFY(refused(key, smp::QueueLinkData{Bytes(10, 1), {}}));
    }

    // A short address carries only the relay and the key; its link id is derived from the key.
    void shortAddressLinkRoundTrip() {
        const smp::QueueUri queue = sampleQueue(smp::QueueMode::Contact);
        ShortAddressLink link{queue.server, crypto::randomBytes(kLinkKeySize)};
        const std::string text = formatLink(link);
        QVERIFY(text.rfind("ferry:/c#/?v=1&k=", 0) == 0);
        QVERIFY(text.size() < 140);
        auto parsed = parseLink(text);
        QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
        const auto* back = std::get_if<ShortAddressLink>(&*parsed);
        QVERIFY(back);
        QVERIFY(back->server == link.server);
        QCOMPARE(back->linkKey, link.linkKey);
        const Bytes id = addressLinkId(link.linkKey);
        QCOMPARE(id.size(), std::size_t{24});
        QCOMPARE(addressLinkId(link.linkKey), id);
        QVERIFY(addressLinkId(crypto::randomBytes(kLinkKeySize)) != id);
        QVERIFY(!std::equal(id.begin(), id.end(), link.linkKey.begin())); // not the key itself
    }

    void addressLinkRoundTrip() {
        AddressLink link{sampleQueue(smp::QueueMode::Contact)};
        auto parsed = parseLink(formatLink(link));
        QVERIFY(parsed.ok());
        QVERIFY(std::get<AddressLink>(*parsed).queue == link.queue);
    }

    void badLinks_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("empty") << ""
                               << "must start with";
        QTest::newRow("simplex") << "simplex:/invitation#/?v=2"
                                 << "must start with";
        QTest::newRow("version") << "ferry:/contact#/?v=2&smp=x"
                                 << "unsupported version";
        QTest::newRow("no smp") << "ferry:/contact#/?v=1"
                                << "queue address";
        QTest::newRow("bad escape") << "ferry:/contact#/?v=1&smp=%zz"
                                    << "queue address";
        QTest::newRow("bad queue") << "ferry:/contact#/?v=1&smp=smp%3A%2F%2Fx"
                                   << "queue URI";
        const QString relay = "&smp=smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=@relay.org";
        const QString key = "&k=" + QString::fromStdString(base64UrlEncode(Bytes(32, 7)));
        QTest::newRow("short, no relay") << "ferry:/i#/?v=1&l=AAAA" + key << "relay address";
        QTest::newRow("short, bad relay")
            << "ferry:/i#/?v=1&l=AAAA&smp=smp://x" + key << "relay address";
        QTest::newRow("short, no id") << "ferry:/i#/?v=1" + key + relay << "link id";
        QTest::newRow("short, long id")
            << "ferry:/i#/?v=1&l=" + QString(100, 'A') + key + relay << "link id";
        QTest::newRow("short, no key") << "ferry:/i#/?v=1&l=AAAA" + relay << "link key";
        QTest::newRow("short, short key") << "ferry:/i#/?v=1&l=AAAA&k=AAAA" + relay << "link key";
        QTest::newRow("short, version")
            << "ferry:/i#/?v=2&l=AAAA" + key + relay << "unsupported version";
        QTest::newRow("short address, no key") << "ferry:/c#/?v=1" + relay << "link key";
        QTest::newRow("short address, no relay") << "ferry:/c#/?v=1" + key << "relay address";
    }

    void badLinks() {
        QFETCH(QString, text);
        QFETCH(QString, fragment);
        auto parsed = parseLink(text.toStdString());
        QVERIFY(!parsed);
        QVERIFY2(QString::fromStdString(parsed.error().message).contains(fragment),
                 parsed.error().message.c_str());
    }

    void invitationNeedsBothKeys() {
        InvitationLink link{sampleQueue(smp::QueueMode::Messaging),
                            crypto::X3dhKeyPairs::generate().publicKeys()};
        std::string text = formatLink(link);
        text.resize(text.size() - 8); // truncated e2e keys
        auto parsed = parseLink(text);
        QVERIFY(!parsed);
        QVERIFY(parsed.error().message.find("e2e") != std::string::npos);
    }

    void envelopeSealsToFixedSize() {
        auto recipient = crypto::X25519KeyPair::generate();
        auto sender = crypto::X25519KeyPair::generate();
        auto first = sealForQueue(sender, recipient.publicKey(), toBytes("short"), true);
        auto later = sealForQueue(sender, recipient.publicKey(), Bytes(9000, 'x'), false);
        QVERIFY(first.ok() && later.ok());
        // Every body without the key has one length; the first carries the 45-byte key.
        QCOMPARE(later->size() + 45, first->size());
        auto opened = openFromQueue(recipient, std::nullopt, *first);
        QVERIFY(opened.ok());
        QVERIFY(opened->senderKey == sender.publicKey());
        QCOMPARE(toString(opened->payload), std::string("short"));
        auto openedLater = openFromQueue(recipient, sender.publicKey(), *later);
        QVERIFY(openedLater.ok());
        QCOMPARE(openedLater->payload.size(), 9000u);
        // Without the sender's key, and with a flipped byte, nothing opens.
        QVERIFY(!openFromQueue(recipient, std::nullopt, *later));
        Bytes tampered = *later;
        tampered[tampered.size() / 2] ^= 1;
        QVERIFY(!openFromQueue(recipient, sender.publicKey(), tampered));
        QVERIFY(!sealForQueue(sender, recipient.publicKey(), Bytes(kQueuePayloadSize, 'x'), false));
    }

    void payloadsRoundTrip() {
        const auto keys = crypto::X3dhKeyPairs::generate().publicKeys();
        const std::vector<QueuePayload> payloads = {
            Confirmation{keys, Bytes(kRatchetMessageSize, 7)},
            ContactRequest{keys, "Pat", sampleQueue(smp::QueueMode::Messaging)},
            RatchetPayload{Bytes(kRatchetMessageSize, 9)},
        };
        for (const auto& p : payloads) {
            auto back = decodeQueuePayload(encodeQueuePayload(p));
            QVERIFY(back.ok());
            QCOMPARE(back->index(), p.index());
            QVERIFY(encodeQueuePayload(*back) == encodeQueuePayload(p));
            QVERIFY(encodeQueuePayload(p).size() + 2 <= kQueuePayloadSize);
        }
        QVERIFY(!decodeQueuePayload(toBytes("Zjunk")));
        QVERIFY(!decodeQueuePayload(Bytes{'C', 1, 2}));
    }

    void agentMessagesRoundTrip() {
        const std::vector<AgentMessage> messages = {
            Info{"Ada", sampleQueue(smp::QueueMode::Messaging)},
            Hello{"Bob"},
            ChatMessage{42, 1'700'000'000, "text with ünïcode"},
            Receipt{{1, 2, 3}},
            Goodbye{},
            AddQueue{sampleQueue(smp::QueueMode::Messaging)},
            QueueInUse{},
            DropQueue{crypto::X25519KeyPair::generate().publicKey()},
        };
        for (const auto& m : messages) {
            const Bytes encoded = encodeAgentMessage(m);
            auto back = decodeAgentMessage(encoded);
            QVERIFY(back.ok());
            QCOMPARE(back->index(), m.index());
            QCOMPARE(encodeAgentMessage(*back), encoded);
        }
        QVERIFY(!decodeAgentMessage(toBytes("T")));
        QVERIFY(!decodeAgentMessage(toBytes("Hx")));
        QVERIFY(!decodeAgentMessage(toBytes("A")));   // a queue to add, without the queue
        QVERIFY(!decodeAgentMessage(Bytes(20, 'X'))); // a queue to drop with a short key
        QVERIFY(!decodeAgentMessage(toBytes("Ux")));
        const auto dropped = crypto::X25519KeyPair::generate().publicKey();
        Bytes drop{'X'};
        drop.insert(drop.end(), dropped.raw.begin(), dropped.raw.end());
        QVERIFY(encodeAgentMessage(DropQueue{dropped}) == drop);
        // The added queue's form: 'A', then the queue URI's text as a Large (as in Info).
        const smp::QueueUri queue = sampleQueue(smp::QueueMode::Messaging);
        const Bytes added = encodeAgentMessage(AddQueue{queue});
        smp::Encoder expected;
        expected.ch('A').large(asBytes(smp::formatQueueUri(queue)));
        QVERIFY(added == std::move(expected).bytes());
        // An offered queue is usable only in messaging mode and with a key a DH works with.
        QVERIFY(checkOfferedQueue(AddQueue{queue}));
        QVERIFY(!checkOfferedQueue(AddQueue{sampleQueue(smp::QueueMode::Contact)}));
        for (const Bytes& lowOrder :
             {Bytes(32, 0), Bytes{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}) {
            AddQueue weak{queue};
            weak.queue.dhKey.raw = lowOrder;
            auto checked = checkOfferedQueue(weak);
            QVERIFY(!checked);
            QCOMPARE(checked.error().code, std::error_code(AgentErrc::Protocol));
        }
        // The longest chat text still fits one ratchet message.
        const Bytes longest =
            encodeAgentMessage(ChatMessage{1, 2, std::string(maxChatTextBytes(), 'x')});
        QVERIFY(longest.size() <=
                kRatchetMessageSize - crypto::kRatchetMessageOverhead - crypto::kPaddingOverhead);
    }
};

QTEST_APPLESS_MAIN(TestAgentProtocol)
#include "test_agent_protocol.moc"
