#include "ui/conversation_model.h"

#include "ui/engine_adapter.h"

namespace ferry::ui {

namespace {

// A message may only move forward: a late "sent" never hides "delivered".
int rank(MessageState s) {
    switch (s) {
    case MessageState::Pending:
        return 0;
    case MessageState::Sent:
        return 1;
    case MessageState::Failed:
        return 1;
    case MessageState::Delivered:
        return 2;
    case MessageState::Received:
        return 2;
    }
    return 0;
}

} // namespace

ConversationModel::ConversationModel(QObject* parent) : QAbstractListModel(parent) {}

void ConversationModel::attach(const EngineAdapter& adapter) {
    connect(&adapter, &EngineAdapter::messageReceived, this, &ConversationModel::onMessageReceived);
    connect(&adapter, &EngineAdapter::messageSending, this, &ConversationModel::onMessageSending);
    connect(&adapter, &EngineAdapter::messageSent, this, &ConversationModel::onMessageSent);
    connect(&adapter, &EngineAdapter::messageSendFailed, this,
            &ConversationModel::onMessageSendFailed);
    connect(&adapter, &EngineAdapter::deliveryChanged, this, &ConversationModel::onDeliveryChanged);
    connect(&adapter, &EngineAdapter::deliveryWaiting, this, &ConversationModel::onDeliveryWaiting);
}

void ConversationModel::setContact(qint64 contactId) {
    beginResetModel();
    m_contactId = contactId;
    m_hasOlder = false;
    m_rows.clear();
    m_earlyStates.clear();
    endResetModel();
}

int ConversationModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ConversationModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int r = index.row();
    const MessageItem& m = m_rows.at(r).message;
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case IdRole:
        return m.id;
    case OutgoingRole:
        return m.outgoing;
    case TimeRole:
        return m.time;
    case StateRole:
        return static_cast<int>(m.state);
    case DayBoundaryRole:
        return r == 0 ||
               m_rows.at(r - 1).message.time.toLocalTime().date() != m.time.toLocalTime().date();
    case WaitingRole:
        return m.waitingReason;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationModel::roleNames() const {
    return {{IdRole, "id"},          {TextRole, "text"},   {OutgoingRole, "outgoing"},
            {TimeRole, "time"},      {StateRole, "state"}, {DayBoundaryRole, "dayBoundary"},
            {WaitingRole, "waiting"}};
}

qint64 ConversationModel::oldestId() const {
    for (const Row& row : m_rows)
        if (row.message.id != 0)
            return row.message.id;
    return 0;
}

void ConversationModel::onOlderHistoryLoaded(qint64 contactId, qint64 beforeId,
                                             const QList<MessageItem>& messages, bool hasOlder) {
    if (contactId != m_contactId || beforeId != oldestId())
        return; // another conversation, or an answer that is out of date
    m_hasOlder = hasOlder;
    QList<Row> older;
    for (const MessageItem& m : messages)
        if (m.id < beforeId && rowOfId(m.id) < 0)
            older.append(Row{m});
    if (older.isEmpty())
        return;
    beginInsertRows({}, 0, static_cast<int>(older.size()) - 1);
    m_rows = older + m_rows;
    endInsertRows();
    // The old first row may no longer start its day.
    const QModelIndex next = index(static_cast<int>(older.size()));
    emit dataChanged(next, next, {DayBoundaryRole});
}

void ConversationModel::onHistoryLoaded(qint64 contactId, const QList<MessageItem>& messages,
                                        bool hasOlder) {
    if (contactId != m_contactId)
        return;
    m_hasOlder = hasOlder;
    beginResetModel();
    // Sends still waiting for their id stay, after the history (unless already in it).
    QList<Row> waiting;
    for (const Row& row : std::as_const(m_rows)) {
        if (row.ticket != 0)
            waiting.append(row);
    }
    m_rows.clear();
    for (const MessageItem& m : messages) {
        Row row{m};
        if (auto early = m_earlyStates.find(m.id); early != m_earlyStates.end()) {
            if (rank(*early) >= rank(m.state))
                row.message.state = *early;
            m_earlyStates.erase(early);
        }
        m_rows.append(row);
    }
    m_rows.append(waiting);
    endResetModel();
}

void ConversationModel::onMessageReceived(const MessageItem& message) {
    if (message.contactId != m_contactId || rowOfId(message.id) >= 0)
        return;
    append(Row{message});
}

void ConversationModel::onMessageSending(quint64 ticket, const MessageItem& pending) {
    if (pending.contactId != m_contactId)
        return;
    append(Row{pending, ticket});
}

void ConversationModel::onMessageSent(quint64 ticket, qint64 contactId, qint64 messageId) {
    if (contactId != m_contactId)
        return;
    const int row = rowOfTicket(ticket);
    if (row < 0)
        return;
    if (rowOfId(messageId) >= 0) { // a history load already brought it: drop the duplicate
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        return;
    }
    m_rows[row].ticket = 0;
    m_rows[row].message.id = messageId;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {IdRole});
    if (auto early = m_earlyStates.find(messageId); early != m_earlyStates.end()) {
        const MessageState state = *early;
        m_earlyStates.erase(early);
        setState(row, state);
    }
}

void ConversationModel::onMessageSendFailed(quint64 ticket, qint64 contactId, const QString&) {
    if (contactId != m_contactId)
        return;
    const int row = rowOfTicket(ticket);
    if (row < 0)
        return;
    m_rows[row].ticket = 0;
    m_rows[row].message.state = MessageState::Failed;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {StateRole});
}

void ConversationModel::onDeliveryChanged(qint64 messageId, MessageState state) {
    const int row = rowOfId(messageId);
    if (row >= 0) {
        setState(row, state);
        return;
    }
    // Only keep it while one of our sends still waits for its id; else it is not ours.
    for (const Row& r : std::as_const(m_rows)) {
        if (r.ticket != 0) {
            auto early = m_earlyStates.find(messageId);
            if (early == m_earlyStates.end() || rank(state) >= rank(*early))
                m_earlyStates.insert(messageId, state);
            return;
        }
    }
}

void ConversationModel::onDeliveryWaiting(qint64 messageId, const QString& reason) {
    const int row = rowOfId(messageId);
    if (row < 0 || m_rows.at(row).message.state != MessageState::Pending)
        return;
    m_rows[row].message.waitingReason = reason;
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {WaitingRole});
}

int ConversationModel::rowOfId(qint64 id) const {
    if (id == 0)
        return -1;
    for (int i = static_cast<int>(m_rows.size()) - 1; i >= 0; --i) {
        if (m_rows.at(i).message.id == id)
            return i;
    }
    return -1;
}

int ConversationModel::rowOfTicket(quint64 ticket) const {
    for (int i = static_cast<int>(m_rows.size()) - 1; i >= 0; --i) {
        if (m_rows.at(i).ticket == ticket)
            return i;
    }
    return -1;
}

void ConversationModel::append(const Row& row) {
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.append(row);
    endInsertRows();
}

void ConversationModel::setState(int row, MessageState state) {
    MessageItem& m = m_rows[row].message;
    // States only move forward, except that a retried failure is pending again.
    const bool retried = m.state == MessageState::Failed && state == MessageState::Pending;
    if (m.state == state || (rank(state) < rank(m.state) && !retried))
        return;
    m.state = state;
    if (state != MessageState::Pending)
        m.waitingReason.clear(); // on its way, or refused: no longer waiting
    const QModelIndex i = index(row);
    emit dataChanged(i, i, {StateRole, WaitingRole});
}

} // namespace ferry::ui
