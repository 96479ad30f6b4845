// The session's side of private routing as a proxy: PRXY and PFWD are checked here and handed
// to the relay's SmpProxy (relay/proxy/), whose answers come back on the proxy's thread and
// are posted to this session's thread, into the place reserved for them in the output.

#include "relay/proxy/smp_proxy.h"
#include "relay/server/smp_session.h"
#include "smp/block.h"

namespace ferry::relay {

namespace smp = core::smp;

namespace {

// PRXY and PFWD one connection may have on their way through the proxy. Each reserves a whole
// block of the connection's output until answered, so this also bounds what they hold.
constexpr std::size_t kMaxProxiedInFlight = 8;
// How soon a connection at that bound looks again.
constexpr auto kProxiedRetry = std::chrono::milliseconds(20);
// PKEY carries a certificate chain and PRES a padded transmission: either may take a block.
constexpr std::size_t kProxiedAnswer = smp::kBlockPayload - 2;

smp::Response asResponse(ProxySessionResult result) {
    if (auto* pkey = std::get_if<smp::rsp::Pkey>(&result))
        return std::move(*pkey);
    return smp::rsp::Err{std::get<smp::ErrorType>(std::move(result))};
}
smp::Response asResponse(ProxyForwardResult result) {
    if (auto* pres = std::get_if<smp::rsp::Pres>(&result))
        return std::move(*pres);
    return smp::rsp::Err{std::get<smp::ErrorType>(std::move(result))};
}

} // namespace

std::chrono::steady_clock::duration SmpSession::proxyWait(const smp::Command& command) const {
    const bool proxied = std::holds_alternative<smp::cmd::Prxy>(command) ||
                         std::holds_alternative<smp::cmd::Pfwd>(command);
    if (proxied && m_env.proxy && m_proxyInFlight >= kMaxProxiedInFlight)
        return kProxiedRetry;
    return {};
}

void SmpSession::proxySession(const Request& r, const smp::cmd::Prxy& c) {
    // As the reference: proxying is allowed when it is on and, if creating queues needs the
    // server password, PRXY carries it too.
    const auto& password = m_env.config.createPassword;
    const bool allowed =
        m_env.proxy && (!password || (c.basicAuth && core::toString(*c.basicAuth) == *password));
    if (!allowed) {
        RelayCounters::bump(m_env.counters.proxyErrors);
        answer(r, smp::rsp::Err{
                      smp::ErrorType::fromProxy({smp::ProxyError::Kind::BasicAuth, {}, {}})});
        return;
    }
    const std::size_t slot = reserveAnswer(r, kProxiedAnswer);
    ++m_proxyInFlight;
    m_env.proxy->connect(c.server,
                         [this, slot, to = r.to, post = m_post](ProxySessionResult result) {
                             post([this, slot, to, result = std::move(result)]() mutable {
                                 --m_proxyInFlight;
                                 m_output.fill(slot, reply(to, asResponse(std::move(result))));
                             });
                         });
}

void SmpSession::proxyForward(const Request& r, const smp::cmd::Pfwd& c) {
    if (!m_env.proxy) {
        // Nothing can have a session here: the answer of a proxy that has none.
        answer(r, smp::rsp::Err{
                      smp::ErrorType::fromProxy({smp::ProxyError::Kind::NoSession, {}, {}})});
        return;
    }
    const std::size_t slot = reserveAnswer(r, kProxiedAnswer);
    ++m_proxyInFlight;
    m_env.proxy->forward(r.to.entityId, r.to.corrId, c,
                         [this, slot, to = r.to, post = m_post](ProxyForwardResult result) {
                             post([this, slot, to, result = std::move(result)]() mutable {
                                 --m_proxyInFlight;
                                 m_output.fill(slot, reply(to, asResponse(std::move(result))));
                             });
                         });
}

} // namespace ferry::relay
