// Byte-exact vectors for SMP client commands, v6–v10. Every expected byte string is written
// out from the simplexmq reference (Protocol.hs `encodeProtocol` / `protocolP` for Command,
// `checkCredentials`; Encoding.hs instances), never from Ferry's own encoder.
#include "byte_literals.h"
#include "crypto/public_key.h"
#include "smp/command.h"
#include "smp/server_address.h"
#include "smp_test_helpers.h"

#include <QtTest>
#include <string>

using namespace ferry::core;
using namespace ferry::core::smp;
using namespace ferry::test;
using crypto::KeyAlgorithm;
using crypto::PublicKey;

Q_DECLARE_METATYPE(ferry::core::smp::Command)

namespace {

const PublicKey kRcvAuth = ed(0x11);
const PublicKey kRcvDh = xk(0x22);
const PublicKey kSndKey = ed(0x33);
const PublicKey kNtfKey = ed(0x44);
const PublicKey kNtfDh = xk(0x45);
const PublicKey kFwdKey = xk(0x55);

// sndSecure: the v9-14 flag (a queue mode); none below v9.
cmd::New newCmd(std::optional<std::string> pw, SubscriptionMode mode, std::optional<bool> sndSecure,
                PublicKey authKey = kRcvAuth) {
    cmd::New n;
    n.rcvAuthKey = std::move(authKey);
    n.rcvDhKey = kRcvDh;
    if (pw)
        n.basicAuth = ascii(*pw);
    n.subMode = mode;
    if (sndSecure)
        n.queueRequest =
            QueueRequest{*sndSecure ? QueueMode::Messaging : QueueMode::Contact, std::nullopt};
    return n;
}

// Binary SMPServer (Protocol.hs `instance Encoding (ProtocolServer p)` = (host, port, keyHash)):
// NonEmpty TransportHost (count byte, shortString text each) ‖ shortString port ‖ shortString
// keyHash.
Bytes binaryServer(const std::vector<std::string>& hosts, const std::string& port) {
    Bytes out{static_cast<std::uint8_t>(hosts.size())};
    for (const auto& h : hosts)
        append(out, shortStr(ascii(h)));
    return cat(out, shortStr(ascii(port)), shortStr(repeat(0xab, 32)));
}

// The typed server a binary PRXY server decodes to (server_address.h).
smp::ServerAddress server(const Bytes& binary) {
    auto decoded = smp::decodeServerAddress(ByteView(binary));
    return decoded ? *decoded : smp::ServerAddress{};
}

const Bytes kMsgId = hex("000102030405060708090a0b0c0d0e0f1011121314151617"); // 24 bytes
const Bytes kBinaryBody = cat(ascii("hello world "), hex("00 ff 20 0a 7f 80 20"), ascii(" end"));

} // namespace

class TestCommands : public QObject {
    Q_OBJECT

private slots:
    // ---- exact encoding, and decoding those bytes gives the value back ----
    void encode_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<Command>("command");
        QTest::addColumn<QByteArray>("wire");

        const Bytes newHead = cat(ascii("NEW "), wireKey(kRcvAuth), wireKey(kRcvDh));
        for (int v : {6, 7, 8}) {
            // encodeProtocol NEW, v < sndAuthKeySMPVersion: new <> maybe "" ('A', auth) <> subMode
            QTest::addRow("v%d NEW S", v)
                << v << Command{newCmd(std::nullopt, SubscriptionMode::Subscribe, std::nullopt)}
                << qb(cat(newHead, ascii("S")));
            QTest::addRow("v%d NEW C", v)
                << v << Command{newCmd(std::nullopt, SubscriptionMode::OnlyCreate, std::nullopt)}
                << qb(cat(newHead, ascii("C")));
            QTest::addRow("v%d NEW A pw S", v)
                << v << Command{newCmd("s3cret!", SubscriptionMode::Subscribe, std::nullopt)}
                << qb(cat(newHead, ascii("A"), shortStr(ascii("s3cret!")), ascii("S")));
            QTest::addRow("v%d NEW A pw C", v)
                << v << Command{newCmd("s3cret!", SubscriptionMode::OnlyCreate, std::nullopt)}
                << qb(cat(newHead, ascii("A"), shortStr(ascii("s3cret!")), ascii("C")));
            QTest::addRow("v%d NEW A empty-pw C", v)
                << v << Command{newCmd("", SubscriptionMode::OnlyCreate, std::nullopt)}
                << qb(cat(newHead, ascii("A"), hex("00"), ascii("C")));
            // rcvAuthKey is APublicAuthKey: Ed25519, Ed448 or X25519
            QTest::addRow("v%d NEW Ed448 auth key", v)
                << v
                << Command{newCmd(std::nullopt, SubscriptionMode::Subscribe, std::nullopt,
                                  key(KeyAlgorithm::Ed448, 0x12))}
                << qb(cat(ascii("NEW "), wireKey(key(KeyAlgorithm::Ed448, 0x12)), wireKey(kRcvDh),
                          ascii("S")));
        }
        for (int v : {7, 8, 9, 10}) {
            const bool v9 = v >= 9;
            QTest::addRow("v%d NEW X25519 auth key", v)
                << v
                << Command{newCmd(std::nullopt, SubscriptionMode::Subscribe,
                                  v9 ? std::optional<bool>(false) : std::nullopt, xk(0x13))}
                << qb(cat(ascii("NEW "), wireKey(xk(0x13)), wireKey(kRcvDh),
                          ascii(v9 ? "0SF" : "S")));
        }
        // encodeProtocol NEW, v >= sndAuthKeySMPVersion: new <> (Maybe auth, subMode, Bool)
        QTest::addRow("v9 NEW 0 S F")
            << 9 << Command{newCmd(std::nullopt, SubscriptionMode::Subscribe, false)}
            << qb(cat(newHead, ascii("0SF")));
        QTest::addRow("v9 NEW 0 C T")
            << 9 << Command{newCmd(std::nullopt, SubscriptionMode::OnlyCreate, true)}
            << qb(cat(newHead, ascii("0CT")));
        QTest::addRow("v9 NEW 1 pw S T")
            << 9 << Command{newCmd("s3cret!", SubscriptionMode::Subscribe, true)}
            << qb(cat(newHead, ascii("1"), shortStr(ascii("s3cret!")), ascii("ST")));
        QTest::addRow("v9 NEW 1 pw C F")
            << 9 << Command{newCmd("s3cret!", SubscriptionMode::OnlyCreate, false)}
            << qb(cat(newHead, ascii("1"), shortStr(ascii("s3cret!")), ascii("CF")));
        QTest::addRow("v9 NEW 1 empty-pw S F")
            << 9 << Command{newCmd("", SubscriptionMode::Subscribe, false)}
            << qb(cat(newHead, ascii("1"), hex("00"), ascii("SF")));
        // v10 adds no command field: NEW is the v9 form until short links (v15).
        QTest::addRow("v10 NEW 1 pw S T")
            << 10 << Command{newCmd("s3cret!", SubscriptionMode::Subscribe, true)}
            << qb(cat(newHead, ascii("1"), shortStr(ascii("s3cret!")), ascii("ST")));

        for (int v : {6, 7, 8, 9, 10}) {
            // Tag-only commands: e SUB_, e NDEL_, ...
            QTest::addRow("v%d SUB", v) << v << Command{cmd::Sub{}} << qb(ascii("SUB"));
            QTest::addRow("v%d NDEL", v) << v << Command{cmd::NDel{}} << qb(ascii("NDEL"));
            QTest::addRow("v%d GET", v) << v << Command{cmd::Get{}} << qb(ascii("GET"));
            QTest::addRow("v%d OFF", v) << v << Command{cmd::Off{}} << qb(ascii("OFF"));
            QTest::addRow("v%d DEL", v) << v << Command{cmd::Del{}} << qb(ascii("DEL"));
            QTest::addRow("v%d QUE", v) << v << Command{cmd::Que{}} << qb(ascii("QUE"));
            QTest::addRow("v%d PING", v) << v << Command{cmd::Ping{}} << qb(ascii("PING"));
            // KEY k -> (KEY_, ' ', k)
            QTest::addRow("v%d KEY ed25519", v)
                << v << Command{cmd::Key{kSndKey}} << qb(cat(ascii("KEY "), wireKey(kSndKey)));
            QTest::addRow("v%d KEY x25519", v)
                << v << Command{cmd::Key{xk(0x34)}} << qb(cat(ascii("KEY "), wireKey(xk(0x34))));
            // NKEY k dhKey -> (NKEY_, ' ', k, dhKey)
            QTest::addRow("v%d NKEY", v)
                << v << Command{cmd::NKey{kNtfKey, kNtfDh}}
                << qb(cat(ascii("NKEY "), wireKey(kNtfKey), wireKey(kNtfDh)));
            // ACK msgId -> (ACK_, ' ', msgId) with msgId a shortString
            QTest::addRow("v%d ACK", v)
                << v << Command{cmd::Ack{kMsgId}} << qb(cat(ascii("ACK "), shortStr(kMsgId)));
            QTest::addRow("v%d ACK empty id", v)
                << v << Command{cmd::Ack{Bytes{}}} << qb(ascii(std::string("ACK \0", 5)));
            // SEND flags msg -> (SEND_, ' ', flags, ' ', Tail msg); MsgFlags = notification Bool
            QTest::addRow("v%d SEND F text", v) << v << Command{cmd::Send{false, ascii("hi there")}}
                                                << qb(ascii("SEND F hi there"));
            QTest::addRow("v%d SEND T binary", v) << v << Command{cmd::Send{true, kBinaryBody}}
                                                  << qb(cat(ascii("SEND T "), kBinaryBody));
            QTest::addRow("v%d SEND F empty", v)
                << v << Command{cmd::Send{false, Bytes{}}} << qb(ascii("SEND F "));
            QTest::addRow("v%d SEND T leading space", v)
                << v << Command{cmd::Send{true, ascii("  x ")}} << qb(ascii("SEND T   x "));
        }
        // SKEY k -> (SKEY_, ' ', k); sndAuthKeySMPVersion = 9
        QTest::addRow("v9 SKEY ed25519")
            << 9 << Command{cmd::SKey{kSndKey}} << qb(cat(ascii("SKEY "), wireKey(kSndKey)));
        QTest::addRow("v9 SKEY x25519")
            << 9 << Command{cmd::SKey{xk(0x35)}} << qb(cat(ascii("SKEY "), wireKey(xk(0x35))));

        // Proxy commands, sendingProxySMPVersion = 8.
        const Bytes srv2 = binaryServer({"smp.example.com", "192.168.0.1"}, "5223");
        const Bytes srvOnion = binaryServer({"abcdefghijklmnop.onion"}, "443");
        const Bytes srvNoPort = binaryServer({"relay.test"}, "");
        const Bytes fwdBody = cat(hex("00 20 ff"), ascii(" encrypted transmission "), hex("20 00"));
        for (int v : {8, 9}) {
            // PRXY host auth_ -> (PRXY_, ' ', host, auth_) with auth_ :: Maybe BasicAuth
            QTest::addRow("v%d PRXY 2 hosts no auth", v)
                << v << Command{cmd::Prxy{server(srv2), std::nullopt}}
                << qb(cat(ascii("PRXY "), srv2, ascii("0")));
            QTest::addRow("v%d PRXY onion with auth", v)
                << v << Command{cmd::Prxy{server(srvOnion), ascii("pass")}}
                << qb(cat(ascii("PRXY "), srvOnion, ascii("1"), shortStr(ascii("pass"))));
            QTest::addRow("v%d PRXY empty port", v)
                << v << Command{cmd::Prxy{server(srvNoPort), std::nullopt}}
                << qb(cat(ascii("PRXY "), srvNoPort, ascii("0")));
            // PFWD fwdV pubKey s -> (PFWD_, ' ', Word16 fwdV, X25519 key, Tail s)
            QTest::addRow("v%d PFWD", v)
                << v << Command{cmd::Pfwd{9, kFwdKey, fwdBody}}
                << qb(cat(ascii("PFWD "), hex("0009"), wireKey(kFwdKey), fwdBody));
            QTest::addRow("v%d PFWD v0x0102 empty", v)
                << v << Command{cmd::Pfwd{0x0102, kFwdKey, Bytes{}}}
                << qb(cat(ascii("PFWD "), hex("0102"), wireKey(kFwdKey)));
            // RFWD s -> (RFWD_, ' ', Tail s)
            QTest::addRow("v%d RFWD", v)
                << v << Command{cmd::Rfwd{fwdBody}} << qb(cat(ascii("RFWD "), fwdBody));
        }

        // Short links, shortLinksSMPVersion = 15. NEW v15: (NEW_, ' ', rcvAuthKey, rcvDhKey,
        // Maybe auth, subMode, Maybe QueueReqData); QueueReqData: ('M', Maybe (sndId, linkData))
        // or ('C', Maybe (linkId, (sndId, linkData))); link data: two Large strings.
        const Bytes sndId = repeat(0x5d, 24);
        const Bytes linkId = repeat(0x1d, 24);
        const Bytes fixed = repeat(0xf1, 300); // > 255: a Word16 length
        const Bytes user = ascii("user data");
        const Bytes linkData = cat(hex("012c"), fixed, hex("0009"), user);
        const QueueLinkData data{fixed, user};
        auto newV15 = [](std::optional<QueueRequest> request) {
            cmd::New n = newCmd(std::nullopt, SubscriptionMode::Subscribe, std::nullopt);
            n.queueRequest = std::move(request);
            return Command{n};
        };
        QTest::addRow("v15 NEW no request")
            << 15 << newV15(std::nullopt) << qb(cat(newHead, ascii("0S0")));
        QTest::addRow("v15 NEW messaging, no link")
            << 15 << newV15(QueueRequest{QueueMode::Messaging, std::nullopt})
            << qb(cat(newHead, ascii("0S1M0")));
        QTest::addRow("v15 NEW contact, no link")
            << 15 << newV15(QueueRequest{QueueMode::Contact, std::nullopt})
            << qb(cat(newHead, ascii("0S1C0")));
        QTest::addRow("v15 NEW messaging with link")
            << 15 << newV15(QueueRequest{QueueMode::Messaging, QueueRequest::Link{{}, sndId, data}})
            << qb(cat(newHead, ascii("0S1M1"), shortStr(sndId), linkData));
        QTest::addRow("v15 NEW contact with link")
            << 15
            << newV15(QueueRequest{QueueMode::Contact, QueueRequest::Link{linkId, sndId, data}})
            << qb(cat(newHead, ascii("0S1C1"), shortStr(linkId), shortStr(sndId), linkData));
        // LSET lnkId d -> (LSET_, ' ', lnkId, d); LDEL, LGET: the tag; LKEY k -> (LKEY_, ' ', k)
        QTest::addRow("v15 LSET") << 15 << Command{cmd::LSet{linkId, data}}
                                  << qb(cat(ascii("LSET "), shortStr(linkId), linkData));
        QTest::addRow("v15 LDEL") << 15 << Command{cmd::LDel{}} << qb(ascii("LDEL"));
        QTest::addRow("v15 LKEY") << 15 << Command{cmd::LKey{kSndKey}}
                                  << qb(cat(ascii("LKEY "), wireKey(kSndKey)));
        QTest::addRow("v15 LGET") << 15 << Command{cmd::LGet{}} << qb(ascii("LGET"));

        // v17 NEW: ... Maybe QueueReqData, Maybe NewNtfCreds (ntfKey, ntfDhKey)
        cmd::New withNtf = newCmd(std::nullopt, SubscriptionMode::Subscribe, std::nullopt);
        withNtf.queueRequest = QueueRequest{QueueMode::Messaging, std::nullopt};
        QTest::addRow("v17 NEW without notifier")
            << 17 << Command{withNtf} << qb(cat(newHead, ascii("0S1M00")));
        withNtf.ntfCreds = cmd::NewNtfCreds{kNtfKey, kNtfDh};
        QTest::addRow("v17 NEW with notifier")
            << 17 << Command{withNtf}
            << qb(cat(newHead, ascii("0S1M01"), wireKey(kNtfKey), wireKey(kNtfDh)));
        // v16 service subscriptions: the tags alone
        QTest::addRow("v16 SUBS") << 16 << Command{cmd::Subs{}} << qb(ascii("SUBS"));
        QTest::addRow("v16 NSUBS") << 16 << Command{cmd::NSubs{}} << qb(ascii("NSUBS"));
    }

    void encode() {
        QFETCH(int, version);
        QFETCH(Command, command);
        QFETCH(QByteArray, wire);
        QCOMPARE(hexOf(encodeCommand(static_cast<Version>(version), command)), hexOf(fromQ(wire)));
    }

    void decode_data() { encode_data(); }

    void decode() {
        QFETCH(int, version);
        QFETCH(Command, command);
        QFETCH(QByteArray, wire);
        const Bytes in = fromQ(wire);
        const auto r = decodeCommand(static_cast<Version>(version), in);
        QVERIFY2(r.ok(),
                 r.ok()
                     ? ""
                     : (ferry::core::errorTag(r.error().code) + ": " + r.error().message).c_str());
        QCOMPARE(r->index(), command.index());
        QVERIFY(*r == command);
        QCOMPARE(QString(commandTag(*r)), QString(commandTag(command)));
    }

    // ---- bytes the reference accepts but would never produce ----
    void decodeLenient_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<Command>("command");
        for (int v : {6, 9}) {
            // MsgFlags smpP: Bool, then A.takeTill (== ' ') skips future flag characters
            QTest::addRow("v%d SEND extra flags", v)
                << v << qb(ascii("SEND TXYZ body")) << Command{cmd::Send{true, ascii("body")}};
            QTest::addRow("v%d SEND F + flag chars", v)
                << v << qb(ascii("SEND FT body text"))
                << Command{cmd::Send{false, ascii("body text")}};
            // ...which means the first body word can be eaten as flags when there are two spaces
            QTest::addRow("v%d SEND Tword rest", v)
                << v << qb(ascii("SEND Tword rest")) << Command{cmd::Send{true, ascii("rest")}};
        }
        // CommandError/auth: the v6-8 parser reads `optional (A.char 'A' *> smpP)`
        // (no lenient forms beyond the above in NEW)
    }

    void decodeLenient() {
        QFETCH(int, version);
        QFETCH(QByteArray, wire);
        QFETCH(Command, command);
        const Bytes in = fromQ(wire);
        const auto r = decodeCommand(static_cast<Version>(version), in);
        QVERIFY2(r.ok(),
                 r.ok()
                     ? ""
                     : (ferry::core::errorTag(r.error().code) + ": " + r.error().message).c_str());
        QVERIFY(*r == command);
    }

    // ---- what a version lacks is left out ----
    void encodeDropsWhatTheVersionLacks() {
        // senderCanSecure only exists from v9: the same value encodes differently.
        const Command n = newCmd("pw", SubscriptionMode::OnlyCreate, true);
        const Bytes head = cat(ascii("NEW "), wireKey(kRcvAuth), wireKey(kRcvDh));
        QCOMPARE(hexOf(encodeCommand(8, n)),
                 hexOf(cat(head, ascii("A"), shortStr(ascii("pw")), ascii("C"))));
        QCOMPARE(hexOf(encodeCommand(9, n)),
                 hexOf(cat(head, ascii("1"), shortStr(ascii("pw")), ascii("CT"))));
        // ...and decoding the v8 form yields senderCanSecure = false.
        const Bytes v8 = encodeCommand(8, n);
        const auto r = decodeCommand(8, v8);
        QVERIFY(r.ok());
        QVERIFY(std::holds_alternative<cmd::New>(*r));
        QCOMPARE(std::get<cmd::New>(*r).senderCanSecure(), false);
        QVERIFY(std::get<cmd::New>(*r).basicAuth == ascii("pw"));
    }

    void v9FlagIsTheModeBeforeV15() {
        // A v9-14 NEW says only whether the sender may secure: the reference reads it as the
        // mode, and the mode goes out as that flag; a link needs v15.
        const cmd::New n = newCmd(std::nullopt, SubscriptionMode::Subscribe, true);
        for (int v : {9, 14}) {
            const auto r = decodeCommand(v, encodeCommand(v, n));
            QVERIFY(r.ok());
            QVERIFY(std::get<cmd::New>(*r).queueRequest ==
                    (QueueRequest{QueueMode::Messaging, std::nullopt}));
        }
        cmd::New withLink = n;
        withLink.queueRequest->link = QueueRequest::Link{{}, repeat(1, 24), {ascii("f"), {}}};
        QCOMPARE(hexOf(encodeCommand(14, withLink)), hexOf(encodeCommand(14, n)));
    }

    // ---- malformed input: parseProtocol gives CMD UNKNOWN for a tag, CMD SYNTAX otherwise ----
    void decodeErrors_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("code");

        const Bytes edSpki = spki(kSndKey);
        const Bytes newHead = cat(ascii("NEW "), wireKey(kRcvAuth), wireKey(kRcvDh));
        for (int v : {6, 7, 8, 9}) {
            // decodeTag on B.break (== ' '): anything not a known tag
            QTest::addRow("v%d empty", v) << v << QByteArray() << "unknown";
            QTest::addRow("v%d FOO", v) << v << qb(ascii("FOO")) << "unknown";
            QTest::addRow("v%d lower-case sub", v) << v << qb(ascii("sub")) << "unknown";
            QTest::addRow("v%d SUBX", v) << v << qb(ascii("SUBX")) << "unknown";
            QTest::addRow("v%d response tag OK", v) << v << qb(ascii("OK")) << "unknown";
            QTest::addRow("v%d leading space", v) << v << qb(ascii(" SUB")) << "unknown";
            // No space after the tag: the whole run up to the first space is the tag.
            QTest::addRow("v%d KEY no space", v)
                << v << qb(cat(ascii("KEY"), wireKey(kSndKey))) << "unknown";

            // Tag known, parameters fail the parser (with A.endOfInput) -> SYNTAX
            QTest::addRow("v%d SUB trailing space", v) << v << qb(ascii("SUB ")) << "syntax";
            QTest::addRow("v%d SUB trailing bytes", v) << v << qb(ascii("SUB x")) << "syntax";
            QTest::addRow("v%d PING trailing bytes", v) << v << qb(ascii("PING 1")) << "syntax";
            QTest::addRow("v%d GET trailing bytes", v) << v << qb(ascii("GET  ")) << "syntax";
            QTest::addRow("v%d NEW no params", v) << v << qb(ascii("NEW")) << "syntax";
            QTest::addRow("v%d KEY no params", v) << v << qb(ascii("KEY")) << "syntax";
            QTest::addRow("v%d KEY space only", v) << v << qb(ascii("KEY ")) << "syntax";
            QTest::addRow("v%d KEY truncated key", v)
                << v
                << qb(cat(ascii("KEY "), hex("2c"), Bytes(edSpki.begin(), edSpki.begin() + 20)))
                << "syntax";
            QTest::addRow("v%d KEY SPKI 31-byte key", v)
                << v
                << qb(cat(ascii("KEY "),
                          shortStr(cat(hex("302a300506032b6570032100"), repeat(0x33, 31)))))
                << "syntax";
            QTest::addRow("v%d KEY SPKI 33-byte key", v)
                << v
                << qb(cat(ascii("KEY "),
                          shortStr(cat(hex("302a300506032b6570032100"), repeat(0x33, 33)))))
                << "syntax";
            QTest::addRow("v%d KEY SPKI trailing DER byte", v)
                << v << qb(cat(ascii("KEY "), shortStr(cat(edSpki, hex("00"))))) << "syntax";
            QTest::addRow("v%d KEY unknown OID", v)
                << v
                << qb(cat(ascii("KEY "),
                          shortStr(cat(hex("302a300506032b6571032100"), repeat(0x33, 32)))))
                << "syntax";
            QTest::addRow("v%d KEY raw key not SPKI", v)
                << v << qb(cat(ascii("KEY "), shortStr(repeat(0x33, 32)))) << "syntax";
            // X448 is not an AuthAlgorithm
            QTest::addRow("v%d KEY X448", v)
                << v << qb(cat(ascii("KEY "), wireKey(key(KeyAlgorithm::X448, 0x36)))) << "syntax";
            QTest::addRow("v%d KEY trailing bytes", v)
                << v << qb(cat(ascii("KEY "), wireKey(kSndKey), ascii("x"))) << "syntax";
            // NKEY's second key is a PublicKeyX25519
            QTest::addRow("v%d NKEY ed25519 dh", v)
                << v << qb(cat(ascii("NKEY "), wireKey(kNtfKey), wireKey(ed(0x46)))) << "syntax";
            QTest::addRow("v%d NKEY one key", v)
                << v << qb(cat(ascii("NKEY "), wireKey(kNtfKey))) << "syntax";
            // NEW: rcvDhKey must be X25519
            QTest::addRow("v%d NEW ed25519 dh", v)
                << v
                << qb(cat(ascii("NEW "), wireKey(kRcvAuth), wireKey(ed(0x22)),
                          ascii(v >= 9 ? "0SF" : "S")))
                << "syntax";
            QTest::addRow("v%d NEW keys only", v) << v << qb(newHead) << "syntax";
            QTest::addRow("v%d ACK no id", v) << v << qb(ascii("ACK")) << "syntax";
            QTest::addRow("v%d ACK short id", v)
                << v << qb(cat(ascii("ACK "), hex("18"), repeat(1, 23))) << "syntax";
            QTest::addRow("v%d ACK trailing", v)
                << v << qb(cat(ascii("ACK "), shortStr(kMsgId), ascii(" "))) << "syntax";
            QTest::addRow("v%d SEND no params", v) << v << qb(ascii("SEND")) << "syntax";
            QTest::addRow("v%d SEND flags only", v) << v << qb(ascii("SEND T")) << "syntax";
            QTest::addRow("v%d SEND flags no space", v) << v << qb(ascii("SEND Tbody")) << "syntax";
            QTest::addRow("v%d SEND bad Bool", v) << v << qb(ascii("SEND X body")) << "syntax";
            QTest::addRow("v%d SEND lower-case t", v) << v << qb(ascii("SEND t body")) << "syntax";
            QTest::addRow("v%d SEND no flags", v) << v << qb(ascii("SEND  body")) << "syntax";
        }
        for (int v : {6, 7, 8}) {
            QTest::addRow("v%d NEW bad mode", v) << v << qb(cat(newHead, ascii("X"))) << "syntax";
            QTest::addRow("v%d NEW lower-case mode", v)
                << v << qb(cat(newHead, ascii("s"))) << "syntax";
            QTest::addRow("v%d NEW trailing", v) << v << qb(cat(newHead, ascii("SS"))) << "syntax";
            QTest::addRow("v%d NEW A without pw", v)
                << v << qb(cat(newHead, ascii("AS"))) << "syntax";
            QTest::addRow("v%d NEW A pw no mode", v)
                << v << qb(cat(newHead, ascii("A"), shortStr(ascii("pw")))) << "syntax";
            // BasicAuth: isPrint, not isSpace, and not '@' ':' '/'
            for (const char* bad : {"pa ss", "a:b", "a@b", "a/b", "tab\t", "\x01"})
                QTest::addRow("v%d NEW pw %s", v, QByteArray(bad).toPercentEncoding().constData())
                    << v << qb(cat(newHead, ascii("A"), shortStr(ascii(bad)), ascii("S")))
                    << "syntax";
            // The v9 form is not a v6-8 NEW (mode would be '0') ...
            QTest::addRow("v%d NEW in v9 form", v)
                << v << qb(cat(newHead, ascii("0SF"))) << "syntax";
        }
        // ... and v6-8 forms are not v9 NEWs.
        QTest::addRow("v9 NEW in v8 form") << 9 << qb(cat(newHead, ascii("S"))) << "syntax";
        QTest::addRow("v9 NEW in v8 form with A")
            << 9 << qb(cat(newHead, ascii("A"), shortStr(ascii("pw")), ascii("S"))) << "syntax";
        QTest::addRow("v9 NEW no Bool") << 9 << qb(cat(newHead, ascii("0S"))) << "syntax";
        QTest::addRow("v9 NEW bad Bool") << 9 << qb(cat(newHead, ascii("0SX"))) << "syntax";
        QTest::addRow("v9 NEW bad Maybe tag") << 9 << qb(cat(newHead, ascii("2SF"))) << "syntax";
        QTest::addRow("v9 NEW bad mode") << 9 << qb(cat(newHead, ascii("0XF"))) << "syntax";
        QTest::addRow("v9 NEW trailing") << 9 << qb(cat(newHead, ascii("0SFF"))) << "syntax";
        for (const char* bad : {"pa ss", "a:b", "a@b", "a/b", "\x7f"})
            QTest::addRow("v9 NEW pw %s", QByteArray(bad).toPercentEncoding().constData())
                << 9 << qb(cat(newHead, ascii("1"), shortStr(ascii(bad)), ascii("SF"))) << "syntax";
        QTest::addRow("v9 SKEY trailing")
            << 9 << qb(cat(ascii("SKEY "), wireKey(kSndKey), ascii("T"))) << "syntax";
        QTest::addRow("v9 SKEY no key") << 9 << qb(ascii("SKEY")) << "syntax";

        const Bytes srv = binaryServer({"smp.example.com"}, "5223");
        for (int v : {8, 9}) {
            QTest::addRow("v%d PRXY no Maybe", v) << v << qb(cat(ascii("PRXY "), srv)) << "syntax";
            QTest::addRow("v%d PRXY bad Maybe tag", v)
                << v << qb(cat(ascii("PRXY "), srv, ascii("2"))) << "syntax";
            QTest::addRow("v%d PRXY trailing", v)
                << v << qb(cat(ascii("PRXY "), srv, ascii("0 "))) << "syntax";
            QTest::addRow("v%d PRXY bad auth char", v)
                << v << qb(cat(ascii("PRXY "), srv, ascii("1"), shortStr(ascii("a:b"))))
                << "syntax";
            // NonEmpty: a zero count fails ("empty list")
            QTest::addRow("v%d PRXY no hosts", v)
                << v
                << qb(cat(ascii("PRXY "), hex("00"), shortStr(ascii("5223")),
                          shortStr(repeat(0xab, 32)), ascii("0")))
                << "syntax";
            // TransportHost smpP = parseAll strP: a host with a space is not a host
            QTest::addRow("v%d PRXY bad host", v)
                << v << qb(cat(ascii("PRXY "), binaryServer({"bad host"}, "5223"), ascii("0")))
                << "syntax";
            QTest::addRow("v%d PFWD short version", v)
                << v << qb(cat(ascii("PFWD "), hex("00"))) << "syntax";
            QTest::addRow("v%d PFWD no key", v)
                << v << qb(cat(ascii("PFWD "), hex("0009"))) << "syntax";
            // fwdKey is a PublicKeyX25519
            QTest::addRow("v%d PFWD ed25519 key", v)
                << v << qb(cat(ascii("PFWD "), hex("0009"), wireKey(ed(0x55)), ascii("x")))
                << "syntax";
            QTest::addRow("v%d RFWD no space", v) << v << qb(ascii("RFWD")) << "syntax";
        }
    }

    void decodeErrors() {
        QFETCH(int, version);
        QFETCH(QByteArray, wire);
        QFETCH(QString, code);
        const Bytes in = fromQ(wire);
        const auto r = decodeCommand(static_cast<Version>(version), in);
        QVERIFY2(!r.ok(), "decoded malformed input");
        QCOMPARE(QString::fromStdString(ferry::core::errorTag(r.error().code)), code);
    }

    // ---- checkCredentials (Command): the CMD error for (authorization?, entity?) ----
    void checkCredentials_data() {
        QTest::addColumn<Command>("command");
        QTest::addColumn<bool>("auth");
        QTest::addColumn<bool>("entity");
        QTest::addColumn<QString>("expected");

        // rule: 'N' NEW, 'S' SEND, '0' noAuthCmd, 'E' entityCmd, 'B' both (default branch)
        const std::vector<std::pair<Command, char>> cmds = {
            {newCmd(std::nullopt, SubscriptionMode::Subscribe, false), 'N'},
            {cmd::Sub{}, 'B'},
            {cmd::Key{kSndKey}, 'B'},
            {cmd::SKey{kSndKey}, 'B'},
            {cmd::NKey{kNtfKey, kNtfDh}, 'B'},
            {cmd::NDel{}, 'B'},
            {cmd::Get{}, 'B'},
            {cmd::Ack{kMsgId}, 'B'},
            {cmd::Off{}, 'B'},
            {cmd::Del{}, 'B'},
            {cmd::Que{}, 'B'},
            {cmd::Send{false, ascii("x")}, 'S'},
            {cmd::Ping{}, '0'},
            {cmd::Prxy{server(binaryServer({"a.b"}, "")), std::nullopt}, '0'},
            {cmd::Pfwd{8, kFwdKey, ascii("x")}, 'E'},
            {cmd::Rfwd{ascii("x")}, '0'},
        };
        for (const auto& [c, rule] : cmds) {
            for (bool auth : {false, true}) {
                for (bool entity : {false, true}) {
                    QString expected = "OK";
                    switch (rule) {
                    case 'N':
                        expected = !auth ? "NO_AUTH" : entity ? "HAS_AUTH" : "OK";
                        break;
                    case 'S':
                        expected = !entity ? "NO_ENTITY" : "OK";
                        break;
                    case '0':
                        expected = (!auth && !entity) ? "OK" : "HAS_AUTH";
                        break;
                    case 'E':
                        expected = !entity ? "NO_ENTITY" : auth ? "HAS_AUTH" : "OK";
                        break;
                    default:
                        expected = (!auth || !entity) ? "NO_AUTH" : "OK";
                    }
                    QTest::addRow("%s auth=%d entity=%d", commandTag(c), auth, entity)
                        << c << auth << entity << expected;
                }
            }
        }
    }

    void checkCredentials() {
        QFETCH(Command, command);
        QFETCH(bool, auth);
        QFETCH(bool, entity);
        QFETCH(QString, expected);
        QCOMPARE(QString(errName(smp::checkCredentials(command, auth, entity))), expected);
    }
};

QTEST_APPLESS_MAIN(TestCommands)
#include "test_commands.moc"
