#pragma once

#include "crypto/secret_bytes.h"
#include "directory/relay_choice.h"
#include "net/smp_client.h"
#include "store/contact_repository.h"
#include "store/message_repository.h"
#include "store/node_repository.h"
#include "store/queue_repository.h"
#include "store/relay_repository.h"
#include "store/request_repository.h"
#include "util/clock.h"
#include "util/result.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
    /// A queue whose relay has been unreachable this long (counted from when this engine
    /// first failed to reach it) is replaced by one on another relay, unless the profile says
    /// otherwise (Agent::setRotateAfter).
    std::chrono::seconds rotateAfter{3600};
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

/// One queue that carries a conversation (`ferry-cli contacts --relays`, the contact's
/// details): each direction has up to two, on relays of different operators.
struct ContactQueue {
    store::QueueDirection direction = store::QueueDirection::Receive;
    std::string relay;
    store::QueueStatus status = store::QueueStatus::New;
    /// For queues this side receives on: whether the engine's connection to the relay is up,
    /// and since when (Unix seconds) it has been down. Unknown for send queues, which may be
    /// reached through a private routing proxy.
    std::optional<bool> relayConnected;
    std::optional<std::int64_t> downSince;
    /// For send queues: messages waiting for this queue, and why the oldest waits.
    std::int64_t waiting = 0;
    std::optional<std::string> lastError;
};

/// The in-app relay's recorded activity, for its panel and quotas.
struct NodeHistory {
    std::vector<store::NodeDay> days;       ///< the asked range of days
    store::NodeDay allTime;                 ///< totals over every day ever recorded
    std::vector<store::NodeMinute> minutes; ///< per-minute traffic since the asked time
};

/// How commands for contacts' queues (SEND, SKEY) reach the contacts' relays.
enum class PrivateRouting {
    Never,         ///< straight to the contact's relay, which sees the user's address
    UnknownRelays, ///< through one of the user's relays when the contact's is not one (default)
    Always,        ///< through one of the user's relays, also to the user's own other relays
};
/// "never", "unknown", "always": the names settings and ferry-cli use.
const char* privateRoutingName(PrivateRouting mode);
std::optional<PrivateRouting> parsePrivateRouting(std::string_view name);

/// Private routing (SMP v8+, docs/protocol.md): the contact's relay sees one of the user's
/// relays forwarding, never the user's address; that relay sees neither queue nor content.
struct RoutingSettings {
    PrivateRouting mode = PrivateRouting::UnknownRelays;
    /// When the route through the user's relay fails, send straight to the contact's relay
    /// instead of waiting and retrying (that relay then sees the user's address).
    bool allowDirect = false;
    bool operator==(const RoutingSettings&) const = default;
};

/// Relay directories (docs/protocol.md, "Relay directory"): where relays for new queues come
/// from when the user has not kept to their own relays.
struct DirectorySettings {
    std::vector<std::string> directories; ///< https://<fingerprint>@host:port, in order
    /// New queues go only on the user's own relays, whatever the directories list.
    bool onlyMyRelays = false;
    bool operator==(const DirectorySettings&) const = default;
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
    /// An outgoing message's attempt failed and it waits for the next one; `reason` in words
    /// (Message::waitingReason has it too).
    std::function<void(std::int64_t messageId, const std::string& reason)> deliveryWaiting;
    std::function<void(const std::string& relay, net::ConnectionState state,
                       const std::string& reason)>
        relayState;
};

/// How an operation hands back its outcome. It is called exactly once (unless the engine is
/// destroyed first, which drops it uncalled), on the engine's network thread: it must not block
/// that thread (post the result elsewhere, as the Qt adapter does), and it may start further
/// operations. An empty completion ignores the outcome.
template <typename T> using Completion = std::function<void(Result<T>)>;

/// The client engine: contacts by one-time links and addresses, end-to-end encrypted
/// messaging over SMP relays, delivery with retries and receipts, all kept in the encrypted
/// profile database. No Qt. Once a contact is connected each side adds a second receive queue
/// on another operator's relay when it has one to use (AddQueue), and every message goes to
/// each queue: the conversation goes on while either relay works.
///
/// Every operation runs on the engine's own network thread and reports through its
/// completion; nothing blocks the caller's thread. Operations complete in the order their
/// work finishes; ones that need no relay complete in the order they were called. Callers
/// that must wait (the command-line tool) use SyncAgent (sync_agent.h). Safe to call from any
/// thread.
class Agent {
public:
    static Result<std::unique_ptr<Agent>> open(AgentConfig config, AgentEvents events);
    ~Agent();

    Agent(const Agent&) = delete;
    Agent& operator=(const Agent&) = delete;

    void displayName(Completion<std::string> done);

    // The user's own relays: new queues go on the first enabled one, unless directories are
    // configured (setDirectories), and they are the private routing proxies.
    void addRelay(std::string address, Completion<store::Relay> done);
    void removeRelay(std::string address, Completion<void> done);
    void relays(Completion<std::vector<store::Relay>> done);
    /// Private routing: how messages reach contacts' relays (kept in the profile).
    void routing(Completion<RoutingSettings> done);
    void setRouting(RoutingSettings settings, Completion<void> done);
    /// Relay directories and whether new queues keep to the user's own relays.
    void directories(Completion<DirectorySettings> done);
    void setDirectories(DirectorySettings settings, Completion<void> done);
    /// Relays the directories list that offer to check a node's reachability and to carry its
    /// reverse tunnel, best listed first, none of `self`'s operator (`self`: the node's own
    /// address, or empty). The in-app relay asks them besides the user's own relays. Empty
    /// lists when no directory is configured or none answers. "Only my relays" does not
    /// apply: it is about where conversations go, and a node that registers with the
    /// directories is listed there anyway.
    void nodeHelpers(std::string self, Completion<directory::NodeHelpers> done);
    /// Connects to the relay afresh (TCP, TLS, identity check, SMP handshake, PING) without
    /// touching the profile; completes with how long the round trip took.
    void testRelay(std::string address, Completion<std::chrono::milliseconds> done);

    /// A one-time invitation link; it works once.
    void createInvitation(Completion<std::string> done);
    /// Accepts an invitation (completes with the new, pending contact) or sends a contact
    /// request through an address (completes with the pending contact too).
    void connect(std::string link, Completion<std::int64_t> done);

    void createAddress(Completion<std::string> done);
    void address(Completion<std::optional<std::string>> done);
    /// Deletes the address; contacts made through it stay.
    void deleteAddress(Completion<void> done);
    void pendingRequests(Completion<std::vector<store::ContactRequest>> done);
    void acceptRequest(std::int64_t requestId, Completion<std::int64_t> done);
    void rejectRequest(std::int64_t requestId, Completion<void> done);

    void contacts(Completion<std::vector<store::Contact>> done);
    /// Every contact with its newest message and unread count, most recent first.
    void contactOverview(Completion<std::vector<ContactOverview>> done);
    /// The user has seen the conversation up to `messageId` (never moves backwards).
    void markRead(std::int64_t contactId, std::int64_t messageId, Completion<void> done);
    /// Finds a contact by id (digits) or display name.
    void findContact(std::string idOrName, Completion<store::Contact> done);
    void renameContact(std::int64_t contactId, std::string name, Completion<std::string> done);
    /// Deletes the contact and its queues on the relays.
    void deleteContact(std::int64_t contactId, Completion<void> done);
    /// The queues that carry the conversation, both directions.
    void contactQueues(std::int64_t contactId, Completion<std::vector<ContactQueue>> done);
    /// Moves the conversation to other relays: new queues for the ones this side receives on,
    /// the old ones deleted once the contact uses the new. Fails when there is no relay of
    /// another operator to move to.
    void switchQueues(std::int64_t contactId, Completion<void> done);
    /// How long a relay may stay unreachable before its queues move (kept in the profile;
    /// from one minute to thirty days).
    void rotateAfter(Completion<std::chrono::seconds> done);
    void setRotateAfter(std::chrono::seconds after, Completion<void> done);

    /// Stores the message and sends it (retrying while the relay is unreachable); completes
    /// once it is stored, with its id.
    void sendMessage(std::int64_t contactId, std::string text, Completion<std::int64_t> done);
    /// Sends a message that failed once more (same text and id: the contact sees it once), or
    /// tries a message that waits after a failed attempt now rather than at its next retry.
    void retryMessage(std::int64_t messageId, Completion<void> done);
    void history(std::int64_t contactId, store::HistoryPage page,
                 Completion<std::vector<store::Message>> done);

    // The in-app relay runs in the app, not in this engine; its records and its offline CA
    // key live in this profile's encrypted database, which only the engine's thread touches.

    /// Adds activity to the daily and per-minute totals (and forgets minutes older than a
    /// day and a bit).
    void recordNodeActivity(store::NodeActivity activity, Completion<void> done);
    void nodeHistory(std::string fromDay, std::string toDay, std::int64_t minutesSince,
                     Completion<NodeHistory> done);
    /// The relay's offline CA private key (PEM), if one was stored.
    void nodeOfflineKey(Completion<std::optional<crypto::SecretBytes>> done);
    void storeNodeOfflineKey(crypto::SecretBytes key, Completion<void> done);

    /// Completes once no command is in flight and nothing is due in the outbox (or the
    /// timeout passes): what a one-shot CLI command waits for before it exits.
    void settle(std::chrono::milliseconds timeout, Completion<void> done);

    class Engine; ///< the implementation (agent_engine.h); not part of the API

private:
    explicit Agent(std::shared_ptr<Engine> engine);
    std::shared_ptr<Engine> m_engine;
};

} // namespace ferry::core::agent
