// The session's side of private routing as a proxy: PRXY and PFWD are checked here and handed
// to the relay's SmpProxy (relay/proxy/), whose answers come back on the proxy's thread and
// are posted to this session's thread, into the place reserved for them in the output.

#include "crypto/hash.h"
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
// PKEY or PRES, or the error that takes their place.
template <typename Answer> smp::Response asResponse(std::variant<Answer, smp::ErrorType> result) {
    if (auto* answer = std::get_if<Answer>(&result))
        return std::move(*answer);
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

std::function<void(smp::Response)> SmpSession::proxiedAnswer(const Request& r) {
    const std::size_t slot = reserveAnswer(r, kAnyAnswer);
    ++m_proxyInFlight;
    // Called on the proxy's thread: the answer is filled in on this session's.
    return [this, slot, to = r.to, post = m_post](smp::Response response) {
        post([this, slot, to, response = std::move(response)] {
            --m_proxyInFlight;
            m_output.fill(slot, reply(to, response));
        });
    };
}

void SmpSession::proxySession(const Request& r, const smp::cmd::Prxy& c) {
    // As the reference: proxying is allowed when it is on and, if creating queues needs the
    // server password, PRXY carries it too.
    const auto& password = m_env.config.createPassword;
    // Compared as NEW compares it: hashed first, so the time taken tells nothing.
    const bool allowed =
        m_env.proxy &&
        (!password ||
         (c.basicAuth && core::crypto::secretsEqual(*c.basicAuth, core::toBytes(*password))));
    if (!allowed) {
        RelayCounters::bump(m_env.counters.proxyErrors);
        answer(r, smp::rsp::Err{
                      smp::ErrorType::fromProxy({smp::ProxyError::Kind::BasicAuth, {}, {}})});
        return;
    }
    m_env.proxy->connect(c.server, [answer = proxiedAnswer(r)](ProxySessionResult result) {
        answer(asResponse(std::move(result)));
    });
}

void SmpSession::proxyForward(const Request& r, const smp::cmd::Pfwd& c) {
    if (!m_env.proxy) {
        // Nothing can have a session here: the answer of a proxy that has none.
        answer(r, smp::rsp::Err{
                      smp::ErrorType::fromProxy({smp::ProxyError::Kind::NoSession, {}, {}})});
        return;
    }
    m_env.proxy->forward(r.to.entityId, r.to.corrId, c,
                         [answer = proxiedAnswer(r)](ProxyForwardResult result) {
                             answer(asResponse(std::move(result)));
                         });
}

} // namespace ferry::relay
