#include "ui/engine_adapter.h"
#include "agent/agent_errc.h"

#include "agent/agent_protocol.h"

#include <QMetaObject>
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
    return item;
}

RequestItem toItem(const store::ContactRequest& r) {
    return RequestItem{r.id, toQt(r.displayName), fromSeconds(r.receivedAt)};
}

// The UI enums mirror core's one for one; a change in core must be mirrored here.
static_assert(static_cast<int>(store::MessageState::Received) ==
              static_cast<int>(MessageState::Received));
static_assert(static_cast<int>(store::ContactStatus::Deleted) ==
              static_cast<int>(ContactState::Deleted));
static_assert(static_cast<int>(core::net::ConnectionState::Stopped) ==
              static_cast<int>(RelayState::Stopped));

} // namespace

EngineAdapter::EngineAdapter(QObject* parent) : QObject(parent) {
    // Each pending operation holds a worker while it waits (a send against an unreachable
    // relay may wait for long), so the pool must not be as small as the core count.
    m_pool.setMaxThreadCount(16);
}

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
    // Order matters: workers stop waiting, the engine's thread ends (events may still be
    // posted to this object meanwhile; Qt drops them when it is gone), then the workers end.
    m_closing->store(true);
    m_agent.reset();
    m_pool.waitForDone();
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

template <typename T, typename OnValue, typename OnError>
void EngineAdapter::watch(const char* operation, std::future<core::Result<T>> future,
                          OnValue onValue, OnError onError) {
    auto pending = std::make_shared<std::future<core::Result<T>>>(std::move(future));
    auto closing = m_closing;
    const QString name = QString::fromLatin1(operation);
    m_pool.start([this, pending, closing, name, onValue, onError] {
        // Poll so that closing the adapter never waits on an engine that will not answer.
        while (pending->wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
            if (closing->load())
                return;
        }
        std::optional<core::Result<T>> result;
        try {
            result.emplace(pending->get());
        } catch (const std::exception& e) {
            result.emplace(core::makeError(core::agent::AgentErrc::Engine, e.what()));
        }
        QMetaObject::invokeMethod(
            this,
            [this, name, result = std::move(*result), onValue, onError]() mutable {
                if (!result) {
                    const QString message = toQt(result.error().message);
                    onError(message);
                    emit operationFailed(name, message, toQt(core::errorTag(result.error().code)));
                } else if constexpr (std::is_void_v<T>) {
                    onValue();
                } else {
                    onValue(std::move(result).value());
                }
            },
            Qt::QueuedConnection);
    });
}

void EngineAdapter::createInvitation() {
    watch<std::string>("createInvitation", m_agent->createInvitation(),
                       [this](const std::string& link) { emit invitationCreated(toQt(link)); });
}

void EngineAdapter::connectLink(const QString& link) {
    watch<std::int64_t>("connectLink", m_agent->connect(link.toStdString()),
                        [this](std::int64_t contactId) { emit linkConnected(contactId); });
}

quint64 EngineAdapter::sendMessage(qint64 contactId, const QString& text) {
    const quint64 ticket = m_nextTicket++;
    MessageItem pending;
    pending.contactId = contactId;
    pending.text = text;
    pending.outgoing = true;
    pending.time = QDateTime::currentDateTime();
    pending.state = MessageState::Pending;
    emit messageSending(ticket, pending);
    watch<std::int64_t>(
        "sendMessage", m_agent->sendMessage(contactId, text.toStdString()),
        [this, ticket, contactId](std::int64_t id) { emit messageSent(ticket, contactId, id); },
        [this, ticket, contactId](const QString& message) {
            emit messageSendFailed(ticket, contactId, message);
        });
    return ticket;
}

void EngineAdapter::acceptRequest(qint64 requestId) {
    watch<std::int64_t>(
        "acceptRequest", m_agent->acceptRequest(requestId),
        [this, requestId](std::int64_t contactId) { emit requestAccepted(requestId, contactId); });
}

void EngineAdapter::rejectRequest(qint64 requestId) {
    watch<void>("rejectRequest", m_agent->rejectRequest(requestId),
                [this, requestId] { emit requestRejected(requestId); });
}

void EngineAdapter::deleteContact(qint64 contactId) {
    watch<void>("deleteContact", m_agent->deleteContact(contactId),
                [this, contactId] { emit contactDeleted(contactId); });
}

void EngineAdapter::renameContact(qint64 contactId, const QString& name) {
    watch<std::string>("renameContact", m_agent->renameContact(contactId, name.toStdString()),
                       [this, contactId](const std::string& stored) {
                           emit contactRenamed(contactId, toQt(stored));
                       });
}

void EngineAdapter::addRelay(const QString& address) {
    watch<store::Relay>("addRelay", m_agent->addRelay(address.toStdString()),
                        [this, address](const store::Relay&) { emit relayAdded(address); });
}

void EngineAdapter::retryMessage(qint64 messageId) {
    watch<void>("retryMessage", m_agent->retryMessage(messageId), [] {});
}

void EngineAdapter::markRead(qint64 contactId, qint64 messageId) {
    watch<void>("markRead", m_agent->markRead(contactId, messageId), [] {});
}

void EngineAdapter::removeRelay(const QString& address) {
    watch<void>("removeRelay", m_agent->removeRelay(address.toStdString()),
                [this, address] { emit relayRemoved(address); });
}

void EngineAdapter::testRelay(const QString& address) {
    // A failed test is an answer, not an operation failure.
    auto future = m_agent->testRelay(address.toStdString());
    auto result =
        std::make_shared<std::future<core::Result<std::chrono::milliseconds>>>(std::move(future));
    auto closing = m_closing;
    m_pool.start([this, result, closing, address] {
        while (result->wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
            if (closing->load())
                return;
        }
        auto r = result->get();
        const bool ok = r.ok();
        const qint64 ms = ok ? r.value().count() : 0;
        const QString problem = ok ? QString() : toQt(r.error().message);
        QMetaObject::invokeMethod(
            this, [this, address, ok, ms, problem] { emit relayTested(address, ok, ms, problem); },
            Qt::QueuedConnection);
    });
}

void EngineAdapter::loadRelays() {
    watch<std::vector<store::Relay>>("loadRelays", m_agent->relays(),
                                     [this](const std::vector<store::Relay>& list) {
                                         QStringList addresses;
                                         for (const auto& r : list)
                                             addresses << toQt(r.address);
                                         emit relaysLoaded(addresses);
                                     });
}

void EngineAdapter::loadAddress() {
    watch<std::optional<std::string>>("loadAddress", m_agent->address(),
                                      [this](const std::optional<std::string>& link) {
                                          emit addressLoaded(link ? toQt(*link) : QString());
                                      });
}

void EngineAdapter::recordNodeActivity(const core::store::NodeActivity& activity) {
    watch<void>("recordNodeActivity", m_agent->recordNodeActivity(activity), [] {});
}

void EngineAdapter::loadNodeHistory(const QString& fromDay, const QString& toDay,
                                    qint64 minutesSince) {
    watch<core::agent::NodeHistory>(
        "loadNodeHistory",
        m_agent->nodeHistory(fromDay.toStdString(), toDay.toStdString(), minutesSince),
        [this](const core::agent::NodeHistory& history) { emit nodeHistoryLoaded(history); });
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

void EngineAdapter::createAddress() {
    watch<std::string>("createAddress", m_agent->createAddress(),
                       [this](const std::string& link) { emit addressCreated(toQt(link)); });
}

void EngineAdapter::deleteAddress() {
    watch<void>("deleteAddress", m_agent->deleteAddress(), [this] { emit addressDeleted(); });
}

void EngineAdapter::loadContacts() {
    watch<std::vector<core::agent::ContactOverview>>(
        "loadContacts", m_agent->contactOverview(),
        [this](const std::vector<core::agent::ContactOverview>& list) {
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
            emit contactsLoaded(items);
        });
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

void EngineAdapter::loadHistory(qint64 contactId) {
    watch<std::vector<store::Message>>(
        "loadHistory", m_agent->history(contactId, store::HistoryPage{std::nullopt, kHistoryPage}),
        [this, contactId](const std::vector<store::Message>& list) {
            emit historyLoaded(contactId, toItems(list), list.size() == kHistoryPage);
        });
}

void EngineAdapter::loadOlderHistory(qint64 contactId, qint64 beforeId) {
    watch<std::vector<store::Message>>(
        "loadOlderHistory", m_agent->history(contactId, store::HistoryPage{beforeId, kHistoryPage}),
        [this, contactId, beforeId](const std::vector<store::Message>& list) {
            emit olderHistoryLoaded(contactId, beforeId, toItems(list),
                                    list.size() == kHistoryPage);
        });
}

void EngineAdapter::loadRequests() {
    watch<std::vector<store::ContactRequest>>(
        "loadRequests", m_agent->pendingRequests(),
        [this](const std::vector<store::ContactRequest>& list) {
            QList<RequestItem> items;
            for (const auto& r : list)
                items.append(toItem(r));
            emit requestsLoaded(items);
        });
}

} // namespace ferry::ui
