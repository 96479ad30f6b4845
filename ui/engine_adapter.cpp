#include "ui/engine_adapter.h"

#include "agent/agent_errc.h"
#include "agent/agent_protocol.h"

#include <QMetaObject>
#include <QPointer>
#include <chrono>
#include <optional>
#include <type_traits>

namespace ferry::ui {

namespace store = core::store;
using core::agent::AgentEvents;
using core::agent::ReceivedMessageEvent;

namespace {

QString toQt(const std::string& s) {
    return QString::fromStdString(s);
}

QDateTime fromSeconds(std::int64_t seconds) {
    return QDateTime::fromSecsSinceEpoch(seconds);
}

ContactItem toItem(const store::Contact& c) {
    ContactItem item;
    item.id = c.id;
    item.name = toQt(c.localAlias.value_or(c.displayName));
    item.status = static_cast<ContactState>(c.status);
    item.createdAt = fromSeconds(c.createdAt);
    return item;
}

MessageItem toItem(const store::Message& m) {
    MessageItem item;
    item.id = m.id;
    item.contactId = m.contactId;
    item.text = toQt(m.body);
    item.outgoing = m.direction == store::MessageDirection::Out;
    item.time = fromSeconds(m.sentAt);
    item.state = static_cast<MessageState>(m.state);
    if (m.waitingReason)
        item.waitingReason = toQt(*m.waitingReason);
    return item;
}

RequestItem toItem(const store::ContactRequest& r) {
    return RequestItem{r.id, toQt(r.displayName), fromSeconds(r.receivedAt)};
}

ContactQueueItem toItem(const core::agent::ContactQueue& q) {
    ContactQueueItem item;
    item.direction = static_cast<QueueDirection>(q.direction);
    item.relay = toQt(q.relay);
    item.status = static_cast<QueueStatus>(q.status);
    item.relayConnected = q.relayConnected;
    if (q.downSince)
        item.downSince = fromSeconds(*q.downSince);
    item.waiting = q.waiting;
    if (q.lastError)
        item.lastError = toQt(*q.lastError);
    return item;
}

// The UI enums mirror core's one for one; a change in core must be mirrored here.
static_assert(static_cast<int>(store::MessageState::Received) ==
              static_cast<int>(MessageState::Received));
static_assert(static_cast<int>(store::ContactStatus::Deleted) ==
              static_cast<int>(ContactState::Deleted));
static_assert(static_cast<int>(core::net::ConnectionState::Stopped) ==
              static_cast<int>(RelayState::Stopped));
static_assert(static_cast<int>(store::QueueDirection::Send) ==
              static_cast<int>(QueueDirection::Send));
static_assert(static_cast<int>(store::QueueStatus::Draining) ==
                  static_cast<int>(QueueStatus::Draining) &&
              static_cast<int>(store::QueueStatus::Deleted) ==
                  static_cast<int>(QueueStatus::Deleted));

// Operations that change the profile run their continuation on the adapter (the change is
// announced whoever asked) and hand the caller's part on only while the caller exists.
EngineAdapter::OnFailed forReceiver(const QObject* receiver, EngineAdapter::OnFailed onFailed) {
    if (!onFailed)
        return {};
    return [guard = QPointer<const QObject>(receiver),
            onFailed = std::move(onFailed)](const core::Error& error) {
        if (guard)
            onFailed(error);
    };
}

EngineAdapter::OnDone<> announceThen(const QObject* receiver, EngineAdapter::OnDone<> onDone,
                                     std::function<void()> announce) {
    return [guard = QPointer<const QObject>(receiver), onDone = std::move(onDone),
            announce = std::move(announce)] {
        announce();
        if (guard && onDone)
            onDone();
    };
}

} // namespace

EngineAdapter::EngineAdapter(QObject* parent) : QObject(parent) {}

EngineAdapter* EngineAdapter::open(core::agent::AgentConfig config, QObject* parent,
                                   QString* error) {
    // The adapter exists before the engine, so events always have somewhere to go.
    auto adapter = std::unique_ptr<EngineAdapter>(new EngineAdapter(nullptr));
    auto agent = core::agent::Agent::open(std::move(config), adapter->makeEvents());
    if (!agent) {
        if (error)
            *error = toQt(agent.error().message);
        return nullptr;
    }
    adapter->m_agent = std::move(agent).value();
    adapter->setParent(parent);
    return adapter.release();
}

EngineAdapter::~EngineAdapter() {
    // The engine's thread ends here, before QObject's destructor: whatever it posts to this
    // object meanwhile is queued while the object is whole, and Qt drops what is still queued
    // when the object goes. Completions the engine never ran are destroyed with it, uncalled.
    m_agent.reset();
}

AgentEvents EngineAdapter::makeEvents() {
    // These run on the engine's network thread: convert, post, return.
    AgentEvents e;
    e.contactRequest = [this](const store::ContactRequest& r) {
        QMetaObject::invokeMethod(
            this, [this, item = toItem(r)] { emit contactRequest(item); }, Qt::QueuedConnection);
    };
    e.contactConnected = [this](const store::Contact& c) {
        QMetaObject::invokeMethod(
            this, [this, item = toItem(c)] { emit contactConnected(item); }, Qt::QueuedConnection);
    };
    e.messageReceived = [this](const ReceivedMessageEvent& m) {
        MessageItem item;
        item.id = m.messageId;
        item.contactId = m.contactId;
        item.text = toQt(m.text);
        item.outgoing = false;
        item.time = fromSeconds(m.sentAt);
        item.state = MessageState::Received;
        QMetaObject::invokeMethod(
            this, [this, item] { emit messageReceived(item); }, Qt::QueuedConnection);
    };
    e.contactLeft = [this](std::int64_t contactId) {
        QMetaObject::invokeMethod(
            this, [this, contactId] { emit contactLeft(contactId); }, Qt::QueuedConnection);
    };
    e.deliveryWaiting = [this](std::int64_t id, const std::string& reason) {
        QMetaObject::invokeMethod(
            this, [this, id, reason = toQt(reason)] { emit deliveryWaiting(id, reason); },
            Qt::QueuedConnection);
    };
    e.deliveryChanged = [this](std::int64_t id, store::MessageState state) {
        QMetaObject::invokeMethod(
            this, [this, id, state] { emit deliveryChanged(id, static_cast<MessageState>(state)); },
            Qt::QueuedConnection);
    };
    e.relayState = [this](const std::string& relay, core::net::ConnectionState state,
                          const std::string& reason) {
        QMetaObject::invokeMethod(
            this,
            [this, relay = toQt(relay), state, reason = toQt(reason)] {
                emit relayStateChanged(relay, static_cast<RelayState>(state), reason);
            },
            Qt::QueuedConnection);
    };
    return e;
}

template <typename T, typename OnValue>
core::agent::Completion<T> EngineAdapter::deliver(const QObject* receiver, OnValue onValue,
                                                  OnFailed onFailed) {
    // The guard is made here and read only on the UI thread, where the receiver is destroyed;
    // the engine's thread only carries it.
    QPointer<const QObject> guard(receiver);
    return [this, guard, onValue = std::move(onValue),
            onFailed = std::move(onFailed)](core::Result<T> result) {
        // The engine's thread: the adapter outlives it (see the destructor), so posting to it
        // is safe.
        QMetaObject::invokeMethod(
            this,
            [guard, onValue, onFailed, result = std::move(result)] {
                if (!guard)
                    return; // the caller is gone: its continuations with it
                if (!result) {
                    if (onFailed)
                        onFailed(result.error());
                } else if constexpr (std::is_void_v<T>) {
                    onValue();
                } else {
                    onValue(result.value());
                }
            },
            Qt::QueuedConnection);
    };
}

template <typename T, typename OnDoneT>
core::agent::Completion<T> EngineAdapter::passOn(const QObject* receiver, OnDoneT onDone,
                                                 OnFailed onFailed) {
    if constexpr (std::is_void_v<T>) {
        return deliver<T>(
            receiver,
            [onDone = std::move(onDone)] {
                if (onDone)
                    onDone();
            },
            std::move(onFailed));
    } else {
        return deliver<T>(
            receiver,
            [onDone = std::move(onDone)](const T& value) {
                if (onDone)
                    onDone(value);
            },
            std::move(onFailed));
    }
}

void EngineAdapter::createInvitation(const QObject* receiver, OnDone<const QString&> onDone,
                                     OnFailed onFailed) {
    m_agent->createInvitation(deliver<std::string>(
        receiver,
        [onDone](const std::string& link) {
            if (onDone)
                onDone(toQt(link));
        },
        std::move(onFailed)));
}

void EngineAdapter::connectLink(const QString& link, const QObject* receiver, OnDone<qint64> onDone,
                                OnFailed onFailed) {
    m_agent->connect(link.toStdString(), deliver<std::int64_t>(
                                             this,
                                             [this, guard = QPointer<const QObject>(receiver),
                                              onDone](std::int64_t contactId) {
                                                 emit linkConnected(contactId);
                                                 if (guard && onDone)
                                                     onDone(contactId);
                                             },
                                             forReceiver(receiver, std::move(onFailed))));
}

quint64 EngineAdapter::sendMessage(qint64 contactId, const QString& text, const QObject* receiver,
                                   OnFailed onFailed) {
    const quint64 ticket = m_nextTicket++;
    MessageItem pending;
    pending.contactId = contactId;
    pending.text = text;
    pending.outgoing = true;
    pending.time = QDateTime::currentDateTime();
    pending.state = MessageState::Pending;
    emit messageSending(ticket, pending);
    m_agent->sendMessage(
        contactId, text.toStdString(),
        deliver<std::int64_t>(
            this,
            [this, ticket, contactId](std::int64_t id) { emit messageSent(ticket, contactId, id); },
            [this, ticket, contactId, guard = QPointer<const QObject>(receiver),
             onFailed](const core::Error& error) {
                // The models drop the pending row whoever sent it; the caller hears why.
                emit messageSendFailed(ticket, contactId, toQt(error.message));
                if (guard && onFailed)
                    onFailed(error);
            }));
    return ticket;
}

void EngineAdapter::acceptRequest(qint64 requestId, const QObject* receiver, OnDone<qint64> onDone,
                                  OnFailed onFailed) {
    m_agent->acceptRequest(requestId,
                           deliver<std::int64_t>(
                               this,
                               [this, requestId, guard = QPointer<const QObject>(receiver),
                                onDone](std::int64_t contactId) {
                                   emit requestAccepted(requestId, contactId);
                                   if (guard && onDone)
                                       onDone(contactId);
                               },
                               forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::rejectRequest(qint64 requestId, const QObject* receiver, OnDone<> onDone,
                                  OnFailed onFailed) {
    m_agent->rejectRequest(
        requestId,
        deliver<void>(this,
                      announceThen(receiver, std::move(onDone),
                                   [this, requestId] { emit requestRejected(requestId); }),
                      forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::deleteContact(qint64 contactId, const QObject* receiver, OnDone<> onDone,
                                  OnFailed onFailed) {
    m_agent->deleteContact(contactId, deliver<void>(this,
                                                    announceThen(receiver, std::move(onDone),
                                                                 [this, contactId] {
                                                                     emit contactDeleted(contactId);
                                                                 }),
                                                    forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::renameContact(qint64 contactId, const QString& name, const QObject* receiver,
                                  OnDone<const QString&> onDone, OnFailed onFailed) {
    m_agent->renameContact(contactId, name.toStdString(),
                           deliver<std::string>(
                               this,
                               [this, contactId, guard = QPointer<const QObject>(receiver),
                                onDone](const std::string& stored) {
                                   emit contactRenamed(contactId, toQt(stored));
                                   if (guard && onDone)
                                       onDone(toQt(stored));
                               },
                               forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::loadContactQueues(qint64 contactId, const QObject* receiver,
                                      OnDone<const QList<ContactQueueItem>&> onDone,
                                      OnFailed onFailed) {
    m_agent->contactQueues(contactId,
                           deliver<std::vector<core::agent::ContactQueue>>(
                               receiver,
                               [onDone](const std::vector<core::agent::ContactQueue>& list) {
                                   QList<ContactQueueItem> items;
                                   items.reserve(static_cast<qsizetype>(list.size()));
                                   for (const auto& q : list)
                                       items.append(toItem(q));
                                   if (onDone)
                                       onDone(items);
                               },
                               std::move(onFailed)));
}

void EngineAdapter::switchQueues(qint64 contactId, const QObject* receiver, OnDone<> onDone,
                                 OnFailed onFailed) {
    m_agent->switchQueues(
        contactId,
        deliver<void>(this,
                      announceThen(receiver, std::move(onDone),
                                   [this, contactId] { emit contactQueuesChanged(contactId); }),
                      forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::retryMessage(qint64 messageId, const QObject* receiver, OnFailed onFailed) {
    m_agent->retryMessage(messageId, deliver<void>(
                                         receiver, [] {}, std::move(onFailed)));
}

void EngineAdapter::markRead(qint64 contactId, qint64 messageId) {
    m_agent->markRead(contactId, messageId, {});
}

void EngineAdapter::addRelay(const QString& address, const QObject* receiver, OnDone<> onDone,
                             OnFailed onFailed) {
    m_agent->addRelay(
        address.toStdString(),
        deliver<store::Relay>(
            this,
            [this, address,
             announce = announceThen(receiver, std::move(onDone), [] {})](const store::Relay&) {
                emit relayAdded(address);
                announce();
            },
            forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::removeRelay(const QString& address, const QObject* receiver, OnDone<> onDone,
                                OnFailed onFailed) {
    m_agent->removeRelay(
        address.toStdString(),
        deliver<void>(this,
                      announceThen(receiver, std::move(onDone),
                                   [this, address] { emit relayRemoved(address); }),
                      forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::testRelay(const QString& address, const QObject* receiver,
                              OnDone<bool, qint64, const QString&> onDone) {
    // A failed test is an answer, so both outcomes go to onDone.
    m_agent->testRelay(address.toStdString(),
                       deliver<std::chrono::milliseconds>(
                           receiver,
                           [onDone](std::chrono::milliseconds ms) {
                               if (onDone)
                                   onDone(true, static_cast<qint64>(ms.count()), QString());
                           },
                           [onDone](const core::Error& error) {
                               if (onDone)
                                   onDone(false, 0, toQt(error.message));
                           }));
}

void EngineAdapter::loadRelays(const QObject* receiver, OnDone<const QStringList&> onDone,
                               OnFailed onFailed) {
    m_agent->relays(deliver<std::vector<store::Relay>>(
        receiver,
        [onDone](const std::vector<store::Relay>& list) {
            QStringList addresses;
            for (const auto& r : list)
                addresses << toQt(r.address);
            if (onDone)
                onDone(addresses);
        },
        std::move(onFailed)));
}

void EngineAdapter::loadNodeHelpers(const QString& self, const QObject* receiver,
                                    OnDone<const core::directory::NodeHelpers&> onDone,
                                    OnFailed onFailed) {
    m_agent->nodeHelpers(self.toStdString(), passOn<core::directory::NodeHelpers>(
                                                 receiver, std::move(onDone), std::move(onFailed)));
}

void EngineAdapter::loadRouting(const QObject* receiver,
                                OnDone<const core::agent::RoutingSettings&> onDone,
                                OnFailed onFailed) {
    m_agent->routing(
        passOn<core::agent::RoutingSettings>(receiver, std::move(onDone), std::move(onFailed)));
}

void EngineAdapter::setRouting(const core::agent::RoutingSettings& settings,
                               const QObject* receiver, OnDone<> onDone, OnFailed onFailed) {
    m_agent->setRouting(settings, passOn<void>(receiver, std::move(onDone), std::move(onFailed)));
}

void EngineAdapter::loadDirectories(const QObject* receiver,
                                    OnDone<const core::agent::DirectorySettings&> onDone,
                                    OnFailed onFailed) {
    m_agent->directories(
        passOn<core::agent::DirectorySettings>(receiver, std::move(onDone), std::move(onFailed)));
}

void EngineAdapter::setDirectories(const core::agent::DirectorySettings& settings,
                                   const QObject* receiver, OnDone<> onDone, OnFailed onFailed) {
    QStringList directories;
    for (const auto& address : settings.directories)
        directories << toQt(address);
    m_agent->setDirectories(
        settings, deliver<void>(this,
                                announceThen(receiver, std::move(onDone),
                                             [this, directories, only = settings.onlyMyRelays] {
                                                 emit directoriesChanged(directories, only);
                                             }),
                                forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::loadAddress(const QObject* receiver, OnDone<const QString&> onDone,
                                OnFailed onFailed) {
    m_agent->address(deliver<std::optional<std::string>>(
        receiver,
        [onDone](const std::optional<std::string>& link) {
            if (onDone)
                onDone(link ? toQt(*link) : QString());
        },
        std::move(onFailed)));
}

void EngineAdapter::createAddress(const QObject* receiver, OnDone<const QString&> onDone,
                                  OnFailed onFailed) {
    m_agent->createAddress(deliver<std::string>(
        this,
        [this, guard = QPointer<const QObject>(receiver), onDone](const std::string& link) {
            emit addressCreated(toQt(link));
            if (guard && onDone)
                onDone(toQt(link));
        },
        forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::deleteAddress(const QObject* receiver, OnDone<> onDone, OnFailed onFailed) {
    m_agent->deleteAddress(deliver<void>(
        this, announceThen(receiver, std::move(onDone), [this] { emit addressDeleted(); }),
        forReceiver(receiver, std::move(onFailed))));
}

void EngineAdapter::recordNodeActivity(const core::store::NodeActivity& activity) {
    m_agent->recordNodeActivity(activity, {});
}

void EngineAdapter::loadNodeHistory(const QString& fromDay, const QString& toDay,
                                    qint64 minutesSince, const QObject* receiver,
                                    OnDone<const core::agent::NodeHistory&> onDone,
                                    OnFailed onFailed) {
    m_agent->nodeHistory(
        fromDay.toStdString(), toDay.toStdString(), minutesSince,
        deliver<core::agent::NodeHistory>(receiver, std::move(onDone), std::move(onFailed)));
}

QString EngineAdapter::linkProblem(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return tr("Paste a Ferry link first.");
    auto parsed = core::agent::parseLink(trimmed.toStdString());
    if (parsed)
        return {};
    if (!trimmed.startsWith(QLatin1String("ferry:")))
        return tr("This is not a Ferry link. Ferry links start with \"ferry:/\".");
    return tr("This Ferry link is damaged or incomplete (%1). Ask for the link again.")
        .arg(toQt(parsed.error().message));
}

void EngineAdapter::loadContacts(const QObject* receiver, OnDone<const QList<ContactItem>&> onDone,
                                 OnFailed onFailed) {
    m_agent->contactOverview(deliver<std::vector<core::agent::ContactOverview>>(
        receiver,
        [onDone](const std::vector<core::agent::ContactOverview>& list) {
            QList<ContactItem> items;
            items.reserve(static_cast<qsizetype>(list.size()));
            for (const auto& row : list) {
                ContactItem item = toItem(row.contact);
                if (row.lastMessage) {
                    item.lastMessage = toQt(row.lastMessage->body);
                    item.lastTime = fromSeconds(row.lastMessage->sentAt);
                    item.lastMessageId = row.lastMessage->id;
                    item.lastState = static_cast<MessageState>(row.lastMessage->state);
                }
                item.unread = static_cast<int>(row.unread);
                items.append(item);
            }
            if (onDone)
                onDone(items);
        },
        std::move(onFailed)));
}

namespace {
constexpr int kHistoryPage = 50;

QList<MessageItem> toItems(const std::vector<store::Message>& list) {
    QList<MessageItem> items;
    items.reserve(static_cast<qsizetype>(list.size()));
    for (const auto& m : list)
        items.append(toItem(m));
    return items;
}
} // namespace

void EngineAdapter::loadHistory(qint64 contactId, const QObject* receiver,
                                OnDone<const QList<MessageItem>&, bool> onDone, OnFailed onFailed) {
    m_agent->history(contactId, store::HistoryPage{std::nullopt, kHistoryPage},
                     deliver<std::vector<store::Message>>(
                         receiver,
                         [onDone](const std::vector<store::Message>& list) {
                             if (onDone)
                                 onDone(toItems(list), list.size() == kHistoryPage);
                         },
                         std::move(onFailed)));
}

void EngineAdapter::loadOlderHistory(qint64 contactId, qint64 beforeId, const QObject* receiver,
                                     OnDone<const QList<MessageItem>&, bool> onDone,
                                     OnFailed onFailed) {
    m_agent->history(contactId, store::HistoryPage{beforeId, kHistoryPage},
                     deliver<std::vector<store::Message>>(
                         receiver,
                         [onDone](const std::vector<store::Message>& list) {
                             if (onDone)
                                 onDone(toItems(list), list.size() == kHistoryPage);
                         },
                         std::move(onFailed)));
}

void EngineAdapter::loadRequests(const QObject* receiver, OnDone<const QList<RequestItem>&> onDone,
                                 OnFailed onFailed) {
    m_agent->pendingRequests(deliver<std::vector<store::ContactRequest>>(
        receiver,
        [onDone](const std::vector<store::ContactRequest>& list) {
            QList<RequestItem> items;
            for (const auto& r : list)
                items.append(toItem(r));
            if (onDone)
                onDone(items);
        },
        std::move(onFailed)));
}

} // namespace ferry::ui
