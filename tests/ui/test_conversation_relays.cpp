// A contact's relays in the app, end to end: real relays and two profiles in this process,
// the conversation view showing how the relays are doing, and "Move to other relays" asking
// the engine to move (failing clearly when there is nowhere to move to). Relays on other
// loopback addresses than 127.0.0.1 count as other operators.
#include "adapter_profile.h"
#include "agent/agent_errc.h"
#include "relay_fixture.h"
#include "ui/contact_list_model.h"
#include "ui/conversation_view.h"
#include "ui/engine_adapter.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

using namespace ferry;
using namespace ferry::ui;
using ferry::test::RelayFixture;

namespace {

constexpr int kTimeout = ferry::test::kAdapterTimeoutMs;
using Profile = ferry::test::AdapterProfile;
template <typename... Args> using Answer = ferry::test::Answer<Args...>;

std::function<void(relay::RelayConfig&)> onHost(std::string host) {
    return [host](relay::RelayConfig& c) {
        c.host = host;
        c.listenAddress = host;
    };
}

/// Alice invites Bob; returns Bob's id at Alice once both sides are connected.
qint64 connectPair(Profile& alice, Profile& bob) {
    Answer<const QString&> invited;
    alice->createInvitation(&invited, invited.onDone(), invited.onFailed());
    if (!QTest::qWaitFor([&] { return invited.answered(); }, kTimeout) || !invited.done)
        return 0;
    QSignalSpy aliceConnected(alice.get(), &EngineAdapter::contactConnected);
    QSignalSpy bobConnected(bob.get(), &EngineAdapter::contactConnected);
    Answer<qint64> joined;
    bob->connectLink(invited.first(), &joined, joined.onDone(), joined.onFailed());
    if (!QTest::qWaitFor([&] { return !aliceConnected.isEmpty() && !bobConnected.isEmpty(); },
                         kTimeout))
        return 0;
    return aliceConnected.last().at(0).value<ContactItem>().id;
}

/// Answers the next modal message box with `button` (the move's confirmation).
void answerNextBox(QMessageBox::StandardButton button) {
    QTimer::singleShot(0, [button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        QCOMPARE(box->objectName(), QStringLiteral("moveToOtherRelaysBox"));
        box->button(button)->click();
    });
}

QString healthOf(const ConversationView& view) {
    auto* label = view.findChild<QLabel*>(QStringLiteral("conversationRelayHealth"));
    return label && label->isVisible() ? label->text() : QString();
}

QString detailsOf(const ConversationView& view) {
    auto* label = view.findChild<QLabel*>(QStringLiteral("conversationRelayHealth"));
    return label ? label->toolTip() : QString();
}

QMessageBox* failureBox(QWidget& window) {
    return window.findChild<QMessageBox*>(QStringLiteral("operationFailedBox"));
}

} // namespace

class TestConversationRelays : public QObject {
    Q_OBJECT

private slots:
    // One relay: the header says so, the queues are there both ways, and a move has nowhere
    // to go: the engine refuses with NoRelay and the user reads why.
    void oneRelayAndNowhereToMove() {
        RelayFixture relay;
        Profile alice("Alice");
        Profile bob("Bob");
        alice.addRelay(relay.server().address());
        bob.addRelay(relay.server().address());
        ContactListModel contacts;
        contacts.attach(*alice.get());
        const qint64 bobAtAlice = connectPair(alice, bob);
        QVERIFY(bobAtAlice != 0);
        QTRY_COMPARE_WITH_TIMEOUT(contacts.rowCount(), 1, kTimeout);

        Answer<const QList<ContactQueueItem>&> queues;
        alice->loadContactQueues(bobAtAlice, &queues, queues.onDone(), queues.onFailed());
        QTRY_VERIFY_WITH_TIMEOUT(queues.answered(), kTimeout);
        QCOMPARE(queues.failed, 0);
        const auto list = queues.first();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).direction, QueueDirection::Receive);
        QCOMPARE(list.at(1).direction, QueueDirection::Send);
        for (const auto& q : list)
            QCOMPARE(q.relay, QString::fromStdString(relay.server().address()));
        QCOMPARE(queues.offThread, 0);

        ConversationView view(*alice.get(), contacts);
        view.resize(700, 500);
        view.show();
        view.showContact(bobAtAlice);
        QVERIFY(view.moveToOtherRelaysAction()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(healthOf(view), QStringLiteral(" · One relay"), kTimeout);
        QVERIFY2(detailsOf(view).contains(QStringLiteral("Receiving via 127.0.0.1:")),
                 qPrintable(detailsOf(view)));

        QSignalSpy moved(alice.get(), &EngineAdapter::contactQueuesChanged);
        // Cancelled: nothing asked of the engine.
        answerNextBox(QMessageBox::Cancel);
        view.moveToOtherRelaysAction()->trigger();
        QTest::qWait(200);
        QVERIFY(!failureBox(view));
        // Confirmed: the engine has no relay of another operator, and says so.
        answerNextBox(QMessageBox::Yes);
        view.moveToOtherRelaysAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(failureBox(view), kTimeout);
        const QString text = failureBox(view)->text();
        QVERIFY2(text.contains(QStringLiteral("no relay of another operator")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Bob")), qPrintable(text));
        QCOMPARE(moved.count(), 0);

        // The adapter's caller hears the code, to decide on.
        Answer<> direct;
        alice->switchQueues(bobAtAlice, &direct, direct.onDone(), direct.onFailed());
        QTRY_VERIFY_WITH_TIMEOUT(direct.answered(), kTimeout);
        QCOMPARE(direct.failed, 1);
        QVERIFY(direct.error.code == core::agent::AgentErrc::NoRelay);
        QCOMPARE(direct.offThread, 0);
        QCOMPARE(alice.offThread, 0);
    }

    // Two operators: once the second queue is in use the header says both are fine; with
    // relays of two more operators the user moves the conversation, the header shows the
    // move, and after it both relays are fine again with a new one among them.
    void bothRelaysFineThenMovedByHand() {
        RelayFixture first;
        RelayFixture second(onHost("127.0.0.2"));
        RelayFixture third(onHost("127.0.0.3"));
        RelayFixture fourth(onHost("127.0.0.4"));
        Profile alice("Alice");
        Profile bob("Bob");
        for (auto* relay : {&first, &second}) {
            alice.addRelay(relay->server().address());
            bob.addRelay(relay->server().address());
        }
        ContactListModel contacts;
        contacts.attach(*alice.get());
        const qint64 bobAtAlice = connectPair(alice, bob);
        QVERIFY(bobAtAlice != 0);
        QTRY_COMPARE_WITH_TIMEOUT(contacts.rowCount(), 1, kTimeout);
        ConversationView view(*alice.get(), contacts);
        view.resize(700, 500);
        view.show();
        view.showContact(bobAtAlice);

        // Bob writes until his messages come through the second queue as well (it is only
        // "in use" once he has sent on it); each message refreshes the header.
        qint64 aliceAtBob = 0;
        Answer<const QList<ContactItem>&> bobsContacts;
        bob->loadContacts(&bobsContacts, bobsContacts.onDone(), bobsContacts.onFailed());
        QTRY_VERIFY_WITH_TIMEOUT(bobsContacts.done == 1, kTimeout);
        aliceAtBob = bobsContacts.first().at(0).id;
        auto writeUntil = [&](const std::function<bool()>& condition) {
            QObject sender;
            for (int i = 0; i < 60 && !condition(); ++i) {
                bob->sendMessage(aliceAtBob, QStringLiteral("hello %1").arg(i), &sender, {});
                (void)QTest::qWaitFor(condition, 1000); // or write once more
            }
            return condition();
        };
        QVERIFY2(
            writeUntil([&] { return healthOf(view) == QStringLiteral(" · Both relays fine"); }),
            qPrintable(healthOf(view) + " / " + detailsOf(view)));
        QVERIFY(detailsOf(view).contains(QStringLiteral("127.0.0.1:")));
        QVERIFY(detailsOf(view).contains(QStringLiteral("127.0.0.2:")));

        // No third operator yet: nowhere to move.
        answerNextBox(QMessageBox::Yes);
        view.moveToOtherRelaysAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(failureBox(view), kTimeout);
        delete failureBox(view);

        alice.addRelay(third.server().address());
        alice.addRelay(fourth.server().address());
        QSignalSpy moved(alice.get(), &EngineAdapter::contactQueuesChanged);
        answerNextBox(QMessageBox::Yes);
        view.moveToOtherRelaysAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(moved.count(), 1, kTimeout);
        QCOMPARE(moved.at(0).at(0).toLongLong(), bobAtAlice);
        QVERIFY(!failureBox(view));
        // The header follows the move (announced by the adapter, so it reloads at once); on
        // loopback the move may be over by then, so what it says meanwhile is only logged.
        QTest::qWait(500);
        qInfo("after the move was asked: %s / %s", qPrintable(healthOf(view)),
              qPrintable(detailsOf(view)));

        // Bob's app takes the new queues up as he writes; then the old ones drain away.
        QVERIFY2(writeUntil([&] {
                     const QString details = detailsOf(view);
                     return healthOf(view) == QStringLiteral(" · Both relays fine") &&
                            (details.contains(QStringLiteral("Receiving via 127.0.0.3:")) ||
                             details.contains(QStringLiteral("Receiving via 127.0.0.4:")));
                 }),
                 qPrintable(healthOf(view) + " / " + detailsOf(view)));
        // The old queues drain and go. (Waited for, too, because the engine's drain timer
        // keeps itself alive until it ends: stopping the engine before would leak it.)
        auto draining = [&] {
            Answer<const QList<ContactQueueItem>&> queues;
            alice->loadContactQueues(bobAtAlice, &queues, queues.onDone(), queues.onFailed());
            if (!QTest::qWaitFor([&] { return queues.answered(); }, kTimeout) || !queues.done)
                return -1;
            return static_cast<int>(std::count_if(
                queues.first().cbegin(), queues.first().cend(),
                [](const ContactQueueItem& q) { return q.status == QueueStatus::Draining; }));
        };
        QTRY_COMPARE_WITH_TIMEOUT(draining(), 0, kTimeout);
        QCOMPARE(alice.offThread, 0);
    }
};

QTEST_MAIN(TestConversationRelays)
#include "test_conversation_relays.moc"
