// Byte-exact vectors for SMP server responses (BrokerMsg), the ERR grammar and the plaintext
// inside MSG, v6–v10. Expected bytes are written out from the simplexmq reference (Protocol.hs
// `encodeProtocol` / `protocolP` for BrokerMsg, `instance Encoding ErrorType` and friends,
// `encodeRcvMsgBody`, `clientRcvMsgBodyP`; Transport.hs `instance Encoding TransportError`).
#include "byte_literals.h"
#include "crypto/public_key.h"
#include "smp/message_body.h"
#include "smp/response.h"
#include "smp_test_helpers.h"

#include <QtTest>
#include <string>

using namespace ferry::core;
using namespace ferry::core::smp;
using namespace ferry::test;
using crypto::KeyAlgorithm;
using crypto::PublicKey;

Q_DECLARE_METATYPE(ferry::core::smp::Response)
Q_DECLARE_METATYPE(ferry::core::smp::ErrorType)

namespace {

Bytes word16(std::uint16_t w) {
    return Bytes{static_cast<std::uint8_t>(w >> 8), static_cast<std::uint8_t>(w)};
}
Bytes large(const Bytes& b) {
    return cat(word16(static_cast<std::uint16_t>(b.size())), b);
}

// ---- ErrorType builders ----
using EK = ErrorType::Kind;
ErrorType simple(EK k) {
    return ErrorType::simple(k);
}
ErrorType cmdErr(CommandError c) {
    return ErrorType::command(c);
}
ErrorType withText(EK k, std::string text) {
    ErrorType e = ErrorType::simple(k);
    e.text = std::move(text);
    return e;
}
ErrorType proxyKind(ProxyError::Kind k) {
    ProxyError p;
    p.kind = k;
    return ErrorType::fromProxy(p);
}
ErrorType proxyProtocol(ErrorType inner) {
    ProxyError p;
    p.kind = ProxyError::Kind::Protocol;
    p.protocol = std::move(inner);
    return ErrorType::fromProxy(p);
}
ErrorType proxyBroker(BrokerError b) {
    ProxyError p;
    p.kind = ProxyError::Kind::Broker;
    p.broker = std::move(b);
    return ErrorType::fromProxy(p);
}
BrokerError broker(BrokerError::Kind k, std::string detail = {}) {
    BrokerError b;
    b.kind = k;
    b.detail = std::move(detail);
    return b;
}
BrokerError brokerNetwork(NetworkError::Kind k, std::string detail = {}) {
    BrokerError b;
    b.kind = BrokerError::Kind::Network;
    b.network.kind = k;
    b.network.detail = std::move(detail);
    return b;
}
BrokerError brokerTransport(TransportError::Kind k, HandshakeError h = HandshakeError::Parse) {
    BrokerError b;
    b.kind = BrokerError::Kind::Transport;
    b.transport.kind = k;
    b.transport.handshake = h;
    return b;
}

const Bytes kRcvId = repeat(0xa1, 24);
const Bytes kSndId = repeat(0xb2, 24);
const Bytes kMsgId = hex("000102030405060708090a0b0c0d0e0f1011121314151617");
const PublicKey kSrvDh = xk(0x66);
const Bytes kBinary = cat(ascii("enc "), hex("00 20 ff 0a 20"), ascii(" body"));

// Every ERR form that round-trips: (name, value, wire text after "ERR ").
struct ErrVector {
    const char* name;
    ErrorType error;
    Bytes wire;
};
std::vector<ErrVector> roundTripErrors() {
    using BK = BrokerError::Kind;
    using TK = TransportError::Kind;
    return {
        // instance Encoding ErrorType
        {"BLOCK", simple(EK::Block), ascii("BLOCK")},
        {"SESSION", simple(EK::Session), ascii("SESSION")},
        // instance Encoding CommandError
        {"CMD UNKNOWN", cmdErr(CommandError::Unknown), ascii("CMD UNKNOWN")},
        {"CMD SYNTAX", cmdErr(CommandError::Syntax), ascii("CMD SYNTAX")},
        {"CMD PROHIBITED", cmdErr(CommandError::Prohibited), ascii("CMD PROHIBITED")},
        {"CMD NO_AUTH", cmdErr(CommandError::NoAuth), ascii("CMD NO_AUTH")},
        {"CMD HAS_AUTH", cmdErr(CommandError::HasAuth), ascii("CMD HAS_AUTH")},
        {"CMD NO_ENTITY", cmdErr(CommandError::NoEntity), ascii("CMD NO_ENTITY")},
        {"AUTH", simple(EK::Auth), ascii("AUTH")},
        {"SERVICE", simple(EK::Service), ascii("SERVICE")},
        {"CRYPTO", simple(EK::Crypto), ascii("CRYPTO")},
        {"QUOTA", simple(EK::Quota), ascii("QUOTA")},
        // STORE err -> "STORE " <> encodeUtf8 err (raw text to the end)
        {"STORE text", withText(EK::Store, "disk full: no space, retry"),
         ascii("STORE disk full: no space, retry")},
        {"STORE empty", withText(EK::Store, ""), ascii("STORE ")},
        {"NO_MSG", simple(EK::NoMsg), ascii("NO_MSG")},
        {"LARGE_MSG", simple(EK::LargeMsg), ascii("LARGE_MSG")},
        {"EXPIRED", simple(EK::Expired), ascii("EXPIRED")},
        {"INTERNAL", simple(EK::Internal), ascii("INTERNAL")},
        // instance Encoding ProxyError
        {"PROXY PROTOCOL AUTH", proxyProtocol(simple(EK::Auth)), ascii("PROXY PROTOCOL AUTH")},
        {"PROXY PROTOCOL CMD SYNTAX", proxyProtocol(cmdErr(CommandError::Syntax)),
         ascii("PROXY PROTOCOL CMD SYNTAX")},
        {"PROXY PROTOCOL PROXY NO_SESSION", proxyProtocol(proxyKind(ProxyError::Kind::NoSession)),
         ascii("PROXY PROTOCOL PROXY NO_SESSION")},
        {"PROXY BASIC_AUTH", proxyKind(ProxyError::Kind::BasicAuth), ascii("PROXY BASIC_AUTH")},
        {"PROXY NO_SESSION", proxyKind(ProxyError::Kind::NoSession), ascii("PROXY NO_SESSION")},
        // instance Encoding BrokerErrorType: RESPONSE/UNEXPECTED carry a String = shortString
        {"BROKER RESPONSE", proxyBroker(broker(BK::Response, "bad \"resp\" here")),
         cat(ascii("PROXY BROKER RESPONSE "), shortStr(ascii("bad \"resp\" here")))},
        {"BROKER RESPONSE empty", proxyBroker(broker(BK::Response, "")),
         cat(ascii("PROXY BROKER RESPONSE "), hex("00"))},
        {"BROKER UNEXPECTED", proxyBroker(broker(BK::Unexpected, "MSG")),
         cat(ascii("PROXY BROKER UNEXPECTED "), shortStr(ascii("MSG")))},
        // NETWORK _e -> "NETWORK"; parsed back as NEFailedError
        {"BROKER NETWORK", proxyBroker(brokerNetwork(NetworkError::Kind::Failed)),
         ascii("PROXY BROKER NETWORK")},
        {"BROKER TIMEOUT", proxyBroker(broker(BK::Timeout)), ascii("PROXY BROKER TIMEOUT")},
        {"BROKER HOST", proxyBroker(broker(BK::Host)), ascii("PROXY BROKER HOST")},
        {"BROKER NO_SERVICE", proxyBroker(broker(BK::NoService)), ascii("PROXY BROKER NO_SERVICE")},
        // Transport.hs instance Encoding TransportError; HANDSHAKE <> bshow e
        {"TRANSPORT BLOCK", proxyBroker(brokerTransport(TK::Block)),
         ascii("PROXY BROKER TRANSPORT BLOCK")},
        {"TRANSPORT VERSION", proxyBroker(brokerTransport(TK::Version)),
         ascii("PROXY BROKER TRANSPORT VERSION")},
        {"TRANSPORT LARGE_MSG", proxyBroker(brokerTransport(TK::LargeMsg)),
         ascii("PROXY BROKER TRANSPORT LARGE_MSG")},
        {"TRANSPORT SESSION", proxyBroker(brokerTransport(TK::Session)),
         ascii("PROXY BROKER TRANSPORT SESSION")},
        {"TRANSPORT NO_AUTH", proxyBroker(brokerTransport(TK::NoAuth)),
         ascii("PROXY BROKER TRANSPORT NO_AUTH")},
        {"HANDSHAKE PARSE", proxyBroker(brokerTransport(TK::Handshake, HandshakeError::Parse)),
         ascii("PROXY BROKER TRANSPORT HANDSHAKE PARSE")},
        {"HANDSHAKE IDENTITY",
         proxyBroker(brokerTransport(TK::Handshake, HandshakeError::Identity)),
         ascii("PROXY BROKER TRANSPORT HANDSHAKE IDENTITY")},
        {"HANDSHAKE BAD_AUTH", proxyBroker(brokerTransport(TK::Handshake, HandshakeError::BadAuth)),
         ascii("PROXY BROKER TRANSPORT HANDSHAKE BAD_AUTH")},
        {"HANDSHAKE BAD_SERVICE",
         proxyBroker(brokerTransport(TK::Handshake, HandshakeError::BadService)),
         ascii("PROXY BROKER TRANSPORT HANDSHAKE BAD_SERVICE")},
    };
}

Response err(ErrorType e) {
    return rsp::Err{std::move(e)};
}

CertChainPubKey certKey(std::vector<Bytes> chain, Bytes signedKey) {
    CertChainPubKey k;
    k.certChain = std::move(chain);
    k.signedKey = std::move(signedKey);
    return k;
}

// Crypto.hs padMaxLenBS over MaxRcvMessageLen (16104): Word16 length ‖ content ‖ '#' fill.
Bytes padded(const Bytes& content) {
    return cat(word16(static_cast<std::uint16_t>(content.size())), content,
               repeat('#', 16104 - content.size()));
}

} // namespace

class TestResponses : public QObject {
    Q_OBJECT

private slots:
    // ---- exact encoding, and decoding those bytes gives the value back ----
    void encode_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<Response>("response");
        QTest::addColumn<QByteArray>("wire");

        const Bytes ids = cat(ascii("IDS "), shortStr(kRcvId), shortStr(kSndId), wireKey(kSrvDh));
        const Bytes cert1 = repeat(0xc1, 300); // > 255: shows the Word16 length
        const Bytes cert2 = hex("3082 0001 aa");
        const Bytes signedKey = repeat(0x5c, 120);
        const Bytes sessId = repeat(0x5e, 32);
        const Bytes json = ascii(R"({"qiSnd":true,"qiNtf":false,"qiSub":null,"qiSize":0})");
        for (int v : {6, 7, 8, 9, 10}) {
            // IDS: (IDS_, ' ', rcvId, sndId, srvDh), + Bool senderCanSecure from v9
            if (v < 9) {
                QTest::addRow("v%d IDS", v)
                    << v << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, std::nullopt, std::nullopt}}
                    << qb(ids);
            } else {
                QTest::addRow("v%d IDS T", v)
                    << v
                    << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, QueueMode::Messaging,
                                         std::nullopt}}
                    << qb(cat(ids, ascii("T")));
                QTest::addRow("v%d IDS F", v)
                    << v
                    << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, QueueMode::Contact, std::nullopt}}
                    << qb(cat(ids, ascii("F")));
            }
            if (v == 10) {
                // v15: ids <> (Maybe QueueMode, Maybe LinkId)
                const Bytes linkId = repeat(0x1d, 24);
                QTest::addRow("v15 IDS messaging with link")
                    << 15
                    << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, QueueMode::Messaging, linkId}}
                    << qb(cat(ids, ascii("1M1"), shortStr(linkId)));
                QTest::addRow("v15 IDS contact, no link")
                    << 15
                    << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, QueueMode::Contact, std::nullopt}}
                    << qb(cat(ids, ascii("1C0")));
                QTest::addRow("v15 IDS no mode")
                    << 15 << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, std::nullopt, std::nullopt}}
                    << qb(cat(ids, ascii("00")));
                // v16: + Maybe ServiceId; v17: + Maybe (notifierId, server ntf DH key)
                QTest::addRow("v16 IDS")
                    << 16
                    << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, QueueMode::Contact, std::nullopt}}
                    << qb(cat(ids, ascii("1C00")));
                QTest::addRow("v17 IDS without notifier")
                    << 17
                    << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, QueueMode::Contact, std::nullopt}}
                    << qb(cat(ids, ascii("1C000")));
                rsp::Ids withNtf{kRcvId, kSndId, kSrvDh, QueueMode::Messaging, std::nullopt};
                withNtf.ntfCreds = rsp::ServerNtfCreds{kRcvId, kSrvDh};
                QTest::addRow("v17 IDS with notifier")
                    << 17 << Response{withNtf}
                    << qb(cat(ids, ascii("1M001"), shortStr(kRcvId), wireKey(kSrvDh)));
                // SOK Maybe ServiceId -> (SOK_, ' ', serviceId_)
                QTest::addRow("v16 SOK") << 16 << Response{rsp::Sok{}} << qb(ascii("SOK 0"));
                QTest::addRow("v16 SOK service") << 16 << Response{rsp::Sok{kRcvId}}
                                                 << qb(cat(ascii("SOK 1"), shortStr(kRcvId)));
                // LNK sndId d -> (LNK_, ' ', sndId, d): link data as two Large strings
                const Bytes fixed = repeat(0xf1, 300);
                QTest::addRow("v15 LNK") << 15 << Response{rsp::Lnk{kSndId, {fixed, ascii("u")}}}
                                         << qb(cat(ascii("LNK "), shortStr(kSndId), hex("012c"),
                                                   fixed, hex("0001"), ascii("u")));
            }
            // MSG: (MSG_, ' ', msgId, Tail body) — no space between id and body
            QTest::addRow("v%d MSG", v) << v << Response{rsp::Msg{kMsgId, kBinary}}
                                        << qb(cat(ascii("MSG "), shortStr(kMsgId), kBinary));
            QTest::addRow("v%d MSG empty body", v) << v << Response{rsp::Msg{kMsgId, Bytes{}}}
                                                   << qb(cat(ascii("MSG "), shortStr(kMsgId)));
            // NID: (NID_, ' ', nId, srvNtfDh)
            QTest::addRow("v%d NID", v)
                << v << Response{rsp::Nid{repeat(0x4e, 24), xk(0x67)}}
                << qb(cat(ascii("NID "), shortStr(repeat(0x4e, 24)), wireKey(xk(0x67))));
            QTest::addRow("v%d END", v) << v << Response{rsp::End{}} << qb(ascii("END"));
            if (v >= 10) // DELD_ from deletedEventSMPVersion; END below (encodeOnly rows)
                QTest::addRow("v%d DELD", v) << v << Response{rsp::Deld{}} << qb(ascii("DELD"));
            QTest::addRow("v%d OK", v) << v << Response{rsp::Ok{}} << qb(ascii("OK"));
            QTest::addRow("v%d PONG", v) << v << Response{rsp::Pong{}} << qb(ascii("PONG"));
            // INFO: (INFO_, ' ', QueueInfo) with QueueInfo encoded as JSON to the end
            QTest::addRow("v%d INFO", v)
                << v << Response{rsp::Info{json}} << qb(cat(ascii("INFO "), json));
            for (const auto& ev : roundTripErrors())
                QTest::addRow("v%d ERR %s", v, ev.name)
                    << v << err(ev.error) << qb(cat(ascii("ERR "), ev.wire));
        }
        for (int v : {8, 9, 10}) {
            // PKEY: (PKEY_, ' ', sid, VersionRange (Word16, Word16), CertChainPubKey)
            // CertChainPubKey = NonEmpty Large certs (count byte) ‖ Large signed key
            QTest::addRow("v%d PKEY 2 certs", v)
                << v
                << Response{rsp::Pkey{sessId, VersionRange{6, 9},
                                      certKey({cert1, cert2}, signedKey)}}
                << qb(cat(ascii("PKEY "), shortStr(sessId), hex("0006 0009"), hex("02"),
                          large(cert1), large(cert2), large(signedKey)));
            QTest::addRow("v%d PKEY 1 cert, equal range", v)
                << v << Response{rsp::Pkey{sessId, VersionRange{8, 8}, certKey({cert2}, signedKey)}}
                << qb(cat(ascii("PKEY "), shortStr(sessId), hex("0008 0008"), hex("01"),
                          large(cert2), large(signedKey)));
            // RRES / PRES: (tag, ' ', Tail block)
            QTest::addRow("v%d RRES", v)
                << v << Response{rsp::Rres{kBinary}} << qb(cat(ascii("RRES "), kBinary));
            QTest::addRow("v%d PRES", v)
                << v << Response{rsp::Pres{kBinary}} << qb(cat(ascii("PRES "), kBinary));
        }
    }

    void encode() {
        QFETCH(int, version);
        QFETCH(Response, response);
        QFETCH(QByteArray, wire);
        QCOMPARE(hexOf(encodeResponse(static_cast<Version>(version), response)),
                 hexOf(fromQ(wire)));
    }

    void deletedQueueIsEndBelowV10() {
        for (int v : {6, 7, 8, 9})
            QCOMPARE(hexOf(encodeResponse(static_cast<Version>(v), rsp::Deld{})),
                     hexOf(ascii("END")));
        QCOMPARE(hexOf(encodeResponse(10, rsp::Deld{})), hexOf(ascii("DELD")));
    }

    void decode_data() { encode_data(); }

    void decode() {
        QFETCH(int, version);
        QFETCH(Response, response);
        QFETCH(QByteArray, wire);
        const Bytes in = fromQ(wire);
        const auto r = decodeResponse(static_cast<Version>(version), in);
        QVERIFY2(r.ok(),
                 r.ok()
                     ? ""
                     : (ferry::core::errorTag(r.error().code) + ": " + r.error().message).c_str());
        QCOMPARE(r->index(), response.index());
        if (const auto* e = std::get_if<rsp::Err>(&*r))
            QCOMPARE(QString::fromStdString(describe(e->error)),
                     QString::fromStdString(describe(std::get<rsp::Err>(response).error)));
        QVERIFY(*r == response);
        QCOMPARE(QString(responseTag(*r)), QString(responseTag(response)));
    }

    // ---- encodings that lose information, so they only go one way ----
    void encodeOnly_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<Response>("response");
        QTest::addColumn<QByteArray>("wire");
        for (int v : {6, 7, 8, 9}) {
            // encodeProtocol ERR: BLOCKED info | v < blockedEntitySMPVersion (12) -> AUTH
            QTest::addRow("v%d BLOCKED as AUTH", v)
                << v << err(withText(EK::Blocked, "reason=spam")) << qb(ascii("ERR AUTH"));
            // ... but only at the top level: inside PROXY PROTOCOL the error is encoded as is
            QTest::addRow("v%d PROXY PROTOCOL BLOCKED", v)
                << v << err(proxyProtocol(withText(EK::Blocked, "reason=spam")))
                << qb(ascii("ERR PROXY PROTOCOL BLOCKED reason=spam"));
            // NETWORK _e -> "NETWORK": the detail is never sent
            QTest::addRow("v%d NETWORK CONNECT", v)
                << v << err(proxyBroker(brokerNetwork(NetworkError::Kind::Connect, "refused")))
                << qb(ascii("ERR PROXY BROKER NETWORK"));
            QTest::addRow("v%d NETWORK TIMEOUT", v)
                << v << err(proxyBroker(brokerNetwork(NetworkError::Kind::Timeout)))
                << qb(ascii("ERR PROXY BROKER NETWORK"));
        }
        // IDS below v9 has no senderCanSecure: dropped
        QTest::addRow("v8 IDS drops T")
            << 8 << Response{rsp::Ids{kRcvId, kSndId, kSrvDh, QueueMode::Messaging, std::nullopt}}
            << qb(cat(ascii("IDS "), shortStr(kRcvId), shortStr(kSndId), wireKey(kSrvDh)));
    }

    void encodeOnly() {
        QFETCH(int, version);
        QFETCH(Response, response);
        QFETCH(QByteArray, wire);
        QCOMPARE(hexOf(encodeResponse(static_cast<Version>(version), response)),
                 hexOf(fromQ(wire)));
    }

    // ---- bytes the reference parses but never sends (or sends only elsewhere) ----
    void decodeOnly_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<Response>("response");
        for (int v : {6, 9}) {
            // CommandError smpP: "NO_QUEUE" -> NO_ENTITY (backward compatibility)
            QTest::addRow("v%d CMD NO_QUEUE", v)
                << v << qb(ascii("ERR CMD NO_QUEUE")) << err(cmdErr(CommandError::NoEntity));
            QTest::addRow("v%d PROXY PROTOCOL CMD NO_QUEUE", v)
                << v << qb(ascii("ERR PROXY PROTOCOL CMD NO_QUEUE"))
                << err(proxyProtocol(cmdErr(CommandError::NoEntity)));
            // BrokerErrorType smpP: NETWORK <$> (_smpP <|> pure NEFailedError)
            QTest::addRow("v%d NETWORK CONNECT", v)
                << v
                << qb(cat(ascii("ERR PROXY BROKER NETWORK CONNECT "), shortStr(ascii("refused"))))
                << err(proxyBroker(brokerNetwork(NetworkError::Kind::Connect, "refused")));
            QTest::addRow("v%d NETWORK TLS", v)
                << v << qb(cat(ascii("ERR PROXY BROKER NETWORK TLS "), shortStr(ascii("bad cert"))))
                << err(proxyBroker(brokerNetwork(NetworkError::Kind::Tls, "bad cert")));
            QTest::addRow("v%d NETWORK UNKNOWNCA", v)
                << v << qb(ascii("ERR PROXY BROKER NETWORK UNKNOWNCA"))
                << err(proxyBroker(brokerNetwork(NetworkError::Kind::UnknownCa)));
            QTest::addRow("v%d NETWORK FAILED", v)
                << v << qb(ascii("ERR PROXY BROKER NETWORK FAILED"))
                << err(proxyBroker(brokerNetwork(NetworkError::Kind::Failed)));
            QTest::addRow("v%d NETWORK TIMEOUT", v)
                << v << qb(ascii("ERR PROXY BROKER NETWORK TIMEOUT"))
                << err(proxyBroker(brokerNetwork(NetworkError::Kind::Timeout)));
            QTest::addRow("v%d NETWORK SUBSCRIBE", v)
                << v
                << qb(cat(ascii("ERR PROXY BROKER NETWORK SUBSCRIBE "), shortStr(ascii("x y"))))
                << err(proxyBroker(brokerNetwork(NetworkError::Kind::Subscribe, "x y")));
            // BLOCKED <$> _smpP (BlockingInfo: "reason=" spam|content [",notice=" JSON])
            QTest::addRow("v%d BLOCKED spam", v) << v << qb(ascii("ERR BLOCKED reason=spam"))
                                                 << err(withText(EK::Blocked, "reason=spam"));
            QTest::addRow("v%d BLOCKED content", v) << v << qb(ascii("ERR BLOCKED reason=content"))
                                                    << err(withText(EK::Blocked, "reason=content"));
        }
    }

    void decodeOnly() {
        QFETCH(int, version);
        QFETCH(QByteArray, wire);
        QFETCH(Response, response);
        const Bytes in = fromQ(wire);
        const auto r = decodeResponse(static_cast<Version>(version), in);
        QVERIFY2(r.ok(),
                 r.ok()
                     ? ""
                     : (ferry::core::errorTag(r.error().code) + ": " + r.error().message).c_str());
        if (const auto* e = std::get_if<rsp::Err>(&*r);
            e && std::holds_alternative<rsp::Err>(response))
            QCOMPARE(QString::fromStdString(describe(e->error)),
                     QString::fromStdString(describe(std::get<rsp::Err>(response).error)));
        QVERIFY(*r == response);
    }

    // ---- malformed responses ----
    void decodeErrors_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("code");
        const Bytes ids = cat(ascii("IDS "), shortStr(kRcvId), shortStr(kSndId), wireKey(kSrvDh));
        const Bytes pkeyHead = cat(ascii("PKEY "), shortStr(repeat(0x5e, 32)));
        for (int v : {6, 7, 8, 9}) {
            QTest::addRow("v%d empty", v) << v << QByteArray() << "unknown";
            QTest::addRow("v%d FOO", v) << v << qb(ascii("FOO")) << "unknown";
            QTest::addRow("v%d command tag", v) << v << qb(ascii("SUB")) << "unknown";
            QTest::addRow("v%d lower-case ok", v) << v << qb(ascii("ok")) << "unknown";
            QTest::addRow("v%d OK trailing space", v) << v << qb(ascii("OK ")) << "syntax";
            QTest::addRow("v%d PONG trailing", v) << v << qb(ascii("PONG x")) << "syntax";
            QTest::addRow("v%d END trailing", v) << v << qb(ascii("END x")) << "syntax";
            QTest::addRow("v%d MSG no params", v) << v << qb(ascii("MSG")) << "syntax";
            QTest::addRow("v%d MSG short id", v)
                << v << qb(cat(ascii("MSG "), hex("18 0102"))) << "syntax";
            QTest::addRow("v%d NID ed25519 key", v)
                << v << qb(cat(ascii("NID "), shortStr(repeat(0x4e, 24)), wireKey(ed(0x67))))
                << "syntax";
            QTest::addRow("v%d IDS ed25519 key", v)
                << v
                << qb(cat(ascii("IDS "), shortStr(kRcvId), shortStr(kSndId), wireKey(ed(0x66)),
                          ascii(v >= 9 ? "T" : "")))
                << "syntax";
            QTest::addRow("v%d IDS truncated", v)
                << v << qb(cat(ascii("IDS "), shortStr(kRcvId), shortStr(kSndId))) << "syntax";
            QTest::addRow("v%d INFO no space", v) << v << qb(ascii("INFO")) << "syntax";
            // ERR: ErrorType smpP takes the word up to ' ' and needs the whole input
            QTest::addRow("v%d ERR", v) << v << qb(ascii("ERR")) << "syntax";
            QTest::addRow("v%d ERR space", v) << v << qb(ascii("ERR ")) << "syntax";
            QTest::addRow("v%d ERR FOO", v) << v << qb(ascii("ERR FOO")) << "syntax";
            QTest::addRow("v%d ERR lower-case auth", v) << v << qb(ascii("ERR auth")) << "syntax";
            QTest::addRow("v%d ERR AUTH trailing", v) << v << qb(ascii("ERR AUTH x")) << "syntax";
            QTest::addRow("v%d ERR CMD", v) << v << qb(ascii("ERR CMD")) << "syntax";
            QTest::addRow("v%d ERR CMD FOO", v) << v << qb(ascii("ERR CMD FOO")) << "syntax";
            QTest::addRow("v%d ERR STORE no space", v) << v << qb(ascii("ERR STORE")) << "syntax";
            QTest::addRow("v%d ERR PROXY", v) << v << qb(ascii("ERR PROXY")) << "syntax";
            QTest::addRow("v%d ERR PROXY FOO", v) << v << qb(ascii("ERR PROXY FOO")) << "syntax";
            QTest::addRow("v%d ERR PROXY PROTOCOL", v)
                << v << qb(ascii("ERR PROXY PROTOCOL")) << "syntax";
            QTest::addRow("v%d ERR BROKER RESPONSE no string", v)
                << v << qb(ascii("ERR PROXY BROKER RESPONSE")) << "syntax";
            QTest::addRow("v%d ERR BROKER RESPONSE text not shortString", v)
                << v << qb(ascii("ERR PROXY BROKER RESPONSE bad")) << "syntax";
            QTest::addRow("v%d ERR BROKER NETWORK trailing space", v)
                << v << qb(ascii("ERR PROXY BROKER NETWORK ")) << "syntax";
            QTest::addRow("v%d ERR BROKER NETWORK FOO", v)
                << v << qb(ascii("ERR PROXY BROKER NETWORK FOO")) << "syntax";
            QTest::addRow("v%d ERR BROKER FOO", v)
                << v << qb(ascii("ERR PROXY BROKER FOO")) << "syntax";
            QTest::addRow("v%d ERR TRANSPORT FOO", v)
                << v << qb(ascii("ERR PROXY BROKER TRANSPORT FOO")) << "syntax";
            QTest::addRow("v%d ERR HANDSHAKE FOO", v)
                << v << qb(ascii("ERR PROXY BROKER TRANSPORT HANDSHAKE FOO")) << "syntax";
            QTest::addRow("v%d ERR HANDSHAKE missing", v)
                << v << qb(ascii("ERR PROXY BROKER TRANSPORT HANDSHAKE")) << "syntax";
            QTest::addRow("v%d ERR BLOCKED junk", v)
                << v << qb(ascii("ERR BLOCKED junk")) << "syntax";
            QTest::addRow("v%d ERR BLOCKED bad reason", v)
                << v << qb(ascii("ERR BLOCKED reason=eggs")) << "syntax";
        }
        // IDS: the trailing Bool exists only from v9
        QTest::addRow("v9 IDS without Bool") << 9 << qb(ids) << "syntax";
        QTest::addRow("v9 IDS bad Bool") << 9 << qb(cat(ids, ascii("X"))) << "syntax";
        QTest::addRow("v9 IDS trailing") << 9 << qb(cat(ids, ascii("TT"))) << "syntax";
        QTest::addRow("v8 IDS with Bool") << 8 << qb(cat(ids, ascii("T"))) << "syntax";
        QTest::addRow("v6 IDS with Bool") << 6 << qb(cat(ids, ascii("F"))) << "syntax";
        for (int v : {8, 9}) {
            // VersionRange smpP: safeVersionRange rejects min > max
            QTest::addRow("v%d PKEY min > max", v)
                << v << qb(cat(pkeyHead, hex("0009 0006 01"), large(hex("aa")), large(hex("bb"))))
                << "syntax";
            // NonEmpty certificate list
            QTest::addRow("v%d PKEY no certs", v)
                << v << qb(cat(pkeyHead, hex("0006 0009 00"), large(hex("bb")))) << "syntax";
            QTest::addRow("v%d PKEY truncated Large", v)
                << v << qb(cat(pkeyHead, hex("0006 0009 01"), large(hex("aa")), hex("0010 bb")))
                << "syntax";
            QTest::addRow("v%d PKEY no signed key", v)
                << v << qb(cat(pkeyHead, hex("0006 0009 01"), large(hex("aa")))) << "syntax";
            QTest::addRow("v%d PKEY trailing", v)
                << v
                << qb(cat(pkeyHead, hex("0006 0009 01"), large(hex("aa")), large(hex("bb")),
                          hex("00")))
                << "syntax";
            QTest::addRow("v%d RRES no space", v) << v << qb(ascii("RRES")) << "syntax";
        }
    }

    void decodeErrors() {
        QFETCH(int, version);
        QFETCH(QByteArray, wire);
        QFETCH(QString, code);
        const Bytes in = fromQ(wire);
        const auto r = decodeResponse(static_cast<Version>(version), in);
        QVERIFY2(!r.ok(), "decoded malformed input");
        QCOMPARE(QString::fromStdString(ferry::core::errorTag(r.error().code)), code);
    }

    // ---- checkCredentials (BrokerMsg): the client's entity check ----
    void checkResponseEntity_data() {
        QTest::addColumn<Response>("response");
        QTest::addColumn<bool>("entity");
        QTest::addColumn<QString>("expected");
        // 'A' IDS/ERR: anything; '0' PONG/PKEY/RRES: no entity (else HAS_AUTH); 'E' others
        const std::vector<std::pair<Response, char>> all = {
            {rsp::Ids{kRcvId, kSndId, kSrvDh, QueueMode::Contact, std::nullopt}, 'A'},
            {rsp::Msg{kMsgId, kBinary}, 'E'},
            {rsp::Nid{kRcvId, kSrvDh}, 'E'},
            {rsp::Pkey{kRcvId, VersionRange{6, 9}, certKey({hex("aa")}, hex("bb"))}, '0'},
            {rsp::Rres{kBinary}, '0'},
            {rsp::Pres{kBinary}, 'E'},
            {rsp::End{}, 'E'},
            {rsp::Info{ascii("{}")}, 'E'},
            {rsp::Ok{}, 'E'},
            {err(simple(EK::Auth)), 'A'},
            {rsp::Pong{}, '0'},
        };
        for (const auto& [r, rule] : all) {
            for (bool entity : {false, true}) {
                const char* expected = rule == 'A'   ? "OK"
                                       : rule == '0' ? (entity ? "HAS_AUTH" : "OK")
                                                     : (entity ? "OK" : "NO_ENTITY");
                QTest::addRow("%s entity=%d", responseTag(r), entity)
                    << r << entity << QString(expected);
            }
        }
    }

    void checkResponseEntity() {
        QFETCH(Response, response);
        QFETCH(bool, entity);
        QFETCH(QString, expected);
        QCOMPARE(QString(errName(smp::checkResponseEntity(response, entity))), expected);
    }

    // ---- the plaintext inside MSG (encodeRcvMsgBody + padMaxLenBS / clientRcvMsgBodyP) ----
    void receivedMessage_data() {
        QTest::addColumn<qint64>("ts");
        QTest::addColumn<bool>("quota");
        QTest::addColumn<bool>("notification");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("content"); // before padding
        const qint64 ts = 0x0000000065a1b2c3;
        // RcvMsgBody: smpEncode (msgTs, msgFlags, ' ') <> body
        QTest::addRow("text F") << ts << false << false << qb(ascii("hello there"))
                                << qb(cat(hex("0000000065a1b2c3"), ascii("F hello there")));
        QTest::addRow("binary T") << ts << false << true << qb(kBinary)
                                  << qb(cat(hex("0000000065a1b2c3"), ascii("T "), kBinary));
        QTest::addRow("empty body") << ts << false << false << QByteArray()
                                    << qb(cat(hex("0000000065a1b2c3"), ascii("F ")));
        QTest::addRow("negative ts") << qint64(-2) << false << true << qb(ascii("x"))
                                     << qb(cat(hex("fffffffffffffffe"), ascii("T x")));
        QTest::addRow("max body 16088")
            << ts << false << false << qb(repeat('m', 16088))
            << qb(cat(hex("0000000065a1b2c3"), ascii("F "), repeat('m', 16088)));
        // RcvMsgQuota: "QUOTA" <> " " <> smpEncode msgTs
        QTest::addRow("quota") << ts << true << false << QByteArray()
                               << qb(cat(ascii("QUOTA "), hex("0000000065a1b2c3")));
    }

    void receivedMessage() {
        QFETCH(qint64, ts);
        QFETCH(bool, quota);
        QFETCH(bool, notification);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, content);
        ReceivedMessage m;
        m.timestamp = ts;
        m.quotaMarker = quota;
        m.notification = notification;
        m.body = fromQ(body);
        const Bytes expected = padded(fromQ(content));
        QCOMPARE(expected.size(), kRcvMessagePaddedSize);
        const auto enc = encodeReceivedMessage(m);
        QVERIFY2(enc.ok(), enc.ok() ? "" : enc.error().message.c_str());
        QCOMPARE(hexOf(*enc), hexOf(expected));
        const auto dec = decodeReceivedMessage(expected);
        QVERIFY2(dec.ok(), dec.ok() ? "" : dec.error().message.c_str());
        QCOMPARE(dec->timestamp, m.timestamp);
        QCOMPARE(dec->quotaMarker, m.quotaMarker);
        QCOMPARE(dec->notification, m.notification);
        QCOMPARE(hexOf(dec->body), hexOf(m.body));
    }

    void receivedMessageTooLarge() {
        ReceivedMessage m;
        m.body = repeat('m', 16095); // 10 + 16095 > 16104
        QVERIFY(!encodeReceivedMessage(m).ok());
    }

    void receivedMessageDecode_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("notification");
        QTest::addColumn<QByteArray>("body");
        const Bytes ts = hex("0000000065a1b2c3");
        // MsgFlags smpP skips further flag characters up to the space
        QTest::addRow("extra flags")
            << qb(cat(ts, ascii("TXY body"))) << true << true << qb(ascii("body"));
        QTest::addRow("body with spaces")
            << qb(cat(ts, ascii("F  a b "))) << true << false << qb(ascii(" a b "));
        QTest::addRow("bad flag") << qb(cat(ts, ascii("X body"))) << false << false << QByteArray();
        QTest::addRow("no space") << qb(cat(ts, ascii("T"))) << false << false << QByteArray();
        QTest::addRow("short ts") << qb(hex("00000000")) << false << false << QByteArray();
        QTest::addRow("quota trailing")
            << qb(cat(ascii("QUOTA "), ts, ascii("x"))) << false << false << QByteArray();
        QTest::addRow("quota short ts")
            << qb(cat(ascii("QUOTA "), hex("000000"))) << false << false << QByteArray();
    }

    void receivedMessageDecode() {
        QFETCH(QByteArray, content);
        QFETCH(bool, ok);
        QFETCH(bool, notification);
        QFETCH(QByteArray, body);
        const Bytes in = padded(fromQ(content));
        const auto dec = decodeReceivedMessage(in);
        QCOMPARE(dec.ok(), ok);
        if (ok) {
            QCOMPARE(dec->notification, notification);
            QCOMPARE(hexOf(dec->body), hexOf(fromQ(body)));
        }
    }

    void receivedMessageBadPadding() {
        // Crypto.hs unPad: the Word16 length must not exceed what follows
        Bytes in = repeat('#', kRcvMessagePaddedSize);
        in[0] = 0x3f;
        in[1] = 0x00; // 16128 > 16104
        QVERIFY(!decodeReceivedMessage(in).ok());
        QVERIFY(!decodeReceivedMessage(hex("00")).ok());
    }
};

QTEST_APPLESS_MAIN(TestResponses)
#include "test_responses.moc"
