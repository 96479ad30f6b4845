#pragma once

#include "crypto/ed25519_key_pair.h"
#include "crypto/x25519_key_pair.h"
#include "net/address_policy.h"
#include "net/smp_transport.h"
#include "smp/command.h"
#include "smp/response.h"
#include "smp/server_address.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace ferry::core::net {

/// The key that authorizes a command on a queue: an Ed25519 signature, or (SMP v7+) the
/// crypto_box authenticator with an X25519 key. Held by value: commands outlive callers.
using AuthKey = std::variant<crypto::Ed25519KeyPair, crypto::X25519KeyPair>;

/// A transmission of `command` for `entityId`, authorized with `key` as SMP asks: an Ed25519
/// signature, or from v7 a crypto_box authenticator with the relay's session key, over the
/// session id, corrId, entity and command. Also what a private routing sender seals for the
/// destination (net/proxied_sender.h), with the session of the proxy's connection there.
Result<Bytes> encodeAuthorizedTransmission(smp::Version version, const Bytes& sessionId,
                                           const crypto::PublicKey* serverSessionKey,
                                           const Bytes& corrId, const Bytes& entityId,
                                           const smp::Command& command,
                                           const std::optional<AuthKey>& key);

/// Connection settings for one relay.
struct SmpClientConfig {
    smp::ServerAddress server; ///< hosts, port and the pinned identity (keyHash)
    smp::VersionRange versions{smp::versions::kMinSupported, smp::versions::kMaxSupported};
    std::chrono::milliseconds connectTimeout{10'000}; ///< TCP + TLS + SMP handshake
    std::chrono::milliseconds commandTimeout{30'000}; ///< per command, while connected
    std::chrono::milliseconds pingInterval{60'000};   ///< keepalive when idle
    std::chrono::milliseconds backoffMin{250};        ///< first reconnect delay
    std::chrono::milliseconds backoffMax{30'000};     ///< cap of the exponential backoff
    /// Where it may connect; null: anywhere (the user's own relays). A relay dialling an
    /// address a stranger gave it sets one (net/address_policy.h).
    std::shared_ptr<const DialPolicy> dialPolicy;
    /// The client forwards for a private routing proxy (net/smp_client_handshake.h).
    bool proxyServer = false;
};

/// Where a relay connection is.
enum class ConnectionState {
    Connecting,   ///< dialing or handshaking
    Connected,    ///< handshake done, commands flow
    Disconnected, ///< lost or refused; retrying with backoff
    Failed,       ///< will not retry: the relay is not who the address says (identity)
    Stopped,      ///< stop() was called
};
const char* connectionStateName(ConnectionState state);

/// One SMP connection to one relay, shared by all the queues on it (SimpleX's model).
///
/// Runs on the io_context it is given (the client engine's network thread); every callback
/// runs there too. Commands are correlated by corrId, batched into blocks, retried by the
/// caller — the client fails a command with an error when the connection drops before its
/// answer arrives (NetErrc::Network) or the answer is late (NetErrc::Timeout). It reconnects by
/// itself with exponential backoff and jitter, and re-subscribes the queues registered with
/// subscribe() after every reconnect. Create it with std::make_shared.
class SmpClient : public std::enable_shared_from_this<SmpClient> {
public:
    struct Callbacks {
        /// A transmission the relay pushed (MSG after SUB, END), by queue (entity) id.
        std::function<void(const Bytes& entityId, const smp::Response& response)> onPush;
        /// Connection state changes, with a human reason for Disconnected and Failed (and
        /// the host that answered for Connected).
        std::function<void(ConnectionState state, const std::string& reason)> onState;
        /// Each connection attempt's outcome, before onState: what the handshake agreed, or
        /// why the attempt failed (NetErrc::Identity, Version, Timeout, Network, …).
        std::function<void(const Result<TransportSession>& attempt)> onHandshake;
        /// A SUB (first or after a reconnect) was refused with AUTH: the relay does not have
        /// the queue (deleted, or its store was lost). It is no longer re-subscribed.
        std::function<void(const Bytes& entityId)> onSubscriptionRefused;
    };
    using ResponseHandler = std::function<void(Result<smp::Response>)>;

    SmpClient(boost::asio::io_context& io, SmpClientConfig config, Callbacks callbacks);
    ~SmpClient();

    /// Starts connecting (and reconnecting). Safe from any thread.
    void start();
    /// Closes the connection and fails pending commands with NetErrc::Stopped. Safe from any
    /// thread. The handlers and onState(Stopped) run afterwards on the io_context, never inside
    /// stop(); from the moment stop() is called there is no onPush and no other state. The
    /// SmpClient may be destroyed right after stop(); the destructor stops it too.
    void stop();

    /// Sends one command. `handler` gets the relay's answer (ERR answers are values, not
    /// errors) or an Error (NetErrc::Network, Timeout, Stopped; also Identity once Failed,
    /// AuthKey for an X25519 key below v7, smp::SmpErrc::LargeMessage if it cannot fit a block).
    /// While not connected, the command waits (up to commandTimeout) for the connection and then
    /// fails with NetErrc::Timeout. Safe from any thread.
    void send(Bytes entityId, smp::Command command, std::optional<AuthKey> key,
              ResponseHandler handler);

    /// Sends a command under a corrId the caller chose: for a command whose content depends on
    /// its corrId (RFWD, whose content is encrypted with it as the nonce; a v15 NEW with a short
    /// link, whose sender id is derived from it). `corrId` must be kCorrIdSize random bytes.
    /// Otherwise as send(); without a key, the command is not authorized.
    void sendWithCorrId(Bytes corrId, Bytes entityId, smp::Command command,
                        std::optional<AuthKey> key, ResponseHandler handler);
    void sendWithCorrId(Bytes corrId, Bytes entityId, smp::Command command,
                        ResponseHandler handler) {
        sendWithCorrId(std::move(corrId), std::move(entityId), std::move(command), std::nullopt,
                       std::move(handler));
    }

    /// Keeps the queue subscribed: SUB now if connected and after every reconnect; MSG and
    /// END come through onPush; after END (another connection took the queue) it is no
    /// longer re-subscribed. `handler` (optional) gets the first SUB's answer.
    void subscribe(Bytes recipientId, AuthKey key, ResponseHandler handler = {});
    /// Stops re-subscribing the queue (it does not send anything).
    void forget(const Bytes& recipientId);

    ConnectionState state() const;
    /// Commands given to send() or sendWithCorrId() whose handlers have not run yet: an owner
    /// may close a connection it no longer needs only when nothing is waiting on it.
    std::size_t commandsWaiting() const;
    /// The negotiated SMP version (0 before the first handshake).
    smp::Version version() const;
    const SmpClientConfig& config() const;

private:
    class Impl;
    /// Counts the command in commandsWaiting() until `handler` has run.
    ResponseHandler counted(ResponseHandler handler);

    std::shared_ptr<Impl> m_impl;
    /// Shared with the wrapped handlers, which may run after this object is gone.
    std::shared_ptr<std::atomic<std::size_t>> m_commandsWaiting =
        std::make_shared<std::atomic<std::size_t>>(0);
};

} // namespace ferry::core::net
