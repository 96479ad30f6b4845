#pragma once

#include "crypto/public_key.h"
#include "net/smp_client.h"
#include "smp/command.h"
#include "smp/response.h"
#include "smp/server_address.h"
#include "util/bytes.h"
#include "util/result.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ferry::core::net {

/// Sends commands to queues on other relays through one relay as a proxy (SMP private routing,
/// v8+; simplexmq Client.hs `proxySMPCommand`): the destination relay sees the proxy's
/// connection, never the sender's address, and the proxy sees neither the queue nor what is
/// sent (docs/protocol.md, "Private routing").
///
/// - PRXY asks the proxy for a session with the destination; PKEY is accepted only when its
///   certificate chain leads to the identity in the destination's address and the session key
///   is signed by the chain's leaf. The session is kept for later commands to that relay.
/// - Each command is authorized as for a direct send but over the PKEY session, sealed for the
///   destination with a fresh X25519 key (nonce: the PFWD's corrId) and sent as PFWD; PRES is
///   opened with the reversed nonce.
/// - A session the proxy no longer has (ERR PROXY NO_SESSION) is asked for again, once.
///
/// Lives on the io_context of the proxy's SmpClient: call it and destroy it only there; its
/// handlers run there too.
class ProxiedSender {
public:
    using Handler = std::function<void(Result<smp::Response>)>;

    explicit ProxiedSender(std::shared_ptr<SmpClient> proxy);
    ~ProxiedSender();
    ProxiedSender(const ProxiedSender&) = delete;
    ProxiedSender& operator=(const ProxiedSender&) = delete;

    /// Sends `command` (SEND, SKEY, …) for `entityId` on `destination`. `handler` gets the
    /// destination's answer (its ERR answers are values), or an error: NetErrc::Proxy when the
    /// proxy could not carry it (the reason says why: the destination unreachable from the
    /// proxy, its identity wrong, the proxy refusing), NetErrc::Network or Timeout when the
    /// proxy itself could not be reached, NetErrc::Response for an answer that does not open.
    void send(const smp::ServerAddress& destination, Bytes entityId, smp::Command command,
              std::optional<AuthKey> key, Handler handler);

    const SmpClient& proxy() const { return *m_proxy; }

    /// Forgets the sessions to destinations not in `destinations` (addresses as
    /// smp::formatServerAddress writes them without auth); they are asked for again if needed.
    void forgetSessionsExcept(const std::set<std::string>& destinations);

private:
    /// What PKEY gave for one destination.
    struct Session {
        Bytes sessionId;
        smp::Version version = 0; ///< the version transmissions to it are encoded at
        crypto::PublicKey destinationKey;
    };
    using SessionHandler = std::function<void(Result<Session>)>;
    struct Request {
        smp::ServerAddress destination;
        Bytes entityId;
        smp::Command command;
        std::optional<AuthKey> key;
        Handler handler;
        bool renewed = false; ///< the session was asked for again after NO_SESSION
    };

    /// The session for the request's destination (asked for if there is none), then forward.
    void route(Request request);
    void withSession(const smp::ServerAddress& destination, SessionHandler handler);
    void onProxyKey(const std::string& name, const smp::ServerAddress& destination,
                    Result<smp::Response> answer);
    void forward(Request request, const Session& session);

    std::shared_ptr<SmpClient> m_proxy;
    std::map<std::string, Session> m_sessions;
    std::map<std::string, std::vector<SessionHandler>> m_waiting; ///< PRXY in flight
    /// Handlers of PRXY and PFWD answers hold it weakly: they may outlive this object.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace ferry::core::net
