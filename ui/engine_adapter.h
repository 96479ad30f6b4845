#pragma once

#include "agent/agent.h"
#include "ui/engine_items.h"

#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <future>
#include <memory>

namespace ferry::ui {

/// The one place where core meets Qt: owns the engine (core::agent::Agent), turns its events
/// into queued signals on the UI thread and runs every operation without blocking that thread
/// (futures are waited on by a small worker pool; results come back as signals).
///
/// Operation failures are reported by operationFailed(operation, message), where `operation`
/// is the name of the method that was called ("createInvitation", "sendMessage", ...).
class EngineAdapter : public QObject {
    Q_OBJECT

public:
    /// Opens the profile. Returns the adapter (a child of `parent`), or nullptr and the reason
    /// in `*error`.
    static EngineAdapter* open(core::agent::AgentConfig config, QObject* parent = nullptr,
                               QString* error = nullptr);
    ~EngineAdapter() override;

    void createInvitation();
    /// Accepts a one-time invitation or asks for contact through an address.
    void connectLink(const QString& link);
    /// Sends `text`; returns a ticket that messageSending/messageSent/messageSendFailed carry.
    quint64 sendMessage(qint64 contactId, const QString& text);
    void acceptRequest(qint64 requestId);
    void rejectRequest(qint64 requestId);
    void deleteContact(qint64 contactId);
    void renameContact(qint64 contactId, const QString& name);
    /// Sends a failed message once more; its state comes back through deliveryChanged.
    void retryMessage(qint64 messageId);
    /// The user has seen the conversation up to `messageId`.
    void markRead(qint64 contactId, qint64 messageId);
    void addRelay(const QString& address);
    void removeRelay(const QString& address);
    /// Connects to the relay afresh and reports through relayTested.
    void testRelay(const QString& address);
    void loadRelays();
    void loadAddress();
    void createAddress();
    void deleteAddress();
    void loadContacts();
    /// The newest page of the conversation (historyLoaded).
    void loadHistory(qint64 contactId);
    /// The page before `beforeId` (olderHistoryLoaded), when the user scrolls back.
    void loadOlderHistory(qint64 contactId, qint64 beforeId);
    void loadRequests();

signals:
    // Engine events.
    void contactRequest(const ferry::ui::RequestItem& request);
    void contactConnected(const ferry::ui::ContactItem& contact);
    void messageReceived(const ferry::ui::MessageItem& message);
    /// The contact deleted the conversation on their side.
    void contactLeft(qint64 contactId);
    void deliveryChanged(qint64 messageId, ferry::ui::MessageState state);
    void relayStateChanged(const QString& relay, ferry::ui::RelayState state,
                           const QString& reason);

    // Results of operations.
    void invitationCreated(const QString& link);
    void linkConnected(qint64 pendingContactId);
    /// Emitted at once by sendMessage(): the pending row (id 0) a view shows right away.
    void messageSending(quint64 ticket, const ferry::ui::MessageItem& pending);
    void messageSent(quint64 ticket, qint64 contactId, qint64 messageId);
    void messageSendFailed(quint64 ticket, qint64 contactId, const QString& message);
    void requestAccepted(qint64 requestId, qint64 contactId);
    void requestRejected(qint64 requestId);
    void contactDeleted(qint64 contactId);
    void contactRenamed(qint64 contactId, const QString& name);
    void relayAdded(const QString& address);
    void relayRemoved(const QString& address);
    /// `ok`: the relay answered in `milliseconds`; otherwise `problem` says what went wrong.
    void relayTested(const QString& address, bool ok, qint64 milliseconds, const QString& problem);
    void relaysLoaded(const QStringList& addresses);
    /// The user's contact address; empty when there is none.
    void addressLoaded(const QString& link);
    void addressCreated(const QString& link);
    void addressDeleted();
    void contactsLoaded(const QList<ferry::ui::ContactItem>& contacts);
    /// `hasOlder`: there may be messages before these.
    void historyLoaded(qint64 contactId, const QList<ferry::ui::MessageItem>& messages,
                       bool hasOlder);
    void olderHistoryLoaded(qint64 contactId, qint64 beforeId,
                            const QList<ferry::ui::MessageItem>& messages, bool hasOlder);
    void requestsLoaded(const QList<ferry::ui::RequestItem>& requests);
    /// `code` is core's short machine tag ("link_used", "not_connected", "relay", ...).
    void operationFailed(const QString& operation, const QString& message, const QString& code);
    void nodeHistoryLoaded(const core::agent::NodeHistory& history);

public:
    /// Records the in-app relay's activity (fire and forget; failures: operationFailed).
    void recordNodeActivity(const core::store::NodeActivity& activity);
    /// Loads the in-app relay's history (nodeHistoryLoaded).
    void loadNodeHistory(const QString& fromDay, const QString& toDay, qint64 minutesSince);

    /// The engine itself, for services that run on their own threads and wait on its futures
    /// there (the in-app relay's key). Never wait on it from the UI thread.
    core::agent::Agent& agent() { return *m_agent; }

    /// Why `text` is not a Ferry link (a one-time invitation or a contact address), in words
    /// for the user; empty when it is one.
    static QString linkProblem(const QString& text);

private:
    explicit EngineAdapter(QObject* parent);
    core::agent::AgentEvents makeEvents();

    /// Waits for `future` on the worker pool, then calls `onValue(value)` (or `onValue()` for
    /// void) on the UI thread, or emits operationFailed. `onError` runs too on failure.
    template <typename T, typename OnValue, typename OnError>
    void watch(const char* operation, std::future<core::Result<T>> future, OnValue onValue,
               OnError onError);
    template <typename T, typename OnValue>
    void watch(const char* operation, std::future<core::Result<T>> future, OnValue onValue) {
        watch<T>(operation, std::move(future), std::move(onValue), [](const QString&) {});
    }

    std::unique_ptr<core::agent::Agent> m_agent;
    QThreadPool m_pool;
    std::shared_ptr<std::atomic_bool> m_closing = std::make_shared<std::atomic_bool>(false);
    quint64 m_nextTicket = 1;
};

} // namespace ferry::ui
Q_DECLARE_METATYPE(ferry::core::agent::NodeHistory)
