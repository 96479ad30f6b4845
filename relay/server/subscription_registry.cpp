#include "relay/server/subscription_registry.h"

namespace ferry::relay {

namespace {
std::string keyOf(const core::Bytes& id) {
    return core::toString(id);
}
} // namespace

void SubscriptionRegistry::subscribe(const core::Bytes& recipientId,
                                     const std::shared_ptr<Subscriber>& subscriber) {
    std::shared_ptr<Subscriber> previous;
    {
        std::lock_guard lock(m_mutex);
        auto& slot = m_subscribers[keyOf(recipientId)];
        previous = slot.lock();
        slot = subscriber;
    }
    // Called outside the lock: the previous connection posts the END to its own strand.
    if (previous && previous != subscriber)
        previous->subscriptionEnded(recipientId, false);
}

void SubscriptionRegistry::unsubscribe(const core::Bytes& recipientId,
                                       const Subscriber* subscriber) {
    std::lock_guard lock(m_mutex);
    auto it = m_subscribers.find(keyOf(recipientId));
    if (it == m_subscribers.end())
        return;
    auto current = it->second.lock();
    if (!current || current.get() == subscriber)
        m_subscribers.erase(it);
}

void SubscriptionRegistry::notifyMessage(const core::Bytes& recipientId) {
    if (auto subscriber = find(recipientId))
        subscriber->messageArrived(recipientId);
}

void SubscriptionRegistry::queueDeleted(const core::Bytes& recipientId, const Subscriber* deleter) {
    std::shared_ptr<Subscriber> current;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_subscribers.find(keyOf(recipientId));
        if (it == m_subscribers.end())
            return;
        current = it->second.lock();
        m_subscribers.erase(it);
    }
    if (current && current.get() != deleter)
        current->subscriptionEnded(recipientId, true);
}

std::size_t SubscriptionRegistry::size() const {
    std::lock_guard lock(m_mutex);
    return m_subscribers.size();
}

std::shared_ptr<Subscriber> SubscriptionRegistry::find(const core::Bytes& recipientId) const {
    std::lock_guard lock(m_mutex);
    auto it = m_subscribers.find(keyOf(recipientId));
    return it == m_subscribers.end() ? nullptr : it->second.lock();
}

} // namespace ferry::relay
