#include "relay/proxy/smp_proxy.h"

#include "crypto/crypto_box.h"
#include "crypto/random.h"
#include "net/net_errc.h"
#include "net/smp_client.h"
#include "smp/forwarding.h"
#include "smp/transmission.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <future>
#include <map>
#include <unordered_map>

namespace ferry::relay {

namespace asio = boost::asio;
namespace smp = core::smp;
using core::Bytes;
using smp::ErrorType;

namespace {

// What PKEY may advertise of a destination's versions (simplexmq `proxiedSMPRelayVRange`):
// capped, so that senders of different apps see the same range.
constexpr smp::VersionRange kProxiedRelayVersions{smp::versions::kSendingProxy, 17};

ErrorType broker(smp::BrokerError e) {
    return ErrorType::fromProxy({smp::ProxyError::Kind::Broker, {}, std::move(e)});
}
ErrorType brokerKind(smp::BrokerError::Kind kind) {
    smp::BrokerError e;
    e.kind = kind;
    return broker(e);
}
ErrorType brokerTransport(smp::TransportError t) {
    smp::BrokerError e;
    e.kind = smp::BrokerError::Kind::Transport;
    e.transport = t;
    return broker(e);
}
ErrorType brokerNetwork(smp::NetworkError::Kind kind) {
    smp::BrokerError e;
    e.kind = smp::BrokerError::Kind::Network;
    e.network.kind = kind;
    return broker(e);
}

// A failed connection or command, as the reference proxy reports its client's errors
// (simplexmq `smpProxyError`).
ErrorType proxyErrorFor(const core::Error& error) {
    using core::net::NetErrc;
    using TK = smp::TransportError::Kind;
    if (error.code == NetErrc::Identity)
        return brokerTransport({TK::Handshake, smp::HandshakeError::Identity});
    if (error.code == NetErrc::Version)
        return brokerTransport({TK::Version, {}});
    if (error.code == NetErrc::Session)
        return brokerTransport({TK::Session, {}});
    if (error.code == NetErrc::Handshake)
        return brokerTransport({TK::Handshake, smp::HandshakeError::Parse});
    if (error.code == NetErrc::NotAllowed)
        return brokerKind(smp::BrokerError::Kind::Host); // not an address a proxy may dial
    if (error.code == NetErrc::Timeout)
        return brokerKind(smp::BrokerError::Kind::Timeout);
    return brokerNetwork(smp::NetworkError::Kind::Failed);
}

} // namespace

class SmpProxy::Impl : public std::enable_shared_from_this<SmpProxy::Impl> {
public:
    Impl(asio::io_context& io, SmpProxyLimits limits, RelayCounters& counters)
        : m_io(io), m_limits(std::move(limits)), m_counters(counters), m_sweep(io) {}

    void reopen() {
        m_closed = false;
        armSweep();
    }
    void stopAll();
    void connect(smp::ServerAddress destination, std::function<void(ProxySessionResult)> done);
    void forward(const Bytes& sessionId, const Bytes& corrId, smp::cmd::Pfwd request,
                 std::function<void(ProxyForwardResult)> done);

private:
    struct Destination {
        std::string address;
        std::shared_ptr<core::net::SmpClient> client;
        std::optional<core::net::TransportSession> session;           ///< set once connected
        std::optional<core::crypto::CryptoBox> box;                   ///< the RFWD/RRES secret
        std::vector<std::function<void(ProxySessionResult)>> waiting; ///< PRXYs while connecting
        std::size_t inFlight = 0;
        std::chrono::steady_clock::time_point lastUsed;
    };
    using DestinationPtr = std::shared_ptr<Destination>;

    ProxySessionResult sessionAnswer(const Destination& d) const;
    void handshake(const DestinationPtr& d, const core::Result<core::net::TransportSession>& r);
    void remove(const DestinationPtr& d);
    bool makeRoom();
    void armSweep();

    asio::io_context& m_io;
    const SmpProxyLimits m_limits;
    RelayCounters& m_counters;
    asio::steady_timer m_sweep;
    bool m_closed = true; ///< by closeAll(): nothing is answered any more
    std::unordered_map<std::string, DestinationPtr> m_byAddress;
    std::map<Bytes, DestinationPtr> m_bySession;
};

void SmpProxy::Impl::stopAll() {
    m_closed = true;
    m_sweep.cancel();
    for (auto& [address, d] : m_byAddress) {
        d->client->stop();
        d->waiting.clear();
    }
    m_byAddress.clear();
    m_bySession.clear();
}

void SmpProxy::Impl::connect(smp::ServerAddress destination,
                             std::function<void(ProxySessionResult)> done) {
    if (m_closed)
        return;
    const std::string address = smp::formatServerAddress(destination, false);
    if (auto it = m_byAddress.find(address); it != m_byAddress.end()) {
        DestinationPtr d = it->second;
        d->lastUsed = std::chrono::steady_clock::now();
        if (d->session)
            done(sessionAnswer(*d));
        else
            d->waiting.push_back(std::move(done));
        return;
    }
    if (!makeRoom()) {
        RelayCounters::bump(m_counters.proxyErrors);
        done(brokerKind(smp::BrokerError::Kind::Timeout));
        return;
    }
    auto d = std::make_shared<Destination>();
    d->address = address;
    d->lastUsed = std::chrono::steady_clock::now();
    d->waiting.push_back(std::move(done));
    core::net::SmpClientConfig config;
    config.server = std::move(destination);
    config.server.basicAuth.reset();
    // Encrypted blocks have 16 bytes less room, which the largest RFWD does not leave: as a
    // proxy the client keeps them plain (v14's flag, or v10 at most with older relays).
    config.proxyServer = true;
    config.connectTimeout = m_limits.connectTimeout;
    config.commandTimeout = m_limits.forwardTimeout;
    config.dialPolicy = m_limits.dialPolicy;
    core::net::SmpClient::Callbacks callbacks;
    // The client lives in the tables; its callbacks must not keep it (or us) alive.
    std::weak_ptr<Impl> weakSelf = weak_from_this();
    std::weak_ptr<Destination> weakDestination = d;
    callbacks.onHandshake =
        [weakSelf, weakDestination](const core::Result<core::net::TransportSession>& attempt) {
            auto self = weakSelf.lock();
            auto dest = weakDestination.lock();
            if (self && dest)
                self->handshake(dest, attempt);
        };
    callbacks.onState = [weakSelf, weakDestination](core::net::ConnectionState state,
                                                    const std::string&) {
        // A destination connection is used for one TLS session: its session id is what
        // senders encrypted for. Lost, it is gone; the next PRXY makes a new one.
        auto self = weakSelf.lock();
        auto dest = weakDestination.lock();
        if (self && dest && dest->session &&
            (state == core::net::ConnectionState::Disconnected ||
             state == core::net::ConnectionState::Failed))
            self->remove(dest);
    };
    d->client =
        std::make_shared<core::net::SmpClient>(m_io, std::move(config), std::move(callbacks));
    m_byAddress.emplace(address, d);
    d->client->start();
}

void SmpProxy::Impl::handshake(const DestinationPtr& d,
                               const core::Result<core::net::TransportSession>& attempt) {
    if (m_closed || d->session || m_byAddress.find(d->address) == m_byAddress.end())
        return; // closed, an old attempt, or already removed
    auto waiting = std::move(d->waiting);
    d->waiting.clear();
    if (!attempt) {
        // The first attempt decides: the sender's app retries (or sends directly).
        RelayCounters::bump(m_counters.proxyErrors);
        const ErrorType error = proxyErrorFor(attempt.error());
        remove(d);
        for (auto& done : waiting)
            done(error);
        return;
    }
    d->session = *attempt;
    if (d->session->serverSessionKey && d->session->clientKey)
        if (auto box = core::crypto::CryptoBox::fromDh(d->session->serverSessionKey->raw,
                                                       *d->session->clientKey))
            d->box = std::move(box).value();
    m_bySession.emplace(d->session->sessionId, d);
    const ProxySessionResult answer = sessionAnswer(*d);
    RelayCounters::bump(std::holds_alternative<smp::rsp::Pkey>(answer) ? m_counters.proxySessions
                                                                       : m_counters.proxyErrors);
    for (auto& done : waiting)
        done(answer);
}

ProxySessionResult SmpProxy::Impl::sessionAnswer(const Destination& d) const {
    using TK = smp::TransportError::Kind;
    const core::net::TransportSession& s = *d.session;
    const auto offered = smp::intersect(s.serverVersions, kProxiedRelayVersions);
    if (!offered || s.version < smp::versions::kSendingProxy)
        return brokerTransport({TK::Version, {}});
    if (!s.serverCertKey || !d.box)
        return brokerTransport({TK::NoAuth, {}});
    return smp::rsp::Pkey{s.sessionId, *offered, *s.serverCertKey};
}

void SmpProxy::Impl::forward(const Bytes& sessionId, const Bytes& corrId, smp::cmd::Pfwd request,
                             std::function<void(ProxyForwardResult)> done) {
    if (m_closed)
        return;
    auto it = m_bySession.find(sessionId);
    if (it == m_bySession.end() || !it->second->box) {
        RelayCounters::bump(m_counters.proxyErrors);
        done(ErrorType::fromProxy({smp::ProxyError::Kind::NoSession, {}, {}}));
        return;
    }
    DestinationPtr d = it->second;
    d->lastUsed = std::chrono::steady_clock::now();
    const Bytes nonce = core::crypto::randomBytes(smp::kCorrIdSize);
    const Bytes forward = smp::encodeFwdTransmission(
        {corrId, request.version, request.key, std::move(request.encryptedTransmission)});
    auto sealed = d->box->seal(nonce, forward);
    if (!sealed) {
        done(ErrorType::simple(ErrorType::Kind::Internal));
        return;
    }
    ++d->inFlight;
    d->client->sendWithCorrId(
        nonce, {}, smp::cmd::Rfwd{std::move(sealed).value()},
        [this, d, nonce, done = std::move(done)](core::Result<smp::Response> response) {
            --d->inFlight;
            if (m_closed)
                return; // closeAll() stopped it: nobody waits for the answer any more
            d->lastUsed = std::chrono::steady_clock::now();
            ProxyForwardResult result = [&]() -> ProxyForwardResult {
                if (!response)
                    return proxyErrorFor(response.error());
                if (const auto* e = std::get_if<smp::rsp::Err>(&*response))
                    return ErrorType::fromProxy({smp::ProxyError::Kind::Protocol, e->error, {}});
                const auto* rres = std::get_if<smp::rsp::Rres>(&*response);
                if (!rres) {
                    smp::BrokerError e;
                    e.kind = smp::BrokerError::Kind::Unexpected;
                    e.detail = std::string(smp::responseTag(*response));
                    return broker(e);
                }
                auto opened = d->box->open(smp::reversedNonce(nonce), rres->encryptedResponse);
                if (!opened)
                    return ErrorType::simple(ErrorType::Kind::Crypto);
                auto inner = smp::decodeFwdResponse(*opened);
                if (!inner) {
                    smp::BrokerError e;
                    e.kind = smp::BrokerError::Kind::Response;
                    e.detail = "BLOCK";
                    return broker(e);
                }
                return smp::rsp::Pres{std::move(inner->sealedResponse)};
            }();
            RelayCounters::bump(std::holds_alternative<smp::rsp::Pres>(result)
                                    ? m_counters.proxiedForwards
                                    : m_counters.proxyErrors);
            done(std::move(result));
        });
}

void SmpProxy::Impl::remove(const DestinationPtr& d) {
    if (auto it = m_byAddress.find(d->address); it != m_byAddress.end() && it->second == d)
        m_byAddress.erase(it);
    if (d->session)
        if (auto it = m_bySession.find(d->session->sessionId);
            it != m_bySession.end() && it->second == d)
            m_bySession.erase(it);
    d->client->stop();
}

bool SmpProxy::Impl::makeRoom() {
    if (m_byAddress.size() < m_limits.maxRelays)
        return true;
    // The destination unused longest, if nothing is on its way through it.
    DestinationPtr oldest;
    for (const auto& [address, d] : m_byAddress)
        if (d->session && d->inFlight == 0 && (!oldest || d->lastUsed < oldest->lastUsed))
            oldest = d;
    if (!oldest)
        return false;
    remove(oldest);
    return true;
}

void SmpProxy::Impl::armSweep() {
    m_sweep.expires_after(
        std::max<std::chrono::milliseconds>(m_limits.idleTimeout / 4, std::chrono::seconds(1)));
    m_sweep.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (!self || ec || self->m_closed)
            return;
        const auto now = std::chrono::steady_clock::now();
        std::vector<DestinationPtr> idle;
        for (const auto& [address, d] : self->m_byAddress)
            if (d->session && d->inFlight == 0 && now - d->lastUsed >= self->m_limits.idleTimeout)
                idle.push_back(d);
        for (const auto& d : idle)
            self->remove(d);
        self->armSweep();
    });
}

// ---------------------------------------------------------------------------------------------

SmpProxy::SmpProxy(SmpProxyLimits limits, RelayCounters& counters)
    : m_impl(std::make_shared<Impl>(m_io, std::move(limits), counters)) {
    m_impl->reopen();
    m_thread = std::thread([this] {
        auto guard = asio::make_work_guard(m_io);
        m_io.run();
    });
}

void SmpProxy::runAndWait(std::function<void(Impl&)> task) {
    std::promise<void> done;
    asio::post(m_io, [this, &task, &done] {
        task(*m_impl);
        done.set_value();
    });
    done.get_future().wait();
}

void SmpProxy::closeAll() {
    runAndWait([](Impl& impl) { impl.stopAll(); });
}

void SmpProxy::reopen() {
    runAndWait([](Impl& impl) { impl.reopen(); });
}

SmpProxy::~SmpProxy() {
    closeAll();
    m_io.stop();
    m_thread.join();
    // What the stopped clients still have queued (cancelled reads, their Stopped reports)
    // runs here, before the tables and timers that it refers to go away.
    m_io.restart();
    m_io.poll();
    m_impl.reset();
}

void SmpProxy::connect(smp::ServerAddress destination,
                       std::function<void(ProxySessionResult)> done) {
    asio::post(m_io, [impl = m_impl, destination = std::move(destination),
                      done = std::move(done)]() mutable {
        impl->connect(std::move(destination), std::move(done));
    });
}

void SmpProxy::forward(Bytes sessionId, Bytes corrId, smp::cmd::Pfwd request,
                       std::function<void(ProxyForwardResult)> done) {
    asio::post(m_io, [impl = m_impl, sessionId = std::move(sessionId), corrId = std::move(corrId),
                      request = std::move(request), done = std::move(done)]() mutable {
        impl->forward(sessionId, corrId, std::move(request), std::move(done));
    });
}

} // namespace ferry::relay
