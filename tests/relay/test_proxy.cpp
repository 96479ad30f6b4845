// The relay as a private routing proxy (PRXY/PKEY, PFWD/PRES, SMP v8+): a sender connected to
// relay A reaches a queue on relay B without B seeing the sender's connection, through A's own
// SMP client connection to B (simplexmq Server.hs `processProxiedCmd`, Client.hs
// `forwardSMPTransmission`). Two real relays on loopback; the sender is a test client that
// does what a SimpleX app does. Also the attacker's side: what a stranger may make the proxy
// dial, sessions it cannot use, and what proxying costs a connection.
#include "crypto/random.h"
#include "crypto/server_identity.h"
#include "crypto/signed_session_key.h"
#include "relay/server/smp_connection.h"
#include "relay_fixture.h"
#include "relay_pair.h"
#include "smp/block.h"
#include "smp/forwarding.h"
#include "smp/server_address.h"
#include "smp/transmission.h"

#include <boost/asio/ip/tcp.hpp>

using namespace ferry;
using namespace ferry::test;
using EK = smp::ErrorType::Kind;

namespace {

// As a current app offers (6-18), so the sender's blocks to the proxy are encrypted (v11).
constexpr smp::VersionRange kAppVersions{6, 18};

smp::ServerAddress addressOf(RelayFixture& relay) {
    return std::move(smp::parseServerAddress(relay.server().address())).value();
}

/// What a sender learns from PKEY: the session and the destination's key for it.
struct ProxiedRelay {
    Bytes sessionId;
    smp::VersionRange versions;
    crypto::PublicKey destinationKey; ///< B's session key of its connection with the proxy
};

core::Result<smp::Response> askProxy(TestSmpClient& sender, const smp::ServerAddress& destination,
                                     std::optional<Bytes> auth = std::nullopt) {
    return sender.call({}, smp::cmd::Prxy{destination, std::move(auth)});
}

/// PRXY, and PKEY checked as an app checks it: the chain leads to the identity in the address
/// the sender asked for, and the key is signed by the chain's leaf.
std::optional<ProxiedRelay> proxiedRelay(TestSmpClient& sender,
                                         const smp::ServerAddress& destination) {
    auto answer = askProxy(sender, destination);
    auto* pkey = as<smp::rsp::Pkey>(answer);
    if (!pkey) {
        qWarning("PRXY answered %s",
                 answer ? smp::responseTag(*answer) : answer.error().message.c_str());
        return std::nullopt;
    }
    auto leaf = crypto::verifyServerCertChain(pkey->certKey.certChain, destination.keyHash);
    if (!leaf)
        return std::nullopt;
    auto key = crypto::verifySignedSessionKey(*leaf, pkey->certKey.signedKey);
    if (!key)
        return std::nullopt;
    return ProxiedRelay{pkey->sessionId, pkey->versions, std::move(key).value()};
}

/// One sender's command for the destination, sealed for it and sent as PFWD; the answer
/// opened as the sender opens PRES.
struct Proxied {
    core::Result<smp::Response> outer = core::makeError(TestClientErrc::NoAnswer, "none");
    core::Result<smp::Response> inner = core::makeError(TestClientErrc::NoAnswer, "none");
};

Bytes sealedFor(const ProxiedRelay& relay, const crypto::X25519KeyPair& senderKey,
                const Bytes& corrId, const Bytes& entityId, const smp::Command& command,
                smp::Version version) {
    const Bytes t = smp::encodeTransmission(
        version, {{}, relay.sessionId, corrId, entityId, smp::encodeCommand(version, command)});
    auto batch = smp::encodeBatch({t}, smp::kProxiedTransmissionSize - 2);
    auto box = crypto::CryptoBox::fromDh(relay.destinationKey.raw, senderKey);
    auto sealed = smp::sealProxied(*box, corrId, *batch);
    if (!batch || !box || !sealed)
        qFatal("cannot seal the sender's transmission");
    return std::move(sealed).value();
}

Proxied sendProxied(TestSmpClient& sender, const ProxiedRelay& relay, const Bytes& entityId,
                    const smp::Command& command, smp::Version version = 10) {
    Proxied p;
    const Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
    const auto senderKey = crypto::X25519KeyPair::generate();
    const smp::cmd::Pfwd pfwd{version, senderKey.publicKey(),
                              sealedFor(relay, senderKey, corrId, entityId, command, version)};
    if (auto sent = sender.sendBlock({sender.transmissionWith(corrId, relay.sessionId, pfwd)});
        !sent)
        qFatal("PFWD not sent: %s", sent.error().message.c_str());
    p.outer = sender.awaitAnswer(corrId);
    auto* pres = as<smp::rsp::Pres>(p.outer);
    if (!pres)
        return p;
    auto box = crypto::CryptoBox::fromDh(relay.destinationKey.raw, senderKey);
    auto answer = openSenderAnswer(*box, corrId, pres->encryptedResponse, version);
    if (!answer)
        p.inner = answer.error();
    else if (answer->corrId != corrId)
        p.inner = core::makeError(TestClientErrc::Response, "not the answer to this command");
    else
        p.inner = std::move(answer->response);
    return p;
}

std::optional<smp::ProxyError> proxyErrorOf(const core::Result<smp::Response>& r) {
    auto e = errorOf(r);
    if (!e || e->kind != EK::Proxy || !e->proxy)
        return std::nullopt;
    return *e->proxy;
}

bool isProxyError(const core::Result<smp::Response>& r, smp::ProxyError::Kind kind) {
    auto e = proxyErrorOf(r);
    return e && e->kind == kind;
}

bool isBrokerError(const core::Result<smp::Response>& r, smp::BrokerError::Kind kind) {
    auto e = proxyErrorOf(r);
    return e && e->kind == smp::ProxyError::Kind::Broker && e->broker.kind == kind;
}

/// Relay A (the proxy) and relay B (the destination) with a recipient's queue on B.
struct TwoRelays {
    explicit TwoRelays(std::function<void(relay::RelayConfig&)> adjustProxy = {})
        : proxy(std::move(adjustProxy)) {
        if (!createQueue(*recipient, queue))
            qFatal("queue not created");
    }
    RelayFixture proxy;
    RelayFixture destination;
    std::unique_ptr<TestSmpClient> recipient = destination.connect(kAppVersions);
    TestQueue queue;
    std::unique_ptr<TestSmpClient> sender = proxy.connect(kAppVersions);
};

} // namespace

class TestProxy : public QObject {
    Q_OBJECT

private slots:
    void messageReachesTheDestinationThroughTheProxy() {
        TwoRelays r;
        auto relay = proxiedRelay(*r.sender, addressOf(r.destination));
        QVERIFY(relay);
        // The destination's own versions, capped to what PKEY may show (8-17).
        QCOMPARE(relay->versions, (smp::VersionRange{8, 17}));
        QCOMPARE(relay->sessionId.size(), 32u);

        auto sent = sendProxied(*r.sender, *relay, r.queue.senderId,
                                smp::cmd::Send{false, text("through the proxy")});
        QVERIFY2(isOk(sent.inner), sent.outer ? smp::responseTag(*sent.outer) : "no answer");
        QVERIFY(messageIs(r.queue, r.recipient->awaitPush(), text("through the proxy")));

        const auto proxyStats = r.proxy.server().stats();
        QCOMPARE(proxyStats.proxySessions, 1u);
        QCOMPARE(proxyStats.proxiedForwards, 1u);
        QCOMPARE(proxyStats.proxyErrors, 0u);
        // The destination saw a forwarded command from the proxy, not the sender.
        QCOMPARE(r.destination.server().stats().forwardedCommands, 1u);
    }

    void theDestinationsAnswersComeBackSealed() {
        TwoRelays r;
        auto relay = proxiedRelay(*r.sender, addressOf(r.destination));
        QVERIFY(relay);
        // A queue that is not there: the destination's ERR AUTH, for the sender only.
        auto missing = sendProxied(*r.sender, *relay, crypto::randomBytes(24),
                                   smp::cmd::Send{false, text("nobody")});
        QVERIFY(as<smp::rsp::Pres>(missing.outer));
        QVERIFY(isError(missing.inner, EK::Auth));
        // A recipient's command is not for a proxy to carry: refused inside.
        auto sub = sendProxied(*r.sender, *relay, r.queue.recipientId, smp::cmd::Sub{});
        QVERIFY(as<smp::rsp::Pres>(sub.outer));
        QVERIFY(errorOf(sub.inner) && errorOf(sub.inner)->kind == EK::Cmd);
    }

    void oneDestinationConnectionServesEveryone() {
        TwoRelays r;
        auto other = r.proxy.connect(kAppVersions);
        auto first = proxiedRelay(*r.sender, addressOf(r.destination));
        auto second = proxiedRelay(*other, addressOf(r.destination));
        QVERIFY(first && second);
        QCOMPARE(first->sessionId, second->sessionId);
        // Either sender may use it.
        auto sent = sendProxied(*other, *first, r.queue.senderId, smp::cmd::Send{false, text("b")});
        QVERIFY(isOk(sent.inner));
    }

    void proxyOffOrWrongPasswordIsRefused() {
        TwoRelays off([](relay::RelayConfig& c) { c.proxy = false; });
        QVERIFY(isProxyError(askProxy(*off.sender, addressOf(off.destination)),
                             smp::ProxyError::Kind::BasicAuth));

        TwoRelays guarded([](relay::RelayConfig& c) { c.createPassword = "sesame"; });
        const auto destination = addressOf(guarded.destination);
        QVERIFY(
            isProxyError(askProxy(*guarded.sender, destination), smp::ProxyError::Kind::BasicAuth));
        QVERIFY(isProxyError(askProxy(*guarded.sender, destination, text("wrong")),
                             smp::ProxyError::Kind::BasicAuth));
        QVERIFY(as<smp::rsp::Pkey>(askProxy(*guarded.sender, destination, text("sesame"))));
        QVERIFY(guarded.proxy.server().stats().proxyErrors >= 2u);
    }

    void aSessionMustExist() {
        TwoRelays r;
        ProxiedRelay made{
            crypto::randomBytes(32), {8, 10}, crypto::X25519KeyPair::generate().publicKey()};
        auto sent =
            sendProxied(*r.sender, made, r.queue.senderId, smp::cmd::Send{false, text("x")});
        QVERIFY(isProxyError(sent.outer, smp::ProxyError::Kind::NoSession));
    }

    void anImpostorIsNotProxiedTo() {
        TwoRelays r;
        RelayFixture other;
        // B's host and port with another relay's identity: the proxy's handshake refuses it.
        auto address = addressOf(r.destination);
        address.keyHash = addressOf(other).keyHash;
        auto e = proxyErrorOf(askProxy(*r.sender, address));
        QVERIFY(e && e->kind == smp::ProxyError::Kind::Broker &&
                e->broker.kind == smp::BrokerError::Kind::Transport &&
                e->broker.transport.kind == smp::TransportError::Kind::Handshake &&
                e->broker.transport.handshake == smp::HandshakeError::Identity);
    }

    void strangersCannotMakeItDialLocalAddresses() {
        // A proxy on the internet dials only globally routable addresses: the loopback relay
        // named in PRXY is not dialled at all, and the answer says so without telling
        // whether anything listens there.
        TwoRelays r([](relay::RelayConfig& c) { c.checkAllowNetworks.clear(); });
        QVERIFY(isBrokerError(askProxy(*r.sender, addressOf(r.destination)),
                              smp::BrokerError::Kind::Host));
        auto closed = addressOf(r.destination);
        closed.port = 1; // nothing listens there; the answer is the same
        QVERIFY(isBrokerError(askProxy(*r.sender, closed), smp::BrokerError::Kind::Host));
        QCOMPARE(r.destination.server().stats().connectionsTotal, 1u); // the recipient only
    }

    void anUnreachableDestinationIsANetworkError() {
        TwoRelays r;
        auto gone = addressOf(r.destination);
        r.destination.stopServer();
        QVERIFY(isBrokerError(askProxy(*r.sender, gone), smp::BrokerError::Kind::Network));
    }

    void aConnectionWaitsWhileItsProxiedRequestsAreOut() {
        // A destination that accepts TCP and then says nothing: each PRXY waits for the
        // connect timeout. One connection may have 8 out at once; the rest are not read (and
        // so cost nothing) until earlier ones are answered; all are answered in the end.
        boost::asio::io_context io;
        boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
        TwoRelays r([](relay::RelayConfig& c) { c.proxyConnectTimeout = std::chrono::seconds(1); });
        auto destination = addressOf(r.destination);
        destination.port = silent.local_endpoint().port();
        std::vector<Bytes> corrIds;
        std::vector<Bytes> block;
        for (int i = 0; i < 12; ++i) {
            Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
            // Each its own destination (another identity), so none share a connection.
            auto address = destination;
            address.keyHash = crypto::randomBytes(32);
            block.push_back(r.sender->transmissionWith(corrId, {}, smp::cmd::Prxy{address, {}}));
            corrIds.push_back(std::move(corrId));
        }
        QVERIFY(r.sender->sendBlock(block));
        const auto started = std::chrono::steady_clock::now();
        for (const Bytes& corrId : corrIds) {
            auto answer = r.sender->awaitAnswer(corrId);
            // A connection that times out is a network error, as in the reference.
            QVERIFY2(isBrokerError(answer, smp::BrokerError::Kind::Network),
                     errorOf(answer) ? smp::describe(*errorOf(answer)).c_str() : "no ERR");
        }
        // Two rounds of the 1 s timeout: the last 4 waited for the first 8.
        QVERIFY(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(1900));
        QCOMPARE(r.proxy.server().stats().proxyErrors, 12u);
    }

    void aSenderThatNeverReadsIsBoundedAndDropped() {
        // PFWDs of the largest size, sent without ever reading the PRESes: the proxy must
        // stop reading (each answer is a block), hold no more than any connection may, keep
        // serving others, and drop the sender once its writes stall.
        using namespace std::chrono_literals;
        TwoRelays r([](relay::RelayConfig& c) { c.writeStallTimeout = 1s; });
        auto pair = makeRelayPair(r.proxy.options(kAppVersions));
        QVERIFY(pair && roundTrip(*pair, "before"));
        TestClientOptions o = r.proxy.options(kAppVersions);
        o.timeout = 2000ms; // a send blocked this long: the relay stopped reading
        o.socketBuffer = 16384;
        auto attacker = std::move(TestSmpClient::connect(o)).value();
        auto relay = proxiedRelay(*attacker, addressOf(r.destination));
        QVERIFY(relay);
        const auto senderKey = crypto::X25519KeyPair::generate();
        const Bytes body(smp::maxMessageLength(10), 'f');
        const auto peak = [&] { return r.proxy.server().stats().connectionOutputPeak; };
        constexpr int kMaxBlocks = 2000;
        int sent = 0;
        for (; sent < kMaxBlocks; ++sent) {
            const Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
            const smp::cmd::Pfwd pfwd{10, senderKey.publicKey(),
                                      sealedFor(*relay, senderKey, corrId, r.queue.senderId,
                                                smp::cmd::Send{false, body}, 10)};
            if (!attacker->sendBlock({attacker->transmissionWith(corrId, relay->sessionId, pfwd)}))
                break;
            if (peak() > relay::SmpConnection::kOutputCeiling)
                QFAIL(qPrintable(QString("output %1 bytes after %2 PFWDs").arg(peak()).arg(sent)));
        }
        QVERIFY2(sent < kMaxBlocks, "the proxy kept reading from a sender that never reads");
        qInfo("the proxy stopped reading after %d PFWDs (peak output %llu bytes)", sent,
              static_cast<unsigned long long>(peak()));
        QVERIFY(roundTrip(*pair, "while stalled"));
        QTRY_VERIFY_WITH_TIMEOUT(r.proxy.server().stats().stalledWritersDropped == 1, 30000);
        QVERIFY(attacker->closedByPeer());
        QVERIFY(peak() <= relay::SmpConnection::kOutputCeiling);
        QVERIFY(roundTrip(*pair, "after"));
    }

    void theLargestMessageFitsThroughTheProxy() {
        TwoRelays r;
        auto relay = proxiedRelay(*r.sender, addressOf(r.destination));
        QVERIFY(relay);
        // The largest body a sender may send directly at v10 (the reference's
        // maxMessageLength for a proxied SEND) goes through both layers and the RFWD block.
        const Bytes body(smp::maxMessageLength(10), 'm');
        auto sent = sendProxied(*r.sender, *relay, r.queue.senderId, smp::cmd::Send{false, body});
        QVERIFY2(isOk(sent.inner), sent.outer ? smp::responseTag(*sent.outer) : "no answer");
        QVERIFY(messageIs(r.queue, r.recipient->awaitPush(), body));
    }
};

QTEST_GUILESS_MAIN(TestProxy)
#include "test_proxy.moc"
