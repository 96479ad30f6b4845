#pragma once

#include "ui/engine_items.h"

#include <QAbstractListModel>

namespace ferry::ui {

class EngineAdapter;

/// The contact list, most recent conversation first; fed by the EngineAdapter's signals.
class ContactListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        StatusRole, ///< ContactState as int
        LastMessageRole,
        LastTimeRole, ///< QDateTime, invalid when there is no message
        UnreadRole,
        LastStateRole, ///< MessageState (as int) of the last message
    };

    explicit ContactListModel(QObject* parent = nullptr);

    /// Follows the adapter's signals from now on.
    void attach(const EngineAdapter& adapter);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Row of the contact, or -1.
    int rowOf(qint64 contactId) const;

public slots:
    void onContactsLoaded(const QList<ferry::ui::ContactItem>& contacts);
    void onContactConnected(const ferry::ui::ContactItem& contact);
    void onMessageReceived(const ferry::ui::MessageItem& message);
    void onMessageSending(quint64 ticket, const ferry::ui::MessageItem& pending);
    void onMessageSent(quint64 ticket, qint64 contactId, qint64 messageId);
    void onMessageSendFailed(quint64 ticket, qint64 contactId, const QString& message);
    void onDeliveryChanged(qint64 messageId, ferry::ui::MessageState state);
    void onContactRenamed(qint64 contactId, const QString& name);
    void onContactDeleted(qint64 contactId);
    /// The contact deleted the conversation on their side: it stays, marked Deleted.
    void onContactLeft(qint64 contactId);
    /// The user has seen the conversation: its unread count goes to zero.
    void markRead(qint64 contactId);

private:
    struct Row {
        ContactItem contact;
        int unread = 0;
        qint64 lastMessageId = 0;
        quint64 lastTicket = 0; ///< the last message while it is still being sent
        MessageState lastState = MessageState::Received;
    };

    /// Sets the row's last message and moves it to the top; returns its new row (0).
    int touch(int row, const MessageItem& message);
    void changed(int row);

    QList<Row> m_rows;
};

} // namespace ferry::ui
