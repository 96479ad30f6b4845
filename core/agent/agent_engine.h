#pragma once

#include "agent/agent.h"
#include "agent/agent_protocol.h"
#include "agent/queue_keys.h"
#include "crypto/double_ratchet.h"
#include "directory/directory_client.h"
#include "net/proxied_sender.h"
#include "store/invitation_repository.h"
#include "store/outbox_repository.h"
#include "store/profile_database.h"
#include "store/queue_repository.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace ferry::core::agent {

/// Milliseconds of the steady clock: when the engine last heard from a relay (settle()).
inline std::int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// The engine behind Agent. Everything runs on its one network thread (m_io), so its state
/// needs no locks; the public Agent posts work here and the work calls its completion.
class Agent::Engine : public std::enable_shared_from_this<Agent::Engine> {
public:
    Engine(AgentConfig config, AgentEvents events, std::unique_ptr<store::ProfileDatabase> db);
    ~Engine();

    void start();
    void shutdown();

    /// Runs `work` on the network thread and hands its result to `done` there.
    template <typename T> void run(std::function<Result<T>()> work, Completion<T> done);
    /// Runs an asynchronous flow on the network thread; `done` gets its first result only
    /// (a flow that reports twice must not complete the caller twice).
    template <typename T>
    void runAsync(std::function<void(Completion<T>)> flow, Completion<T> done);

    // ---- Operations (network thread) ----------------------------------------------------
    Result<std::string> displayName();
    Result<store::Relay> addRelay(const std::string& address);
    Result<void> removeRelay(const std::string& address);
    Result<std::vector<store::Relay>> relays();
    Result<RoutingSettings> routing();
    Result<void> setRouting(const RoutingSettings& settings);
    Result<DirectorySettings> directorySettings();
    Result<void> setDirectorySettings(const DirectorySettings& settings);
    void nodeHelpers(const std::string& self,
                     std::function<void(Result<directory::NodeHelpers>)> done);
    void testRelay(const std::string& address,
                   std::function<void(Result<std::chrono::milliseconds>)> done);
    void createInvitation(std::function<void(Result<std::string>)> done);
    void connect(const std::string& link, std::function<void(Result<std::int64_t>)> done);
    void createAddress(std::function<void(Result<std::string>)> done);
    Result<std::optional<std::string>> address();
    void deleteAddress(std::function<void(Result<void>)> done);
    Result<std::vector<store::ContactRequest>> pendingRequests();
    void acceptRequest(std::int64_t id, std::function<void(Result<std::int64_t>)> done);
    Result<void> rejectRequest(std::int64_t id);
    Result<std::vector<store::Contact>> contacts();
    Result<std::vector<ContactOverview>> contactOverview();
    Result<void> markRead(std::int64_t contactId, std::int64_t messageId);
    Result<void> retryMessage(std::int64_t messageId);
    Result<store::Contact> findContact(const std::string& idOrName);
    Result<std::string> renameContact(std::int64_t id, const std::string& name);
    void deleteContact(std::int64_t id, std::function<void(Result<void>)> done);
    Result<std::vector<ContactQueue>> contactQueues(std::int64_t contactId);
    void switchQueues(std::int64_t contactId, std::function<void(Result<void>)> done);
    Result<std::chrono::seconds> rotateAfter();
    Result<void> setRotateAfter(std::chrono::seconds after);
    Result<std::int64_t> sendMessage(std::int64_t contactId, const std::string& text);
    Result<std::vector<store::Message>> history(std::int64_t contactId, store::HistoryPage page);
    void settle(std::chrono::milliseconds timeout, std::function<void(Result<void>)> done);
    Result<void> recordNodeActivity(const store::NodeActivity& activity);
    Result<NodeHistory> nodeHistory(const std::string& fromDay, const std::string& toDay,
                                    std::int64_t minutesSince);
    Result<std::optional<crypto::SecretBytes>> nodeOfflineKey();
    Result<void> storeNodeOfflineKey(const crypto::SecretBytes& key);

private:
    using ResponseHandler = net::SmpClient::ResponseHandler;
    struct NewQueue {
        std::string relay;
        Bytes recipientId;
        smp::QueueUri uri;
        ReceiveQueueKeys keys;
        std::optional<Bytes> linkId; ///< the relay keeps the queue's link data under it (v15)
    };
    /// A queue's short link, given the queue's URI: its link data and (a contact address) its
    /// link id; createQueue fills in the sender id.
    using LinkDataFor = std::function<Result<smp::QueueRequest::Link>(const smp::QueueUri&)>;

    // Relays and commands (agent_engine.cpp)
    std::shared_ptr<net::SmpClient> client(const std::string& relay);
    /// Closes connections to relays that hold none of this profile's queues and are not its
    /// own, once nothing waits on them; forgets proxy sessions to such relays.
    void closeUnusedConnections();
    /// Sends a command on the relay's connection; under `corrId` when one is given.
    void call(const std::string& relay, Bytes entityId, smp::Command command,
              std::optional<net::AuthKey> key, ResponseHandler done, Bytes corrId = {});

    // Private routing (agent_routing.cpp)
    /// A sender's command (SEND, SKEY) for a queue on `relay`: through one of the user's
    /// relays or straight there, as the routing settings say.
    void callAsSender(const std::string& relay, Bytes entityId, smp::Command command,
                      std::optional<net::AuthKey> key, ResponseHandler done);
    /// The user's relay to route a command for `destination` through; none: send directly.
    Result<std::optional<std::string>> proxyFor(const std::string& destination);
    net::ProxiedSender& proxiedSender(const std::string& proxy);
    // Relays from directories (agent_directory.cpp)
    /// The relay for a new receive queue: from the directories unless the user keeps to their
    /// own relays, never the same operator as `avoid` (the other side's relay) if it can help.
    /// With OtherOperator::Required, only a relay of none of `avoid`'s operators will do
    /// (a contact's second queue); NoRelay when there is none.
    enum class OtherOperator { Preferred, Required };
    void chooseNewQueueRelay(std::vector<std::string> avoid,
                             std::function<void(Result<std::string>)> done,
                             OtherOperator rule = OtherOperator::Preferred);
    std::optional<std::string> ownRelayFor(const std::vector<std::string>& avoid,
                                           OtherOperator rule);
    directory::DirectoryClient& directoryClient(const std::string& address);
    /// Fetches and measures a listing unless a fresh one is there; `done(false)` when no
    /// directory answered.
    void refreshListing(std::function<void(bool)> done);
    void fetchListing(std::size_t index, std::function<void(bool)> done);
    void measureListing(std::vector<directory::ListedRelay> relays, std::function<void(bool)> done);
    /// Starts fetching a listing in the background (unless one is on its way), then looks
    /// at every outbox queue again: what a route that needs a listed relay waits for.
    void ensureListing();
    /// Listed relays that answered here and can be private routing proxies.
    std::vector<std::string> directoryProxies() const;
    /// NEW; with `linkData`, also a short link when the relay speaks v15 (NewQueue::linkId).
    void createQueue(const std::string& relay, bool senderCanSecure,
                     std::function<void(Result<NewQueue>)> done, LinkDataFor linkData = {});
    /// createQueue on the relay chooseNewQueueRelay gives.
    void createQueueOnNewRelay(std::vector<std::string> avoid, bool senderCanSecure,
                               std::function<void(Result<NewQueue>)> done,
                               LinkDataFor linkData = {});
    void subscribe(const std::string& relay, const Bytes& recipientId,
                   const crypto::Ed25519KeyPair& key);
    void subscribeAll();
    std::int64_t now() const;

    // Connection flows (agent_connect.cpp)
    struct Join;
    void joinInvitation(const smp::QueueUri& queue, const crypto::X3dhPublicKeys& inviterKeys,
                        std::optional<std::int64_t> viaAddress,
                        std::function<void(Result<std::int64_t>)> done);
    void joinThrough(const std::string& relay, const smp::QueueUri& queue,
                     const crypto::X3dhPublicKeys& inviterKeys,
                     std::optional<std::int64_t> viaAddress,
                     std::function<void(Result<std::int64_t>)> done);
    /// Reads a short link's data with `command` (LKEY or LGET, as a sender's command) and
    /// opens it with the link's key: the long link, checked to name a queue of `server` with
    /// the sender id the relay gave. `gone` says what an AUTH answer means to the user.
    void readShortLink(const smp::ServerAddress& server, Bytes linkId, smp::Command command,
                       std::optional<net::AuthKey> key, Bytes linkKey, std::string gone,
                       std::function<void(Result<Link>)> done);
    /// Joins a short invitation: LKEY secures the inviter's queue and hands out its link data.
    void joinShortInvitation(const ShortInvitationLink& link,
                             std::function<void(Result<std::int64_t>)> done);
    /// Reads a short address's link data (LGET), then requests contact as with a long one.
    void requestContactByShortLink(const ShortAddressLink& link,
                                   std::function<void(Result<std::int64_t>)> done);
    /// Once the inviter's queue is ours: our reply queue on `relay`, then the confirmation.
    void completeJoin(const std::string& relay, std::shared_ptr<Join> join,
                      std::function<void(Result<std::int64_t>)> done);
    Result<std::int64_t> recordJoin(Join& join, const NewQueue& mine);
    void requestContact(const AddressLink& address, std::function<void(Result<std::int64_t>)> done);
    Result<void> handleConfirmation(const store::Queue& queue, const Confirmation& confirmation);
    Result<void> handleRequest(const store::Queue& queue, const ContactRequest& request);
    /// SKEY on a contact's queue we send to (its reply queue, or one it added), retried while
    /// the relay is unreachable; then the contact is connected (Hello) or the queue joins the
    /// others (useAddedQueue).
    void secureSendQueue(std::int64_t contactId, std::int64_t queueId, int attempt);
    /// Contacts' send queues whose SKEY never completed (the app stopped): tried again.
    void resumeSecuringQueues();
    /// Stores a new receive queue with what owns it (`addOwner` adds that row and returns its
    /// id) in one transaction, then subscribes it.
    Result<void> keepReceiveQueue(const NewQueue& queue, store::QueueOwnerKind ownerKind,
                                  const std::function<Result<std::int64_t>()>& addOwner);
    /// Stops re-subscribing a receive queue and deletes it on its relay.
    void deleteOnRelay(const store::Queue& queue);

    // Messages (agent_messages.cpp)
    void onPush(const std::string& relay, const Bytes& entityId, const smp::Response& response);
    void processMessage(const std::string& relay, const Bytes& recipientId,
                        const smp::rsp::Msg& msg);
    Result<void> handleQueueMessage(const store::Queue& queue, ReceiveQueueKeys& keys,
                                    const Bytes& envelope);
    Result<void> handleRatchetMessage(const store::Queue& queue, const RatchetPayload& payload);
    void acknowledge(const std::string& relay, const Bytes& recipientId, const Bytes& msgId,
                     const crypto::Ed25519KeyPair& key);
    Result<std::int64_t> enqueueAgentMessage(std::int64_t contactId, const AgentMessage& message,
                                             std::optional<std::int64_t> messageId);
    /// The contact's send queues that carry messages (secured, not deleted).
    Result<std::vector<store::Queue>> sendQueuesOf(std::int64_t contactId);

    // Two queues per direction (agent_redundancy.cpp)
    /// Adds a second receive queue for a connected contact on another operator's relay, if
    /// it has fewer than two and such a relay is there, and offers it with AddQueue.
    void ensureRedundantQueues(std::int64_t contactId);
    void ensureRedundantQueuesForAll();
    /// The contact offered a queue: stores it (within the caller's transaction) as a send
    /// queue to secure; returns its row, or nothing when it is one too many or known.
    Result<std::optional<std::int64_t>> acceptAddedQueue(std::int64_t contactId,
                                                         const AddQueue& added);
    /// A secured added queue starts carrying messages, beginning with those that reached no
    /// other queue yet.
    Result<void> useAddedQueue(std::int64_t contactId, std::int64_t queueId);
    /// Stops sending to a queue (the contact dropped it, or its relay refused it with AUTH and
    /// `onlyWithAnother`: only when the contact has another): what waited for it is dropped,
    /// and a message fails only when no copy of it waits elsewhere.
    void retireSendQueue(std::int64_t queueId, bool onlyWithAnother);
    Result<void> dropQueueOfContact(std::int64_t contactId, const DropQueue& drop);
    /// A message arrived on a receive queue: the first on an added queue shows the contact
    /// uses it, and the queues it replaces start draining.
    void noteQueueUsed(const store::Queue& queue);
    /// Reads what a Draining queue still holds, then deletes it on its relay; nothing while
    /// the relay is unreachable (tried again when it comes back).
    void drainAndDelete(std::int64_t queueId);
    /// Deletes a draining queue once no message came for a while after its SUB.
    void awaitDrained(std::int64_t queueId);
    /// A relay's connection came up: its draining queues are read and deleted, and a queue
    /// suspended for being unreachable with no replacement made yet is used again.
    void relayBack(const std::string& relay);
    /// The relay lost a receive queue (AUTH to SUB): replaced at once.
    void receiveQueueLost(const std::string& relay, const Bytes& recipientId);
    /// Replaces receive queues whose relay stayed unreachable longer than rotateAfter; runs
    /// on a timer.
    void checkRotation();
    /// Asks the first directory about each relay a contact's queue is on that the user did
    /// not add: queues on one it does not have registered (delisted, or never listed) move.
    /// At most every ten minutes (or rotateAfter, if shorter), when relays come from
    /// directories.
    void checkRelaysStillListed();
    /// Asks the directories from `index` on about a relay; `left` runs only when every one of
    /// them answered that it does not know it (one that does not answer says nothing).
    void whenNoDirectoryLists(std::vector<std::string> directories, std::string fingerprint,
                              std::size_t index, std::function<void()> left);
    void scheduleRotationCheck();
    /// Sends the head entry of every queue that got new entries (cheap: index lookups).
    void kickOutbox();
    /// Looks at every queue's head: at start, after a reconnect, when a retry falls due.
    void kickAllQueues();
    void kickQueue(std::int64_t queueId);
    void sendOutboxEntry(const store::OutboxEntry& entry);
    void onSendAnswer(const store::OutboxEntry& entry, bool oneShot, bool keyCarried,
                      const Result<smp::Response>& answer);
    /// Drops a refused entry; its message fails unless a copy waits elsewhere or got through.
    void failUnsent(const store::OutboxEntry& entry);
    /// Marks a message failed when no copy of it waits for any queue and none was taken.
    void failIfNoCopyLeft(std::int64_t messageId);
    void scheduleOutbox();
    void emitDelivery(std::int64_t messageId, store::MessageState state);
    void queueReceipt(std::int64_t contactId, std::int64_t wireId);
    void flushReceipts();
    struct SettleState;
    void settleStep(std::shared_ptr<SettleState> state);

    AgentConfig m_config;
    AgentEvents m_events;
    SystemClock m_systemClock;
    const Clock& m_clock;
    std::unique_ptr<store::ProfileDatabase> m_db;
    std::string m_displayName;

    boost::asio::io_context m_io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work;
    std::thread m_thread;
    std::map<std::string, std::shared_ptr<net::SmpClient>> m_clients;
    std::map<std::string, std::unique_ptr<net::ProxiedSender>> m_proxies; ///< by proxy relay
    RoutingSettings m_routing;
    DirectorySettings m_directorySettings;
    std::map<std::string, std::unique_ptr<directory::DirectoryClient>> m_directoryClients;
    struct Listing {
        std::vector<directory::ListedRelay> relays;
        std::map<std::string, std::optional<std::uint32_t>> measured; ///< round trip by address
        std::int64_t fetchedAtMs = 0;                                 ///< steady ms
    } m_listing;
    bool m_listingRefreshing = false;
    std::mt19937 m_random{std::random_device{}()};
    boost::asio::steady_timer m_outboxTimer;
    std::set<std::int64_t> m_outboxInFlight; ///< outbox ids being sent
    std::set<std::int64_t> m_queuesInFlight; ///< queues with an entry being sent
    std::set<std::int64_t> m_dirtyQueues;    ///< queues with new entries to look at
    std::set<std::int64_t> m_addingQueueFor; ///< contacts whose second queue is being made
    std::map<std::string, std::int64_t> m_relayDownSince; ///< Unix seconds, by relay address
    std::map<std::int64_t, std::int64_t> m_drainingSince; ///< steady ms of the last message
    boost::asio::steady_timer m_rotationTimer{m_io};
    std::chrono::seconds m_rotateAfter;   ///< the profile's setting, else the config's
    std::int64_t m_listedCheckedAtMs = 0; ///< steady ms of the last checkRelaysStillListed
    std::set<std::shared_ptr<boost::asio::steady_timer>> m_retryTimers;  ///< SKEY retries
    std::map<std::int64_t, std::vector<std::int64_t>> m_pendingReceipts; ///< by contact
    boost::asio::steady_timer m_receiptTimer;
    int m_inFlight = 0;              ///< commands awaiting an answer
    bool m_stopping = false;         ///< shutdown began: start nothing new
    std::int64_t m_lastActivity = 0; ///< steady ms of the last answer (settle)
};

template <typename T> void Agent::Engine::run(std::function<Result<T>()> work, Completion<T> done) {
    boost::asio::post(m_io, [work = std::move(work), done = std::move(done)] {
        auto result = work();
        if (done)
            done(std::move(result));
    });
}

template <typename T>
void Agent::Engine::runAsync(std::function<void(Completion<T>)> flow, Completion<T> done) {
    boost::asio::post(m_io, [flow = std::move(flow), done = std::move(done)]() mutable {
        auto once = std::make_shared<Completion<T>>(std::move(done));
        flow([once](Result<T> result) {
            if (auto callback = std::exchange(*once, nullptr))
                callback(std::move(result));
        });
    });
}

} // namespace ferry::core::agent
