#include "agent/agent_engine.h"

#include "agent/agent_errc.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "net/relay_probe.h"
#include "smp/transmission.h"
#include "store/address_repository.h"
#include "store/contact_repository.h"
#include "store/queue_repository.h"
#include "store/relay_repository.h"
#include "store/request_repository.h"
#include "store/settings_repository.h"
#include "util/try.h"

#include <algorithm>
#include <charconv>

namespace ferry::core::agent {

namespace {

// The canonical text of a relay address, so one relay is one connection and one row.
Result<std::string> canonicalRelay(const std::string& text) {
    auto address = smp::parseServerAddress(text);
    if (!address)
        return address.error();
    if (address->scheme != smp::ServerScheme::Smp)
        return makeError(AgentErrc::Relay, "only smp:// relays are supported");
    return smp::formatServerAddress(*address);
}

} // namespace

// ---- Lifecycle --------------------------------------------------------------------------

Agent::Engine::Engine(AgentConfig config, AgentEvents events,
                      std::unique_ptr<store::ProfileDatabase> db)
    : m_config(std::move(config)), m_events(std::move(events)),
      m_clock(m_config.clock ? *m_config.clock : m_systemClock), m_db(std::move(db)),
      m_work(boost::asio::make_work_guard(m_io)), m_outboxTimer(m_io), m_receiptTimer(m_io) {
    store::SettingsRepository settings(m_db->database());
    auto name = settings.getString(store::SettingsRepository::kDisplayName);
    m_displayName = name && *name ? **name : std::string("Ferry user");
    if (auto routing = this->routing())
        m_routing = *routing;
    if (auto directories = directorySettings())
        m_directorySettings = *directories;
    m_rotateAfter = rotateAfter().ok() ? *rotateAfter() : m_config.rotateAfter;
}

Agent::Engine::~Engine() {
    shutdown();
}

void Agent::Engine::start() {
    m_thread = std::thread([this] { m_io.run(); });
    boost::asio::post(m_io, [self = shared_from_this()] {
        self->subscribeAll();
        self->resumeSecuringQueues();
        // Without a relay of the user's own, routes go through listed relays: fetch a
        // listing at once rather than at the first message that needs one.
        auto own = store::RelayRepository(self->m_db->database()).listEnabled();
        if (own && own->empty())
            self->ensureListing();
        self->kickAllQueues();
        // Contacts from before two queues per direction, or whose second queue could not be
        // made then, get one now if a relay of another operator is there.
        self->ensureRedundantQueuesForAll();
        if (auto rows = store::QueueRepository(self->m_db->database()).subscribable())
            for (const store::Queue& q : *rows)
                if (q.status == store::QueueStatus::Draining)
                    self->drainAndDelete(q.id);
        self->scheduleRotationCheck();
    });
}

void Agent::Engine::shutdown() {
    if (!m_thread.joinable())
        return;
    boost::asio::post(m_io, [this] {
        // From here nothing new is sent and no relay is dialed again, so the io_context runs
        // out once the stopped clients' handlers ran: pending receipts are only stored (they
        // go out at the next start), and a failing send does not re-arm the outbox timer.
        m_stopping = true;
        m_outboxTimer.cancel();
        m_rotationTimer.cancel();
        for (const auto& timer : std::exchange(m_retryTimers, {}))
            timer->cancel();
        flushReceipts();
        m_receiptTimer.cancel();
        m_proxies.clear();
        for (auto& [relay, client] : m_clients)
            client->stop();
        m_clients.clear();
        m_work.reset();
    });
    m_thread.join();
    m_io.stop();
}

std::int64_t Agent::Engine::now() const {
    return m_clock.nowSeconds();
}

// ---- Relays -----------------------------------------------------------------------------

std::shared_ptr<net::SmpClient> Agent::Engine::client(const std::string& relay) {
    auto it = m_clients.find(relay);
    if (it != m_clients.end())
        return it->second;
    net::SmpClientConfig config = m_config.relayDefaults;
    config.server = *smp::parseServerAddress(relay);
    std::weak_ptr<Engine> weak = shared_from_this();
    net::SmpClient::Callbacks callbacks;
    callbacks.onPush = [weak, relay](const Bytes& entity, const smp::Response& response) {
        if (auto self = weak.lock())
            self->onPush(relay, entity, response);
    };
    callbacks.onState = [weak, relay](net::ConnectionState state, const std::string& reason) {
        auto self = weak.lock();
        if (!self)
            return;
        if (state == net::ConnectionState::Connected) {
            // The first relay back after none answered: the device was offline, so the others
            // count as unreachable only from now (they are still reconnecting).
            const bool wasOffline =
                std::none_of(self->m_clients.begin(), self->m_clients.end(), [&](const auto& c) {
                    return c.first != relay && c.second->state() == net::ConnectionState::Connected;
                });
            if (wasOffline)
                for (auto& [other, since] : self->m_relayDownSince)
                    since = self->now();
            self->m_relayDownSince.erase(relay);
            self->kickAllQueues(); // the relay is back: send what waited for it
            self->relayBack(relay);
        } else if (state == net::ConnectionState::Disconnected ||
                   state == net::ConnectionState::Failed) {
            self->m_relayDownSince.emplace(relay, self->now()); // keeps the first time
        }
        if (self->m_events.relayState)
            self->m_events.relayState(relay, state, reason);
    };
    callbacks.onSubscriptionRefused = [weak, relay](const Bytes& recipientId) {
        if (auto self = weak.lock())
            self->receiveQueueLost(relay, recipientId);
    };
    auto created = std::make_shared<net::SmpClient>(m_io, config, std::move(callbacks));
    created->start();
    m_clients.emplace(relay, created);
    return created;
}

void Agent::Engine::closeUnusedConnections() {
    // A contact's relays stay in use only while a queue of it is there: a contact that moves
    // to new relays again and again (a hostile one can name any relay each time) leaves no
    // connection or proxy session behind.
    auto used = store::QueueRepository(m_db->database()).relaysInUse();
    auto own = store::RelayRepository(m_db->database()).list();
    if (!used || !own)
        return;
    for (const store::Relay& relay : *own) {
        used->insert(relay.address);
        // Proxy sessions are named without the password an own relay may carry.
        if (auto parsed = smp::parseServerAddress(relay.address))
            used->insert(smp::formatServerAddress(*parsed, false));
    }
    for (const auto& [proxy, sender] : m_proxies)
        used->insert(proxy);
    std::erase_if(m_clients, [&](const auto& entry) {
        const auto& [relay, connection] = entry;
        if (used->contains(relay) || connection->commandsWaiting() != 0)
            return false;
        connection->stop();
        m_relayDownSince.erase(relay);
        return true;
    });
    for (const auto& [proxy, sender] : m_proxies)
        sender->forgetSessionsExcept(*used);
}

void Agent::Engine::call(const std::string& relay, Bytes entityId, smp::Command command,
                         std::optional<net::AuthKey> key, ResponseHandler done, Bytes corrId) {
    if (m_stopping) {
        boost::asio::post(m_io, [done = std::move(done)] {
            done(makeError(AgentErrc::Stopped, "the client engine is shutting down"));
        });
        return;
    }
    ++m_inFlight;
    auto answered = [this, done = std::move(done)](Result<smp::Response> response) {
        done(std::move(response));
        --m_inFlight;
        m_lastActivity = steadyMs();
    };
    if (corrId.empty())
        client(relay)->send(std::move(entityId), std::move(command), std::move(key),
                            std::move(answered));
    else
        client(relay)->sendWithCorrId(std::move(corrId), std::move(entityId), std::move(command),
                                      std::move(key), std::move(answered));
}

void Agent::Engine::createQueue(const std::string& relay, bool senderCanSecure,
                                std::function<void(Result<NewQueue>)> done, LinkDataFor linkData) {
    auto keys =
        std::make_shared<ReceiveQueueKeys>(ReceiveQueueKeys{crypto::Ed25519KeyPair::generate(),
                                                            crypto::X25519KeyPair::generate(),
                                                            {},
                                                            crypto::X25519KeyPair::generate(),
                                                            std::nullopt});
    const auto server = *smp::parseServerAddress(relay);
    smp::cmd::New command;
    command.rcvAuthKey = keys->recipientKey.publicKey();
    command.rcvDhKey = keys->relayDhKey.publicKey();
    if (server.basicAuth)
        command.basicAuth = toBytes(*server.basicAuth);
    command.subMode = smp::SubscriptionMode::Subscribe;
    const auto mode = senderCanSecure ? smp::QueueMode::Messaging : smp::QueueMode::Contact;
    command.queueRequest = smp::QueueRequest{mode, std::nullopt};
    // The queue's URI but for the sender id, which the relay gives, or (with a short link)
    // the v15 rule derives from the NEW's corrId so that the link data can name the queue.
    // Below v15 the link is not sent, and the relay's own sender id comes back.
    smp::QueueUri uri;
    uri.server = server;
    uri.server.basicAuth.reset();
    uri.dhKey = keys->queueKey.publicKey();
    uri.queueMode = mode;
    Bytes corrId;
    std::optional<Bytes> linkSenderId;
    Bytes linkId; // a contact address's, chosen here; a messaging queue's is the relay's
    if (linkData) {
        corrId = crypto::randomBytes(smp::kCorrIdSize);
        auto senderId = smp::shortLinkSenderId(corrId);
        if (!senderId)
            return done(senderId.error());
        linkSenderId = *senderId;
        smp::QueueUri planned = uri;
        planned.senderId = *linkSenderId;
        auto link = linkData(planned);
        if (!link)
            return done(link.error());
        link->senderId = *linkSenderId;
        linkId = link->linkId;
        command.queueRequest->link = std::move(link).value();
    }
    call(
        relay, {}, command, net::AuthKey{keys->recipientKey},
        [relay, uri, keys, linkSenderId, linkId, done](Result<smp::Response> r) {
            if (!r) {
                done(Error{r.error().code,
                           "relay " + relay + " did not answer: " + r.error().message});
                return;
            }
            auto* ids = std::get_if<smp::rsp::Ids>(&*r);
            if (!ids) {
                done(makeError(AgentErrc::Relay, "relay " + relay + " refused to create a queue (" +
                                                     std::string(smp::responseTag(*r)) + ")"));
                return;
            }
            keys->relayServerDhKey = ids->serverDhKey;
            NewQueue created{relay, ids->recipientId, uri, std::move(*keys), std::nullopt};
            created.uri.senderId = ids->senderId;
            // A link id a link cannot carry (a relay's mistake or malice) gets the long link.
            if (ids->linkId && linkSenderId && !ids->linkId->empty() && ids->linkId->size() <= 64) {
                if (ids->senderId != *linkSenderId || (!linkId.empty() && *ids->linkId != linkId)) {
                    done(makeError(AgentErrc::Relay, "relay " + relay +
                                                         " gave a short link's queue other ids "
                                                         "than asked"));
                    return;
                }
                created.linkId = ids->linkId;
            }
            done(std::move(created));
        },
        std::move(corrId));
}

void Agent::Engine::subscribe(const std::string& relay, const Bytes& recipientId,
                              const crypto::Ed25519KeyPair& key) {
    if (m_stopping)
        return;
    ++m_inFlight;
    client(relay)->subscribe(recipientId, net::AuthKey{key}, [this](Result<smp::Response>) {
        --m_inFlight;
        m_lastActivity = steadyMs();
    });
}

void Agent::Engine::subscribeAll() {
    store::QueueRepository queues(m_db->database());
    auto all = queues.subscribable();
    if (!all)
        return;
    for (const store::Queue& q : *all) {
        auto keys = parseReceiveQueueKeys(q.keys.view());
        if (keys)
            subscribe(q.relay, q.queueId, keys->recipientKey);
    }
}

Result<std::string> Agent::Engine::displayName() {
    return m_displayName;
}

Result<store::Relay> Agent::Engine::addRelay(const std::string& address) {
    FERRY_TRY(canonical, canonicalRelay(address));
    store::RelayRepository relays(m_db->database());
    FERRY_TRY(added, relays.add(canonical, now()));
    // A relay of another operator may be what a contact's second queue waited for.
    boost::asio::post(m_io, [self = shared_from_this()] { self->ensureRedundantQueuesForAll(); });
    return added;
}

Result<void> Agent::Engine::removeRelay(const std::string& address) {
    FERRY_TRY(canonical, canonicalRelay(address));
    store::RelayRepository relays(m_db->database());
    FERRY_TRY(relay, relays.findByAddress(canonical));
    if (!relay)
        return makeError(AgentErrc::NotFound, "no such relay in the list: " + canonical);
    FERRY_CHECK(relays.remove(relay->id));
    return {};
}

Result<std::vector<store::Relay>> Agent::Engine::relays() {
    return store::RelayRepository(m_db->database()).list();
}

void Agent::Engine::testRelay(const std::string& address,
                              std::function<void(Result<std::chrono::milliseconds>)> done) {
    auto server = smp::parseServerAddress(address);
    if (!server) {
        done(server.error());
        return;
    }
    // A connection of its own: the answer is about the relay as it is now, not about the
    // profile's long-lived connection (which may be backing off).
    net::probeRelay(m_io, *server, m_config.relayDefaults, std::move(done));
}

Result<std::vector<store::Contact>> Agent::Engine::contacts() {
    return store::ContactRepository(m_db->database()).list();
}

Result<store::Contact> Agent::Engine::findContact(const std::string& idOrName) {
    store::ContactRepository contacts(m_db->database());
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(idOrName.data(), idOrName.data() + idOrName.size(), id);
    if (ec == std::errc{} && end == idOrName.data() + idOrName.size()) {
        FERRY_TRY(byId, contacts.find(id));
        if (byId && byId->status != store::ContactStatus::Deleted)
            return *byId;
    }
    FERRY_TRY(byName, contacts.findByDisplayName(idOrName));
    if (!byName)
        return makeError(AgentErrc::NotFound, "no contact named or numbered '" + idOrName + "'");
    return *byName;
}

Result<std::string> Agent::Engine::renameContact(std::int64_t id, const std::string& name) {
    return store::ContactRepository(m_db->database()).rename(id, name);
}

Result<std::vector<store::Message>> Agent::Engine::history(std::int64_t contactId,
                                                           store::HistoryPage page) {
    return store::MessageRepository(m_db->database()).history(contactId, page);
}

Result<std::vector<store::ContactRequest>> Agent::Engine::pendingRequests() {
    return store::RequestRepository(m_db->database()).listPending();
}

Result<void> Agent::Engine::rejectRequest(std::int64_t id) {
    FERRY_TRY(changed, store::RequestRepository(m_db->database()).reject(id));
    if (!changed)
        return makeError(AgentErrc::NotFound, "no pending request " + std::to_string(id));
    return {};
}

// Quiet means: no command in flight, nothing due in the outbox, and no answer for a short
// while (a pushed message may follow a SUB's answer).
struct Agent::Engine::SettleState {
    std::int64_t deadline = 0;
    boost::asio::steady_timer timer;
    std::function<void(Result<void>)> done;
};

void Agent::Engine::settle(std::chrono::milliseconds timeout,
                           std::function<void(Result<void>)> done) {
    m_lastActivity = steadyMs();
    settleStep(std::make_shared<SettleState>(SettleState{
        steadyMs() + timeout.count(), boost::asio::steady_timer(m_io), std::move(done)}));
}

void Agent::Engine::settleStep(std::shared_ptr<SettleState> state) {
    constexpr std::int64_t kQuietMs = 400;
    store::OutboxRepository outbox(m_db->database());
    auto next = outbox.nextDueAt();
    const bool outboxIdle = next && (!*next || **next > now()) && m_outboxInFlight.empty();
    // A listing on its way is work in flight: a message may be waiting for its route.
    const bool quiet = m_inFlight == 0 && !m_listingRefreshing && m_pendingReceipts.empty() &&
                       steadyMs() - m_lastActivity >= kQuietMs;
    if ((quiet && outboxIdle) || steadyMs() >= state->deadline) {
        state->done(Result<void>{});
        return;
    }
    state->timer.expires_after(std::chrono::milliseconds(50));
    state->timer.async_wait([self = shared_from_this(), state](auto) { self->settleStep(state); });
}

// ---- Agent facade -------------------------------------------------------------------------

Result<std::unique_ptr<Agent>> Agent::open(AgentConfig config, AgentEvents events) {
    std::unique_ptr<store::ProfileDatabase> db;
    if (!std::filesystem::exists(config.databaseFile)) {
        if (!config.createWithName)
            return makeError(AgentErrc::NoProfile, "no profile at " + config.databaseFile.string() +
                                                       " (create it with a display name first)");
        FERRY_TRY(created, store::ProfileDatabase::create(config.databaseFile, config.databaseKey));
        store::SettingsRepository settings(created->database());
        FERRY_CHECK(
            settings.setString(store::SettingsRepository::kDisplayName, *config.createWithName));
        db = std::move(created);
    } else {
        FERRY_TRY(opened, store::ProfileDatabase::open(config.databaseFile, config.databaseKey));
        db = std::move(opened);
    }
    auto engine = std::make_shared<Engine>(std::move(config), std::move(events), std::move(db));
    engine->start();
    return std::unique_ptr<Agent>(new Agent(std::move(engine)));
}

Agent::Agent(std::shared_ptr<Engine> engine) : m_engine(std::move(engine)) {}

Agent::~Agent() {
    m_engine->shutdown();
}

// Each facade call copies its arguments into the posted work: the caller's thread returns at
// once and only the network thread touches the engine's state.
template <typename T, typename F> static void onEngine(Agent::Engine& e, F f, Completion<T> done) {
    e.run<T>(std::function<Result<T>()>(std::move(f)), std::move(done));
}
template <typename T, typename F>
static void flowOnEngine(Agent::Engine& e, F f, Completion<T> done) {
    e.runAsync<T>(std::function<void(Completion<T>)>(std::move(f)), std::move(done));
}

void Agent::displayName(Completion<std::string> done) {
    onEngine<std::string>(
        *m_engine, [e = m_engine] { return e->displayName(); }, std::move(done));
}
void Agent::addRelay(std::string address, Completion<store::Relay> done) {
    onEngine<store::Relay>(
        *m_engine, [e = m_engine, address] { return e->addRelay(address); }, std::move(done));
}
void Agent::removeRelay(std::string address, Completion<void> done) {
    onEngine<void>(
        *m_engine, [e = m_engine, address] { return e->removeRelay(address); }, std::move(done));
}
void Agent::relays(Completion<std::vector<store::Relay>> done) {
    onEngine<std::vector<store::Relay>>(
        *m_engine, [e = m_engine] { return e->relays(); }, std::move(done));
}
void Agent::routing(Completion<RoutingSettings> done) {
    onEngine<RoutingSettings>(
        *m_engine, [e = m_engine] { return e->routing(); }, std::move(done));
}
void Agent::setRouting(RoutingSettings settings, Completion<void> done) {
    onEngine<void>(
        *m_engine, [e = m_engine, settings] { return e->setRouting(settings); }, std::move(done));
}
void Agent::directories(Completion<DirectorySettings> done) {
    onEngine<DirectorySettings>(
        *m_engine, [e = m_engine] { return e->directorySettings(); }, std::move(done));
}
void Agent::setDirectories(DirectorySettings settings, Completion<void> done) {
    onEngine<void>(
        *m_engine, [e = m_engine, settings] { return e->setDirectorySettings(settings); },
        std::move(done));
}
void Agent::nodeHelpers(std::string self, Completion<directory::NodeHelpers> done) {
    flowOnEngine<directory::NodeHelpers>(
        *m_engine, [e = m_engine, self](auto flowDone) { e->nodeHelpers(self, flowDone); },
        std::move(done));
}
void Agent::testRelay(std::string address, Completion<std::chrono::milliseconds> done) {
    flowOnEngine<std::chrono::milliseconds>(
        *m_engine, [e = m_engine, address](auto flowDone) { e->testRelay(address, flowDone); },
        std::move(done));
}
void Agent::createInvitation(Completion<std::string> done) {
    flowOnEngine<std::string>(
        *m_engine, [e = m_engine](auto flowDone) { e->createInvitation(flowDone); },
        std::move(done));
}
void Agent::connect(std::string link, Completion<std::int64_t> done) {
    flowOnEngine<std::int64_t>(
        *m_engine, [e = m_engine, link](auto flowDone) { e->connect(link, flowDone); },
        std::move(done));
}
void Agent::createAddress(Completion<std::string> done) {
    flowOnEngine<std::string>(
        *m_engine, [e = m_engine](auto flowDone) { e->createAddress(flowDone); }, std::move(done));
}
void Agent::address(Completion<std::optional<std::string>> done) {
    onEngine<std::optional<std::string>>(
        *m_engine, [e = m_engine] { return e->address(); }, std::move(done));
}
void Agent::deleteAddress(Completion<void> done) {
    flowOnEngine<void>(
        *m_engine, [e = m_engine](auto flowDone) { e->deleteAddress(flowDone); }, std::move(done));
}
void Agent::pendingRequests(Completion<std::vector<store::ContactRequest>> done) {
    onEngine<std::vector<store::ContactRequest>>(
        *m_engine, [e = m_engine] { return e->pendingRequests(); }, std::move(done));
}
void Agent::acceptRequest(std::int64_t id, Completion<std::int64_t> done) {
    flowOnEngine<std::int64_t>(
        *m_engine, [e = m_engine, id](auto flowDone) { e->acceptRequest(id, flowDone); },
        std::move(done));
}
void Agent::rejectRequest(std::int64_t id, Completion<void> done) {
    onEngine<void>(
        *m_engine, [e = m_engine, id] { return e->rejectRequest(id); }, std::move(done));
}
void Agent::contacts(Completion<std::vector<store::Contact>> done) {
    onEngine<std::vector<store::Contact>>(
        *m_engine, [e = m_engine] { return e->contacts(); }, std::move(done));
}
void Agent::contactOverview(Completion<std::vector<ContactOverview>> done) {
    onEngine<std::vector<ContactOverview>>(
        *m_engine, [e = m_engine] { return e->contactOverview(); }, std::move(done));
}
void Agent::markRead(std::int64_t contactId, std::int64_t messageId, Completion<void> done) {
    onEngine<void>(
        *m_engine,
        [e = m_engine, contactId, messageId] { return e->markRead(contactId, messageId); },
        std::move(done));
}
void Agent::retryMessage(std::int64_t messageId, Completion<void> done) {
    onEngine<void>(
        *m_engine, [e = m_engine, messageId] { return e->retryMessage(messageId); },
        std::move(done));
}
void Agent::findContact(std::string idOrName, Completion<store::Contact> done) {
    onEngine<store::Contact>(
        *m_engine, [e = m_engine, idOrName] { return e->findContact(idOrName); }, std::move(done));
}
void Agent::renameContact(std::int64_t id, std::string name, Completion<std::string> done) {
    onEngine<std::string>(
        *m_engine, [e = m_engine, id, name] { return e->renameContact(id, name); },
        std::move(done));
}
void Agent::contactQueues(std::int64_t contactId, Completion<std::vector<ContactQueue>> done) {
    onEngine<std::vector<ContactQueue>>(
        *m_engine, [e = m_engine, contactId] { return e->contactQueues(contactId); },
        std::move(done));
}
void Agent::switchQueues(std::int64_t contactId, Completion<void> done) {
    flowOnEngine<void>(
        *m_engine,
        [e = m_engine, contactId](auto flowDone) { e->switchQueues(contactId, flowDone); },
        std::move(done));
}
void Agent::rotateAfter(Completion<std::chrono::seconds> done) {
    onEngine<std::chrono::seconds>(
        *m_engine, [e = m_engine] { return e->rotateAfter(); }, std::move(done));
}
void Agent::setRotateAfter(std::chrono::seconds after, Completion<void> done) {
    onEngine<void>(
        *m_engine, [e = m_engine, after] { return e->setRotateAfter(after); }, std::move(done));
}
void Agent::deleteContact(std::int64_t id, Completion<void> done) {
    flowOnEngine<void>(
        *m_engine, [e = m_engine, id](auto flowDone) { e->deleteContact(id, flowDone); },
        std::move(done));
}
void Agent::sendMessage(std::int64_t contactId, std::string text, Completion<std::int64_t> done) {
    onEngine<std::int64_t>(
        *m_engine, [e = m_engine, contactId, text] { return e->sendMessage(contactId, text); },
        std::move(done));
}
void Agent::history(std::int64_t contactId, store::HistoryPage page,
                    Completion<std::vector<store::Message>> done) {
    onEngine<std::vector<store::Message>>(
        *m_engine, [e = m_engine, contactId, page] { return e->history(contactId, page); },
        std::move(done));
}
void Agent::settle(std::chrono::milliseconds timeout, Completion<void> done) {
    flowOnEngine<void>(
        *m_engine, [e = m_engine, timeout](auto flowDone) { e->settle(timeout, flowDone); },
        std::move(done));
}

} // namespace ferry::core::agent
