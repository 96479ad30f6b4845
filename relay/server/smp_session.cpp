#include "relay/server/smp_session.h"

#include "crypto/crypto_box.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/transmission_auth.h"
#include "relay/server/smp_answers.h"
#include "relay/store/relay_store_errc.h"
#include "smp/block.h"
#include "smp/message_body.h"
#include "smp/smp_errc.h"
#include "util/base64.h"
#include "util/overloaded.h"

#include <chrono>
#include <cstdio>

namespace ferry::relay {

using core::Bytes;
using core::ByteView;
namespace smp = core::smp;
namespace crypto = core::crypto;
using smp::ErrorType;
using EK = smp::ErrorType::Kind;

using namespace answers;

namespace {

constexpr int kCreateAttempts = 3;

// Valid public keys nobody holds the secret of: a command for a missing queue is checked
// against one of these so that it costs what a real check costs, and an observer cannot
// tell "no such queue" from "wrong key" by timing.
crypto::PublicKey dummyKeyFor(ByteView auth) {
    using core::fromHex;
    switch (auth.size()) {
    case 114:
        return {crypto::KeyAlgorithm::Ed448,
                fromHex("2aa05ba7689fa001b1070e334266a0d5e908b4245368f401311330205a057ca4224974"
                        "7092ed818d88e159d4fe26c9a249724dc8fd6f4a9280")};
    case 80:
        return {crypto::KeyAlgorithm::X25519,
                fromHex("5ca306ec2a7f0af935301ce3907087c711036841867e6214931009da1dc7220a")};
    default:
        return {crypto::KeyAlgorithm::Ed25519,
                fromHex("84647ae62a008acf8eb472344824e0d3ebf40df1dca89881c48b84c64b98e194")};
    }
}

std::string key(const Bytes& id) {
    return core::toString(id);
}

// UTC, as 2026-12-05T19:54:13Z.
std::string isoTime(std::int64_t secondsSinceEpoch) {
    using namespace std::chrono;
    const sys_seconds time{seconds{secondsSinceEpoch}};
    const sys_days day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{time - day};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                  int(clock.minutes().count()), int(clock.seconds().count()));
    return buf;
}

} // namespace

SmpSession::SmpSession(SessionEnvironment env, SessionOutput& output, SessionPoster post,
                       std::weak_ptr<Subscriber> self, smp::Version version, Bytes sessionId,
                       crypto::X25519KeyPair sessionKey,
                       std::optional<crypto::PublicKey> peerSessionKey)
    : m_env(env), m_output(output), m_post(std::move(post)), m_self(std::move(self)),
      m_version(version), m_sessionId(std::move(sessionId)), m_sessionKey(std::move(sessionKey)),
      m_peerSessionKey(std::move(peerSessionKey)), m_newQueues(env.config.newQueuesPerMinute) {}

SmpSession::~SmpSession() {
    close();
}

void SmpSession::close() {
    const Subscriber* self = m_self.lock().get();
    for (const auto& [rid, sub] : m_subscriptions)
        if (!sub.getMode)
            m_env.registry.unsubscribe(core::toBytes(rid), self);
    m_subscriptions.clear();
    m_owed = 0;
}

std::vector<Bytes> SmpSession::openBlock(ByteView block) {
    auto items = smp::decodeBlock(block);
    if (!items) {
        Request none;
        none.to.version = m_version;
        answer(none, err(EK::Block));
        return {};
    }
    return std::move(items).value();
}

std::chrono::steady_clock::duration SmpSession::handleTransmission(ByteView item) {
    auto t = smp::decodeTransmission(m_version, item);
    if (!t) {
        Request none;
        none.to.version = m_version;
        answer(none, err(EK::Block));
        return {};
    }
    return handle(*t);
}

std::chrono::steady_clock::duration SmpSession::handle(const smp::Transmission& t) {
    // Before anything is counted or answered: a paced NEW comes back as if not yet read.
    auto command = smp::decodeCommand(m_version, t.command);
    if (command && std::holds_alternative<smp::cmd::New>(*command))
        if (auto wait = m_newQueues.take(); wait > wait.zero())
            return wait;
    if (command)
        if (auto wait = proxyWait(*command); wait > wait.zero())
            return wait;
    RelayCounters::bump(m_env.counters.transmissionsIn);
    Request r;
    r.to.version = m_version;
    if (admit(r, t, std::move(command)))
        execute(r);
    return {};
}

bool SmpSession::admit(Request& r, const smp::Transmission& t, core::Result<smp::Command> command) {
    r.to.corrId = t.corrId;
    if (r.to.version < smp::versions::kAuthCommands && t.sessionId != m_sessionId) {
        answer(r, err(EK::Session));
        return false;
    }
    if (!crypto::transmissionAuthKind(t.authorization)) {
        answer(r, err(EK::Block));
        return false;
    }
    // A service signature (v16) needs a service certificate from the handshake, which this
    // relay never takes: as the reference answers a session without one.
    if (t.serviceSignature) {
        answer(r, err(EK::Service));
        return false;
    }
    r.to.entityId = t.entityId;
    if (!command) {
        answer(r,
               cmdErr(command.error().code == smp::SmpErrc::Unknown ? smp::CommandError::Unknown
                                                                    : smp::CommandError::Syntax));
        return false;
    }
    if (auto bad = smp::checkCredentials(*command, !t.authorization.empty(), !t.entityId.empty())) {
        answer(r, cmdErr(*bad));
        return false;
    }
    r.auth = t.authorization;
    r.authorized = smp::authorizedBytes(m_sessionId, t.corrId, t.entityId, t.command);
    r.command = std::move(command).value();
    return true;
}

void SmpSession::forwarded(const Request& r, const smp::cmd::Rfwd& c) {
    if (!m_proxyBox && m_peerSessionKey)
        if (auto box = crypto::CryptoBox::fromDh(m_peerSessionKey->raw, m_sessionKey))
            m_proxyBox = std::move(box).value();
    if (!m_proxyBox) {
        // No hello key (below v7): nothing to open the proxy's layer with.
        answer(r, smp::rsp::Err{proxyTransportError(smp::TransportError::Kind::NoAuth)});
        return;
    }
    auto opened =
        openForwardedRequest(*m_proxyBox, m_sessionKey, r.to.corrId, c.encryptedForward,
                             {smp::versions::kMinSupported, smp::versions::kMaxSupported});
    if (const auto* refused = std::get_if<ErrorType>(&opened)) {
        answer(r, smp::rsp::Err{*refused});
        return;
    }
    auto& request = std::get<ForwardedRequest>(opened);
    RelayCounters::bump(m_env.counters.forwardedCommands);
    Request inner;
    inner.to.version = request.reply->version();
    inner.to.forwarded = request.reply;
    inner.to.rfwdCorrId = r.to.corrId;
    std::optional<smp::Transmission> t;
    if (request.transmission)
        if (auto decoded = smp::decodeTransmission(inner.to.version, *request.transmission))
            t = std::move(decoded).value();
    if (!t) { // an unreadable batch or transmission
        answer(inner, err(EK::Block));
        return;
    }
    if (!admit(inner, *t, smp::decodeCommand(inner.to.version, t->command)))
        return;
    // Only what a sender does may come through a proxy (the reference's list).
    if (!std::holds_alternative<smp::cmd::Send>(inner.command) &&
        !std::holds_alternative<smp::cmd::SKey>(inner.command) &&
        !std::holds_alternative<smp::cmd::LKey>(inner.command) &&
        !std::holds_alternative<smp::cmd::LGet>(inner.command)) {
        answer(inner, cmdErr(smp::CommandError::Prohibited));
        return;
    }
    execute(inner);
}

bool SmpSession::verify(const Request& r, const crypto::PublicKey& key) const {
    if (r.auth.empty()) {
        RelayCounters::bump(m_env.counters.authFailures);
        return false;
    }
    // A signature must match the key's algorithm; a mismatch still costs one verification.
    auto kind = crypto::transmissionAuthKind(r.auth);
    const bool signature = kind && *kind != crypto::TransmissionAuthKind::Authenticator;
    const bool matching =
        signature ? key.isSigningKey() : key.algorithm == crypto::KeyAlgorithm::X25519;
    if (!matching) {
        dummyVerify(r);
        return false;
    }
    const bool ok =
        crypto::verifyTransmissionAuth(key, r.auth, r.authorized, r.to.corrId, &m_sessionKey).ok();
    if (!ok)
        RelayCounters::bump(m_env.counters.authFailures);
    return ok;
}

void SmpSession::dummyVerify(const Request& r) const {
    if (!r.auth.empty())
        (void)crypto::verifyTransmissionAuth(dummyKeyFor(r.auth), r.auth, r.authorized, r.to.corrId,
                                             &m_sessionKey);
    RelayCounters::bump(m_env.counters.authFailures);
}

std::optional<QueueRecord> SmpSession::recipientQueue(const Request& r) {
    auto q = m_env.store.queueByRecipient(r.to.entityId);
    if (!q) {
        dummyVerify(r);
        answer(r, err(EK::Auth));
    } else if (!verify(r, q->recipientKey)) {
        answer(r, err(EK::Auth));
        return std::nullopt;
    }
    return q;
}

void SmpSession::execute(const Request& r) {
    namespace cmd = smp::cmd;
    // Recipient commands: the queue by its recipient id, authorized by the recipient key.
    auto asRecipient = [&](auto&& run) {
        if (auto q = recipientQueue(r))
            run(*q);
    };
    std::visit(
        core::Overloaded{
            [&](const cmd::New& c) { newQueue(r, c); },
            [&](const cmd::Sub&) { asRecipient([&](const auto& q) { subscribe(r, q); }); },
            [&](const cmd::Get&) { asRecipient([&](const auto& q) { getMessage(r, q); }); },
            [&](const cmd::Ack& c) {
                asRecipient([&](const auto& q) { acknowledge(r, q, c.msgId); });
            },
            [&](const cmd::Key& c) {
                asRecipient([&](const auto& q) { secure(r, q, c.senderKey); });
            },
            [&](const cmd::NKey& c) { asRecipient([&](const auto& q) { setNotifier(r, q, c); }); },
            [&](const cmd::NDel&) {
                asRecipient([&](const auto& q) { updateQueue(r, q, &RelayStore::deleteNotifier); });
            },
            [&](const cmd::Off&) {
                asRecipient([&](const auto& q) { updateQueue(r, q, &RelayStore::suspendQueue); });
            },
            [&](const cmd::Del&) { asRecipient([&](const auto& q) { deleteQueue(r, q); }); },
            [&](const cmd::Que&) { asRecipient([&](const auto& q) { queueInfo(r, q); }); },
            [&](const cmd::SKey& c) { senderSecure(r, c); },
            [&](const cmd::Send& c) { sendAsSender(r, c); },
            [&](const cmd::Ping&) { answer(r, smp::rsp::Pong{}); },
            [&](const cmd::Prxy& c) { proxySession(r, c); },
            [&](const cmd::Pfwd& c) { proxyForward(r, c); },
            [&](const cmd::Rfwd& c) { forwarded(r, c); },
            [&](const cmd::LSet& c) { asRecipient([&](const auto& q) { setLink(r, q, c); }); },
            [&](const cmd::LDel&) {
                asRecipient([&](const auto& q) { updateQueue(r, q, &RelayStore::deleteLink); });
            },
            [&](const cmd::LKey& c) { secureByLink(r, c); },
            [&](const cmd::LGet&) { readContactLink(r); },
            // Service subscriptions need a service session (v16), which this relay has none of.
            [&](const cmd::Subs&) { answer(r, err(EK::Service)); },
            [&](const cmd::NSubs&) { answer(r, err(EK::Service)); },
        },
        r.command);
}

void SmpSession::updateQueue(
    const Request& r, const QueueRecord& q,
    core::Result<void> (RelayStore::*change)(core::ByteView, RelayStore::DurableCallback)) {
    const std::size_t slot = reserveAnswer(r, kSmallAnswer);
    if (!(m_env.store.*change)(q.recipientId,
                               whenDurable(r, slot, [] { return smp::Response{smp::rsp::Ok{}}; })))
        answerAt(r, slot, err(EK::Auth));
}

void SmpSession::senderSecure(const Request& r, const smp::cmd::SKey& c) {
    auto q = m_env.store.queueBySender(r.to.entityId);
    // The sender may secure only a queue made for it, and only with its own key.
    const bool allowed =
        q && q->senderCanSecure() && (!q->senderKey || *q->senderKey == c.senderKey);
    if (!allowed) {
        dummyVerify(r);
        answer(r, err(EK::Auth));
    } else if (!verify(r, c.senderKey)) {
        answer(r, err(EK::Auth));
    } else {
        secure(r, *q, c.senderKey);
    }
}

void SmpSession::sendAsSender(const Request& r, const smp::cmd::Send& c) {
    auto q = m_env.store.queueBySender(r.to.entityId);
    if (!q) {
        dummyVerify(r);
        answer(r, err(EK::Auth));
        return;
    }
    // Before the queue is secured SEND must be unauthenticated; after, signed.
    const bool authorized = q->senderKey ? verify(r, *q->senderKey) : r.auth.empty();
    if (!authorized) {
        if (!q->senderKey)
            RelayCounters::bump(m_env.counters.authFailures);
        answer(r, err(EK::Auth));
        return;
    }
    send(r, *q, c);
}

void SmpSession::newQueue(const Request& r, const smp::cmd::New& c) {
    // A relay not taking new queues answers ERR AUTH, as simplexmq's server does with
    // allowNewQueues off; existing queues keep working.
    if (!m_env.acceptingNewQueues.load(std::memory_order_relaxed)) {
        answer(r, err(EK::Auth));
        return;
    }
    const auto& password = m_env.config.createPassword;
    if (password) {
        const Bytes expected = core::toBytes(*password);
        // Hashed first: the time taken says nothing of the password's length.
        if (!c.basicAuth || !crypto::secretsEqual(*c.basicAuth, expected)) {
            answer(r, err(EK::Auth));
            return;
        }
    }
    if (!verify(r, c.rcvAuthKey)) {
        answer(r, err(EK::Auth));
        return;
    }
    auto serverKey = crypto::X25519KeyPair::generate();
    auto secret = serverKey.dh(c.rcvDhKey.raw);
    if (!secret) {
        answer(r, cmdErr(smp::CommandError::Syntax));
        return;
    }
    QueueRecord q;
    q.recipientKey = c.rcvAuthKey;
    q.rcvDhSecret = Bytes(secret->data(), secret->data() + secret->size());
    if (c.queueRequest)
        q.mode = c.queueRequest->mode;
    const auto* link = c.queueRequest && c.queueRequest->link ? &*c.queueRequest->link : nullptr;
    if (link) {
        // A short link names its queue's sender id before the queue exists: the client
        // derives it from this NEW's corrId, so nobody can pick an id to probe with.
        auto expected = smp::shortLinkSenderId(r.to.corrId);
        if (!expected || link->senderId != *expected) {
            answer(r, cmdErr(smp::CommandError::Prohibited));
            return;
        }
        q.senderId = link->senderId;
        // A contact address's link id is the client's (derived from the link's key); a
        // messaging queue's is the relay's.
        q.link = QueueLink{q.mode == smp::QueueMode::Contact ? link->linkId
                                                             : crypto::randomBytes(kIdSize),
                           link->data};
    }
    std::optional<crypto::X25519KeyPair> ntfKey;
    if (c.ntfCreds) {
        // v17: the notifier made with the queue, as NKEY would make it.
        ntfKey = crypto::X25519KeyPair::generate();
        auto ntfSecret = ntfKey->dh(c.ntfCreds->rcvNtfDhKey.raw);
        if (!ntfSecret) {
            answer(r, cmdErr(smp::CommandError::Syntax));
            return;
        }
        q.notifier =
            NotifierRecord{{},
                           c.ntfCreds->notifierKey,
                           Bytes(ntfSecret->data(), ntfSecret->data() + ntfSecret->size())};
    }
    smp::rsp::Ids ids;
    ids.serverDhKey = serverKey.publicKey();
    ids.queueMode = q.mode;
    if (q.link)
        ids.linkId = q.link->linkId;
    const std::size_t slot = reserveAnswer(r, kSmallAnswer);
    // Ids the client chose are not replaced when taken: the link it made names them.
    const int attempts = link ? 1 : kCreateAttempts;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        q.recipientId = crypto::randomBytes(kIdSize);
        if (!link)
            q.senderId = crypto::randomBytes(kIdSize);
        ids.recipientId = q.recipientId;
        ids.senderId = q.senderId;
        if (q.notifier) {
            q.notifier->notifierId = crypto::randomBytes(kIdSize);
            ids.ntfCreds = smp::rsp::ServerNtfCreds{q.notifier->notifierId, ntfKey->publicKey()};
        }
        auto added = m_env.store.addQueue(q, whenDurable(r, slot, [ids] { return ids; }));
        if (added) {
            RelayCounters::bump(m_env.counters.queuesCreated);
            if (c.subMode == smp::SubscriptionMode::Subscribe) {
                m_subscriptions[key(q.recipientId)] = Subscription{};
                if (auto self = m_self.lock())
                    m_env.registry.subscribe(q.recipientId, self);
            }
            return;
        }
        if (added.error().code == RelayStoreErrc::Full) {
            // As when the relay takes no new queues: existing ones keep working.
            answerAt(r, slot, err(EK::Auth));
            return;
        }
        if (added.error().code != RelayStoreErrc::Duplicate)
            break;
        if (link) {
            answerAt(r, slot, err(EK::Auth));
            return;
        }
    }
    answerAt(r, slot, err(EK::Internal));
}

void SmpSession::subscribe(const Request& r, const QueueRecord& q) {
    auto it = m_subscriptions.find(key(q.recipientId));
    if (it != m_subscriptions.end() && it->second.getMode) {
        answer(r, cmdErr(smp::CommandError::Prohibited)); // GET was used on this connection
        return;
    }
    if (it == m_subscriptions.end()) {
        it = m_subscriptions.emplace(key(q.recipientId), Subscription{}).first;
        if (auto self = m_self.lock())
            m_env.registry.subscribe(q.recipientId, self);
    }
    // A repeated SUB re-delivers the message awaiting ACK, as the reference does.
    it->second.delivered.reset();
    // From v16 SUB is answered SOK with the session's service id (none here), as the reference
    // does; clients take OK too.
    if (r.to.version >= smp::versions::kServiceCerts)
        answer(r, smp::rsp::Sok{});
    else
        answer(r, smp::rsp::Ok{});
    deliverOrOwe(q.recipientId, it->second);
}

void SmpSession::getMessage(const Request& r, const QueueRecord& q) {
    auto it = m_subscriptions.find(key(q.recipientId));
    if (it == m_subscriptions.end()) {
        it = m_subscriptions.emplace(key(q.recipientId), Subscription{true, std::nullopt}).first;
    } else if (!it->second.getMode) {
        answer(r, cmdErr(smp::CommandError::Prohibited)); // an active SUB on this connection
        return;
    }
    it->second.delivered.reset();
    if (auto msg = takeNextForDelivery(q, it->second))
        answer(r, *msg);
    else
        answer(r, smp::rsp::Ok{});
}

void SmpSession::acknowledge(const Request& r, const QueueRecord& q, const Bytes& msgId) {
    auto it = m_subscriptions.find(key(q.recipientId));
    if (it == m_subscriptions.end() || !it->second.delivered ||
        (!msgId.empty() && msgId != *it->second.delivered)) {
        answer(r, err(EK::NoMsg));
        return;
    }
    const Bytes delivered = *std::exchange(it->second.delivered, std::nullopt);
    // The answer does not wait for the deletion to be durable: lost in a crash, it would only
    // deliver the message again (RelayStore::deleteMessage). A message already gone (expired)
    // has nothing to delete, and the next one follows all the same; a store that failed
    // must not answer with the same message again.
    auto deleted = m_env.store.deleteMessage(q.recipientId, delivered, nullptr);
    if (!deleted && deleted.error().code != RelayStoreErrc::NoMessage) {
        answer(r, err(EK::Internal));
        return;
    }
    if (deleted && !deleted->quotaMarker)
        RelayCounters::bump(m_env.counters.messagesDelivered);
    if (!it->second.getMode) {
        if (auto next = takeNextForDelivery(q, it->second)) {
            answer(r, *next);
            return;
        }
    }
    answer(r, smp::rsp::Ok{});
}

void SmpSession::secure(const Request& r, const QueueRecord& q,
                        const crypto::PublicKey& senderKey) {
    if (!senderKey.isSigningKey() && senderKey.algorithm != crypto::KeyAlgorithm::X25519) {
        answer(r, cmdErr(smp::CommandError::Syntax));
        return;
    }
    const bool wasSecured = q.senderKey.has_value();
    const std::size_t slot = reserveAnswer(r, kSmallAnswer);
    auto secured = m_env.store.secureQueue(q.recipientId, senderKey,
                                           whenDurable(r, slot, [] { return smp::rsp::Ok{}; }));
    if (!secured) {
        answerAt(r, slot, err(EK::Auth));
        return;
    }
    if (!wasSecured)
        RelayCounters::bump(m_env.counters.queuesSecured);
}

void SmpSession::setNotifier(const Request& r, const QueueRecord& q, const smp::cmd::NKey& c) {
    auto serverKey = crypto::X25519KeyPair::generate();
    auto secret = serverKey.dh(c.rcvNtfDhKey.raw);
    if (!secret) {
        answer(r, cmdErr(smp::CommandError::Syntax));
        return;
    }
    NotifierRecord n;
    n.notifierKey = c.notifierKey;
    n.rcvNtfDhSecret = Bytes(secret->data(), secret->data() + secret->size());
    const std::size_t slot = reserveAnswer(r, kSmallAnswer);
    for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
        n.notifierId = crypto::randomBytes(kIdSize);
        smp::rsp::Nid nid{n.notifierId, serverKey.publicKey()};
        auto set =
            m_env.store.setNotifier(q.recipientId, n, whenDurable(r, slot, [nid] { return nid; }));
        if (set)
            return;
        if (set.error().code != RelayStoreErrc::Duplicate) {
            answerAt(r, slot, err(EK::Auth));
            return;
        }
    }
    answerAt(r, slot, err(EK::Internal));
}

void SmpSession::send(const Request& r, const QueueRecord& q, const smp::cmd::Send& c) {
    if (c.body.size() > smp::maxMessageLength(r.to.version)) {
        answer(r, err(EK::LargeMsg));
        return;
    }
    if (q.suspended) {
        answer(r, err(EK::Auth));
        return;
    }
    const std::size_t slot = reserveAnswer(r, kSmallAnswer);
    auto outcome = m_env.store.addMessage(q.recipientId, c.notification, c.body,
                                          whenDurable(r, slot, [] { return smp::rsp::Ok{}; }));
    if (!outcome) {
        answerAt(r, slot,
                 err(outcome.error().code == RelayStoreErrc::Auth ? EK::Auth : EK::Internal));
        return;
    }
    switch (*outcome) {
    case SendOutcome::Stored:
        // A one-time link is spent once its queue is secured and used (the reference deletes
        // it here too); the message does not wait for it.
        if (q.link && q.isSecuredMessaging())
            (void)m_env.store.deleteLink(q.recipientId, {});
        RelayCounters::bump(m_env.counters.messagesSent);
        m_env.receivingQueues.received(q.recipientId);
        m_env.registry.notifyMessage(q.recipientId);
        break;
    case SendOutcome::QuotaReached:
        // The marker was stored (and will be delivered); the sender hears QUOTA.
        m_env.registry.notifyMessage(q.recipientId);
        answerAt(r, slot, err(EK::Quota));
        break;
    case SendOutcome::QueueFull:
    case SendOutcome::StorageFull:
        // A full relay answers like a full queue, which clients retry later.
        answerAt(r, slot, err(EK::Quota));
        break;
    }
}

void SmpSession::queueInfo(const Request& r, const QueueRecord& q) {
    std::string json = "{\"qiSnd\":";
    json += q.senderKey ? "true" : "false";
    json += ",\"qiNtf\":";
    json += q.notifier ? "true" : "false";
    auto it = m_subscriptions.find(key(q.recipientId));
    if (it != m_subscriptions.end()) {
        json += ",\"qiSub\":{\"qSubThread\":\"";
        json += it->second.getMode ? "prohibitSub" : "noSub";
        json += "\"";
        if (it->second.delivered)
            json += ",\"qDelivered\":\"" + core::base64Encode(*it->second.delivered) + "\"";
        json += "}";
    }
    json += ",\"qiSize\":" + std::to_string(m_env.store.queueCounts(q.recipientId).messages);
    if (auto m = m_env.store.peekMessage(q.recipientId)) {
        json += ",\"qiMsg\":{\"msgId\":\"" + core::base64Encode(m->msgId) + "\",\"msgTs\":\"" +
                isoTime(m->timestamp) + "\",\"msgType\":\"" +
                (m->quotaMarker ? "quota" : "message") + "\"}";
    }
    json += "}";
    answer(r, smp::rsp::Info{core::toBytes(json)});
}

void SmpSession::deleteQueue(const Request& r, const QueueRecord& q) {
    const std::size_t slot = reserveAnswer(r, kSmallAnswer);
    auto deleted =
        m_env.store.deleteQueue(q.recipientId, whenDurable(r, slot, [] { return smp::rsp::Ok{}; }));
    if (!deleted) {
        answerAt(r, slot, err(EK::Auth));
        return;
    }
    RelayCounters::bump(m_env.counters.queuesDeleted);
    forget(key(q.recipientId));
    m_env.registry.queueDeleted(q.recipientId, m_self.lock().get());
}

void SmpSession::subscriptionEnded(const Bytes& recipientId, bool deleted) {
    auto it = m_subscriptions.find(key(recipientId));
    if (it == m_subscriptions.end() || it->second.getMode)
        return;
    forget(key(recipientId));
    // DELD is sent as END below v10 (smp::encodeResponse).
    push(recipientId, deleted ? smp::Response{smp::rsp::Deld{}} : smp::Response{smp::rsp::End{}});
}

void SmpSession::messageArrived(const Bytes& recipientId) {
    auto it = m_subscriptions.find(key(recipientId));
    if (it == m_subscriptions.end() || it->second.getMode || it->second.delivered)
        return;
    deliverOrOwe(recipientId, it->second);
}

void SmpSession::deliverOrOwe(const Bytes& recipientId, Subscription& sub) {
    // A subscriber that does not read must not make the relay hold every message that
    // arrives for it: over the bound the message stays in the store until there is room.
    if (!m_output.hasRoom()) {
        if (!std::exchange(sub.owed, true))
            ++m_owed;
        return;
    }
    if (std::exchange(sub.owed, false))
        --m_owed;
    auto q = m_env.store.queueByRecipient(recipientId);
    if (!q)
        return;
    if (auto msg = takeNextForDelivery(*q, sub))
        push(recipientId, *msg);
}

void SmpSession::forget(const std::string& recipientKey) {
    auto it = m_subscriptions.find(recipientKey);
    if (it == m_subscriptions.end())
        return;
    if (it->second.owed)
        --m_owed;
    m_subscriptions.erase(it);
}

void SmpSession::resumeDeliveries() {
    for (auto it = m_subscriptions.begin(); m_owed > 0 && it != m_subscriptions.end(); ++it) {
        if (!it->second.owed)
            continue;
        if (!m_output.hasRoom())
            return;
        if (it->second.getMode || it->second.delivered) {
            // Delivered meanwhile (a repeated SUB, or an ACK's answer): nothing is owed.
            it->second.owed = false;
            --m_owed;
            continue;
        }
        deliverOrOwe(core::toBytes(it->first), it->second);
    }
}

std::optional<smp::Response> SmpSession::takeNextForDelivery(const QueueRecord& q,
                                                             Subscription& sub) {
    auto m = m_env.store.peekMessage(q.recipientId);
    if (!m)
        return std::nullopt;
    auto msg = encryptMessage(q, *m);
    if (msg)
        sub.delivered = m->msgId;
    return msg;
}

std::optional<smp::Response> SmpSession::encryptMessage(const QueueRecord& q,
                                                        const StoredMessage& m) const {
    auto padded = smp::encodeReceivedMessage({m.timestamp, m.quotaMarker, m.notification, m.body});
    auto box = crypto::CryptoBox::fromSharedSecret(q.rcvDhSecret);
    if (!padded || !box)
        return std::nullopt;
    auto sealed = box->seal(crypto::cbNonce(m.msgId), *padded);
    if (!sealed)
        return std::nullopt;
    return smp::rsp::Msg{m.msgId, std::move(sealed).value()};
}

std::size_t SmpSession::reserveAnswer(const Request& r, std::size_t bound) {
    return m_output.reserve(r.to.forwarded ? kAnyAnswer : bound);
}

void SmpSession::answer(const Request& r, const smp::Response& response) {
    // Filled at once, so the reservation's bound is never used.
    answerAt(r, m_output.reserve(0), response);
}

void SmpSession::answerAt(const Request& r, std::size_t slot, const smp::Response& response) {
    m_output.fill(slot, reply(r.to, response));
}

RelayStore::DurableCallback SmpSession::whenDurable(const Request& r, std::size_t slot,
                                                    std::function<smp::Response()> then) {
    // Called on the store's commit thread: hop back to this session's thread first.
    return
        [this, slot, to = r.to, then = std::move(then), post = m_post](core::Result<void> durable) {
            post([this, slot, to, then, ok = durable.ok()] {
                const smp::Response response = ok ? then() : err(EK::Internal);
                m_output.fill(slot, reply(to, response));
            });
        };
}

void SmpSession::push(const Bytes& entityId, const smp::Response& response) {
    m_output.fill(m_output.reserve(0), reply({{}, entityId, m_version, nullptr, {}}, response));
}

Bytes SmpSession::reply(const ReplyTo& to, const smp::Response& response) const {
    RelayCounters::bump(m_env.counters.transmissionsOut);
    Bytes answer = smp::encodeTransmission(
        to.version,
        {{}, m_sessionId, to.corrId, to.entityId, smp::encodeResponse(to.version, response)});
    if (!to.forwarded)
        return answer;
    // Answers to forwarded commands are small (OK, ERR), so sealing cannot outgrow its padding.
    auto sealed = to.forwarded->seal(answer);
    const smp::Response outer =
        sealed ? smp::Response{smp::rsp::Rres{std::move(sealed).value()}} : err(EK::Internal);
    return smp::encodeTransmission(
        m_version, {{}, m_sessionId, to.rfwdCorrId, {}, smp::encodeResponse(m_version, outer)});
}

} // namespace ferry::relay
