#pragma once

#include "agent/agent.h"
#include "agent/agent_errc.h"

#include <future>
#include <memory>

namespace ferry::core::agent {

/// Waits for one operation of an Agent: `start(done)` starts it with the completion `done`;
/// returns its result once the engine called `done`. Blocks the calling thread, so never call
/// it on a thread that must stay responsive (a UI thread) or on the engine's own thread (it
/// would wait for itself).
template <typename T, typename Start> Result<T> awaitResult(Start&& start) {
    auto promise = std::make_shared<std::promise<Result<T>>>();
    auto future = promise->get_future();
    std::forward<Start>(start)(
        Completion<T>([promise](Result<T> result) { promise->set_value(std::move(result)); }));
    try {
        return future.get();
    } catch (const std::future_error&) {
        // The engine was destroyed with the operation pending and dropped its completion.
        return makeError(AgentErrc::Stopped, "the client engine stopped before answering");
    }
}

/// The blocking face of an Agent, for one-shot callers that wait for each answer anyway (the
/// command-line tool, a service's own worker thread, tests). Each call blocks the calling
/// thread until the engine completes it; see awaitResult for where not to call it. Holds a
/// reference: the Agent must outlive it.
class SyncAgent {
public:
    explicit SyncAgent(Agent& agent) : m_agent(agent) {}

    Agent& agent() { return m_agent; }

    Result<std::string> displayName();
    Result<store::Relay> addRelay(std::string address);
    Result<void> removeRelay(std::string address);
    Result<std::vector<store::Relay>> relays();
    Result<RoutingSettings> routing();
    Result<void> setRouting(RoutingSettings settings);
    Result<DirectorySettings> directories();
    Result<void> setDirectories(DirectorySettings settings);
    Result<std::chrono::milliseconds> testRelay(std::string address);
    Result<std::string> createInvitation();
    Result<std::int64_t> connect(std::string link);
    Result<std::string> createAddress();
    Result<std::optional<std::string>> address();
    Result<void> deleteAddress();
    Result<std::vector<store::ContactRequest>> pendingRequests();
    Result<std::int64_t> acceptRequest(std::int64_t requestId);
    Result<void> rejectRequest(std::int64_t requestId);
    Result<std::vector<store::Contact>> contacts();
    Result<std::vector<ContactOverview>> contactOverview();
    Result<void> markRead(std::int64_t contactId, std::int64_t messageId);
    Result<store::Contact> findContact(std::string idOrName);
    Result<std::string> renameContact(std::int64_t contactId, std::string name);
    Result<void> deleteContact(std::int64_t contactId);
    Result<std::vector<ContactQueue>> contactQueues(std::int64_t contactId);
    Result<void> switchQueues(std::int64_t contactId);
    Result<std::chrono::seconds> rotateAfter();
    Result<void> setRotateAfter(std::chrono::seconds after);
    Result<std::int64_t> sendMessage(std::int64_t contactId, std::string text);
    Result<void> retryMessage(std::int64_t messageId);
    Result<std::vector<store::Message>> history(std::int64_t contactId,
                                                store::HistoryPage page = {});
    Result<void> recordNodeActivity(store::NodeActivity activity);
    Result<NodeHistory> nodeHistory(std::string fromDay, std::string toDay,
                                    std::int64_t minutesSince);
    Result<std::optional<crypto::SecretBytes>> nodeOfflineKey();
    Result<void> storeNodeOfflineKey(crypto::SecretBytes key);
    Result<void> settle(std::chrono::milliseconds timeout);

private:
    Agent& m_agent;
};

} // namespace ferry::core::agent
