#include "crypto/crypto_errc.h"
#include "crypto/double_ratchet.h"
#include "crypto/x3dh.h"
#include "util/bytes.h"

#include <QTest>
#include <algorithm>
#include <optional>
#include <vector>

using namespace ferry::core;
using namespace ferry::core::crypto;

namespace {

QString hex(ByteView bytes) {
    return QString::fromStdString(toHex(bytes));
}

bool contains(ByteView haystack, ByteView needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

Bytes text(std::string_view s) {
    return toBytes(s);
}

/// Alice (the joiner) and Bob (the inviter) after a real X3DH.
struct Peers {
    std::optional<DoubleRatchet> alice;
    std::optional<DoubleRatchet> bob;
    X3dhResult bobX3dh;
    X25519KeyPair bobRatchetKey;
};

Peers makePeers(std::size_t messageLength = kDefaultRatchetMessageLength) {
    const X3dhKeyPairs inviter = X3dhKeyPairs::generate();
    const X3dhKeyPairs joiner = X3dhKeyPairs::generate();
    auto a = x3dhJoiner(joiner, inviter.publicKeys());
    auto b = x3dhInviter(inviter, joiner.publicKeys());
    Peers peers{std::nullopt, std::nullopt, b.value(), inviter.oneTime};
    peers.alice.emplace(
        DoubleRatchet::initAlice(a.value(), inviter.oneTime.publicKeyRaw(), messageLength).value());
    peers.bob.emplace(DoubleRatchet::initBob(b.value(), inviter.oneTime, messageLength).value());
    return peers;
}

Bytes send(DoubleRatchet& from, std::string_view message) {
    auto encrypted = from.encrypt(text(message));
    if (!encrypted) {
        qFatal("encrypt failed: %s", encrypted.error().message.c_str());
    }
    return std::move(encrypted).value();
}

QString receive(DoubleRatchet& to, ByteView message) {
    auto plain = to.decrypt(message);
    if (!plain) {
        return QStringLiteral("<error: %1>").arg(QString::fromStdString(plain.error().message));
    }
    return QString::fromStdString(toString(*plain));
}

QString stateHex(const DoubleRatchet& r) {
    return hex(r.serialize().view());
}

DoubleRatchet restore(const DoubleRatchet& r) {
    return DoubleRatchet::deserialize(r.serialize().view()).value();
}

constexpr std::size_t kSmall = 256; // message length for tests that send thousands of messages

} // namespace

/// Double Ratchet with header encryption (Signal §4) as Ferry encodes it.
class TestDoubleRatchet : public QObject {
    Q_OBJECT

private slots:
    // KDF_CK and KDF_RK against values computed with python3 hashlib/hmac:
    //   ck = bytes(range(32))
    //   mk  = hmac.new(ck, b"\x01", hashlib.sha512).digest()[:32]
    //   ck2 = hmac.new(ck, b"\x02", hashlib.sha512).digest()[:32]
    //   rk, dh = bytes(range(0x20, 0x40)), bytes(range(0x40, 0x60))
    //   prk = hmac.new(rk, dh, hashlib.sha512).digest()
    //   t1 = hmac.new(prk, b"FerryRatchetRoot\x01", hashlib.sha512).digest()
    //   t2 = hmac.new(prk, t1 + b"FerryRatchetRoot\x02", hashlib.sha512).digest()
    //   rk2, ck, nhk = (t1 + t2)[:32], (t1 + t2)[32:64], (t1 + t2)[64:96]
    void kdfKnownAnswers() {
        Bytes ck(32);
        for (std::size_t i = 0; i < ck.size(); ++i) {
            ck[i] = static_cast<std::uint8_t>(i);
        }
        ChainKdfOutput chain = kdfChainKey(ck);
        QCOMPARE(
            hex(chain.messageKey.view()),
            QStringLiteral("a5df768b23b9d396d5a65528c4b4cd896a50f068f1612236ee43350bd287a5be"));
        QCOMPARE(
            hex(chain.chainKey.view()),
            QStringLiteral("7b11e28df98a5964a47acb3172a2b9f502c81eacfd69ceeae011832234a63b37"));

        Bytes rk(32), dh(32);
        for (std::size_t i = 0; i < 32; ++i) {
            rk[i] = static_cast<std::uint8_t>(0x20 + i);
            dh[i] = static_cast<std::uint8_t>(0x40 + i);
        }
        auto root = kdfRootKey(rk, dh);
        QVERIFY(root.ok());
        QCOMPARE(
            hex(root->rootKey.view()),
            QStringLiteral("2f74c8d48572f572743cccf30f705a56c5bc34bdce0662d48a844bccb82c6c50"));
        QCOMPARE(
            hex(root->chainKey.view()),
            QStringLiteral("42610baa55c3b9e71ecab85eb31e252b854090399ad98208af6367d151da3fdd"));
        QCOMPARE(
            hex(root->nextHeaderKey.view()),
            QStringLiteral("4461865a4b8b50bd39260d59a2501a75add32e4e69ae0af1d7e66013c479b4bc"));
    }

    void padding() {
        auto padded = padMessage(text("hi"), 10);
        QVERIFY(padded.ok());
        QCOMPARE(hex(padded->view()), QStringLiteral("00000002686900000000"));
        auto unpadded = unpadMessage(padded->view());
        QVERIFY(unpadded.ok());
        QCOMPARE(toString(*unpadded), std::string("hi"));
        QVERIFY(padMessage(Bytes(6), 10).ok());
        QVERIFY(!padMessage(Bytes(7), 10).ok());
        QVERIFY(!unpadMessage(fromHex("00000007686900000000")).ok()); // length beyond buffer
        QVERIFY(!unpadMessage(fromHex("00000002686900000100")).ok()); // non-zero padding
        QVERIFY(!unpadMessage(fromHex("000000")).ok());
    }

    void initChecks() {
        const X3dhKeyPairs inviter = X3dhKeyPairs::generate();
        auto a = x3dhJoiner(X3dhKeyPairs::generate(), inviter.publicKeys());
        QVERIFY(a.ok());
        QVERIFY(!DoubleRatchet::initAlice(*a, Bytes(32, 0)).ok());
        QVERIFY(!DoubleRatchet::initAlice(*a, Bytes(5, 1)).ok());
        QVERIFY(!DoubleRatchet::initAlice(*a, inviter.oneTime.publicKeyRaw(), 50).ok());
        Peers p = makePeers();
        QVERIFY(p.alice->canEncrypt());
        QVERIFY(!p.bob->canEncrypt());
        const QString before = stateHex(*p.bob);
        QVERIFY(!p.bob->encrypt(text("too early")).ok());
        QCOMPARE(stateHex(*p.bob), before);
    }

    void conversation() {
        Peers p = makePeers();
        for (int round = 0; round < 5; ++round) {
            for (int i = 0; i <= round; ++i) {
                const std::string m = "alice " + std::to_string(round) + "." + std::to_string(i);
                QCOMPARE(receive(*p.bob, send(*p.alice, m)), QString::fromStdString(m));
            }
            const std::string r = "bob " + std::to_string(round);
            QCOMPARE(receive(*p.alice, send(*p.bob, r)), QString::fromStdString(r));
        }
        QVERIFY(p.alice->state().skipped.empty());
        QVERIFY(p.bob->state().skipped.empty());
    }

    void outOfOrderWithinChain() {
        Peers p = makePeers();
        std::vector<Bytes> m;
        for (int i = 0; i < 5; ++i) {
            m.push_back(send(*p.alice, "m" + std::to_string(i)));
        }
        QCOMPARE(receive(*p.bob, m[3]), QStringLiteral("m3"));
        QCOMPARE(p.bob->state().skipped.size(), std::size_t{3});
        QCOMPARE(receive(*p.bob, m[0]), QStringLiteral("m0"));
        QCOMPARE(receive(*p.bob, m[4]), QStringLiteral("m4"));
        QCOMPARE(receive(*p.bob, m[1]), QStringLiteral("m1"));
        QCOMPARE(receive(*p.bob, m[2]), QStringLiteral("m2"));
        QVERIFY(p.bob->state().skipped.empty());
    }

    void outOfOrderAcrossRatchetSteps() {
        Peers p = makePeers();
        Bytes a0 = send(*p.alice, "a0");
        Bytes a1 = send(*p.alice, "a1");
        QCOMPARE(receive(*p.bob, a1), QStringLiteral("a1"));
        Bytes b0 = send(*p.bob, "b0");
        Bytes b1 = send(*p.bob, "b1");
        QCOMPARE(receive(*p.alice, b1), QStringLiteral("b1")); // Alice steps, b0 skipped
        Bytes a2 = send(*p.alice, "a2");
        Bytes a3 = send(*p.alice, "a3");
        QCOMPARE(receive(*p.bob, a3), QStringLiteral("a3")); // Bob steps; a2 skipped, a0 kept
        QCOMPARE(p.bob->state().skipped.size(), std::size_t{2});
        Bytes b2 = send(*p.bob, "b2");
        QCOMPARE(receive(*p.alice, b2), QStringLiteral("b2"));
        // Stragglers from earlier chains still decrypt.
        QCOMPARE(receive(*p.bob, a0), QStringLiteral("a0"));
        QCOMPARE(receive(*p.alice, b0), QStringLiteral("b0"));
        QCOMPARE(receive(*p.bob, a2), QStringLiteral("a2"));
        QVERIFY(p.bob->state().skipped.empty());
        QVERIFY(p.alice->state().skipped.empty());
        QCOMPARE(receive(*p.bob, send(*p.alice, "a4")), QStringLiteral("a4"));
    }

    void lostMessages() {
        Peers p = makePeers();
        QCOMPARE(receive(*p.bob, send(*p.alice, "first")), QStringLiteral("first"));
        for (int i = 0; i < 10; ++i) {
            (void)send(*p.alice, "lost"); // never delivered
        }
        QCOMPARE(receive(*p.bob, send(*p.alice, "after loss")), QStringLiteral("after loss"));
        (void)send(*p.bob, "lost reply");
        QCOMPARE(receive(*p.alice, send(*p.bob, "reply")), QStringLiteral("reply"));
        QCOMPARE(receive(*p.bob, send(*p.alice, "again")), QStringLiteral("again"));
        QCOMPARE(p.bob->state().skipped.size(), std::size_t{10});
        QCOMPARE(p.alice->state().skipped.size(), std::size_t{1});
    }

    void skipBound() {
        Peers p = makePeers(kSmall);
        std::vector<Bytes> m;
        for (std::uint32_t i = 0; i <= kRatchetMaxSkip + 1; ++i) {
            m.push_back(send(*p.alice, "n" + std::to_string(i)));
        }
        const QString before = stateHex(*p.bob);
        auto tooFar = p.bob->decrypt(m[kRatchetMaxSkip + 1]);
        QVERIFY(!tooFar.ok());
        QCOMPARE(stateHex(*p.bob), before);
        QCOMPARE(receive(*p.bob, m[kRatchetMaxSkip]),
                 QString("n%1").arg(kRatchetMaxSkip)); // exactly MAX_SKIP skipped: fine
        QCOMPARE(p.bob->state().skipped.size(), std::size_t{kRatchetMaxSkip});
        QCOMPARE(receive(*p.bob, m[kRatchetMaxSkip + 1]), QString("n%1").arg(kRatchetMaxSkip + 1));
        QCOMPARE(receive(*p.bob, m[7]), QStringLiteral("n7"));

        // Too far ahead within a chain: Alice holds Nr = 1, the message has N = 1002.
        Peers q = makePeers(kSmall);
        QCOMPARE(receive(*q.bob, send(*q.alice, "hello")), QStringLiteral("hello"));
        QCOMPARE(receive(*q.alice, send(*q.bob, "hi")), QStringLiteral("hi"));
        for (std::uint32_t i = 0; i <= kRatchetMaxSkip; ++i) {
            (void)send(*q.bob, "lost");
        }
        const QString aliceBefore = stateHex(*q.alice);
        QVERIFY(!q.alice->decrypt(send(*q.bob, "late")).ok());
        QCOMPARE(stateHex(*q.alice), aliceBefore);

        // A DH ratchet step whose PN would skip more than MAX_SKIP of the old chain fails too.
        QCOMPARE(receive(*q.bob, send(*q.alice, "x")), QStringLiteral("x"));
        Bytes stepped = send(*q.bob, "y"); // PN = 1003, Alice's Nr in that chain = 1
        const QString aliceBeforeStep = stateHex(*q.alice);
        QVERIFY(!q.alice->decrypt(stepped).ok());
        QCOMPARE(stateHex(*q.alice), aliceBeforeStep);
        QCOMPARE(q.alice->state().skipped.size(), std::size_t{0});
    }

    void totalSkippedKeysAreCapped() {
        Peers p = makePeers(kSmall);
        Bytes firstOfAll;
        for (int round = 0; round < 3; ++round) {
            Bytes last;
            for (std::uint32_t i = 0; i <= kRatchetMaxSkip; ++i) {
                last = send(*p.alice, "r" + std::to_string(round) + "." + std::to_string(i));
                if (round == 0 && i == 0) {
                    firstOfAll = last;
                }
            }
            QCOMPARE(receive(*p.bob, last), QString("r%1.%2").arg(round).arg(kRatchetMaxSkip));
            QCOMPARE(receive(*p.alice, send(*p.bob, "ack")), QStringLiteral("ack"));
            QVERIFY(p.bob->state().skipped.size() <= kRatchetMaxSkippedKeys);
        }
        QCOMPARE(p.bob->state().skipped.size(), kRatchetMaxSkippedKeys);
        // The oldest chain's keys were dropped first.
        const QString before = stateHex(*p.bob);
        QVERIFY(!p.bob->decrypt(firstOfAll).ok());
        QCOMPARE(stateHex(*p.bob), before);
    }

    void tamperingLeavesStateUnchanged() {
        Peers p = makePeers();
        Bytes m0 = send(*p.alice, "genuine 0");
        Bytes m1 = send(*p.alice, "genuine 1");
        QCOMPARE(receive(*p.bob, m1), QStringLiteral("genuine 1")); // m0's key now skipped
        Bytes m2 = send(*p.alice, "genuine 2");

        for (const Bytes* genuine : {&m0, &m2}) {
            const QString before = stateHex(*p.bob);
            const std::vector<std::size_t> positions = {
                0, 1, 2, 3, 3 + 24, 3 + 79, 3 + 80, genuine->size() / 2, genuine->size() - 1};
            for (std::size_t pos : positions) {
                Bytes bad = *genuine;
                bad[pos] ^= 0x01;
                QVERIFY2(!p.bob->decrypt(bad).ok(), qPrintable(QString("flip at %1").arg(pos)));
                QCOMPARE(stateHex(*p.bob), before);
            }
            Bytes truncated(genuine->begin(), genuine->end() - 1);
            QVERIFY(!p.bob->decrypt(truncated).ok());
            Bytes extended = *genuine;
            extended.push_back(0);
            QVERIFY(!p.bob->decrypt(extended).ok());
            QVERIFY(!p.bob->decrypt(Bytes{}).ok());
            QCOMPARE(stateHex(*p.bob), before);
        }
        QCOMPARE(receive(*p.bob, m2), QStringLiteral("genuine 2"));
        QCOMPARE(receive(*p.bob, m0), QStringLiteral("genuine 0"));
    }

    void differentAssociatedDataFails() {
        Peers p = makePeers();
        X3dhResult other = p.bobX3dh;
        other.associatedData.back() ^= 0x01;
        DoubleRatchet bob2 = DoubleRatchet::initBob(other, p.bobRatchetKey).value();
        Bytes m = send(*p.alice, "bound to AD");
        const QString before = stateHex(bob2);
        QVERIFY(!bob2.decrypt(m).ok());
        QCOMPARE(stateHex(bob2), before);
        QCOMPARE(receive(*p.bob, m), QStringLiteral("bound to AD"));
    }

    void foreignMessageFails() {
        Peers p = makePeers();
        Peers q = makePeers();
        const QString before = stateHex(*p.bob);
        QVERIFY(!p.bob->decrypt(send(*q.alice, "not for you")).ok());
        QCOMPARE(stateHex(*p.bob), before);
    }

    void replayIsRejected() {
        Peers p = makePeers();
        Bytes m0 = send(*p.alice, "m0");
        Bytes m1 = send(*p.alice, "m1");
        Bytes m2 = send(*p.alice, "m2");
        QCOMPARE(receive(*p.bob, m0), QStringLiteral("m0"));
        QCOMPARE(receive(*p.bob, m2), QStringLiteral("m2"));
        QCOMPARE(receive(*p.bob, m1), QStringLiteral("m1")); // from a skipped key
        const QString before = stateHex(*p.bob);
        for (const Bytes* old : {&m0, &m1, &m2}) {
            QVERIFY(!p.bob->decrypt(*old).ok());
            QCOMPARE(stateHex(*p.bob), before);
        }
        // After both sides stepped, messages from the old chain still fail.
        QCOMPARE(receive(*p.alice, send(*p.bob, "r")), QStringLiteral("r"));
        QCOMPARE(receive(*p.bob, send(*p.alice, "m3")), QStringLiteral("m3"));
        QVERIFY(!p.bob->decrypt(m0).ok());
        QVERIFY(!p.bob->decrypt(m1).ok());
    }

    void serializeMidConversation() {
        Peers p = makePeers();
        Bytes a0 = send(*p.alice, "a0");
        QCOMPARE(receive(*p.bob, send(*p.alice, "a1")), QStringLiteral("a1"));
        Bytes b0 = send(*p.bob, "b0");
        QCOMPARE(receive(*p.alice, send(*p.bob, "b1")), QStringLiteral("b1"));

        const SecretBytes blob = p.bob->serialize();
        QCOMPARE(blob.view()[0], kRatchetStateVersion);
        DoubleRatchet bob = DoubleRatchet::deserialize(blob.view()).value();
        DoubleRatchet alice = restore(*p.alice);
        QCOMPARE(stateHex(bob), stateHex(*p.bob));
        QCOMPARE(bob.messageLength(), p.bob->messageLength());

        QCOMPARE(receive(bob, a0), QStringLiteral("a0"));
        QCOMPARE(receive(alice, b0), QStringLiteral("b0"));
        QCOMPARE(receive(bob, send(alice, "a2")), QStringLiteral("a2"));
        QCOMPARE(receive(alice, send(bob, "b2")), QStringLiteral("b2"));
        QCOMPARE(receive(bob, send(alice, "a3")), QStringLiteral("a3"));

        // Malformed blobs are errors, never crashes.
        Bytes raw(blob.view().begin(), blob.view().end());
        QVERIFY(!DoubleRatchet::deserialize(ByteView(raw).first(raw.size() - 1)).ok());
        Bytes longer = raw;
        longer.push_back(0);
        QVERIFY(!DoubleRatchet::deserialize(longer).ok());
        Bytes wrongVersion = raw;
        wrongVersion[0] = 9;
        QVERIFY(!DoubleRatchet::deserialize(wrongVersion).ok());
        QVERIFY(!DoubleRatchet::deserialize(Bytes{}).ok());
        for (std::size_t cut = 0; cut < raw.size(); cut += 7) {
            QVERIFY(!DoubleRatchet::deserialize(ByteView(raw).first(cut)).ok());
        }
    }

    void forwardSecrecy() {
        Peers p = makePeers();
        Bytes m0 = send(*p.alice, "m0");
        Bytes m1 = send(*p.alice, "m1");
        Bytes m2 = send(*p.alice, "m2");
        QCOMPARE(receive(*p.bob, m1), QStringLiteral("m1"));
        QCOMPARE(p.bob->state().skipped.size(), std::size_t{1});
        const SecretBytes skippedKey = p.bob->state().skipped.front().messageKey;
        QVERIFY(contains(p.bob->serialize().view(), skippedKey.view()));

        // The key of the next in-order message, derived from the chain key before it is used.
        const SecretBytes oldChainKey = p.bob->state().receiveChainKey;
        const SecretBytes nextKey = kdfChainKey(oldChainKey.view()).messageKey;

        QCOMPARE(receive(*p.bob, m0), QStringLiteral("m0"));
        QCOMPARE(receive(*p.bob, m2), QStringLiteral("m2"));
        const SecretBytes blob = p.bob->serialize();
        QVERIFY(!contains(blob.view(), skippedKey.view()));
        QVERIFY(!contains(blob.view(), nextKey.view()));
        QVERIFY(!contains(blob.view(), oldChainKey.view()));

        // A copy of the current state cannot decrypt the earlier messages again.
        DoubleRatchet copy = DoubleRatchet::deserialize(blob.view()).value();
        QVERIFY(!copy.decrypt(m0).ok());
        QVERIFY(!copy.decrypt(m1).ok());
        QVERIFY(!copy.decrypt(m2).ok());
    }

    void breakInRecovery() {
        Peers p = makePeers();
        QCOMPARE(receive(*p.bob, send(*p.alice, "before")), QStringLiteral("before"));
        const SecretBytes stolen = p.bob->serialize(); // the attacker's snapshot at time T
        auto attacker = [&] { return DoubleRatchet::deserialize(stolen.view()).value(); };

        // Same sending chain as before T: the snapshot reads it.
        Bytes sameChain = send(*p.alice, "same chain");
        QCOMPARE(receive(*p.bob, sameChain), QStringLiteral("same chain"));
        DoubleRatchet eve = attacker();
        QCOMPARE(receive(eve, sameChain), QStringLiteral("same chain"));

        // Alice steps on Bob's reply; her new DH still uses Bob's snapshotted ratchet key, so the
        // snapshot still reads it.
        QCOMPARE(receive(*p.alice, send(*p.bob, "reply 1")), QStringLiteral("reply 1"));
        Bytes afterAliceStep = send(*p.alice, "after alice's step");
        QCOMPARE(receive(*p.bob, afterAliceStep), QStringLiteral("after alice's step"));
        QCOMPARE(receive(eve, afterAliceStep), QStringLiteral("after alice's step"));

        // Bob steps (fresh key the attacker does not have), then Alice again: recovered.
        QCOMPARE(receive(*p.alice, send(*p.bob, "reply 2")), QStringLiteral("reply 2"));
        std::vector<Bytes> later;
        for (int i = 0; i < 3; ++i) {
            later.push_back(send(*p.alice, "secret " + std::to_string(i)));
            QCOMPARE(receive(*p.bob, later.back()), QString("secret %1").arg(i));
        }
        for (const Bytes& m : later) {
            QVERIFY(!eve.decrypt(m).ok());
            DoubleRatchet fresh = attacker();
            QVERIFY(!fresh.decrypt(m).ok());
        }
    }

    void equalLengths() {
        Peers p = makePeers();
        const std::size_t max = p.alice->maxPlaintextLength();
        QCOMPARE(max, kDefaultRatchetMessageLength - kRatchetMessageOverhead - kPaddingOverhead);
        for (std::size_t length : {std::size_t{0}, std::size_t{1}, std::size_t{100}, max}) {
            auto m = p.alice->encrypt(Bytes(length, 0x5A));
            QVERIFY(m.ok());
            QCOMPARE(m->size(), kDefaultRatchetMessageLength);
            auto plain = p.bob->decrypt(*m);
            QVERIFY(plain.ok());
            QCOMPARE(plain->size(), length);
        }
        const QString before = stateHex(*p.alice);
        auto tooLong = p.alice->encrypt(Bytes(max + 1, 0x5A));
        QVERIFY(!tooLong.ok());
        QCOMPARE(tooLong.error().code,
                 std::error_code(ferry::core::crypto::CryptoErrc::RatchetTooLong));
        QCOMPARE(stateHex(*p.alice), before);

        Peers q = makePeers(kSmall);
        QCOMPARE(send(*q.alice, "x").size(), kSmall);
        QCOMPARE(send(*q.alice, std::string(q.alice->maxPlaintextLength(), 'y')).size(), kSmall);
    }
};

QTEST_APPLESS_MAIN(TestDoubleRatchet)
#include "test_double_ratchet.moc"
