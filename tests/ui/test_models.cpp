// The item models, fed with synthetic adapter signals (no engine, no network).
#include "ui/contact_list_model.h"
#include "ui/conversation_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace ferry::ui;

namespace {

const QDateTime kDay1 = QDateTime(QDate(2026, 3, 1), QTime(9, 0));
const QDateTime kDay2 = QDateTime(QDate(2026, 3, 2), QTime(8, 30));

ContactItem contact(qint64 id, const QString& name, const QDateTime& last = {}) {
    ContactItem c;
    c.id = id;
    c.name = name;
    c.status = ContactState::Connected;
    c.createdAt = kDay1.addDays(-10 + static_cast<int>(id));
    c.lastTime = last;
    c.lastMessage = last.isValid() ? QStringLiteral("last of %1").arg(name) : QString();
    return c;
}

MessageItem message(qint64 id, qint64 contactId, bool outgoing, const QDateTime& time,
                    MessageState state, const QString& text = QStringLiteral("text")) {
    return MessageItem{id, contactId, text, outgoing, time, state};
}

QVariant at(const QAbstractItemModel& model, int row, int role) {
    return model.data(model.index(row, 0), role);
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT

private slots:
    void contactsLoadMostRecentFirst() {
        ContactListModel model;
        QAbstractItemModelTester tester(&model);
        model.onContactsLoaded({contact(1, "Ann", kDay1), contact(2, "Bob", kDay2),
                                contact(3, "Cy"), contact(4, "Gone")});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(at(model, 0, ContactListModel::NameRole).toString(), QString("Bob"));
        QCOMPARE(at(model, 1, ContactListModel::NameRole).toString(), QString("Ann"));
        // No message yet: ordered by when the contact was made.
        QCOMPARE(at(model, 2, ContactListModel::IdRole).toLongLong(), 4);
        QCOMPARE(at(model, 3, ContactListModel::IdRole).toLongLong(), 3);
        QCOMPARE(at(model, 0, ContactListModel::LastMessageRole).toString(),
                 QString("last of Bob"));
        QCOMPARE(at(model, 0, ContactListModel::LastTimeRole).toDateTime(), kDay2);
        QCOMPARE(at(model, 0, ContactListModel::UnreadRole).toInt(), 0);
        QCOMPARE(at(model, 0, ContactListModel::StatusRole).toInt(),
                 static_cast<int>(ContactState::Connected));
        const auto roles = model.roleNames();
        for (const char* name : {"id", "name", "status", "lastMessage", "lastTime", "unread"})
            QVERIFY2(roles.values().contains(name), name);
    }

    void receivedMessageMovesContactUpAndCountsUnread() {
        ContactListModel model;
        QAbstractItemModelTester tester(&model);
        model.onContactsLoaded({contact(1, "Ann", kDay1), contact(2, "Bob", kDay2)});
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        model.onMessageReceived(
            message(10, 1, false, kDay2.addSecs(60), MessageState::Received, "hi"));
        QCOMPARE(moved.count(), 1);
        QCOMPARE(at(model, 0, ContactListModel::IdRole).toLongLong(), 1);
        QCOMPARE(at(model, 0, ContactListModel::UnreadRole).toInt(), 1);
        QCOMPARE(at(model, 0, ContactListModel::LastMessageRole).toString(), QString("hi"));
        model.onMessageReceived(
            message(11, 1, false, kDay2.addSecs(90), MessageState::Received, "again"));
        QCOMPARE(moved.count(), 1); // already on top
        QCOMPARE(at(model, 0, ContactListModel::UnreadRole).toInt(), 2);
        model.markRead(1);
        QCOMPARE(at(model, 0, ContactListModel::UnreadRole).toInt(), 0);
        // Bob's message brings Bob back up; Ann's unread count is untouched.
        model.onMessageReceived(message(12, 2, false, kDay2.addSecs(120), MessageState::Received));
        QCOMPARE(at(model, 0, ContactListModel::IdRole).toLongLong(), 2);
        QCOMPARE(at(model, 1, ContactListModel::UnreadRole).toInt(), 0);
    }

    void contactListFollowsConnectSendAndDelivery() {
        ContactListModel model;
        QAbstractItemModelTester tester(&model);
        model.onContactsLoaded({contact(1, "Ann", kDay1)});
        ContactItem pending = contact(2, "Contact");
        pending.status = ContactState::Pending;
        model.onContactConnected(pending);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(at(model, 0, ContactListModel::StatusRole).toInt(),
                 static_cast<int>(ContactState::Pending));
        ContactItem connected = contact(2, "Dora");
        model.onContactConnected(connected);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(at(model, 0, ContactListModel::NameRole).toString(), QString("Dora"));

        model.onMessageSending(7, message(0, 1, true, kDay2, MessageState::Pending, "yo"));
        QCOMPARE(at(model, 0, ContactListModel::IdRole).toLongLong(), 1);
        QCOMPARE(at(model, 0, ContactListModel::UnreadRole).toInt(), 0);
        QCOMPARE(at(model, 0, ContactListModel::LastStateRole).toInt(),
                 static_cast<int>(MessageState::Pending));
        model.onMessageSent(7, 1, 55);
        model.onDeliveryChanged(55, MessageState::Delivered);
        QCOMPARE(at(model, 0, ContactListModel::LastStateRole).toInt(),
                 static_cast<int>(MessageState::Delivered));

        model.onMessageSending(8, message(0, 2, true, kDay2, MessageState::Pending, "x"));
        QCOMPARE(at(model, 0, ContactListModel::IdRole).toLongLong(), 2);
        model.onMessageSendFailed(8, 2, "no");
        QCOMPARE(at(model, 0, ContactListModel::LastStateRole).toInt(),
                 static_cast<int>(MessageState::Failed));
        model.onContactRenamed(2, "D.");
        QCOMPARE(at(model, 0, ContactListModel::NameRole).toString(), QString("D."));
        model.onContactDeleted(2);
        QCOMPARE(model.rowCount(), 1);
    }

    void historyRowsRolesAndDayBoundaries() {
        ConversationModel model;
        QAbstractItemModelTester tester(&model);
        model.setContact(1);
        model.onHistoryLoaded(2, {message(1, 2, true, kDay1, MessageState::Sent)}); // other
        QCOMPARE(model.rowCount(), 0);
        model.onHistoryLoaded(
            1, {message(1, 1, true, kDay1, MessageState::Delivered, "a"),
                message(2, 1, false, kDay1.addSecs(3600), MessageState::Received, "b"),
                message(3, 1, true, kDay2, MessageState::Sent, "c")});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(at(model, 0, ConversationModel::TextRole).toString(), QString("a"));
        QCOMPARE(at(model, 0, ConversationModel::OutgoingRole).toBool(), true);
        QCOMPARE(at(model, 1, ConversationModel::OutgoingRole).toBool(), false);
        QCOMPARE(at(model, 1, ConversationModel::TimeRole).toDateTime(), kDay1.addSecs(3600));
        QCOMPARE(at(model, 2, ConversationModel::IdRole).toLongLong(), 3);
        QCOMPARE(at(model, 0, ConversationModel::StateRole).toInt(),
                 static_cast<int>(MessageState::Delivered));
        QCOMPARE(at(model, 0, ConversationModel::DayBoundaryRole).toBool(), true);
        QCOMPARE(at(model, 1, ConversationModel::DayBoundaryRole).toBool(), false);
        QCOMPARE(at(model, 2, ConversationModel::DayBoundaryRole).toBool(), true);
        const auto roles = model.roleNames();
        for (const char* name : {"id", "text", "outgoing", "time", "state", "dayBoundary"})
            QVERIFY2(roles.values().contains(name), name);

        // Received messages for this contact append (once); others are ignored.
        model.onMessageReceived(message(4, 1, false, kDay2.addSecs(5), MessageState::Received));
        model.onMessageReceived(message(4, 1, false, kDay2.addSecs(5), MessageState::Received));
        model.onMessageReceived(message(5, 9, false, kDay2.addSecs(6), MessageState::Received));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(at(model, 3, ConversationModel::DayBoundaryRole).toBool(), false);
    }

    void sendingShowsPendingRowThenFollowsDelivery() {
        ConversationModel model;
        QAbstractItemModelTester tester(&model);
        model.setContact(1);
        model.onHistoryLoaded(1, {});
        model.onMessageSending(1, message(0, 1, true, kDay1, MessageState::Pending, "one"));
        model.onMessageSending(2, message(0, 1, true, kDay1, MessageState::Pending, "two"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(at(model, 0, ConversationModel::StateRole).toInt(),
                 static_cast<int>(MessageState::Pending));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.onMessageSent(1, 1, 100);
        QCOMPARE(at(model, 0, ConversationModel::IdRole).toLongLong(), 100);
        model.onDeliveryChanged(100, MessageState::Sent);
        QCOMPARE(at(model, 0, ConversationModel::StateRole).toInt(),
                 static_cast<int>(MessageState::Sent));
        model.onDeliveryChanged(100, MessageState::Delivered);
        model.onDeliveryChanged(100, MessageState::Sent); // late news never goes back
        QCOMPARE(at(model, 0, ConversationModel::StateRole).toInt(),
                 static_cast<int>(MessageState::Delivered));
        QVERIFY(changed.count() >= 3);

        // A receipt that overtakes the send result is applied once the id is known.
        model.onDeliveryChanged(101, MessageState::Delivered);
        model.onMessageSent(2, 1, 101);
        QCOMPARE(at(model, 1, ConversationModel::IdRole).toLongLong(), 101);
        QCOMPARE(at(model, 1, ConversationModel::StateRole).toInt(),
                 static_cast<int>(MessageState::Delivered));

        // A send the engine refused marks its row failed.
        model.onMessageSending(3, message(0, 1, true, kDay2, MessageState::Pending, "three"));
        model.onMessageSendFailed(3, 1, "no relay");
        QCOMPARE(at(model, 2, ConversationModel::StateRole).toInt(),
                 static_cast<int>(MessageState::Failed));
        QCOMPARE(at(model, 2, ConversationModel::DayBoundaryRole).toBool(), true);
    }

    void historyReloadKeepsUnconfirmedSends() {
        ConversationModel model;
        QAbstractItemModelTester tester(&model);
        model.setContact(1);
        model.onMessageSending(1, message(0, 1, true, kDay2, MessageState::Pending, "mine"));
        // The history was read before the send was stored: the pending row stays.
        model.onHistoryLoaded(1, {message(1, 1, false, kDay1, MessageState::Received)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(at(model, 1, ConversationModel::TextRole).toString(), QString("mine"));
        // The history was read after: the send result finds its id there, no duplicate.
        model.onHistoryLoaded(1, {message(1, 1, false, kDay1, MessageState::Received),
                                  message(2, 1, true, kDay2, MessageState::Sent, "mine")});
        QCOMPARE(model.rowCount(), 3);
        model.onMessageSent(1, 1, 2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(at(model, 1, ConversationModel::IdRole).toLongLong(), 2);

        model.setContact(2);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestModels)
#include "test_models.moc"
