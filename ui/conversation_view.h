#pragma once

#include "util/result.h"

#include <QWidget>
#include <functional>

class QLabel;
class QStackedLayout;
class QToolButton;

namespace ferry::ui {

class Composer;
class ContactListModel;
class ConversationModel;
class EngineAdapter;
class MessageListView;

/// The right side of the main window: the chosen contact's name and state, the messages and
/// the composer. Marks messages read while the user can see them.
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

signals:
    void ferryLinkActivated(const QString& link);

private:
    void refreshHeader();
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
