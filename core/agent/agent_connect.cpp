// Making contacts: one-time invitations, contact addresses and requests, the confirmation
// and HELLO that complete a connection (docs/protocol.md, "Client to client").
#include "agent/agent_engine.h"
#include "agent/agent_errc.h"
#include "agent/queue_rows.h"
#include "crypto/random.h"
#include "smp/decoder.h"
#include "smp/encoder.h"
#include "store/address_repository.h"
#include "store/contact_repository.h"
#include "store/ratchet_repository.h"
#include "store/request_repository.h"
#include "util/overloaded.h"
#include "util/try.h"

namespace ferry::core::agent {

namespace {

constexpr const char* kPendingName = "New contact";
constexpr int kMaxSecureAttempts = 8;

// Invitation secrets: the X3DH key pairs behind a link, and the contact it belongs to when
// it was made for a contact request.
crypto::SecretBytes serializeInvitation(const crypto::X3dhKeyPairs& keys,
                                        std::optional<std::int64_t> contactId) {
    smp::Encoder e(80);
    e.ch('X').raw(keys.identity.secretKey().view()).raw(keys.oneTime.secretKey().view());
    e.byte(contactId ? 1 : 0);
    if (contactId)
        e.int64(*contactId);
    Bytes bytes = std::move(e).bytes();
    return crypto::SecretBytes::takeFrom(bytes);
}

struct InvitationSecrets {
    crypto::X3dhKeyPairs keys;
    std::optional<std::int64_t> contactId;
};

Result<InvitationSecrets> parseInvitation(ByteView blob) {
    smp::Decoder d(blob);
    d.expect('X');
    auto identity = crypto::X25519KeyPair::fromSecret(d.take(32));
    auto oneTime = crypto::X25519KeyPair::fromSecret(d.take(32));
    std::optional<std::int64_t> contactId;
    if (d.byte() == 1)
        contactId = d.int64();
    if (!d.ok() || !identity || !oneTime)
        return makeError(AgentErrc::Keys, "damaged invitation keys");
    return InvitationSecrets{{std::move(identity).value(), std::move(oneTime).value()}, contactId};
}

bool isError(const Result<smp::Response>& r, smp::ErrorType::Kind kind) {
    auto* e = r ? std::get_if<smp::rsp::Err>(&*r) : nullptr;
    return e && e->error.kind == kind;
}

std::string describe(const Result<smp::Response>& r) {
    if (!r)
        return r.error().message;
    if (auto* e = std::get_if<smp::rsp::Err>(&*r))
        return "ERR " + smp::describe(e->error);
    return smp::responseTag(*r);
}

} // namespace

Result<void>
Agent::Engine::keepReceiveQueue(const NewQueue& queue, store::QueueOwnerKind ownerKind,
                                const std::function<Result<std::int64_t>()>& addOwner) {
    {
        FERRY_TRY(tx, m_db->transaction());
        FERRY_TRY(ownerId, addOwner());
        FERRY_CHECK(store::QueueRepository(m_db->database())
                        .add(receiveRow({ownerKind, ownerId, {}}, queue.relay, queue.recipientId,
                                        queue.keys, now())));
        FERRY_CHECK(tx.commit());
    }
    subscribe(queue.relay, queue.recipientId, queue.keys.recipientKey);
    return {};
}

void Agent::Engine::createQueueOnNewRelay(std::vector<std::string> avoid, bool senderCanSecure,
                                          std::function<void(Result<NewQueue>)> done,
                                          LinkDataFor linkData) {
    chooseNewQueueRelay(std::move(avoid),
                        [this, senderCanSecure, done, linkData](Result<std::string> relay) {
                            if (!relay)
                                return done(relay.error());
                            createQueue(*relay, senderCanSecure, done, linkData);
                        });
}

void Agent::Engine::createInvitation(std::function<void(Result<std::string>)> done) {
    // A short link when the relay keeps link data (v15): the invitation itself waits there,
    // sealed with the link's key, and the QR code shrinks; the long link otherwise.
    auto keys = std::make_shared<crypto::X3dhKeyPairs>(crypto::X3dhKeyPairs::generate());
    const Bytes linkKey = crypto::randomBytes(kLinkKeySize);
    auto linkData = [keys, linkKey](const smp::QueueUri& queue) -> Result<smp::QueueRequest::Link> {
        FERRY_TRY(data, sealLinkData(linkKey, InvitationLink{queue, keys->publicKeys()}));
        return smp::QueueRequest::Link{{}, {}, std::move(data)};
    };
    createQueueOnNewRelay(
        {}, true,
        [this, done, keys, linkKey](Result<NewQueue> q) {
            if (!q) {
                done(q.error());
                return;
            }
            const std::string link =
                q->linkId ? formatLink(ShortInvitationLink{q->uri.server, *q->linkId, linkKey})
                          : formatLink(InvitationLink{q->uri, keys->publicKeys()});
            auto kept = keepReceiveQueue(*q, store::QueueOwnerKind::Invitation, [&] {
                return store::InvitationRepository(m_db->database())
                    .add(link, serializeInvitation(*keys, std::nullopt), now());
            });
            if (!kept) {
                done(kept.error());
                return;
            }
            done(link);
        },
        linkData);
}

void Agent::Engine::connect(const std::string& text,
                            std::function<void(Result<std::int64_t>)> done) {
    auto link = parseLink(text);
    if (!link) {
        done(link.error());
        return;
    }
    std::visit(
        Overloaded{
            [&](const InvitationLink& l) {
                joinInvitation(l.queue, l.keys, std::nullopt, std::move(done));
            },
            [&](const AddressLink& l) { requestContact(l, std::move(done)); },
            [&](const ShortInvitationLink& l) { joinShortInvitation(l, std::move(done)); },
            [&](const ShortAddressLink& l) { requestContactByShortLink(l, std::move(done)); },
        },
        *link);
}

// What joining an invitation needs once the inviter's queue is secured for us.
struct Agent::Engine::Join {
    smp::QueueUri target;
    std::string targetRelay;
    crypto::X3dhPublicKeys inviterKeys;
    std::optional<std::int64_t> viaAddress;
    SendQueueKeys sendKeys;
};

void Agent::Engine::joinInvitation(const smp::QueueUri& target,
                                   const crypto::X3dhPublicKeys& inviterKeys,
                                   std::optional<std::int64_t> viaAddress,
                                   std::function<void(Result<std::int64_t>)> done) {
    // Our reply queue goes on another operator's relay than the inviter's.
    chooseNewQueueRelay({smp::formatServerAddress(target.server, false)},
                        [this, target, inviterKeys, viaAddress, done](Result<std::string> relay) {
                            if (!relay)
                                return done(relay.error());
                            joinThrough(*relay, target, inviterKeys, viaAddress, done);
                        });
}

void Agent::Engine::joinThrough(const std::string& relay, const smp::QueueUri& target,
                                const crypto::X3dhPublicKeys& inviterKeys,
                                std::optional<std::int64_t> viaAddress,
                                std::function<void(Result<std::int64_t>)> done) {
    auto join = std::make_shared<Join>(
        Join{target, smp::formatServerAddress(target.server, false), inviterKeys, viaAddress,
             SendQueueKeys{crypto::Ed25519KeyPair::generate(), crypto::X25519KeyPair::generate(),
                           target.dhKey, false}});
    // Secure the inviter's queue for ourselves first: it fails if anyone used the link.
    const auto& senderKey = *join->sendKeys.senderKey;
    callAsSender(join->targetRelay, target.senderId, smp::cmd::SKey{senderKey.publicKey()},
                 net::AuthKey{senderKey}, [this, join, relay, done](Result<smp::Response> secured) {
                     if (isError(secured, smp::ErrorType::Kind::Auth)) {
                         done(makeError(AgentErrc::LinkUsed,
                                        "this invitation link was already used, or it was "
                                        "deleted: ask for a new one"));
                         return;
                     }
                     if (!secured || !std::holds_alternative<smp::rsp::Ok>(*secured)) {
                         done(makeError(AgentErrc::Relay, "could not reach the inviter's relay " +
                                                              join->targetRelay + ": " +
                                                              describe(secured)));
                         return;
                     }
                     completeJoin(relay, join, done);
                 });
}

void Agent::Engine::readShortLink(const smp::ServerAddress& server, Bytes linkId,
                                  smp::Command command, std::optional<net::AuthKey> key,
                                  Bytes linkKey, std::string gone,
                                  std::function<void(Result<Link>)> done) {
    const std::string relay = smp::formatServerAddress(server, false);
    callAsSender(
        relay, std::move(linkId), std::move(command), std::move(key),
        [relay, linkKey = std::move(linkKey), gone = std::move(gone),
         done](Result<smp::Response> answer) {
            if (isError(answer, smp::ErrorType::Kind::Auth))
                return done(makeError(AgentErrc::LinkUsed, gone));
            const auto* data = answer ? std::get_if<smp::rsp::Lnk>(&*answer) : nullptr;
            if (!data)
                return done(makeError(AgentErrc::Relay, "could not reach the link's relay " +
                                                            relay + ": " + describe(answer)));
            auto opened = openLinkData(linkKey, data->data);
            if (!opened)
                return done(opened.error());
            // The relay could hand out another queue's data only if it had its key; the data
            // must still name this relay and the queue the relay answered for.
            const auto* invitation = std::get_if<InvitationLink>(&*opened);
            const auto* address = std::get_if<AddressLink>(&*opened);
            const smp::QueueUri* queue = invitation ? &invitation->queue
                                         : address  ? &address->queue
                                                    : nullptr;
            // Hosts and port too: the join goes where the link pointed, nowhere else.
            if (!queue || queue->senderId != data->senderId ||
                smp::formatServerAddress(queue->server, false) != relay)
                return done(makeError(AgentErrc::Link,
                                      "what the relay holds for this link names another queue"));
            done(std::move(opened));
        });
}

void Agent::Engine::joinShortInvitation(const ShortInvitationLink& link,
                                        std::function<void(Result<std::int64_t>)> done) {
    const std::string targetRelay = smp::formatServerAddress(link.server, false);
    chooseNewQueueRelay({targetRelay}, [this, link, done](Result<std::string> relay) {
        if (!relay)
            return done(relay.error());
        // LKEY secures the inviter's queue for our key and answers with what the link
        // stands for; a second use of the link is AUTH, as SKEY's is.
        auto senderKey =
            std::make_shared<crypto::Ed25519KeyPair>(crypto::Ed25519KeyPair::generate());
        readShortLink(link.server, link.linkId, smp::cmd::LKey{senderKey->publicKey()},
                      net::AuthKey{*senderKey}, link.linkKey,
                      "this invitation link was already used, or it was deleted: ask for a "
                      "new one",
                      [this, relay = *relay, senderKey, done](Result<Link> opened) {
                          if (!opened)
                              return done(opened.error());
                          const auto* invitation = std::get_if<InvitationLink>(&*opened);
                          if (!invitation)
                              return done(makeError(AgentErrc::Link,
                                                    "this invitation link leads to an address"));
                          auto join = std::make_shared<Join>(
                              Join{invitation->queue,
                                   smp::formatServerAddress(invitation->queue.server, false),
                                   invitation->keys, std::nullopt,
                                   SendQueueKeys{*senderKey, crypto::X25519KeyPair::generate(),
                                                 invitation->queue.dhKey, false}});
                          completeJoin(relay, join, done);
                      });
    });
}

void Agent::Engine::requestContactByShortLink(const ShortAddressLink& link,
                                              std::function<void(Result<std::int64_t>)> done) {
    readShortLink(
        link.server, addressLinkId(link.linkKey), smp::cmd::LGet{}, std::nullopt, link.linkKey,
        "this contact address was deleted: ask for a new one", [this, done](Result<Link> opened) {
            if (!opened)
                return done(opened.error());
            const auto* address = std::get_if<AddressLink>(&*opened);
            if (!address)
                return done(makeError(AgentErrc::Link, "this address link leads to an invitation"));
            requestContact(*address, done);
        });
}

void Agent::Engine::completeJoin(const std::string& relay, std::shared_ptr<Join> join,
                                 std::function<void(Result<std::int64_t>)> done) {
    createQueue(relay, true, [this, join, done](Result<NewQueue> mine) {
        if (!mine) {
            done(mine.error());
            return;
        }
        auto stored = recordJoin(*join, *mine);
        if (stored) {
            subscribe(mine->relay, mine->recipientId, mine->keys.recipientKey);
            kickOutbox();
        }
        done(std::move(stored));
    });
}

Result<std::int64_t> Agent::Engine::recordJoin(Join& join, const NewQueue& mine) {
    // X3DH as the joiner, the ratchet, and the confirmation carrying our introduction.
    auto joinerKeys = crypto::X3dhKeyPairs::generate();
    FERRY_TRY(x3dh, crypto::x3dhJoiner(joinerKeys, join.inviterKeys));
    FERRY_TRY(ratchet, crypto::DoubleRatchet::initAlice(x3dh, join.inviterKeys.oneTimeKey,
                                                        kRatchetMessageSize));
    FERRY_TRY(first, ratchet.encrypt(encodeAgentMessage(Info{m_displayName, mine.uri})));
    const Bytes payload = encodeQueuePayload(Confirmation{joinerKeys.publicKeys(), first});
    FERRY_TRY(body,
              sealForQueue(join.sendKeys.queueKey, join.sendKeys.recipientQueueKey, payload, true));
    join.sendKeys.keySent = true;

    FERRY_TRY(tx, m_db->transaction());
    FERRY_TRY(contact,
              store::ContactRepository(m_db->database())
                  .add(kPendingName, store::ContactStatus::Pending, now(), join.viaAddress));
    FERRY_CHECK(
        store::RatchetRepository(m_db->database()).save(contact.id, ratchet.serialize(), now()));
    store::QueueRepository queues(m_db->database());
    const auto owner = QueueOwner::contact(contact.id);
    FERRY_TRY(sendId, queues.add(queueRow(owner, store::QueueDirection::Send, join.targetRelay,
                                          join.target.senderId, serialize(join.sendKeys),
                                          store::QueueStatus::Secured, now())));
    FERRY_CHECK(queues.add(receiveRow(owner, mine.relay, mine.recipientId, mine.keys, now())));
    FERRY_CHECK(store::OutboxRepository(m_db->database()).enqueue(sendId, body, now()));
    FERRY_CHECK(tx.commit());
    m_dirtyQueues.insert(sendId);
    return contact.id;
}

void Agent::Engine::requestContact(const AddressLink& address,
                                   std::function<void(Result<std::int64_t>)> done) {
    // Our own invitation, which the address owner joins when it accepts; on another operator's
    // relay than the address's.
    createQueueOnNewRelay(
        {smp::formatServerAddress(address.queue.server, false)}, true,
        [this, address, done](Result<NewQueue> mine) {
            if (!mine) {
                done(mine.error());
                return;
            }
            auto keys = crypto::X3dhKeyPairs::generate();
            auto stored = [&]() -> Result<std::int64_t> {
                SendQueueKeys addressKeys{std::nullopt, crypto::X25519KeyPair::generate(),
                                          address.queue.dhKey, true};
                const Bytes request =
                    encodeQueuePayload(ContactRequest{keys.publicKeys(), m_displayName, mine->uri});
                FERRY_TRY(body, sealForQueue(addressKeys.queueKey, addressKeys.recipientQueueKey,
                                             request, true));
                FERRY_TRY(tx, m_db->transaction());
                FERRY_TRY(contact, store::ContactRepository(m_db->database())
                                       .add(kPendingName, store::ContactStatus::Pending, now()));
                FERRY_TRY(invitationId,
                          store::InvitationRepository(m_db->database())
                              .add(formatLink(InvitationLink{mine->uri, keys.publicKeys()}),
                                   serializeInvitation(keys, contact.id), now()));
                store::QueueRepository queues(m_db->database());
                FERRY_CHECK(
                    queues.add(receiveRow({store::QueueOwnerKind::Invitation, invitationId, {}},
                                          mine->relay, mine->recipientId, mine->keys, now())));
                // The address queue, used once for the request and removed after.
                FERRY_TRY(sendId, queues.add(queueRow(
                                      {store::QueueOwnerKind::Address, contact.id, contact.id},
                                      store::QueueDirection::Send,
                                      smp::formatServerAddress(address.queue.server, false),
                                      address.queue.senderId, serialize(addressKeys),
                                      store::QueueStatus::Active, now())));
                FERRY_CHECK(store::OutboxRepository(m_db->database()).enqueue(sendId, body, now()));
                FERRY_CHECK(tx.commit());
                m_dirtyQueues.insert(sendId);
                return contact.id;
            }();
            if (stored) {
                subscribe(mine->relay, mine->recipientId, mine->keys.recipientKey);
                kickOutbox();
            }
            done(std::move(stored));
        });
}

Result<void> Agent::Engine::handleConfirmation(const store::Queue& queue,
                                               const Confirmation& confirmation) {
    store::InvitationRepository invitations(m_db->database());
    FERRY_TRY(invitation, invitations.find(queue.ownerId));
    if (!invitation || invitation->used)
        return makeError(AgentErrc::Stale, "confirmation for an invitation that is gone or used");
    FERRY_TRY(secrets, parseInvitation(invitation->secrets.view()));
    FERRY_TRY(x3dh, crypto::x3dhInviter(secrets.keys, confirmation.joinerKeys));
    FERRY_TRY(ratchet,
              crypto::DoubleRatchet::initBob(x3dh, secrets.keys.oneTime, kRatchetMessageSize));
    FERRY_TRY(plaintext, ratchet.decrypt(confirmation.ratchetMessage));
    FERRY_TRY(message, decodeAgentMessage(plaintext));
    const Info* info = std::get_if<Info>(&message);
    if (!info)
        return makeError(AgentErrc::Protocol, "confirmation without the joiner's introduction");

    FERRY_TRY(tx, m_db->transaction());
    store::ContactRepository contacts(m_db->database());
    std::int64_t contactId = 0;
    if (secrets.contactId) {
        contactId = *secrets.contactId;
        FERRY_CHECK(contacts.rename(contactId, info->displayName));
    } else {
        FERRY_TRY(contact, contacts.add(info->displayName, store::ContactStatus::Pending, now()));
        contactId = contact.id;
    }
    FERRY_CHECK(invitations.markUsed(invitation->id, contactId));
    store::QueueRepository queues(m_db->database());
    FERRY_CHECK(queues.assignToContact(queue.id, contactId));
    FERRY_CHECK(
        store::RatchetRepository(m_db->database()).save(contactId, ratchet.serialize(), now()));
    SendQueueKeys keys{crypto::Ed25519KeyPair::generate(), crypto::X25519KeyPair::generate(),
                       info->replyQueue.dhKey, false};
    FERRY_TRY(sendId,
              queues.add(queueRow(QueueOwner::contact(contactId), store::QueueDirection::Send,
                                  smp::formatServerAddress(info->replyQueue.server, false),
                                  info->replyQueue.senderId, serialize(keys),
                                  store::QueueStatus::New, now())));
    FERRY_CHECK(tx.commit());
    boost::asio::post(m_io, [self = shared_from_this(), contactId, sendId] {
        self->secureSendQueue(contactId, sendId, 0);
    });
    return {};
}

void Agent::Engine::secureSendQueue(std::int64_t contactId, std::int64_t queueId, int attempt) {
    store::QueueRepository queues(m_db->database());
    auto queue = queues.find(queueId);
    if (!queue || !*queue || (*queue)->status != store::QueueStatus::New)
        return;
    auto keys = parseSendQueueKeys((*queue)->keys.view());
    if (!keys || !keys->senderKey)
        return;
    const store::Queue q = std::move(**queue);
    callAsSender(
        q.relay, q.queueId, smp::cmd::SKey{keys->senderKey->publicKey()},
        net::AuthKey{*keys->senderKey},
        [this, contactId, queueId, attempt](Result<smp::Response> r) {
            const bool ok = r && std::holds_alternative<smp::rsp::Ok>(*r);
            if (!ok && !r && attempt + 1 < kMaxSecureAttempts && !m_stopping) {
                // The relay is unreachable: try again with backoff.
                auto timer = std::make_shared<boost::asio::steady_timer>(
                    m_io, std::chrono::seconds(1 << std::min(attempt, 5)));
                m_retryTimers.insert(timer); // shutdown cancels it rather than wait it out
                timer->async_wait([weak = std::weak_ptr<Engine>(shared_from_this()), timer,
                                   contactId, queueId, attempt](auto ec) {
                    auto self = weak.lock();
                    if (!self)
                        return;
                    self->m_retryTimers.erase(timer);
                    if (!ec && !self->m_stopping)
                        self->secureSendQueue(contactId, queueId, attempt + 1);
                });
                return;
            }
            store::QueueRepository queues(m_db->database());
            if (!ok) {
                // Refused (someone else secured it, or it is gone) or still unreachable after
                // every attempt: a reply queue leaves the contact pending; an added queue is
                // given up (the next start tries an unreachable one again).
                if (r)
                    (void)queues.setStatus(queueId, store::QueueStatus::Deleted);
                return;
            }
            store::ContactRepository contacts(m_db->database());
            auto contact = contacts.find(contactId);
            if (!contact || !*contact || (*contact)->status == store::ContactStatus::Deleted)
                return;
            if ((*contact)->status == store::ContactStatus::Connected) {
                (void)useAddedQueue(contactId, queueId);
                kickOutbox();
                return;
            }
            (void)queues.setStatus(queueId, store::QueueStatus::Secured);
            auto hello = enqueueAgentMessage(contactId, Hello{m_displayName}, std::nullopt);
            if (!hello)
                return;
            (void)contacts.setStatus(contactId, store::ContactStatus::Connected);
            contact = contacts.find(contactId);
            if (contact && *contact && m_events.contactConnected)
                m_events.contactConnected(**contact);
            kickOutbox();
            ensureRedundantQueues(contactId);
        });
}

void Agent::Engine::resumeSecuringQueues() {
    auto contacts = store::ContactRepository(m_db->database()).list();
    if (!contacts)
        return;
    store::QueueRepository queues(m_db->database());
    for (const store::Contact& c : *contacts) {
        auto rows = queues.forContact(c.id);
        if (!rows)
            continue;
        for (const store::Queue& q : *rows)
            if (q.direction == store::QueueDirection::Send &&
                q.ownerKind == store::QueueOwnerKind::Contact &&
                q.status == store::QueueStatus::New)
                secureSendQueue(c.id, q.id, 0);
    }
}

Result<void> Agent::Engine::handleRequest(const store::Queue& queue,
                                          const ContactRequest& request) {
    store::RequestRepository requests(m_db->database());
    FERRY_TRY(added,
              requests.add(queue.ownerId, request.displayName, encodeQueuePayload(request), now()));
    if (added.isNew && m_events.contactRequest) {
        FERRY_TRY(stored, requests.find(added.id));
        if (stored)
            m_events.contactRequest(*stored);
    }
    return {};
}

void Agent::Engine::createAddress(std::function<void(Result<std::string>)> done) {
    if (auto existing = address(); existing && *existing) {
        done(makeError(AgentErrc::Exists, "you already have an address: " + **existing));
        return;
    }
    // A short link when the relay keeps link data (v15), under an id derived from its key.
    const Bytes linkKey = crypto::randomBytes(kLinkKeySize);
    auto linkData = [linkKey](const smp::QueueUri& queue) -> Result<smp::QueueRequest::Link> {
        FERRY_TRY(data, sealLinkData(linkKey, AddressLink{queue}));
        return smp::QueueRequest::Link{addressLinkId(linkKey), {}, std::move(data)};
    };
    createQueueOnNewRelay(
        {}, false,
        [this, done, linkKey](Result<NewQueue> q) {
            if (!q) {
                done(q.error());
                return;
            }
            const std::string link = q->linkId
                                         ? formatLink(ShortAddressLink{q->uri.server, linkKey})
                                         : formatLink(AddressLink{q->uri});
            auto kept = keepReceiveQueue(*q, store::QueueOwnerKind::Address, [&] {
                return store::AddressRepository(m_db->database())
                    .add(link, crypto::SecretBytes(ByteView{}), now());
            });
            if (!kept) {
                done(kept.error());
                return;
            }
            done(link);
        },
        linkData);
}

Result<std::optional<std::string>> Agent::Engine::address() {
    FERRY_TRY(active, store::AddressRepository(m_db->database()).listActive());
    if (active.empty())
        return std::optional<std::string>{};
    return std::optional<std::string>(active.front().link);
}

void Agent::Engine::deleteOnRelay(const store::Queue& queue) {
    // Best effort: a relay that is down keeps the queue until its messages expire.
    auto keys = parseReceiveQueueKeys(queue.keys.view());
    if (!keys)
        return;
    client(queue.relay)->forget(queue.queueId);
    call(queue.relay, queue.queueId, smp::cmd::Del{}, net::AuthKey{keys->recipientKey},
         [](Result<smp::Response>) {});
}

void Agent::Engine::deleteAddress(std::function<void(Result<void>)> done) {
    store::AddressRepository addresses(m_db->database());
    auto active = addresses.listActive();
    if (!active || active->empty()) {
        done(makeError(AgentErrc::NotFound, "you have no address"));
        return;
    }
    const std::int64_t addressId = active->front().id;
    store::QueueRepository queues(m_db->database());
    auto rows = queues.forOwner(store::QueueOwnerKind::Address, addressId);
    if (rows) {
        for (const store::Queue& q : *rows) {
            if (q.direction != store::QueueDirection::Receive)
                continue;
            deleteOnRelay(q);
            (void)queues.remove(q.id);
        }
    }
    // Contacts made through the address keep their rows; only the address goes.
    auto marked = addresses.markDeleted(addressId);
    done(marked ? Result<void>{} : Result<void>(marked.error()));
}

void Agent::Engine::acceptRequest(std::int64_t id, std::function<void(Result<std::int64_t>)> done) {
    store::RequestRepository requests(m_db->database());
    auto request = requests.find(id);
    if (!request || !*request || (*request)->state != store::RequestState::Pending) {
        done(makeError(AgentErrc::NotFound, "no pending request " + std::to_string(id)));
        return;
    }
    auto payload = decodeQueuePayload((*request)->payload);
    const ContactRequest* req = payload ? std::get_if<ContactRequest>(&*payload) : nullptr;
    if (!req) {
        done(makeError(AgentErrc::Protocol, "the stored request is damaged"));
        return;
    }
    joinInvitation(req->replyQueue, req->keys, (*request)->addressId,
                   [this, id, name = req->displayName, done](Result<std::int64_t> contact) {
                       if (contact) {
                           (void)store::RequestRepository(m_db->database()).accept(id, *contact);
                           (void)store::ContactRepository(m_db->database()).rename(*contact, name);
                       }
                       done(std::move(contact));
                   });
}

void Agent::Engine::deleteContact(std::int64_t id, std::function<void(Result<void>)> done) {
    store::ContactRepository contacts(m_db->database());
    auto contact = contacts.find(id);
    if (!contact || !*contact || (*contact)->status == store::ContactStatus::Deleted) {
        done(makeError(AgentErrc::NotFound, "no contact " + std::to_string(id)));
        return;
    }
    // Tell the contact (best effort), then delete our queues on the relays.
    if ((*contact)->status == store::ContactStatus::Connected)
        (void)enqueueAgentMessage(id, Goodbye{}, std::nullopt);
    kickOutbox();
    store::QueueRepository queues(m_db->database());
    auto rows = queues.forContact(id);
    if (rows) {
        for (const store::Queue& q : *rows) {
            if (q.direction != store::QueueDirection::Receive)
                continue;
            deleteOnRelay(q);
            (void)queues.setStatus(q.id, store::QueueStatus::Deleted);
        }
    }
    auto status = contacts.setStatus(id, store::ContactStatus::Deleted);
    done(status ? Result<void>{} : Result<void>(status.error()));
}

} // namespace ferry::core::agent
