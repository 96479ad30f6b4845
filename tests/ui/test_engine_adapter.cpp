// The engine adapter end to end: a real relay and two profiles in this process, driven only
// through the adapter's Qt API; every signal and continuation must arrive on the UI thread,
// only for the caller that asked, and never for one that is gone.
#include "adapter_profile.h"
#include "relay_fixture.h"
#include "store/database_key.h"
#include "ui/contact_list_model.h"
#include "ui/conversation_model.h"
#include "ui/engine_adapter.h"
#include "util/base64.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

using namespace ferry;
using namespace ferry::ui;
using ferry::test::RelayFixture;

namespace {

constexpr int kTimeout = ferry::test::kAdapterTimeoutMs;
using Profile = ferry::test::AdapterProfile;
template <typename... Args> using Answer = ferry::test::Answer<Args...>;

} // namespace

class TestEngineAdapter : public QObject {
    Q_OBJECT

private slots:
    void invitationConnectsSendsAndDelivers() {
        RelayFixture relay;
        Profile alice("Alice");
        Profile bob("Bob");
        alice.addRelay(relay.server().address());
        bob.addRelay(relay.server().address());
        ContactListModel contacts;
        contacts.attach(*alice.get());
        ConversationModel conversation;
        conversation.attach(*alice.get());

        Answer<const QString&> invited;
        alice->createInvitation(&invited, invited.onDone(), invited.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(invited.done, 1, kTimeout);
        const QString link = invited.first();
        QVERIFY(!link.isEmpty());

        QSignalSpy aliceConnected(alice.get(), &EngineAdapter::contactConnected);
        QSignalSpy bobConnected(bob.get(), &EngineAdapter::contactConnected);
        QSignalSpy joined(bob.get(), &EngineAdapter::linkConnected);
        Answer<qint64> connected;
        bob->connectLink(link, &connected, connected.onDone(), connected.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(connected.done, 1, kTimeout);
        QCOMPARE(joined.count(), 1); // announced to every model too
        QCOMPARE(joined.at(0).at(0).toLongLong(), connected.first());
        QTRY_VERIFY_WITH_TIMEOUT(!aliceConnected.isEmpty(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!bobConnected.isEmpty(), kTimeout);
        const auto bobAtAlice = aliceConnected.last().at(0).value<ContactItem>();
        const auto aliceAtBob = bobConnected.last().at(0).value<ContactItem>();
        QCOMPARE(bobAtAlice.name, QString("Bob"));
        QCOMPARE(aliceAtBob.name, QString("Alice"));
        QCOMPARE(contacts.rowCount(), 1);

        conversation.setContact(bobAtAlice.id);
        QSignalSpy sending(alice.get(), &EngineAdapter::messageSending);
        QSignalSpy sent(alice.get(), &EngineAdapter::messageSent);
        QSignalSpy delivery(alice.get(), &EngineAdapter::deliveryChanged);
        QSignalSpy received(bob.get(), &EngineAdapter::messageReceived);
        Answer<> sendFailure;
        const quint64 ticket = alice->sendMessage(bobAtAlice.id, QStringLiteral("hello Bob ✓"),
                                                  &sendFailure, sendFailure.onFailed());
        // The pending row is there before the engine has even seen the message.
        QCOMPARE(sending.count(), 1);
        QCOMPARE(conversation.rowCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, kTimeout);
        QCOMPARE(sent.at(0).at(0).toULongLong(), ticket);
        const qint64 messageId = sent.at(0).at(2).toLongLong();

        QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, kTimeout);
        const auto got = received.at(0).at(0).value<MessageItem>();
        QCOMPARE(got.text, QStringLiteral("hello Bob ✓"));
        QCOMPARE(got.contactId, aliceAtBob.id);
        QVERIFY(!got.outgoing);
        auto deliveredNow = [&] {
            for (const auto& args : delivery) {
                if (args.at(0).toLongLong() == messageId &&
                    args.at(1).value<MessageState>() == MessageState::Delivered)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(deliveredNow(), kTimeout);
        QTRY_COMPARE(conversation.data(conversation.index(0), ConversationModel::StateRole).toInt(),
                     static_cast<int>(MessageState::Delivered));
        QCOMPARE(contacts.data(contacts.index(0), ContactListModel::LastMessageRole).toString(),
                 QStringLiteral("hello Bob ✓"));

        Answer<const QList<MessageItem>&, bool> history;
        alice->loadHistory(bobAtAlice.id, &history, history.onDone(), history.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(history.done, 1, kTimeout);
        const auto messages = history.first();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0).id, messageId);
        QVERIFY(messages.at(0).outgoing);
        QCOMPARE(messages.at(0).state, MessageState::Delivered);
        QCOMPARE(conversation.rowCount(), 1);
        QCOMPARE(sendFailure.failed, 0);

        Answer<const QList<ContactItem>&> loaded;
        bob->loadContacts(&loaded, loaded.onDone(), loaded.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.done, 1, kTimeout);
        const auto list = loaded.first();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).name, QString("Alice"));
        QCOMPARE(list.at(0).status, ContactState::Connected);

        QVERIFY(alice.seen > 0 && bob.seen > 0);
        QCOMPARE(alice.offThread, 0);
        QCOMPARE(bob.offThread, 0);
        for (int offThread :
             {invited.offThread, connected.offThread, history.offThread, loaded.offThread})
            QCOMPARE(offThread, 0);
    }

    void badLinkIsReportedAsFailure() {
        RelayFixture relay;
        Profile bob("Bob");
        Answer<qint64> connected;
        bob->connectLink(QStringLiteral("hello"), &connected, connected.onDone(),
                         connected.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(connected.failed, 1, kTimeout);
        QCOMPARE(connected.done, 0);
        QVERIFY(QString::fromStdString(connected.error.message).contains("not a valid Ferry link"));
        QCOMPARE(connected.offThread, 0);
    }

    void continuationsRunOnTheUiThread() {
        Profile alice("Alice");
        Qt::HANDLE engineThread = nullptr;
        Qt::HANDLE doneThread = nullptr;
        // The engine's own completion runs on its network thread...
        alice->agent().displayName([&engineThread](core::Result<std::string>) {
            engineThread = QThread::currentThreadId();
        });
        // ...and the adapter's continuations on the thread that owns the adapter.
        QObject receiver;
        bool done = false;
        alice->loadContacts(&receiver,
                            [&](const QList<ContactItem>&) {
                                doneThread = QThread::currentThreadId();
                                done = true;
                            },
                            {});
        QVERIFY(!done); // never called from inside the call
        QTRY_VERIFY_WITH_TIMEOUT(done, kTimeout);
        QVERIFY(engineThread != nullptr);
        QVERIFY(engineThread != QThread::currentThreadId());
        QCOMPARE(doneThread, QThread::currentThreadId());
    }

    void failureReachesOnlyTheCallerThatAsked() {
        Profile bob("Bob");
        // Two operations at once from two callers; the first fails (not a link), the second
        // succeeds. Neither hears of the other's outcome.
        Answer<qint64> connecting;
        Answer<const QString&> invited; // no relay yet: fails with its own error
        Answer<const QList<ContactItem>&> loading;
        bob->connectLink(QStringLiteral("hello"), &connecting, connecting.onDone(),
                         connecting.onFailed());
        bob->loadContacts(&loading, loading.onDone(), loading.onFailed());
        bob->createInvitation(&invited, invited.onDone(), invited.onFailed());
        QTRY_VERIFY_WITH_TIMEOUT(connecting.answered() && loading.answered() && invited.answered(),
                                 kTimeout);
        QTest::qWait(100); // room for a stray second call
        QCOMPARE(connecting.failed, 1);
        QCOMPARE(connecting.done, 0);
        QCOMPARE(loading.done, 1);
        QCOMPARE(loading.failed, 0);
        QCOMPARE(invited.failed, 1);
        QCOMPARE(invited.done, 0);
        QVERIFY(
            QString::fromStdString(connecting.error.message).contains("not a valid Ferry link"));
        QVERIFY(!QString::fromStdString(invited.error.message).contains("not a valid Ferry link"));
    }

    void continuationOfADestroyedReceiverIsDropped() {
        Profile alice("Alice");
        bool called = false;
        auto* gone = new QObject;
        // The continuation touches its receiver: under ASan a call after the delete would be
        // a use-after-free, not just a wrong flag.
        alice->loadContacts(
            gone,
            [&called, gone](const QList<ContactItem>&) {
                called = true;
                gone->setObjectName(QStringLiteral("touched"));
            },
            [&called, gone](const core::Error&) {
                called = true;
                gone->setObjectName(QStringLiteral("touched"));
            });
        alice->loadRequests(
            gone, [&called](const QList<RequestItem>&) { called = true; },
            [&called](const core::Error&) { called = true; });
        delete gone; // the dialog closed before the engine answered
        // Local reads complete in the order they were asked, so once a later caller has its
        // answer the earlier ones have been delivered (or dropped).
        Answer<const QList<ContactItem>&> later;
        alice->loadContacts(&later, later.onDone(), later.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(later.done, 1, kTimeout);
        QTest::qWait(50);
        QVERIFY(!called);
    }

    void profileChangesAreAnnouncedEvenWhenTheCallerIsGone() {
        RelayFixture relay;
        Profile alice("Alice");
        QSignalSpy added(alice.get(), &EngineAdapter::relayAdded);
        bool called = false;
        auto* gone = new QObject;
        alice->addRelay(
            QString::fromStdString(relay.server().address()), gone, [&called] { called = true; },
            [&called](const core::Error&) { called = true; });
        delete gone;
        // The relay list changed whoever asked: the models still hear of it.
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, kTimeout);
        QVERIFY(!called);
    }

    void uiThreadKeepsRunningWhileRelayIsDown() {
        RelayFixture relay;
        Profile alice("Alice");
        alice.addRelay(relay.server().address());
        relay.stopServer();

        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
        ticker.start();

        Answer<const QString&> invited;
        Answer<const QList<MessageItem>&, bool> history;
        auto invitationDone = [&] { return invited.answered(); };
        QElapsedTimer clock;
        clock.start();
        // Needs the relay: pending while it is down.
        alice->createInvitation(&invited, invited.onDone(), invited.onFailed());
        alice->loadHistory(1, &history, history.onDone(), history.onFailed());
        QVERIFY2(clock.elapsed() < 500, "the calls returned at once");
        // A local read completes while the relay operation is still pending.
        QTRY_COMPARE_WITH_TIMEOUT(history.done, 1, kTimeout);
        QVERIFY(!invitationDone());
        const int ticksBefore = ticks;
        QTest::qWait(1000);
        qInfo("%d ticks in 1 s with the invitation pending: %d", ticks - ticksBefore,
              !invitationDone());
        QVERIFY2(ticks - ticksBefore >= 30, "the UI thread kept running");

        relay.startOnSamePort();
        QTRY_VERIFY_WITH_TIMEOUT(invitationDone(), 60000);
        qInfo("invitation %s after the relay came back", invited.done ? "made" : "failed");
        QCOMPARE(alice.offThread, 0);
    }

    void directoriesAreLoadedStoredAndAnnounced() {
        Profile alice("Alice");
        Answer<const core::agent::DirectorySettings&> initial;
        alice->loadDirectories(&initial, initial.onDone(), initial.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(initial.done, 1, kTimeout);
        QCOMPARE(initial.first(), core::agent::DirectorySettings{});

        const std::string address =
            "https://" + core::base64UrlEncode(core::Bytes(32, 1)) + "@directory.example.org:8443";
        const core::agent::DirectorySettings wanted{{address}, true};
        QSignalSpy changed(alice.get(), &EngineAdapter::directoriesChanged);
        Answer<> stored;
        alice->setDirectories(wanted, &stored, stored.onDone(), stored.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(stored.done, 1, kTimeout);
        // Announced for every view that shows them, before the caller hears.
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toStringList(), QStringList{QString::fromStdString(address)});
        QCOMPARE(changed.at(0).at(1).toBool(), true);

        Answer<const core::agent::DirectorySettings&> loaded;
        alice->loadDirectories(&loaded, loaded.onDone(), loaded.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.done, 1, kTimeout);
        QCOMPARE(loaded.first(), wanted);

        // Not a directory address: that caller hears why, nothing changes, nobody is told.
        Answer<> refused;
        alice->setDirectories({{"https://directory.example.org"}, false}, &refused,
                              refused.onDone(), refused.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(refused.failed, 1, kTimeout);
        QVERIFY2(QString::fromStdString(refused.error.message).contains("fingerprint"),
                 refused.error.message.c_str());
        Answer<const core::agent::DirectorySettings&> after;
        alice->loadDirectories(&after, after.onDone(), after.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(after.done, 1, kTimeout);
        QCOMPARE(after.first(), wanted);
        QCOMPARE(changed.count(), 1);

        // A change whose caller is gone is still announced.
        auto* gone = new QObject;
        alice->setDirectories({}, gone, [] { QFAIL("the caller is gone"); }, {});
        delete gone;
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeout);
        QVERIFY(changed.at(1).at(0).toStringList().isEmpty());
        for (int offThread : {initial.offThread, stored.offThread, loaded.offThread,
                              refused.offThread, after.offThread})
            QCOMPARE(offThread, 0);
    }

    void closingWithOperationsPendingDoesNotHang() {
        RelayFixture relay;
        auto alice = std::make_unique<Profile>("Alice");
        alice->addRelay(relay.server().address());
        relay.stopServer();
        // The caller outlives the adapter here: the adapter going drops the answers.
        bool called = false;
        QObject caller;
        (*alice)->createInvitation(
            &caller, [&called](const QString&) { called = true; },
            [&called](const core::Error&) { called = true; });
        (*alice)->createAddress(
            &caller, [&called](const QString&) { called = true; },
            [&called](const core::Error&) { called = true; });
        QTest::qWait(50);
        QElapsedTimer clock;
        clock.start();
        alice.reset();
        QVERIFY(clock.elapsed() < 15000);
        QTest::qWait(100); // anything still queued for the adapter is dropped, not delivered
        QVERIFY(!called);
    }
};

QTEST_MAIN(TestEngineAdapter)
#include "test_engine_adapter.moc"
