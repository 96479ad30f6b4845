// The relay as the destination of private routing (RFWD, SMP v8+): what a proxy forwards is
// opened in both layers, only a sender's commands run, and the answer goes back sealed for
// the sender inside RRES (simplexmq Server.hs `processForwardedCommand`). The proxy and the
// sender are played by one test client connected as the proxy would be.
#include "crypto/random.h"
#include "relay_fixture.h"
#include "smp/block.h"
#include "smp/forwarding.h"
#include "smp/transmission.h"

using namespace ferry;
using namespace ferry::test;
using EK = smp::ErrorType::Kind;

namespace {

/// One transmission on its way through a proxy, with what its answer is opened with.
struct Forward {
    Bytes rfwdCorrId = crypto::randomBytes(smp::kCorrIdSize);
    Bytes senderCorrId = crypto::randomBytes(smp::kCorrIdSize);
    crypto::X25519KeyPair senderKey = crypto::X25519KeyPair::generate();
    smp::Version version = 9;
    /// Seals the proxy's layer with another key than the hello's.
    bool wrongProxyKey = false;
    /// Seals the sender's layer with a key other than the relay's session key.
    bool wrongSenderKey = false;
};

/// What the relay answered: the outer answer to RFWD and, for RRES, the sender's.
struct ForwardAnswer {
    core::Result<smp::Response> outer = core::makeError(TestClientErrc::NoAnswer, "none");
    core::Result<smp::Response> inner = core::makeError(TestClientErrc::NoAnswer, "none");
    Bytes innerCorrId;
};

crypto::CryptoBox boxFor(const TestSmpClient& proxy, const crypto::X25519KeyPair& own) {
    return std::move(crypto::CryptoBox::fromDh(proxy.serverSessionKey()->raw, own)).value();
}

/// RFWD carrying `batch` (the sender's transmissions, encoded as a batch) sent by `proxy`.
core::Result<void> sendForward(TestSmpClient& proxy, const Forward& f, ByteView batch) {
    const crypto::CryptoBox senderBox = f.wrongSenderKey
                                            ? boxFor(proxy, crypto::X25519KeyPair::generate())
                                            : boxFor(proxy, f.senderKey);
    auto sealed = smp::sealProxied(senderBox, f.senderCorrId, batch);
    if (!sealed)
        return sealed.error();
    const Bytes forward = smp::encodeFwdTransmission(
        {f.senderCorrId, f.version, f.senderKey.publicKey(), std::move(sealed).value()});
    const crypto::CryptoBox proxyBox = f.wrongProxyKey
                                           ? boxFor(proxy, crypto::X25519KeyPair::generate())
                                           : std::move(proxy.helloBox()).value();
    auto encrypted = proxyBox.seal(crypto::cbNonce(f.rfwdCorrId), forward);
    if (!encrypted)
        return encrypted.error();
    return proxy.sendBlock(
        {proxy.transmissionWith(f.rfwdCorrId, {}, smp::cmd::Rfwd{std::move(encrypted).value()})});
}

/// Waits for the answer to RFWD and opens RRES as the proxy and then the sender would.
ForwardAnswer awaitForward(TestSmpClient& proxy, const Forward& f) {
    ForwardAnswer a;
    a.outer = proxy.awaitAnswer(f.rfwdCorrId);
    auto* rres = as<smp::rsp::Rres>(a.outer);
    if (!rres)
        return a;
    auto opened = std::move(proxy.helloBox())
                      .value()
                      .open(smp::reversedNonce(f.rfwdCorrId), rres->encryptedResponse);
    if (!opened) {
        a.inner = opened.error();
        return a;
    }
    auto response = smp::decodeFwdResponse(*opened);
    if (!response || response->corrId != f.senderCorrId) {
        a.inner = core::makeError(TestClientErrc::Response, "FwdResponse for another corrId");
        return a;
    }
    auto answer = openSenderAnswer(boxFor(proxy, f.senderKey), f.senderCorrId,
                                   response->sealedResponse, f.version);
    if (!answer) {
        a.inner = answer.error();
        return a;
    }
    a.innerCorrId = answer->corrId;
    a.inner = std::move(answer->response);
    return a;
}

/// Sends one command of the sender's through the proxy and opens the answer.
ForwardAnswer forward(TestSmpClient& proxy, const Bytes& entityId, const smp::Command& command,
                      std::optional<Signer> signer, const Forward& f) {
    const Bytes t = proxy.transmissionWith(f.senderCorrId, entityId, command, signer);
    auto batch = smp::encodeBatch({t}, smp::kProxiedTransmissionSize - 2);
    if (!batch)
        qFatal("batch: %s", batch.error().message.c_str());
    if (auto sent = sendForward(proxy, f, *batch); !sent)
        qFatal("send: %s", sent.error().message.c_str());
    return awaitForward(proxy, f);
}

ForwardAnswer forward(TestSmpClient& proxy, const Bytes& entityId, const smp::Command& command,
                      std::optional<Signer> signer = std::nullopt) {
    return forward(proxy, entityId, command, signer, Forward());
}

/// A relay, a recipient with a subscribed queue, and a proxy's connection.
struct Routing {
    explicit Routing(bool senderCanSecure = false) {
        if (!createQueue(*recipient, queue, true, false, senderCanSecure))
            qFatal("queue not created");
    }
    RelayFixture relay;
    std::unique_ptr<TestSmpClient> recipient = relay.connect();
    TestQueue queue;
    std::unique_ptr<TestSmpClient> proxy = relay.connect();
};

} // namespace

class TestPrivateRouting : public QObject {
    Q_OBJECT

private slots:
    void sendThroughProxyArrives() {
        Routing routing;
        auto& [relay, recipient, q, proxy] = routing;

        auto a = forward(*proxy, q.senderId, smp::cmd::Send{false, text("through a proxy")});
        QVERIFY2(as<smp::rsp::Rres>(a.outer), describe(a.outer));
        QVERIFY2(isOk(a.inner), describe(a.inner));
        QVERIFY(messageIs(q, recipient->awaitPush(), text("through a proxy")));
        QCOMPARE(relay.server().stats().forwardedCommands, 1u);
        QCOMPARE(relay.server().stats().messagesSent, 1u);
    }

    void proxyAndSenderAtV8() {
        Routing routing;
        auto& [relay, recipient, q, proxy] = routing;
        auto proxyV8 = relay.connect({8, 8});
        Forward f;
        f.version = 8;
        auto a = forward(*proxyV8, q.senderId, smp::cmd::Send{false, text("v8")}, std::nullopt, f);
        QVERIFY2(isOk(a.inner), describe(a.inner));
        QVERIFY(messageIs(q, recipient->awaitPush(), text("v8")));
    }

    void answerCarriesTheSendersCorrId() {
        Routing routing;
        auto& [relay, recipient, q, proxy] = routing;
        Forward f;
        auto a = forward(*proxy, q.senderId, smp::cmd::Send{true, text("x")}, std::nullopt, f);
        QVERIFY2(isOk(a.inner), describe(a.inner));
        QCOMPARE(a.innerCorrId, f.senderCorrId);
    }

    void senderSecuresAndSignsThroughProxy() {
        Routing routing(true);
        auto& [relay, recipient, q, proxy] = routing;

        auto secured = forward(*proxy, q.senderId, smp::cmd::SKey{q.senderKey.publicKey()},
                               Signer{&q.senderKey});
        QVERIFY2(isOk(secured.inner), describe(secured.inner));
        auto unsigned_ = forward(*proxy, q.senderId, smp::cmd::Send{false, text("anyone")});
        QVERIFY2(isError(unsigned_.inner, EK::Auth), describe(unsigned_.inner));
        auto signed_ = forward(*proxy, q.senderId, smp::cmd::Send{false, text("signed")},
                               Signer{&q.senderKey});
        QVERIFY2(isOk(signed_.inner), describe(signed_.inner));
        QVERIFY(messageIs(q, recipient->awaitPush(), text("signed")));
    }

    void authenticatorWithTheSessionKeyOfTheProxysConnection() {
        // A sender's X25519 key authorizes with DH(its key, the session key the relay gave
        // the proxy's connection), which the sender learnt from the proxy (PKEY).
        Routing routing(true);
        auto& [relay, recipient, q, proxy] = routing;
        const auto senderDh = crypto::X25519KeyPair::generate();

        auto secured =
            forward(*proxy, q.senderId, smp::cmd::SKey{senderDh.publicKey()}, Signer{&senderDh});
        QVERIFY2(isOk(secured.inner), describe(secured.inner));
        auto sent =
            forward(*proxy, q.senderId, smp::cmd::Send{false, text("boxed")}, Signer{&senderDh});
        QVERIFY2(isOk(sent.inner), describe(sent.inner));
        QVERIFY(messageIs(q, recipient->awaitPush(), text("boxed")));

        const auto stranger = crypto::X25519KeyPair::generate();
        auto refused =
            forward(*proxy, q.senderId, smp::cmd::Send{false, text("no")}, Signer{&stranger});
        QVERIFY2(isError(refused.inner, EK::Auth), describe(refused.inner));
    }

    void largestMessageFits() {
        Routing routing;
        auto& [relay, recipient, q, proxy] = routing;
        const Bytes largest(smp::maxMessageLength(9), 'm');
        auto a = forward(*proxy, q.senderId, smp::cmd::Send{false, largest});
        QVERIFY2(isOk(a.inner), describe(a.inner));
        QVERIFY(messageIs(q, recipient->awaitPush(), largest));
        auto over = forward(*proxy, q.senderId,
                            smp::cmd::Send{false, Bytes(smp::maxMessageLength(9) + 1, 'm')});
        QVERIFY2(isError(over.inner, EK::LargeMsg), describe(over.inner));
    }

    void onlyASendersCommandsPass() {
        Routing routing;
        auto& [relay, recipient, q, proxy] = routing;

        TestQueue other;
        auto created = forward(*proxy, {}, other.newCommand(), Signer{&other.recipientKey});
        QVERIFY2(isCommandError(created.inner, smp::CommandError::Prohibited),
                 describe(created.inner));
        auto sub = forward(*proxy, q.recipientId, smp::cmd::Sub{}, Signer{&q.recipientKey});
        QVERIFY2(isCommandError(sub.inner, smp::CommandError::Prohibited), describe(sub.inner));
        auto del = forward(*proxy, q.recipientId, smp::cmd::Del{}, Signer{&q.recipientKey});
        QVERIFY2(isCommandError(del.inner, smp::CommandError::Prohibited), describe(del.inner));
        auto ping = forward(*proxy, {}, smp::cmd::Ping{});
        QVERIFY2(isCommandError(ping.inner, smp::CommandError::Prohibited), describe(ping.inner));
        auto nested = forward(*proxy, {}, smp::cmd::Rfwd{text("again")});
        QVERIFY2(isCommandError(nested.inner, smp::CommandError::Prohibited),
                 describe(nested.inner));
        // The queue is untouched: its sender still reaches it.
        auto sent = forward(*proxy, q.senderId, smp::cmd::Send{false, text("still here")});
        QVERIFY2(isOk(sent.inner), describe(sent.inner));
        QCOMPARE(relay.server().stats().queuesCreated, 1u);
    }

    void shortLinksAreReadThroughAProxy() {
        // v15: a sender who follows a short link reads it (LGET, LKEY) through its proxy;
        // the recipient's link commands stay direct.
        RelayFixture relay;
        auto owner = relay.connect({15, 15});
        auto proxy = relay.connect({15, 15});
        Forward at15;
        at15.version = 15;
        LinkedQueue address;
        address.linkId = crypto::randomBytes(24);
        QVERIFY(as<smp::rsp::Ids>(newWithLink(*owner, address, smp::QueueMode::Contact)));
        auto read = forward(*proxy, address.linkId, smp::cmd::LGet{}, std::nullopt, at15);
        QVERIFY2(as<smp::rsp::Lnk>(read.inner), describe(read.inner));
        QVERIFY(as<smp::rsp::Lnk>(read.inner)->data == address.data);

        LinkedQueue invitation;
        QVERIFY(as<smp::rsp::Ids>(newWithLink(*owner, invitation, smp::QueueMode::Messaging)));
        const auto& key = invitation.queue.senderKey;
        Forward next = at15;
        next.senderCorrId = crypto::randomBytes(smp::kCorrIdSize);
        next.rfwdCorrId = crypto::randomBytes(smp::kCorrIdSize);
        auto secured =
            forward(*proxy, invitation.linkId, smp::cmd::LKey{key.publicKey()}, Signer{&key}, next);
        QVERIFY2(as<smp::rsp::Lnk>(secured.inner), describe(secured.inner));
        QCOMPARE(as<smp::rsp::Lnk>(secured.inner)->senderId, invitation.queue.senderId);

        next.senderCorrId = crypto::randomBytes(smp::kCorrIdSize);
        next.rfwdCorrId = crypto::randomBytes(smp::kCorrIdSize);
        auto set =
            forward(*proxy, address.queue.recipientId, smp::cmd::LSet{address.linkId, address.data},
                    Signer{&address.queue.recipientKey}, next);
        QVERIFY2(isCommandError(set.inner, smp::CommandError::Prohibited), describe(set.inner));
    }

    void credentialsAreCheckedAsForDirectCommands() {
        RelayFixture relay;
        auto proxy = relay.connect();
        auto unknown =
            forward(*proxy, crypto::randomBytes(24), smp::cmd::Send{false, text("nobody")});
        QVERIFY2(isError(unknown.inner, EK::Auth), describe(unknown.inner));
        auto noEntity = forward(*proxy, {}, smp::cmd::Send{false, text("where")});
        QVERIFY2(isCommandError(noEntity.inner, smp::CommandError::NoEntity),
                 describe(noEntity.inner));
    }

    void proxyLayerThatDoesNotOpenIsCrypto() {
        RelayFixture relay;
        auto proxy = relay.connect();
        Forward f;
        f.wrongProxyKey = true;
        auto a = forward(*proxy, crypto::randomBytes(24), smp::cmd::Send{false, text("x")},
                         std::nullopt, f);
        QVERIFY2(isError(a.outer, EK::Crypto), describe(a.outer));
    }

    void senderLayerThatDoesNotOpenIsCrypto() {
        RelayFixture relay;
        auto proxy = relay.connect();
        Forward f;
        f.wrongSenderKey = true;
        auto a = forward(*proxy, crypto::randomBytes(24), smp::cmd::Send{false, text("x")},
                         std::nullopt, f);
        QVERIFY2(isError(a.outer, EK::Crypto), describe(a.outer));
    }

    void malformedForwardIsSyntax() {
        RelayFixture relay;
        auto proxy = relay.connect();
        const Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
        auto box = std::move(proxy->helloBox()).value();
        const Bytes garbage = *box.seal(crypto::cbNonce(corrId), text("not a forward"));
        QVERIFY(proxy->sendBlock({proxy->transmissionWith(corrId, {}, smp::cmd::Rfwd{garbage})}));
        auto r = proxy->awaitAnswer(corrId);
        QVERIFY2(isCommandError(r, smp::CommandError::Syntax), describe(r));
    }

    void moreThanOneTransmissionIsBlock() {
        Routing routing;
        auto& [relay, recipient, q, proxy] = routing;
        Forward f;
        const Bytes t =
            proxy->transmissionWith(f.senderCorrId, q.senderId, smp::cmd::Send{false, text("a")});
        auto batch = smp::encodeBatch({t, t}, smp::kProxiedTransmissionSize - 2);
        QVERIFY(sendForward(*proxy, f, *batch));
        auto a = awaitForward(*proxy, f);
        QVERIFY2(isError(a.outer, EK::Block), describe(a.outer));
        QCOMPARE(relay.server().stats().messagesSent, 0u);
    }

    void unreadableBatchIsTheSendersBlockError() {
        RelayFixture relay;
        auto proxy = relay.connect();
        Forward f;
        QVERIFY(sendForward(*proxy, f, text("\x01\x00")));
        auto a = awaitForward(*proxy, f);
        QVERIFY2(isError(a.inner, EK::Block), describe(a.inner));
        QVERIFY(a.innerCorrId.empty());
    }

    void versionOutsideTheRelaysRangeIsRefused() {
        Routing routing;
        auto& [relay, recipient, q, proxy] = routing;
        Forward f;
        f.version = 99;
        auto a = forward(*proxy, q.senderId, smp::cmd::Send{false, text("x")}, std::nullopt, f);
        auto e = errorOf(a.outer);
        QVERIFY2(e && e->kind == EK::Proxy, describe(a.outer));
        QCOMPARE(e->proxy->kind, smp::ProxyError::Kind::Broker);
        QCOMPARE(e->proxy->broker.transport.kind, smp::TransportError::Kind::Version);
    }

    void forwardNeedsNoCredentials() {
        // RFWD itself is not authorized and names no queue; either is refused as HAS_AUTH.
        RelayFixture relay;
        auto proxy = relay.connect();
        const auto key = crypto::Ed25519KeyPair::generate();
        auto signed_ = proxy->call({}, smp::cmd::Rfwd{text("x")}, Signer{&key});
        QVERIFY2(isCommandError(signed_, smp::CommandError::HasAuth), describe(signed_));
        auto withEntity = proxy->call(crypto::randomBytes(24), smp::cmd::Rfwd{text("x")});
        QVERIFY2(isCommandError(withEntity, smp::CommandError::HasAuth), describe(withEntity));
    }
};

QTEST_GUILESS_MAIN(TestPrivateRouting)
#include "test_private_routing.moc"
