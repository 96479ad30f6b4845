#pragma once

#include "ui/engine_items.h"

#include <QAbstractListModel>
#include <QHash>

namespace ferry::ui {

class EngineAdapter;

/// The messages of one conversation, oldest first; fed by the EngineAdapter's signals.
class ConversationModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TextRole,
        OutgoingRole,
        TimeRole,        ///< QDateTime
        StateRole,       ///< MessageState as int
        DayBoundaryRole, ///< true for the first message of a calendar day (local time)
        WaitingRole,     ///< why an outgoing message waits after a failed attempt, or empty
    };

    explicit ConversationModel(QObject* parent = nullptr);

    /// Follows the adapter's signals from now on.
    void attach(const EngineAdapter& adapter);

    /// Shows the conversation with `contactId` (empty until its history is loaded).
    void setContact(qint64 contactId);
    qint64 contactId() const { return m_contactId; }
    /// Whether there may be messages before the first row (ask with loadOlderHistory).
    bool hasOlder() const { return m_hasOlder; }
    /// Id of the first (oldest) stored message shown; 0 when there is none.
    qint64 oldestId() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public slots:
    void onHistoryLoaded(qint64 contactId, const QList<ferry::ui::MessageItem>& messages,
                         bool hasOlder = false);
    /// Older messages go in at the top (only if they belong before the current first row).
    void onOlderHistoryLoaded(qint64 contactId, qint64 beforeId,
                              const QList<ferry::ui::MessageItem>& messages, bool hasOlder);
    void onMessageReceived(const ferry::ui::MessageItem& message);
    void onMessageSending(quint64 ticket, const ferry::ui::MessageItem& pending);
    void onMessageSent(quint64 ticket, qint64 contactId, qint64 messageId);
    void onMessageSendFailed(quint64 ticket, qint64 contactId, const QString& message);
    void onDeliveryChanged(qint64 messageId, ferry::ui::MessageState state);
    void onDeliveryWaiting(qint64 messageId, const QString& reason);

private:
    struct Row {
        MessageItem message;
        quint64 ticket = 0; ///< non-zero while a sent message waits for its id
    };

    int rowOfId(qint64 id) const;
    int rowOfTicket(quint64 ticket) const;
    void append(const Row& row);
    void setState(int row, MessageState state);

    qint64 m_contactId = 0;
    bool m_hasOlder = false;
    QList<Row> m_rows;
    /// Delivery news for ids this model does not show yet: a receipt can overtake the
    /// sendMessage result that tells which row it belongs to.
    QHash<qint64, MessageState> m_earlyStates;
};

} // namespace ferry::ui
