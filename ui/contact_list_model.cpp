#include "ui/contact_list_model.h"

#include "ui/engine_adapter.h"

#include <algorithm>

namespace ferry::ui {

ContactListModel::ContactListModel(QObject* parent) : QAbstractListModel(parent) {}

void ContactListModel::attach(const EngineAdapter& adapter) {
    connect(&adapter, &EngineAdapter::contactConnected, this,
            &ContactListModel::onContactConnected);
    connect(&adapter, &EngineAdapter::messageReceived, this, &ContactListModel::onMessageReceived);
    connect(&adapter, &EngineAdapter::messageSending, this, &ContactListModel::onMessageSending);
    connect(&adapter, &EngineAdapter::messageSent, this, &ContactListModel::onMessageSent);
    connect(&adapter, &EngineAdapter::messageSendFailed, this,
            &ContactListModel::onMessageSendFailed);
    connect(&adapter, &EngineAdapter::deliveryChanged, this, &ContactListModel::onDeliveryChanged);
    connect(&adapter, &EngineAdapter::contactRenamed, this, &ContactListModel::onContactRenamed);
    connect(&adapter, &EngineAdapter::contactDeleted, this, &ContactListModel::onContactDeleted);
    connect(&adapter, &EngineAdapter::contactLeft, this, &ContactListModel::onContactLeft);
}

int ContactListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ContactListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.contact.name;
    case IdRole:
        return row.contact.id;
    case StatusRole:
        return static_cast<int>(row.contact.status);
    case LastMessageRole:
        return row.contact.lastMessage;
    case LastTimeRole:
        return row.contact.lastTime;
    case UnreadRole:
        return row.unread;
    case LastStateRole:
        return static_cast<int>(row.lastState);
    default:
        return {};
    }
}

QHash<int, QByteArray> ContactListModel::roleNames() const {
    return {{IdRole, "id"},
            {NameRole, "name"},
            {StatusRole, "status"},
            {LastMessageRole, "lastMessage"},
            {LastTimeRole, "lastTime"},
            {UnreadRole, "unread"},
            {LastStateRole, "lastState"}};
}

int ContactListModel::rowOf(qint64 contactId) const {
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).contact.id == contactId)
            return i;
    }
    return -1;
}

void ContactListModel::onContactsLoaded(const QList<ContactItem>& contacts) {
    beginResetModel();
    m_rows.clear();
    for (const auto& c : contacts) {
        if (c.status != ContactState::Deleted)
            m_rows.append(Row{c, c.unread, c.lastMessageId, 0, c.lastState});
    }
    // Most recent activity first: the last message, or when the contact was made.
    auto activity = [](const Row& r) {
        return r.contact.lastTime.isValid() ? r.contact.lastTime : r.contact.createdAt;
    };
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [&](const Row& a, const Row& b) { return activity(a) > activity(b); });
    endResetModel();
}

void ContactListModel::onContactConnected(const ContactItem& contact) {
    const int row = rowOf(contact.id);
    if (row < 0) {
        beginInsertRows({}, 0, 0);
        m_rows.prepend(Row{contact});
        endInsertRows();
        return;
    }
    m_rows[row].contact.name = contact.name;
    m_rows[row].contact.status = contact.status;
    changed(row);
}

void ContactListModel::onMessageReceived(const MessageItem& message) {
    int row = rowOf(message.contactId);
    if (row < 0) { // a message may overtake the contact list load; show it anyway
        ContactItem contact;
        contact.id = message.contactId;
        contact.status = ContactState::Connected;
        beginInsertRows({}, 0, 0);
        m_rows.prepend(Row{contact});
        endInsertRows();
        row = 0;
    }
    row = touch(row, message);
    m_rows[row].unread += 1;
    changed(row);
}

void ContactListModel::onMessageSending(quint64 ticket, const MessageItem& pending) {
    const int row = rowOf(pending.contactId);
    if (row < 0)
        return;
    const int top = touch(row, pending);
    m_rows[top].lastTicket = ticket;
    changed(top);
}

void ContactListModel::onMessageSent(quint64 ticket, qint64 contactId, qint64 messageId) {
    const int row = rowOf(contactId);
    if (row < 0 || m_rows.at(row).lastTicket != ticket)
        return;
    m_rows[row].lastTicket = 0;
    m_rows[row].lastMessageId = messageId;
}

void ContactListModel::onMessageSendFailed(quint64 ticket, qint64 contactId, const QString&) {
    const int row = rowOf(contactId);
    if (row < 0 || m_rows.at(row).lastTicket != ticket)
        return;
    m_rows[row].lastTicket = 0;
    m_rows[row].lastState = MessageState::Failed;
    changed(row);
}

void ContactListModel::onDeliveryChanged(qint64 messageId, MessageState state) {
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).lastMessageId == messageId && m_rows.at(i).lastTicket == 0) {
            m_rows[i].lastState = state;
            changed(i);
            return;
        }
    }
}

void ContactListModel::onContactRenamed(qint64 contactId, const QString& name) {
    const int row = rowOf(contactId);
    if (row < 0)
        return;
    m_rows[row].contact.name = name;
    changed(row);
}

void ContactListModel::onContactDeleted(qint64 contactId) {
    const int row = rowOf(contactId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void ContactListModel::onContactLeft(qint64 contactId) {
    const int row = rowOf(contactId);
    if (row < 0)
        return;
    m_rows[row].contact.status = ContactState::Deleted;
    changed(row);
}

void ContactListModel::markRead(qint64 contactId) {
    const int row = rowOf(contactId);
    if (row < 0 || m_rows.at(row).unread == 0)
        return;
    m_rows[row].unread = 0;
    changed(row);
}

int ContactListModel::touch(int row, const MessageItem& message) {
    Row& r = m_rows[row];
    r.contact.lastMessage = message.text;
    r.contact.lastTime = message.time;
    r.lastMessageId = message.id;
    r.lastTicket = 0;
    r.lastState = message.state;
    if (row > 0) {
        beginMoveRows({}, row, row, {}, 0);
        m_rows.move(row, 0);
        endMoveRows();
    }
    return 0;
}

void ContactListModel::changed(int row) {
    const QModelIndex i = index(row);
    emit dataChanged(i, i);
}

} // namespace ferry::ui
