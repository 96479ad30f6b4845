#pragma once

#include "agent/agent.h"
#include "ui/engine_items.h"

#include <QObject>
#include <functional>
#include <memory>

namespace ferry::ui {

/// The one place where core meets Qt: owns the engine (core::agent::Agent), turns its events
/// into queued signals on the UI thread and runs every operation without blocking that thread.
///
/// Every operation takes its continuations: `receiver`, the object they belong to (a dialog,
/// a model, the window), `onDone` for the result and `onFailed` for a failure. Both run on the
/// UI thread, and only while `receiver` (and the adapter) still exist: a dialog closed before
/// its answer came drops it (so pass a real receiver: a null one never hears back). A failure
/// reaches only the caller that asked. Either handler may be empty.
///
/// Changes to the profile made here (a contact deleted, a relay added, a message sent) are
/// also announced by signals, for every model that shows them, whoever asked.
class EngineAdapter : public QObject {
    Q_OBJECT

public:
    /// What a caller does when its operation failed. core::Error is passed whole: its message
    /// is for people (see failureText), its code for deciding.
    using OnFailed = std::function<void(const core::Error& error)>;
    template <typename... Args> using OnDone = std::function<void(Args...)>;

    /// Opens the profile. Returns the adapter (a child of `parent`), or nullptr and the reason
    /// in `*error`.
    static EngineAdapter* open(core::agent::AgentConfig config, QObject* parent = nullptr,
                               QString* error = nullptr);
    ~EngineAdapter() override;

    void createInvitation(const QObject* receiver, OnDone<const QString&> onDone,
                          OnFailed onFailed);
    /// Accepts a one-time invitation or asks for contact through an address; `onDone` gets
    /// the pending contact (linkConnected announces it too).
    void connectLink(const QString& link, const QObject* receiver, OnDone<qint64> onDone,
                     OnFailed onFailed);
    /// Sends `text`; returns a ticket that messageSending/messageSent/messageSendFailed carry
    /// (the models follow those), and `onFailed` tells the caller too.
    quint64 sendMessage(qint64 contactId, const QString& text, const QObject* receiver,
                        OnFailed onFailed);
    /// `onDone` gets the new contact's id.
    void acceptRequest(qint64 requestId, const QObject* receiver, OnDone<qint64> onDone,
                       OnFailed onFailed);
    void rejectRequest(qint64 requestId, const QObject* receiver, OnDone<> onDone,
                       OnFailed onFailed);
    void deleteContact(qint64 contactId, const QObject* receiver, OnDone<> onDone,
                       OnFailed onFailed);
    /// `onDone` gets the name as stored.
    void renameContact(qint64 contactId, const QString& name, const QObject* receiver,
                       OnDone<const QString&> onDone, OnFailed onFailed);
    /// The queues that carry the conversation with the contact, both directions, receive
    /// queues first (relay health and details).
    void loadContactQueues(qint64 contactId, const QObject* receiver,
                           OnDone<const QList<ContactQueueItem>&> onDone, OnFailed onFailed);
    /// Moves the conversation to relays of other operators (new receive queues; the old ones
    /// go once the contact uses the new). Fails with AgentErrc::NoRelay when there is no relay
    /// of another operator to move to. contactQueuesChanged announces it.
    void switchQueues(qint64 contactId, const QObject* receiver, OnDone<> onDone,
                      OnFailed onFailed);
    /// Sends a failed message once more; its state comes back through deliveryChanged.
    void retryMessage(qint64 messageId, const QObject* receiver, OnFailed onFailed);
    /// The user has seen the conversation up to `messageId`. Nothing to tell anyone if it
    /// fails: the mark is set again at the next look.
    void markRead(qint64 contactId, qint64 messageId);
    void addRelay(const QString& address, const QObject* receiver, OnDone<> onDone,
                  OnFailed onFailed);
    void removeRelay(const QString& address, const QObject* receiver, OnDone<> onDone,
                     OnFailed onFailed);
    /// Connects to the relay afresh. A failed test is an answer, not a failure: `ok` says
    /// whether the relay answered (in `milliseconds`), else `problem` says what went wrong.
    void testRelay(const QString& address, const QObject* receiver,
                   OnDone<bool, qint64, const QString&> onDone);
    void loadRelays(const QObject* receiver, OnDone<const QStringList&> onDone, OnFailed onFailed);
    /// Relays the directories list that check nodes and carry their tunnels, none of
    /// `self`'s operator (Agent::nodeHelpers).
    void loadNodeHelpers(const QString& self, const QObject* receiver,
                         OnDone<const core::directory::NodeHelpers&> onDone, OnFailed onFailed);
    /// Private routing: how messages reach contacts' relays.
    void loadRouting(const QObject* receiver, OnDone<const core::agent::RoutingSettings&> onDone,
                     OnFailed onFailed);
    void setRouting(const core::agent::RoutingSettings& settings, const QObject* receiver,
                    OnDone<> onDone, OnFailed onFailed);
    /// Relay directories (https://fingerprint@host:port) and whether new conversations keep to
    /// the user's own relays.
    void loadDirectories(const QObject* receiver,
                         OnDone<const core::agent::DirectorySettings&> onDone, OnFailed onFailed);
    /// Stores the whole list at once; directoriesChanged announces it. An address that is not
    /// a directory address fails and changes nothing.
    void setDirectories(const core::agent::DirectorySettings& settings, const QObject* receiver,
                        OnDone<> onDone, OnFailed onFailed);
    /// The user's contact address; empty when there is none.
    void loadAddress(const QObject* receiver, OnDone<const QString&> onDone, OnFailed onFailed);
    void createAddress(const QObject* receiver, OnDone<const QString&> onDone, OnFailed onFailed);
    void deleteAddress(const QObject* receiver, OnDone<> onDone, OnFailed onFailed);
    void loadContacts(const QObject* receiver, OnDone<const QList<ContactItem>&> onDone,
                      OnFailed onFailed);
    /// The newest page of the conversation; `hasOlder`: there may be messages before these.
    void loadHistory(qint64 contactId, const QObject* receiver,
                     OnDone<const QList<MessageItem>&, bool> onDone, OnFailed onFailed);
    /// The page before `beforeId`, when the user scrolls back.
    void loadOlderHistory(qint64 contactId, qint64 beforeId, const QObject* receiver,
                          OnDone<const QList<MessageItem>&, bool> onDone, OnFailed onFailed);
    void loadRequests(const QObject* receiver, OnDone<const QList<RequestItem>&> onDone,
                      OnFailed onFailed);
    /// Records the in-app relay's activity (fire and forget: a lost minute of statistics is
    /// not worth a word to the user).
    void recordNodeActivity(const core::store::NodeActivity& activity);
    /// Loads the in-app relay's history.
    void loadNodeHistory(const QString& fromDay, const QString& toDay, qint64 minutesSince,
                         const QObject* receiver, OnDone<const core::agent::NodeHistory&> onDone,
                         OnFailed onFailed);

    /// The engine itself, for services that run on their own threads and wait for its answers
    /// there (the in-app relay's key, through SyncAgent). Never wait on it from the UI thread.
    core::agent::Agent& agent() { return *m_agent; }

    /// Why `text` is not a Ferry link (a one-time invitation or a contact address), in words
    /// for the user; empty when it is one.
    static QString linkProblem(const QString& text);

signals:
    // Engine events.
    void contactRequest(const ferry::ui::RequestItem& request);
    void contactConnected(const ferry::ui::ContactItem& contact);
    void messageReceived(const ferry::ui::MessageItem& message);
    /// The contact deleted the conversation on their side.
    void contactLeft(qint64 contactId);
    void deliveryChanged(qint64 messageId, ferry::ui::MessageState state);
    /// An outgoing message's attempt failed; it waits for the next one (or a retry).
    void deliveryWaiting(qint64 messageId, const QString& reason);
    void relayStateChanged(const QString& relay, ferry::ui::RelayState state,
                           const QString& reason);

    // Changes made through this adapter, whoever asked, for the models that show them.
    void linkConnected(qint64 pendingContactId);
    /// Emitted at once by sendMessage(): the pending row (id 0) a view shows right away.
    void messageSending(quint64 ticket, const ferry::ui::MessageItem& pending);
    void messageSent(quint64 ticket, qint64 contactId, qint64 messageId);
    void messageSendFailed(quint64 ticket, qint64 contactId, const QString& message);
    void requestAccepted(qint64 requestId, qint64 contactId);
    void requestRejected(qint64 requestId);
    void contactDeleted(qint64 contactId);
    void contactRenamed(qint64 contactId, const QString& name);
    /// A move to other relays was started (switchQueues), whoever asked.
    void contactQueuesChanged(qint64 contactId);
    void relayAdded(const QString& address);
    void relayRemoved(const QString& address);
    /// The profile's relay directories were stored (setDirectories), whoever asked.
    void directoriesChanged(const QStringList& directories, bool onlyMyRelays);
    void addressCreated(const QString& link);
    void addressDeleted();

private:
    explicit EngineAdapter(QObject* parent);
    core::agent::AgentEvents makeEvents();

    /// A completion for an engine operation: on the engine's thread it posts the result to
    /// this adapter's thread, where `onValue(value)` (or `onValue()` for void) or `onFailed`
    /// runs if `receiver` still exists.
    template <typename T, typename OnValue>
    core::agent::Completion<T> deliver(const QObject* receiver, OnValue onValue, OnFailed onFailed);
    /// deliver() for an answer the caller takes as it is; `onDone` may be empty.
    template <typename T, typename OnDoneT>
    core::agent::Completion<T> passOn(const QObject* receiver, OnDoneT onDone, OnFailed onFailed);

    std::unique_ptr<core::agent::Agent> m_agent;
    quint64 m_nextTicket = 1;
};

} // namespace ferry::ui
Q_DECLARE_METATYPE(ferry::core::agent::NodeHistory)
