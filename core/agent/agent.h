#pragma once

#include "crypto/secret_bytes.h"
#include "net/smp_client.h"
#include "store/contact_repository.h"
#include "store/message_repository.h"
#include "store/node_repository.h"
#include "store/relay_repository.h"
#include "store/request_repository.h"
#include "util/clock.h"
#include "util/result.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::core::agent {

/// How to open a profile.
struct AgentConfig {
    std::filesystem::path databaseFile;
    crypto::SecretBytes databaseKey;
    const Clock* clock = nullptr; ///< defaults to the system clock
    /// Create the profile with this display name if the database does not exist yet.
    std::optional<std::string> createWithName;
    /// Relay connection settings (timeouts, backoff); the server field is ignored.
    net::SmpClientConfig relayDefaults;
};

/// A message that arrived.
struct ReceivedMessageEvent {
    std::int64_t contactId = 0;
    std::int64_t messageId = 0;
    std::string text;
    std::int64_t sentAt = 0;
};

/// A contact with what a contact list shows next to it.
struct ContactOverview {
    store::Contact contact;
    std::optional<store::Message> lastMessage;
    std::int64_t unread = 0; ///< incoming messages not marked read
};

/// The in-app relay's recorded activity, for its panel and quotas.
struct NodeHistory {
    std::vector<store::NodeDay> days;       ///< the asked range of days
    store::NodeDay allTime;                 ///< totals over every day ever recorded
    std::vector<store::NodeMinute> minutes; ///< per-minute traffic since the asked time
};

/// Things that happen by themselves. Handlers run on the engine's network thread and must
/// not block; the Qt app turns them into queued signals.
struct AgentEvents {
    std::function<void(const store::ContactRequest&)> contactRequest;
    std::function<void(const store::Contact&)> contactConnected;
    std::function<void(const ReceivedMessageEvent&)> messageReceived;
    /// The contact deleted the conversation on their side; nothing reaches them any more.
    std::function<void(std::int64_t contactId)> contactLeft;
    std::function<void(std::int64_t messageId, store::MessageState state)> deliveryChanged;
    std::function<void(const std::string& relay, net::ConnectionState state,
                       const std::string& reason)>
        relayState;
};

/// The client engine: contacts by one-time links and addresses, end-to-end encrypted
/// messaging over SMP relays, delivery with retries and receipts, all kept in the encrypted
/// profile database. No Qt.
///
/// Every operation runs on the engine's own network thread and returns a future; nothing
/// blocks the caller's thread unless it waits on the future.
class Agent {
public:
    static Result<std::unique_ptr<Agent>> open(AgentConfig config, AgentEvents events);
    ~Agent();

    Agent(const Agent&) = delete;
    Agent& operator=(const Agent&) = delete;

    std::future<Result<std::string>> displayName();

    // Relays the user's queues go on (the first enabled one is used for new queues).
    std::future<Result<store::Relay>> addRelay(std::string address);
    std::future<Result<void>> removeRelay(std::string address);
    std::future<Result<std::vector<store::Relay>>> relays();
    /// Connects to the relay afresh (TCP, TLS, identity check, SMP handshake, PING) without
    /// touching the profile; returns how long the round trip took.
    std::future<Result<std::chrono::milliseconds>> testRelay(std::string address);

    /// A one-time invitation link; it works once.
    std::future<Result<std::string>> createInvitation();
    /// Accepts an invitation (returns the new, pending contact) or sends a contact request
    /// through an address (returns the pending contact too).
    std::future<Result<std::int64_t>> connect(std::string link);

    std::future<Result<std::string>> createAddress();
    std::future<Result<std::optional<std::string>>> address();
    /// Deletes the address; contacts made through it stay.
    std::future<Result<void>> deleteAddress();
    std::future<Result<std::vector<store::ContactRequest>>> pendingRequests();
    std::future<Result<std::int64_t>> acceptRequest(std::int64_t requestId);
    std::future<Result<void>> rejectRequest(std::int64_t requestId);

    std::future<Result<std::vector<store::Contact>>> contacts();
    /// Every contact with its newest message and unread count, most recent first.
    std::future<Result<std::vector<ContactOverview>>> contactOverview();
    /// The user has seen the conversation up to `messageId` (never moves backwards).
    std::future<Result<void>> markRead(std::int64_t contactId, std::int64_t messageId);
    /// Finds a contact by id (digits) or display name.
    std::future<Result<store::Contact>> findContact(std::string idOrName);
    std::future<Result<std::string>> renameContact(std::int64_t contactId, std::string name);
    /// Deletes the contact and its queues on the relays.
    std::future<Result<void>> deleteContact(std::int64_t contactId);

    /// Stores the message and sends it (retrying while the relay is unreachable).
    std::future<Result<std::int64_t>> sendMessage(std::int64_t contactId, std::string text);
    /// Sends a message that failed once more (same text and id: the contact sees it once).
    std::future<Result<void>> retryMessage(std::int64_t messageId);
    std::future<Result<std::vector<store::Message>>> history(std::int64_t contactId,
                                                             store::HistoryPage page = {});

    // The in-app relay runs in the app, not in this engine; its records and its offline CA
    // key live in this profile's encrypted database, which only the engine's thread touches.

    /// Adds activity to the daily and per-minute totals (and forgets minutes older than a
    /// day and a bit).
    std::future<Result<void>> recordNodeActivity(store::NodeActivity activity);
    std::future<Result<NodeHistory>> nodeHistory(std::string fromDay, std::string toDay,
                                                 std::int64_t minutesSince);
    /// The relay's offline CA private key (PEM), if one was stored.
    std::future<Result<std::optional<crypto::SecretBytes>>> nodeOfflineKey();
    std::future<Result<void>> storeNodeOfflineKey(crypto::SecretBytes key);

    /// Resolves once no command is in flight and nothing is due in the outbox (or the
    /// timeout passes): what a one-shot CLI command waits for before it exits.
    std::future<Result<void>> settle(std::chrono::milliseconds timeout);

    class Engine; ///< the implementation (agent_engine.h); not part of the API

private:
    explicit Agent(std::shared_ptr<Engine> engine);
    std::shared_ptr<Engine> m_engine;
};

} // namespace ferry::core::agent
