#include "agent/sync_agent.h"

namespace ferry::core::agent {

// Every method starts the Agent operation of the same name and waits for its completion
// (awaitResult calls the starter before it returns, so capturing by reference is safe).

Result<std::string> SyncAgent::displayName() {
    return awaitResult<std::string>(
        [&](Completion<std::string> done) { m_agent.displayName(std::move(done)); });
}

Result<store::Relay> SyncAgent::addRelay(std::string address) {
    return awaitResult<store::Relay>([&](Completion<store::Relay> done) {
        m_agent.addRelay(std::move(address), std::move(done));
    });
}

Result<void> SyncAgent::removeRelay(std::string address) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.removeRelay(std::move(address), std::move(done)); });
}

Result<std::vector<store::Relay>> SyncAgent::relays() {
    return awaitResult<std::vector<store::Relay>>(
        [&](Completion<std::vector<store::Relay>> done) { m_agent.relays(std::move(done)); });
}

Result<DirectorySettings> SyncAgent::directories() {
    return awaitResult<DirectorySettings>(
        [&](Completion<DirectorySettings> done) { m_agent.directories(std::move(done)); });
}

Result<void> SyncAgent::setDirectories(DirectorySettings settings) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.setDirectories(settings, std::move(done)); });
}

Result<RoutingSettings> SyncAgent::routing() {
    return awaitResult<RoutingSettings>(
        [&](Completion<RoutingSettings> done) { m_agent.routing(std::move(done)); });
}

Result<void> SyncAgent::setRouting(RoutingSettings settings) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.setRouting(settings, std::move(done)); });
}

Result<std::chrono::milliseconds> SyncAgent::testRelay(std::string address) {
    return awaitResult<std::chrono::milliseconds>([&](Completion<std::chrono::milliseconds> done) {
        m_agent.testRelay(std::move(address), std::move(done));
    });
}

Result<std::string> SyncAgent::createInvitation() {
    return awaitResult<std::string>(
        [&](Completion<std::string> done) { m_agent.createInvitation(std::move(done)); });
}

Result<std::int64_t> SyncAgent::connect(std::string link) {
    return awaitResult<std::int64_t>(
        [&](Completion<std::int64_t> done) { m_agent.connect(std::move(link), std::move(done)); });
}

Result<std::string> SyncAgent::createAddress() {
    return awaitResult<std::string>(
        [&](Completion<std::string> done) { m_agent.createAddress(std::move(done)); });
}

Result<std::optional<std::string>> SyncAgent::address() {
    return awaitResult<std::optional<std::string>>(
        [&](Completion<std::optional<std::string>> done) { m_agent.address(std::move(done)); });
}

Result<void> SyncAgent::deleteAddress() {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.deleteAddress(std::move(done)); });
}

Result<std::vector<store::ContactRequest>> SyncAgent::pendingRequests() {
    return awaitResult<std::vector<store::ContactRequest>>(
        [&](Completion<std::vector<store::ContactRequest>> done) {
            m_agent.pendingRequests(std::move(done));
        });
}

Result<std::int64_t> SyncAgent::acceptRequest(std::int64_t requestId) {
    return awaitResult<std::int64_t>(
        [&](Completion<std::int64_t> done) { m_agent.acceptRequest(requestId, std::move(done)); });
}

Result<void> SyncAgent::rejectRequest(std::int64_t requestId) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.rejectRequest(requestId, std::move(done)); });
}

Result<std::vector<store::Contact>> SyncAgent::contacts() {
    return awaitResult<std::vector<store::Contact>>(
        [&](Completion<std::vector<store::Contact>> done) { m_agent.contacts(std::move(done)); });
}

Result<std::vector<ContactOverview>> SyncAgent::contactOverview() {
    return awaitResult<std::vector<ContactOverview>>(
        [&](Completion<std::vector<ContactOverview>> done) {
            m_agent.contactOverview(std::move(done));
        });
}

Result<void> SyncAgent::markRead(std::int64_t contactId, std::int64_t messageId) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.markRead(contactId, messageId, std::move(done)); });
}

Result<store::Contact> SyncAgent::findContact(std::string idOrName) {
    return awaitResult<store::Contact>([&](Completion<store::Contact> done) {
        m_agent.findContact(std::move(idOrName), std::move(done));
    });
}

Result<std::string> SyncAgent::renameContact(std::int64_t contactId, std::string name) {
    return awaitResult<std::string>([&](Completion<std::string> done) {
        m_agent.renameContact(contactId, std::move(name), std::move(done));
    });
}

Result<std::vector<ContactQueue>> SyncAgent::contactQueues(std::int64_t contactId) {
    return awaitResult<std::vector<ContactQueue>>([&](Completion<std::vector<ContactQueue>> done) {
        m_agent.contactQueues(contactId, std::move(done));
    });
}

Result<std::chrono::seconds> SyncAgent::rotateAfter() {
    return awaitResult<std::chrono::seconds>(
        [&](Completion<std::chrono::seconds> done) { m_agent.rotateAfter(std::move(done)); });
}

Result<void> SyncAgent::setRotateAfter(std::chrono::seconds after) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.setRotateAfter(after, std::move(done)); });
}

Result<void> SyncAgent::switchQueues(std::int64_t contactId) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.switchQueues(contactId, std::move(done)); });
}

Result<void> SyncAgent::deleteContact(std::int64_t contactId) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.deleteContact(contactId, std::move(done)); });
}

Result<std::int64_t> SyncAgent::sendMessage(std::int64_t contactId, std::string text) {
    return awaitResult<std::int64_t>([&](Completion<std::int64_t> done) {
        m_agent.sendMessage(contactId, std::move(text), std::move(done));
    });
}

Result<void> SyncAgent::retryMessage(std::int64_t messageId) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.retryMessage(messageId, std::move(done)); });
}

Result<std::vector<store::Message>> SyncAgent::history(std::int64_t contactId,
                                                       store::HistoryPage page) {
    return awaitResult<std::vector<store::Message>>(
        [&](Completion<std::vector<store::Message>> done) {
            m_agent.history(contactId, std::move(page), std::move(done));
        });
}

Result<void> SyncAgent::recordNodeActivity(store::NodeActivity activity) {
    return awaitResult<void>([&](Completion<void> done) {
        m_agent.recordNodeActivity(std::move(activity), std::move(done));
    });
}

Result<NodeHistory> SyncAgent::nodeHistory(std::string fromDay, std::string toDay,
                                           std::int64_t minutesSince) {
    return awaitResult<NodeHistory>([&](Completion<NodeHistory> done) {
        m_agent.nodeHistory(std::move(fromDay), std::move(toDay), minutesSince, std::move(done));
    });
}

Result<std::optional<crypto::SecretBytes>> SyncAgent::nodeOfflineKey() {
    return awaitResult<std::optional<crypto::SecretBytes>>(
        [&](Completion<std::optional<crypto::SecretBytes>> done) {
            m_agent.nodeOfflineKey(std::move(done));
        });
}

Result<void> SyncAgent::storeNodeOfflineKey(crypto::SecretBytes key) {
    return awaitResult<void>([&](Completion<void> done) {
        m_agent.storeNodeOfflineKey(std::move(key), std::move(done));
    });
}

Result<void> SyncAgent::settle(std::chrono::milliseconds timeout) {
    return awaitResult<void>(
        [&](Completion<void> done) { m_agent.settle(timeout, std::move(done)); });
}

} // namespace ferry::core::agent
