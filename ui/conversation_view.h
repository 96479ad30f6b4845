#pragma once

#include "ui/engine_items.h"
#include "util/result.h"

#include <QWidget>
#include <functional>

class QAction;
class QLabel;
class QStackedLayout;
class QTimer;
class QToolButton;

namespace ferry::ui {

class Composer;
class ContactListModel;
class ConversationModel;
class EngineAdapter;
class MessageListView;

/// The right side of the main window: the chosen contact's name and state, the messages and
/// the composer. Marks messages read while the user can see them. Under the name it says how
/// the relays that carry the conversation are doing (details in its tooltip), refreshed when
/// the conversation opens, when a relay connects or drops, when a message comes in and every
/// 30 s while the view is shown (queues change state without an event).
class ConversationView : public QWidget {
    Q_OBJECT

public:
    ConversationView(EngineAdapter& engine, ContactListModel& contacts, QWidget* parent = nullptr);

    /// Shows the conversation with the contact (0: none).
    void showContact(qint64 contactId);
    qint64 contactId() const;

    /// The user may be looking: mark what is shown as read.
    void markSeen();

    Composer* composer() const { return m_composer; }
    MessageListView* messageList() const { return m_messages; }
    ConversationModel* model() const { return m_model; }
    /// "Move to other relays…" for the open conversation (also in the Contacts menu); enabled
    /// while the contact is connected.
    QAction* moveToOtherRelaysAction() const { return m_moveAction; }

signals:
    void ferryLinkActivated(const QString& link);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void refreshHeader();
    /// Asks the engine for the open conversation's queues; showRelayHealth shows them.
    void loadRelayHealth();
    void showRelayHealth();
    void moveToOtherRelays();
    void loadHistory(qint64 contactId);
    void loadOlderHistory();
    /// The failure handler for what the user asked in this conversation (send, rename, ...).
    std::function<void(const core::Error&)> reportHere();
    void renameContact();
    void deleteContact();
    int contactRow() const;

    EngineAdapter& m_engine;
    ContactListModel& m_contacts;
    ConversationModel* m_model = nullptr;
    QLabel* m_name = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_relayHealth = nullptr;
    QAction* m_moveAction = nullptr;
    QTimer* m_healthTimer = nullptr;  ///< the modest refresh while shown
    QTimer* m_healthReload = nullptr; ///< folds a burst of relay events into one load
    QList<ContactQueueItem> m_queues; ///< of the open conversation, as last loaded
    qint64 m_queuesOf = 0;            ///< the contact m_queues belong to
    QToolButton* m_menuButton = nullptr;
    QStackedLayout* m_body = nullptr;
    MessageListView* m_messages = nullptr;
    QLabel* m_empty = nullptr;
    QLabel* m_welcome = nullptr; ///< shown while no conversation is chosen
    QWidget* m_header = nullptr;
    Composer* m_composer = nullptr;
    qint64 m_lastMarkedRead = 0;
};

} // namespace ferry::ui
