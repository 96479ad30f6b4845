#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace ferry::ui {

/// Where a contact is (mirrors core's ContactStatus).
enum class ContactState { Pending, Connected, Deleted };
/// Where a relay connection is (mirrors core's ConnectionState).
enum class RelayState { Connecting, Connected, Disconnected, Failed, Stopped };

/// Where a message is (mirrors core's MessageState).
enum class MessageState { Pending, Sent, Delivered, Failed, Received };

/// A contact as the UI shows it.
struct ContactItem {
    qint64 id = 0;
    QString name;
    ContactState status = ContactState::Pending;
    QDateTime createdAt;
    QString lastMessage; ///< empty when there is none (or it is not known yet)
    QDateTime lastTime;  ///< time of the last message, invalid when there is none
    qint64 lastMessageId = 0;
    MessageState lastState = MessageState::Received; ///< of the last message
    int unread = 0;                                  ///< incoming messages not yet seen
};

/// One message of a conversation.
struct MessageItem {
    qint64 id = 0; ///< 0 while a sent message has no id yet
    qint64 contactId = 0;
    QString text;
    bool outgoing = false;
    QDateTime time;
    MessageState state = MessageState::Pending;
    /// Why an outgoing message waits after a failed attempt (empty when it does not).
    QString waitingReason = {};
};

/// Which way a queue carries a conversation's messages (mirrors core's QueueDirection).
enum class QueueDirection { Receive, Send };
/// Where a queue is (mirrors core's QueueStatus). Receive queues: New (being set up),
/// Confirmed (offered, the contact has not used it yet), Active, Suspended (being replaced),
/// Draining (moved away, deleted once its relay answers). Send queues: New (being secured),
/// Secured, Active.
enum class QueueStatus { New, Confirmed, Secured, Active, Suspended, Draining, Deleted };

/// One queue that carries a conversation, on one relay: what the contact's relay health and
/// details are made from.
struct ContactQueueItem {
    QueueDirection direction = QueueDirection::Receive;
    QString relay; ///< the relay's address (smp://…)
    QueueStatus status = QueueStatus::New;
    /// Receive queues: whether the engine's connection to the relay is up (unknown for send
    /// queues, which may be reached through a proxy).
    std::optional<bool> relayConnected = {};
    QDateTime downSince = {}; ///< receive queues: since when the relay is down; else invalid
    qint64 waiting = 0;       ///< send queues: messages waiting for this queue
    QString lastError = {};   ///< send queues: why the oldest waiting message waits
};

/// A contact request that arrived through the user's address.
struct RequestItem {
    qint64 id = 0;
    QString name;
    QDateTime receivedAt;
};

} // namespace ferry::ui

Q_DECLARE_METATYPE(ferry::ui::ContactItem)
Q_DECLARE_METATYPE(ferry::ui::MessageItem)
Q_DECLARE_METATYPE(ferry::ui::RequestItem)
