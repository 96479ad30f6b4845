#include "net/smp_client.h"

#include "crypto/cb_authenticator.h"
#include "crypto/random.h"
#include "net/net_errc.h"
#include "net/smp_transport.h"
#include "smp/block.h"
#include "smp/block_cipher.h"
#include "smp/transmission.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <map>

namespace ferry::core::net {

namespace asio = boost::asio;
using boost::system::error_code;

const char* connectionStateName(ConnectionState state) {
    switch (state) {
    case ConnectionState::Connecting:
        return "Connecting";
    case ConnectionState::Connected:
        return "Connected";
    case ConnectionState::Disconnected:
        return "Disconnected";
    case ConnectionState::Failed:
        return "Failed";
    case ConnectionState::Stopped:
        return "Stopped";
    }
    return "?";
}

namespace {

/// A command from send() until its answer, failure or timeout.
struct PendingCommand {
    Bytes entityId;
    smp::Command command;
    std::optional<AuthKey> key;
    SmpClient::ResponseHandler handler;
    bool sent = false;
    unsigned timerGeneration = 0; ///< tells a stale expiry from the current one
    std::unique_ptr<asio::steady_timer> timer;
};

std::string millis(std::chrono::milliseconds d) {
    return std::to_string(d.count()) + " ms";
}

} // namespace

/// Everything runs on m_strand. Handlers of I/O objects hold a weak_ptr to the Impl; the
/// transport's handlers keep the transport (and its TLS stream) alive by themselves, so the
/// Impl can go away while an operation is still pending.
class SmpClient::Impl : public std::enable_shared_from_this<Impl> {
public:
    Impl(asio::io_context& io, SmpClientConfig config, Callbacks callbacks)
        : m_config(std::move(config)), m_strand(asio::make_strand(io)),
          m_callbacks(std::move(callbacks)), m_tls(makeSmpTlsContext()), m_reconnectTimer(m_strand),
          m_pingTimer(m_strand) {}

    /// Runs `f(impl)` on the strand, never inline: callers may hold no locks of ours, and
    /// callbacks may call the public API without re-entering a loop over our tables.
    template <typename F> void post(F&& f) {
        asio::post(m_strand,
                   [self = shared_from_this(), f = std::forward<F>(f)]() mutable { f(*self); });
    }

    void start();
    void stop();
    void send(Bytes entityId, smp::Command command, std::optional<AuthKey> key,
              ResponseHandler handler, bool urgent = false, Bytes corrId = {});
    void subscribe(Bytes recipientId, AuthKey key, ResponseHandler handler);
    void forget(const Bytes& recipientId) { m_subscriptions.erase(recipientId); }

    const SmpClientConfig m_config;
    std::atomic<ConnectionState> m_state{ConnectionState::Disconnected};
    std::atomic<smp::Version> m_version{0};
    /// Set by stop() at once, from any thread: no more pushes or state reports but Stopped.
    std::atomic<bool> m_stopRequested{false};

private:
    void connect();
    void onConnected(Result<TransportSession> result);
    void dropConnection(const std::string& reason);
    void onBlock(ByteView block);
    void scheduleReconnect();
    std::chrono::milliseconds backoffDelay();
    void scheduleFlush();
    void flush();
    Result<Bytes> encode(const Bytes& corrId, const PendingCommand& command) const;
    void armTimer(const Bytes& corrId, PendingCommand& command);
    void onCommandTimeout(const Bytes& corrId, unsigned generation);
    void complete(const Bytes& corrId, Result<smp::Response> result);
    void failAll(bool onlySent, const Error& error);
    void resubscribe();
    /// Wraps a SUB's handler: AUTH ends the subscription and is reported.
    ResponseHandler watchSubscription(Bytes recipientId, ResponseHandler handler);
    void armPing();
    void sendPing();
    void setState(ConnectionState state, const std::string& reason);

    asio::strand<asio::io_context::executor_type> m_strand;
    Callbacks m_callbacks;
    std::shared_ptr<asio::ssl::context> m_tls;
    asio::steady_timer m_reconnectTimer;
    asio::steady_timer m_pingTimer;

    bool m_started = false;
    bool m_stopped = false;
    std::string m_failure; ///< why the state is Failed
    std::shared_ptr<SmpTransport> m_transport;
    unsigned m_connectionId = 0; ///< bumped per attempt; stale events compare against it
    TransportSession m_session;
    unsigned m_backoffStep = 0;
    bool m_flushScheduled = false;

    std::map<Bytes, PendingCommand> m_commands; ///< by corrId
    std::deque<Bytes> m_waiting;                ///< corrIds not sent yet, in order
    std::map<Bytes, AuthKey> m_subscriptions;   ///< recipient id → key, for re-subscribing
};

// --- lifecycle -------------------------------------------------------------------------------

void SmpClient::Impl::start() {
    if (m_started || m_stopped)
        return;
    m_started = true;
    connect();
}

void SmpClient::Impl::stop() {
    if (m_stopped)
        return;
    m_stopped = true;
    ++m_connectionId;
    if (m_transport) {
        m_transport->close();
        m_transport.reset();
    }
    m_reconnectTimer.cancel();
    m_pingTimer.cancel();
    m_subscriptions.clear();
    m_waiting.clear();
    setState(ConnectionState::Stopped, "stopped");
    failAll(false, makeError(NetErrc::Stopped, "the relay connection was stopped"));
}

void SmpClient::Impl::connect() {
    if (m_stopped || m_state == ConnectionState::Failed)
        return;
    setState(ConnectionState::Connecting, {});
    const unsigned id = ++m_connectionId;
    std::weak_ptr<Impl> weak = shared_from_this();
    SmpTransport::Events events;
    events.connected = [weak, id](Result<TransportSession> result) {
        if (auto self = weak.lock(); self && self->m_connectionId == id)
            self->onConnected(std::move(result));
    };
    events.block = [weak, id](ByteView block) {
        if (auto self = weak.lock(); self && self->m_connectionId == id)
            self->onBlock(block);
    };
    events.lost = [weak, id](const std::string& reason) {
        if (auto self = weak.lock(); self && self->m_connectionId == id)
            self->dropConnection(reason);
    };
    m_transport = std::make_shared<SmpTransport>(m_strand, m_tls, std::move(events));
    m_transport->connect(m_config.server, {m_config.versions, m_config.connectTimeout,
                                           m_config.dialPolicy, m_config.proxyServer});
}

void SmpClient::Impl::onConnected(Result<TransportSession> result) {
    if (m_callbacks.onHandshake && !m_stopRequested)
        m_callbacks.onHandshake(result);
    if (!result) {
        m_transport.reset();
        if (result.error().code == NetErrc::Identity) {
            // Retrying cannot help: the relay is not who the address says.
            m_failure = result.error().message;
            setState(ConnectionState::Failed, m_failure);
            failAll(false, makeError(NetErrc::Identity, m_failure));
            m_waiting.clear();
            return;
        }
        setState(ConnectionState::Disconnected, result.error().message);
        scheduleReconnect();
        return;
    }
    m_session = std::move(result).value();
    m_version = m_session.version;
    setState(ConnectionState::Connected, m_session.host);
    resubscribe();
    flush();
    armPing();
}

void SmpClient::Impl::dropConnection(const std::string& reason) {
    ++m_connectionId;
    if (m_transport) {
        m_transport->close();
        m_transport.reset();
    }
    m_pingTimer.cancel();
    setState(ConnectionState::Disconnected, reason);
    // Never resent: SEND is not idempotent. The caller decides.
    failAll(true, makeError(NetErrc::Network, "connection lost: " + reason));
    scheduleReconnect();
}

void SmpClient::Impl::scheduleReconnect() {
    if (m_stopped || m_state == ConnectionState::Failed)
        return;
    m_reconnectTimer.expires_after(backoffDelay());
    m_reconnectTimer.async_wait([weak = weak_from_this()](const error_code& ec) {
        if (auto self = weak.lock();
            self && !ec && !self->m_stopped && self->m_state == ConnectionState::Disconnected)
            self->connect();
    });
}

std::chrono::milliseconds SmpClient::Impl::backoffDelay() {
    using std::chrono::milliseconds;
    const auto minimum = std::max<long long>(1, m_config.backoffMin.count());
    const auto maximum = std::max<long long>(minimum, m_config.backoffMax.count());
    long long base = minimum;
    for (unsigned i = 0; i < m_backoffStep && base < maximum; ++i)
        base *= 2;
    base = std::min(base, maximum);
    ++m_backoffStep;
    // ±25% jitter, so that clients cut off together do not all come back together.
    const Bytes r = crypto::randomBytes(4);
    const std::uint32_t random = (std::uint32_t(r[0]) << 24) | (std::uint32_t(r[1]) << 16) |
                                 (std::uint32_t(r[2]) << 8) | r[3];
    const long long spread = base / 2;
    const long long delay = base - base / 4 + (spread > 0 ? random % (spread + 1) : 0);
    return milliseconds(std::clamp(delay, minimum, maximum));
}

void SmpClient::Impl::setState(ConnectionState state, const std::string& reason) {
    const ConnectionState previous = m_state.exchange(state);
    if (previous == state)
        return;
    if (m_callbacks.onState && (!m_stopRequested || state == ConnectionState::Stopped))
        m_callbacks.onState(state, reason);
}

// --- commands --------------------------------------------------------------------------------

void SmpClient::Impl::send(Bytes entityId, smp::Command command, std::optional<AuthKey> key,
                           ResponseHandler handler, bool urgent, Bytes corrId) {
    if (m_stopped) {
        if (handler)
            handler(makeError(NetErrc::Stopped, "the relay connection was stopped"));
        return;
    }
    if (m_state == ConnectionState::Failed) {
        if (handler)
            handler(makeError(NetErrc::Identity, m_failure));
        return;
    }
    if (corrId.empty())
        corrId = crypto::randomBytes(smp::kCorrIdSize);
    if (corrId.size() != smp::kCorrIdSize || m_commands.contains(corrId)) {
        if (handler)
            handler(makeError(NetErrc::Response, "a command's corrId must be new and " +
                                                     std::to_string(smp::kCorrIdSize) + " bytes"));
        return;
    }
    PendingCommand pending{std::move(entityId),
                           std::move(command),
                           std::move(key),
                           std::move(handler),
                           false,
                           0,
                           std::make_unique<asio::steady_timer>(m_strand)};
    auto& stored = m_commands.emplace(corrId, std::move(pending)).first->second;
    armTimer(corrId, stored);
    if (urgent)
        m_waiting.push_front(std::move(corrId));
    else
        m_waiting.push_back(std::move(corrId));
    scheduleFlush();
}

void SmpClient::Impl::subscribe(Bytes recipientId, AuthKey key, ResponseHandler handler) {
    m_subscriptions.insert_or_assign(recipientId, key);
    auto watched = watchSubscription(recipientId, std::move(handler));
    send(std::move(recipientId), smp::cmd::Sub{}, std::move(key), std::move(watched));
}

SmpClient::ResponseHandler SmpClient::Impl::watchSubscription(Bytes recipientId,
                                                              ResponseHandler handler) {
    return [weak = weak_from_this(), recipientId = std::move(recipientId),
            handler = std::move(handler)](Result<smp::Response> r) {
        auto* e = r ? std::get_if<smp::rsp::Err>(&*r) : nullptr;
        if (auto self = weak.lock(); self && e && e->error.kind == smp::ErrorType::Kind::Auth) {
            self->m_subscriptions.erase(recipientId);
            if (self->m_callbacks.onSubscriptionRefused && !self->m_stopRequested)
                self->m_callbacks.onSubscriptionRefused(recipientId);
        }
        if (handler)
            handler(std::move(r));
    };
}

void SmpClient::Impl::resubscribe() {
    // SUBs already waiting (subscribe() while disconnected) go out with the rest.
    std::map<Bytes, bool> waiting;
    for (const Bytes& corrId : m_waiting)
        if (auto it = m_commands.find(corrId);
            it != m_commands.end() && std::holds_alternative<smp::cmd::Sub>(it->second.command))
            waiting[it->second.entityId] = true;
    // Before anything else waiting: an ACK or GET after a reconnect needs its SUB first.
    for (auto it = m_subscriptions.rbegin(); it != m_subscriptions.rend(); ++it)
        if (!waiting.contains(it->first))
            send(it->first, smp::cmd::Sub{}, it->second, watchSubscription(it->first, {}), true);
}

void SmpClient::Impl::scheduleFlush() {
    if (m_flushScheduled || m_state != ConnectionState::Connected)
        return;
    // Posted, so that commands issued together leave together in as few blocks as fit.
    m_flushScheduled = true;
    asio::post(m_strand, [weak = weak_from_this()] {
        if (auto self = weak.lock()) {
            self->m_flushScheduled = false;
            self->flush();
        }
    });
}

void SmpClient::Impl::flush() {
    if (m_state != ConnectionState::Connected || !m_transport)
        return;
    smp::BlockBatcher batcher(m_transport->encrypted() ? smp::kEncryptedBlockPayload
                                                       : smp::kBlockPayload);
    std::vector<std::pair<Bytes, Error>> failed;
    while (!m_waiting.empty()) {
        Bytes corrId = std::move(m_waiting.front());
        m_waiting.pop_front();
        auto it = m_commands.find(corrId);
        if (it == m_commands.end() || it->second.sent)
            continue;
        auto transmission = encode(corrId, it->second);
        if (!transmission) {
            failed.emplace_back(std::move(corrId), transmission.error());
            continue;
        }
        if (auto added = batcher.add(std::move(transmission).value()); !added) {
            failed.emplace_back(std::move(corrId), added.error());
            continue;
        }
        it->second.sent = true;
        armTimer(corrId, it->second); // the answer's deadline counts from now
    }
    auto blocks = batcher.takeBlocks();
    for (Bytes& block : blocks)
        m_transport->write(std::move(block));
    if (!blocks.empty())
        armPing();
    for (auto& [corrId, error] : failed)
        complete(corrId, std::move(error));
}

Result<Bytes> SmpClient::Impl::encode(const Bytes& corrId, const PendingCommand& command) const {
    const crypto::PublicKey* serverKey =
        m_session.serverSessionKey ? &*m_session.serverSessionKey : nullptr;
    return encodeAuthorizedTransmission(m_session.version, m_session.sessionId, serverKey, corrId,
                                        command.entityId, command.command, command.key);
}

void SmpClient::Impl::armTimer(const Bytes& corrId, PendingCommand& command) {
    const unsigned generation = ++command.timerGeneration;
    command.timer->expires_after(m_config.commandTimeout);
    command.timer->async_wait([weak = weak_from_this(), corrId, generation](const error_code& ec) {
        if (auto self = weak.lock(); self && !ec)
            self->onCommandTimeout(corrId, generation);
    });
}

void SmpClient::Impl::onCommandTimeout(const Bytes& corrId, unsigned generation) {
    auto it = m_commands.find(corrId);
    if (it == m_commands.end() || it->second.timerGeneration != generation)
        return;
    if (it->second.sent) {
        complete(corrId, makeError(NetErrc::Timeout,
                                   "no answer within " + millis(m_config.commandTimeout)));
        return;
    }
    if (auto w = std::find(m_waiting.begin(), m_waiting.end(), corrId); w != m_waiting.end())
        m_waiting.erase(w);
    complete(corrId, makeError(NetErrc::Timeout, "not connected to the relay within " +
                                                     millis(m_config.commandTimeout)));
}

void SmpClient::Impl::complete(const Bytes& corrId, Result<smp::Response> result) {
    auto it = m_commands.find(corrId);
    if (it == m_commands.end())
        return; // unknown or late: ignored
    ResponseHandler handler = std::move(it->second.handler);
    m_commands.erase(it); // destroys the timer, which cancels it
    if (handler)
        handler(std::move(result));
}

void SmpClient::Impl::failAll(bool onlySent, const Error& error) {
    // Collected first: a handler may issue commands (posted, but internal ones are not).
    std::vector<Bytes> corrIds;
    for (const auto& [corrId, command] : m_commands)
        if (!onlySent || command.sent)
            corrIds.push_back(corrId);
    for (const Bytes& corrId : corrIds)
        complete(corrId, error);
}

// --- incoming --------------------------------------------------------------------------------

void SmpClient::Impl::onBlock(ByteView block) {
    auto items = smp::decodeBlock(block);
    if (!items) {
        dropConnection("malformed block from the relay: " + items.error().message);
        return;
    }
    // The relay serves us: the next loss starts the backoff afresh. (Not at the handshake, so
    // a relay that accepts and drops at once is not hammered at backoffMin.)
    m_backoffStep = 0;
    const unsigned id = m_connectionId;
    for (const Bytes& item : *items) {
        if (m_connectionId != id || m_stopped)
            return; // a handler dropped the connection
        auto t = smp::decodeTransmission(m_session.version, item);
        if (!t)
            continue;
        auto response = smp::decodeResponse(m_session.version, t->command);
        if (t->corrId.empty()) {
            if (!response)
                continue;
            // END: another connection took the subscription; do not steal it back later.
            // DELD: the queue is gone.
            if (std::holds_alternative<smp::rsp::End>(*response) ||
                std::holds_alternative<smp::rsp::Deld>(*response))
                m_subscriptions.erase(t->entityId);
            if (m_callbacks.onPush && !m_stopRequested)
                m_callbacks.onPush(t->entityId, *response);
            continue;
        }
        if (!response) {
            complete(t->corrId, makeError(NetErrc::Response, "undecodable answer from the relay: " +
                                                                 response.error().message));
            continue;
        }
        complete(t->corrId, std::move(response).value());
    }
}

// --- keepalive -------------------------------------------------------------------------------

void SmpClient::Impl::armPing() {
    m_pingTimer.expires_after(m_config.pingInterval);
    m_pingTimer.async_wait([weak = weak_from_this(), id = m_connectionId](const error_code& ec) {
        auto self = weak.lock();
        if (self && !ec && self->m_connectionId == id &&
            self->m_state == ConnectionState::Connected)
            self->sendPing();
    });
}

void SmpClient::Impl::sendPing() {
    const unsigned id = m_connectionId;
    auto handler = [weak = weak_from_this(), id](Result<smp::Response> result) {
        auto self = weak.lock();
        // Only a missing PONG means a dead connection; a NETWORK failure already was one.
        if (!self || result || result.error().code != NetErrc::Timeout ||
            self->m_connectionId != id || self->m_state != ConnectionState::Connected)
            return;
        self->dropConnection("no PONG within " + millis(self->m_config.commandTimeout));
    };
    send({}, smp::cmd::Ping{}, std::nullopt, std::move(handler), true);
}

// --- public API ------------------------------------------------------------------------------

SmpClient::SmpClient(asio::io_context& io, SmpClientConfig config, Callbacks callbacks)
    : m_impl(std::make_shared<Impl>(io, std::move(config), std::move(callbacks))) {}

SmpClient::~SmpClient() {
    stop();
}

void SmpClient::start() {
    m_impl->post([](Impl& impl) { impl.start(); });
}

void SmpClient::stop() {
    m_impl->m_stopRequested = true;
    m_impl->post([](Impl& impl) { impl.stop(); });
}

Result<Bytes> encodeAuthorizedTransmission(smp::Version version, const Bytes& sessionId,
                                           const crypto::PublicKey* serverSessionKey,
                                           const Bytes& corrId, const Bytes& entityId,
                                           const smp::Command& command,
                                           const std::optional<AuthKey>& key) {
    const Bytes encoded = smp::encodeCommand(version, command);
    smp::Transmission t{{}, sessionId, corrId, entityId, encoded};
    if (key) {
        const Bytes authorized = smp::authorizedBytes(sessionId, corrId, entityId, encoded);
        if (auto* ed = std::get_if<crypto::Ed25519KeyPair>(&*key)) {
            t.authorization = ed->sign(authorized);
        } else {
            if (version < smp::versions::kAuthCommands || !serverSessionKey)
                return makeError(NetErrc::AuthKey,
                                 "an X25519 key authorizes only from SMP v7, with "
                                 "the server's session key (negotiated v" +
                                     std::to_string(version) + ")");
            auto auth = crypto::cbAuthenticate(
                serverSessionKey->raw, std::get<crypto::X25519KeyPair>(*key), corrId, authorized);
            if (!auth)
                return makeError(NetErrc::AuthKey, auth.error().message);
            t.authorization = std::move(auth).value();
        }
    }
    return smp::encodeTransmission(version, t);
}

SmpClient::ResponseHandler SmpClient::counted(ResponseHandler handler) {
    ++*m_commandsWaiting;
    return [waiting = m_commandsWaiting, handler = std::move(handler)](Result<smp::Response> r) {
        --*waiting;
        if (handler)
            handler(std::move(r));
    };
}

void SmpClient::send(Bytes entityId, smp::Command command, std::optional<AuthKey> key,
                     ResponseHandler handler) {
    handler = counted(std::move(handler));
    m_impl->post([entityId = std::move(entityId), command = std::move(command),
                  key = std::move(key), handler = std::move(handler)](Impl& impl) mutable {
        impl.send(std::move(entityId), std::move(command), std::move(key), std::move(handler));
    });
}

void SmpClient::sendWithCorrId(Bytes corrId, Bytes entityId, smp::Command command,
                               std::optional<AuthKey> key, ResponseHandler handler) {
    handler = counted(std::move(handler));
    m_impl->post([corrId = std::move(corrId), entityId = std::move(entityId),
                  command = std::move(command), key = std::move(key),
                  handler = std::move(handler)](Impl& impl) mutable {
        impl.send(std::move(entityId), std::move(command), std::move(key), std::move(handler),
                  false, std::move(corrId));
    });
}

void SmpClient::subscribe(Bytes recipientId, AuthKey key, ResponseHandler handler) {
    m_impl->post([recipientId = std::move(recipientId), key = std::move(key),
                  handler = std::move(handler)](Impl& impl) mutable {
        impl.subscribe(std::move(recipientId), std::move(key), std::move(handler));
    });
}

void SmpClient::forget(const Bytes& recipientId) {
    m_impl->post([recipientId](Impl& impl) { impl.forget(recipientId); });
}

ConnectionState SmpClient::state() const {
    return m_impl->m_state.load();
}

std::size_t SmpClient::commandsWaiting() const {
    return m_commandsWaiting->load();
}

smp::Version SmpClient::version() const {
    return m_impl->m_version.load();
}

const SmpClientConfig& SmpClient::config() const {
    return m_impl->m_config;
}

} // namespace ferry::core::net
