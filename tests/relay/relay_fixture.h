#pragma once

#include "crypto/hash.h"
#include "crypto/random.h"
#include "relay/relay_data.h"
#include "relay/relay_server.h"
#include "smp/block.h"
#include "smp/forwarding.h"
#include "smp/transmission.h"
#include "test_smp_client.h"
#include "util/clock.h"

#include <QTemporaryDir>
#include <QtTest>
#include <memory>

namespace ferry::test {

/// A relay in this process on 127.0.0.1 and a free port, with its own temporary data folder.
class RelayFixture {
public:
    explicit RelayFixture(std::function<void(relay::RelayConfig&)> adjust = {}) {
        relay::RelayInitOptions init;
        init.dataDir = m_dir.path().toStdString();
        init.host = "127.0.0.1";
        init.port = 5223;
        auto created = relay::initRelayData(init);
        if (!created)
            qFatal("relay init failed: %s", created.error().message.c_str());
        m_config = std::move(relay::loadRelayConfig(init.dataDir)).value();
        m_config.listenAddress = "127.0.0.1";
        m_config.port = 0;
        // Relays here check each other on loopback, which a relay on the internet never
        // dials; a short deadline keeps "not reachable" answers quick.
        m_config.checkAllowNetworks = {
            core::net::IpNetwork{boost::asio::ip::make_address("127.0.0.0"), 8}};
        m_config.checkTimeout = std::chrono::seconds(2);
        if (adjust)
            adjust(m_config);
        start();
    }

    ~RelayFixture() {
        if (m_server)
            m_server->stop();
    }

    void start() {
        auto identity = relay::loadRelayIdentity(m_config.dataDir);
        auto server = relay::RelayServer::create(m_config, std::move(identity).value(), clock);
        if (!server)
            qFatal("relay create failed: %s", server.error().message.c_str());
        m_server = std::move(server).value();
        auto started = m_server->start();
        if (!started)
            qFatal("relay start failed: %s", started.error().message.c_str());
    }

    /// Stops the relay and starts a new one on the same data folder (a restart).
    void restart() {
        m_server->stop();
        m_server.reset();
        start();
    }

    /// Stops the relay (data kept); startOnSamePort() brings it back where clients look.
    void stopServer() {
        m_lastPort = m_server->port();
        m_server->stop();
        m_server.reset();
    }
    void startOnSamePort() {
        const std::uint16_t configured = m_config.port;
        m_config.port = m_lastPort;
        start();
        m_config.port = configured;
    }

    relay::RelayServer& server() { return *m_server; }
    const relay::RelayConfig& config() const { return m_config; }

    TestClientOptions options(smp::VersionRange versions = {6, 9}, bool alpn = true) const {
        TestClientOptions o;
        o.port = m_server->port();
        o.identity = m_server->identity().fingerprint;
        o.versions = versions;
        o.alpn = alpn;
        return o;
    }

    std::unique_ptr<TestSmpClient> connect(smp::VersionRange versions = {6, 9},
                                           bool alpn = true) const {
        auto client = TestSmpClient::connect(options(versions, alpn));
        if (!client)
            qFatal("connect failed: %s", client.error().message.c_str());
        return std::move(client).value();
    }

    core::ManualClock clock;

private:
    QTemporaryDir m_dir;
    relay::RelayConfig m_config;
    std::unique_ptr<relay::RelayServer> m_server;
    std::uint16_t m_lastPort = 0;
};

/// Bytes of a C string, for message bodies.
inline Bytes text(const char* s) {
    return core::toBytes(s);
}

template <typename T> const T* as(const core::Result<smp::Response>& r) {
    return r ? std::get_if<T>(&*r) : nullptr;
}

inline bool isOk(const core::Result<smp::Response>& r) {
    return as<smp::rsp::Ok>(r) != nullptr;
}

/// SUB's success: OK, or from v16 SOK (without a service id: none here).
inline bool isSubscribed(const core::Result<smp::Response>& r) {
    auto* sok = as<smp::rsp::Sok>(r);
    return isOk(r) || (sok && !sok->serviceId);
}

/// The error kind of an ERR answer, or nothing.
inline std::optional<smp::ErrorType> errorOf(const core::Result<smp::Response>& r) {
    if (auto* e = as<smp::rsp::Err>(r))
        return e->error;
    return std::nullopt;
}

inline bool isError(const core::Result<smp::Response>& r, smp::ErrorType::Kind kind) {
    auto e = errorOf(r);
    return e && e->kind == kind;
}

inline bool isCommandError(const core::Result<smp::Response>& r, smp::CommandError c) {
    auto e = errorOf(r);
    return e && e->kind == smp::ErrorType::Kind::Cmd && e->cmd == c;
}

inline const char* describe(const core::Result<smp::Response>& r) {
    static thread_local std::string text;
    if (!r)
        text = "failure: " + r.error().message;
    else if (auto* e = std::get_if<smp::rsp::Err>(&*r))
        text = "ERR " + smp::describe(e->error);
    else
        text = smp::responseTag(*r);
    return text.c_str();
}

/// Whether a pushed transmission is MSG carrying `body` for queue `q`.
inline bool messageIs(const TestQueue& q, const core::Result<Received>& pushed, const Bytes& body) {
    if (!pushed)
        return false;
    auto* msg = std::get_if<smp::rsp::Msg>(&pushed->response);
    if (!msg)
        return false;
    auto opened = q.open(*msg);
    return opened && opened->body == body;
}

/// A queue made with NEW carrying link data, as a v15 client makes it.
struct LinkedQueue {
    TestQueue queue;
    Bytes linkId;
    smp::QueueLinkData data{Bytes(2048, 0xf1), Bytes(600, 0x0a)};
};

/// NEW with a short link: the sender id is derived from the corrId (first 24 bytes of its
/// SHA3-384), a contact address also brings its link id.
inline core::Result<smp::Response> newWithLink(TestSmpClient& client, LinkedQueue& q,
                                               smp::QueueMode mode,
                                               std::optional<Bytes> senderId = std::nullopt) {
    const Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
    const Bytes derived = *crypto::sha3_384(corrId);
    smp::cmd::New c = q.queue.newCommand();
    smp::QueueRequest::Link link{mode == smp::QueueMode::Contact ? q.linkId : Bytes{},
                                 senderId.value_or(Bytes(derived.begin(), derived.begin() + 24)),
                                 q.data};
    c.queueRequest = smp::QueueRequest{mode, std::move(link)};
    if (auto sent = client.sendBlock(
            {client.transmissionWith(corrId, {}, c, Signer{&q.queue.recipientKey})});
        !sent)
        return sent.error();
    auto answer = client.awaitAnswer(corrId);
    if (auto* ids = as<smp::rsp::Ids>(answer)) {
        q.queue.recipientId = ids->recipientId;
        q.queue.senderId = ids->senderId;
        q.queue.serverDhKey = ids->serverDhKey;
        if (ids->linkId)
            q.linkId = *ids->linkId;
    }
    return answer;
}

/// A private routing sender's answer, as the sender opens it from PRES (or from RRES's
/// FwdResponse): sealed with `box` under the reversed nonce of its corrId, padded, one
/// transmission at `version`.
struct SenderAnswer {
    Bytes corrId;
    smp::Response response;
};
inline core::Result<SenderAnswer> openSenderAnswer(const crypto::CryptoBox& box,
                                                   const Bytes& corrId, ByteView sealed,
                                                   smp::Version version) {
    auto batch = smp::openProxied(box, smp::reversedNonce(corrId), sealed);
    if (!batch)
        return batch.error();
    auto items = smp::decodeBatch(*batch);
    if (!items || items->size() != 1)
        return core::makeError(TestClientErrc::Response, "not one transmission");
    auto t = smp::decodeTransmission(version, items->front());
    if (!t)
        return t.error();
    auto response = smp::decodeResponse(version, t->command);
    if (!response)
        return response.error();
    return SenderAnswer{t->corrId, std::move(response).value()};
}

} // namespace ferry::test
