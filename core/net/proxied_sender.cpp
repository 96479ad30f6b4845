#include "net/proxied_sender.h"

#include "crypto/crypto_box.h"
#include "crypto/random.h"
#include "crypto/server_identity.h"
#include "crypto/signed_session_key.h"
#include "crypto/x25519_key_pair.h"
#include "net/net_errc.h"
#include "smp/block.h"
#include "smp/error_type.h"
#include "smp/forwarding.h"
#include "smp/transmission.h"

namespace ferry::core::net {

namespace {

// Sessions are kept per destination identity and address: the same relay under another
// host name is another connection for the proxy.
std::string sessionName(const smp::ServerAddress& destination) {
    return smp::formatServerAddress(destination, /*withAuth*/ false);
}

const smp::ErrorType* errorOf(const smp::Response& response) {
    auto* err = std::get_if<smp::rsp::Err>(&response);
    return err ? &err->error : nullptr;
}

bool isNoSession(const smp::Response& response) {
    auto* e = errorOf(response);
    return e && e->kind == smp::ErrorType::Kind::Proxy && e->proxy &&
           e->proxy->kind == smp::ProxyError::Kind::NoSession;
}

Error proxyRefused(const smp::Response& response, const char* what) {
    auto* e = errorOf(response);
    return makeError(NetErrc::Proxy, std::string("the proxy relay answered ") + what + " with " +
                                         (e ? "ERR " + smp::describe(*e)
                                            : std::string(smp::responseTag(response))));
}

/// The destination's answer inside PRES: one transmission at `version`, for `corrId`.
Result<smp::Response> openAnswer(const crypto::CryptoBox& box, const Bytes& corrId, ByteView sealed,
                                 smp::Version version) {
    auto batch = smp::openProxied(box, smp::reversedNonce(corrId), sealed);
    auto items = batch ? smp::decodeBatch(*batch) : Result<std::vector<Bytes>>(batch.error());
    if (!items || items->size() != 1)
        return makeError(NetErrc::Response, "the relay's answer through the proxy does not open");
    auto t = smp::decodeTransmission(version, items->front());
    if (!t || t->corrId != corrId)
        return makeError(NetErrc::Response, "the relay's answer through the proxy is not for "
                                            "this command");
    return smp::decodeResponse(version, t->command);
}

} // namespace

ProxiedSender::ProxiedSender(std::shared_ptr<SmpClient> proxy) : m_proxy(std::move(proxy)) {}

ProxiedSender::~ProxiedSender() {
    *m_alive = false;
}

void ProxiedSender::forgetSessionsExcept(const std::set<std::string>& destinations) {
    std::erase_if(m_sessions,
                  [&](const auto& entry) { return !destinations.contains(entry.first); });
}

void ProxiedSender::send(const smp::ServerAddress& destination, Bytes entityId,
                         smp::Command command, std::optional<AuthKey> key, Handler handler) {
    route(Request{destination, std::move(entityId), std::move(command), std::move(key),
                  std::move(handler)});
}

void ProxiedSender::route(Request request) {
    const smp::ServerAddress destination = request.destination;
    withSession(destination, [this, request = std::move(request)](Result<Session> session) {
        if (!session)
            request.handler(session.error());
        else
            forward(std::move(request), *session);
    });
}

void ProxiedSender::withSession(const smp::ServerAddress& destination, SessionHandler handler) {
    const std::string name = sessionName(destination);
    if (auto it = m_sessions.find(name); it != m_sessions.end()) {
        handler(it->second);
        return;
    }
    auto& waiting = m_waiting[name];
    waiting.push_back(std::move(handler));
    if (waiting.size() > 1)
        return; // PRXY is on its way
    std::optional<Bytes> auth;
    if (const auto& password = m_proxy->config().server.basicAuth)
        auth = Bytes(password->begin(), password->end());
    m_proxy->send({}, smp::cmd::Prxy{destination, std::move(auth)}, std::nullopt,
                  [this, alive = std::weak_ptr<bool>(m_alive), name,
                   destination](Result<smp::Response> answer) {
                      if (alive.lock())
                          onProxyKey(name, destination, std::move(answer));
                  });
}

void ProxiedSender::onProxyKey(const std::string& name, const smp::ServerAddress& destination,
                               Result<smp::Response> answer) {
    auto outcome = [&]() -> Result<Session> {
        if (!answer)
            return answer.error();
        auto* pkey = std::get_if<smp::rsp::Pkey>(&*answer);
        if (!pkey)
            return proxyRefused(*answer, "PRXY");
        // The proxy could hand over any relay's key: only the destination's own chain counts.
        auto leaf = crypto::verifyServerCertChain(pkey->certKey.certChain, destination.keyHash);
        auto key = leaf ? crypto::verifySignedSessionKey(*leaf, pkey->certKey.signedKey)
                        : Result<crypto::PublicKey>(leaf.error());
        if (!key)
            return makeError(NetErrc::Identity,
                             "the relay behind the proxy is not the one its address names");
        auto common = smp::intersect(pkey->versions, m_proxy->config().versions);
        if (!common || common->max < smp::versions::kSendingProxy)
            return makeError(NetErrc::Version,
                             "no private routing version in common with the relay");
        return Session{pkey->sessionId, common->max, std::move(key).value()};
    }();
    if (outcome)
        m_sessions[name] = *outcome;
    auto waiting = std::move(m_waiting[name]);
    m_waiting.erase(name);
    for (auto& handler : waiting)
        handler(outcome);
}

void ProxiedSender::forward(Request request, const Session& session) {
    const Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
    auto transmission =
        encodeAuthorizedTransmission(session.version, session.sessionId, &session.destinationKey,
                                     corrId, request.entityId, request.command, request.key);
    if (!transmission) {
        request.handler(transmission.error());
        return;
    }
    // A fresh key for every transmission: two sends cannot be linked by it.
    const auto senderKey = crypto::X25519KeyPair::generate();
    auto box = crypto::CryptoBox::fromDh(session.destinationKey.raw, senderKey);
    auto batch = smp::encodeBatch({*transmission}, smp::kProxiedTransmissionSize - 2);
    auto sealed = box && batch ? smp::sealProxied(*box, corrId, *batch)
                               : Result<Bytes>(box ? batch.error() : box.error());
    if (!sealed) {
        request.handler(sealed.error());
        return;
    }
    smp::cmd::Pfwd pfwd{session.version, senderKey.publicKey(), std::move(sealed).value()};
    m_proxy->sendWithCorrId(
        corrId, session.sessionId, std::move(pfwd),
        [this, alive = std::weak_ptr<bool>(m_alive), request = std::move(request), corrId,
         box = std::move(box).value(), version = session.version](Result<smp::Response> r) {
            if (!alive.lock())
                return;
            if (!r) {
                request.handler(r.error());
            } else if (auto* pres = std::get_if<smp::rsp::Pres>(&*r)) {
                request.handler(openAnswer(box, corrId, pres->encryptedResponse, version));
            } else if (isNoSession(*r) && !request.renewed) {
                // The proxy closed its connection to the destination (idle, restarted).
                m_sessions.erase(sessionName(request.destination));
                Request again = request;
                again.renewed = true;
                route(std::move(again));
            } else {
                request.handler(proxyRefused(*r, "PFWD"));
            }
        });
}

} // namespace ferry::core::net
