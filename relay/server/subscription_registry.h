#pragma once

#include "util/bytes.h"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ferry::relay {

/// A connection that holds queue subscriptions (implemented by the TLS connection).
class Subscriber {
public:
    virtual ~Subscriber() = default;
    /// Another connection subscribed to the queue: send END and drop the subscription.
    /// `deleted`: the queue itself is gone (DELD), not taken by another connection (END).
    virtual void subscriptionEnded(const core::Bytes& recipientId, bool deleted) = 0;
    /// A message arrived in the queue: deliver it if nothing is awaiting ACK.
    virtual void messageArrived(const core::Bytes& recipientId) = 0;
};

/// Which connection receives each queue's messages: at most one per queue, as in SMP.
/// Holds subscribers weakly so a closed connection never keeps itself alive through here.
class SubscriptionRegistry {
public:
    /// Makes `subscriber` the queue's subscriber; a different previous one is told it ended.
    void subscribe(const core::Bytes& recipientId, const std::shared_ptr<Subscriber>& subscriber);
    /// Removes the subscription only if `subscriber` still holds it.
    void unsubscribe(const core::Bytes& recipientId, const Subscriber* subscriber);
    /// Tells the queue's subscriber, if any, that a message arrived.
    void notifyMessage(const core::Bytes& recipientId);
    /// The queue was deleted: its subscriber gets END and the entry goes.
    void queueDeleted(const core::Bytes& recipientId, const Subscriber* deleter);
    std::size_t size() const;

private:
    std::shared_ptr<Subscriber> find(const core::Bytes& recipientId) const;

    mutable std::mutex m_mutex;
    std::unordered_map<std::string, std::weak_ptr<Subscriber>> m_subscribers;
};

} // namespace ferry::relay
