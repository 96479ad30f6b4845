// The main window driven like a person would: two profiles in this process, each with its
// own window, talk through an in-process relay — invite, connect, type, read, retry.
#include "adapter_profile.h"
#include "relay_fixture.h"
#include "ui/composer.h"
#include "ui/connect_dialog.h"
#include "ui/contact_list_model.h"
#include "ui/conversation_model.h"
#include "ui/conversation_view.h"
#include "ui/invite_dialog.h"
#include "ui/main_window.h"
#include "ui/message_bubble.h"
#include "ui/message_list_view.h"
#include "ui/preferences.h"
#include "ui/requests_dialog.h"
#include "ui/tray_icon.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QToolButton>

using namespace ferry;
using namespace ferry::ui;
using ferry::test::AdapterProfile;
using ferry::test::RelayFixture;

namespace {

constexpr int kTimeout = ferry::test::kAdapterTimeoutMs;

/// A profile with its main window, as the app builds them.
struct Person {
    explicit Person(const std::string& name, const std::string& relay)
        : profile(name), preferences(profile.dir.path()),
          window(*profile.get(), preferences, QString::fromStdString(name)) {
        profile.addRelay(relay);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
    }

    /// The contact list row of the first contact, once it is connected.
    qint64 waitForConnectedContact() {
        ContactListModel* contacts = window.contacts();
        auto connected = [&] {
            return contacts->rowCount() == 1 &&
                   contacts->index(0).data(ContactListModel::StatusRole).toInt() ==
                       static_cast<int>(ContactState::Connected);
        };
        if (!QTest::qWaitFor(connected, kTimeout))
            return 0;
        return contacts->index(0).data(ContactListModel::IdRole).toLongLong();
    }

    MessageListView* messages() { return window.conversation()->messageList(); }

    void type(const QString& text) {
        MessageEdit* edit = window.conversation()->composer()->editor();
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
    }

    AdapterProfile profile;
    Preferences preferences;
    MainWindow window;
};

template <typename T> T* waitForChild(QWidget& parent) {
    T* found = nullptr;
    const bool appeared =
        QTest::qWaitFor([&] { return (found = parent.findChild<T*>()) != nullptr; }, kTimeout);
    return appeared ? found : nullptr;
}

/// Alice invites from her window, Bob pastes the link into his Connect dialog.
QString connectWindows(Person& alice, Person& bob) {
    alice.window.findChild<QToolButton*>(QStringLiteral("inviteButton"))->click();
    auto* invite = waitForChild<InviteDialog>(alice.window);
    if (!invite || !QTest::qWaitFor([&] { return !invite->link().isEmpty(); }, kTimeout))
        return {};
    const QString link = invite->link();
    invite->close();

    bob.window.findChild<QToolButton*>(QStringLiteral("sidebarConnectButton"))->click();
    auto* connect = waitForChild<ConnectDialog>(bob.window);
    if (!connect)
        return {};
    connect->setLink(link);
    connect->connectToLink();
    return link;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void firstMessageBetweenTwoWindows() {
        RelayFixture relay;
        Person alice("Alice", relay.server().address());
        Person bob("Bob", relay.server().address());
        // A new profile greets with the ways to add someone.
        QVERIFY(
            alice.window.findChild<QPushButton*>(QStringLiteral("emptyInviteButton"))->isVisible());

        QVERIFY(!connectWindows(alice, bob).isEmpty());
        const qint64 bobAtAlice = alice.waitForConnectedContact();
        const qint64 aliceAtBob = bob.waitForConnectedContact();
        QVERIFY(bobAtAlice && aliceAtBob);
        QCOMPARE(alice.window.contacts()->index(0).data(ContactListModel::NameRole).toString(),
                 QStringLiteral("Bob"));
        // Bob connected from his window, so his conversation with Alice is open already.
        QTRY_COMPARE_WITH_TIMEOUT(bob.window.conversation()->contactId(), aliceAtBob, kTimeout);

        // Alice picks Bob in her list, types and presses Enter.
        QListView* list = alice.window.contactView();
        list->setCurrentIndex(list->model()->index(0, 0));
        QCOMPARE(alice.window.conversation()->contactId(), bobAtAlice);
        QVERIFY(alice.window.conversation()->composer()->blockedReason().isEmpty());
        alice.type(QStringLiteral("Hello Bob, see https://example.org/x."));
        QCOMPARE(alice.messages()->bubbleCount(), 1); // shown at once, before the engine answers
        QVERIFY(alice.window.conversation()->composer()->editor()->toPlainText().isEmpty());

        // It appears in Bob's window...
        QTRY_COMPARE_WITH_TIMEOUT(bob.messages()->bubbleCount(), 1, kTimeout);
        MessageBubble* got = bob.messages()->bubble(0);
        QCOMPARE(got->text(), QStringLiteral("Hello Bob, see https://example.org/x."));
        QVERIFY(!got->outgoing());
        // ...with the link clickable and the text selectable.
        auto* label = got->findChild<QLabel*>(QStringLiteral("messageText"));
        QVERIFY(label->text().contains(QStringLiteral("<a href=\"https://example.org/x\">")));
        QVERIFY(label->textInteractionFlags() & Qt::TextSelectableByMouse);

        // ...and Alice's bubble gets its delivered mark.
        QTRY_COMPARE_WITH_TIMEOUT(alice.messages()->bubble(0)->state(), MessageState::Delivered,
                                  kTimeout);
        auto* meta = alice.messages()->bubble(0)->findChild<QLabel*>(QStringLiteral("messageMeta"));
        QVERIFY(meta->text().endsWith(QStringLiteral("✓✓")));

        // Bob answers on two lines (Shift+Enter); Alice's list shows it unread while she is
        // looking elsewhere.
        alice.window.conversation()->showContact(0);
        MessageEdit* edit = bob.window.conversation()->composer()->editor();
        QTest::keyClicks(edit, QStringLiteral("Hi Alice"));
        QTest::keyClick(edit, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(edit, QStringLiteral("second line"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(
            alice.window.contacts()->index(0).data(ContactListModel::UnreadRole).toInt(), 1,
            kTimeout);
        QCOMPARE(alice.window.contacts()->index(0).data(ContactListModel::LastMessageRole),
                 QVariant(QStringLiteral("Hi Alice\nsecond line")));
        // Opening the conversation with the window active marks it read.
        QApplication::setActiveWindow(&alice.window);
        alice.window.openContact(bobAtAlice);
        QTRY_COMPARE_WITH_TIMEOUT(alice.messages()->bubbleCount(), 2, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            alice.window.contacts()->index(0).data(ContactListModel::UnreadRole).toInt(), 0,
            kTimeout);
    }

    void requestsThroughTheAddressAreAcceptedInTheWindow() {
        RelayFixture relay;
        Person alice("Alice", relay.server().address());
        Person bob("Bob", relay.server().address());
        ferry::test::Answer<const QString&> created;
        alice.profile->createAddress(&created, created.onDone(), created.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(created.done, 1, kTimeout);
        bob.profile->connectLink(created.first(), bob.profile.get(), {}, {});

        // Alice's window says a request is waiting; she opens it and accepts.
        auto* button = alice.window.findChild<QPushButton*>(QStringLiteral("requestsButton"));
        QTRY_VERIFY_WITH_TIMEOUT(button->isVisible(), kTimeout);
        QVERIFY(button->text().contains(QStringLiteral("1 contact request")));
        button->click();
        auto* dialog = waitForChild<RequestsDialog>(alice.window);
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->requestCount(), 1, kTimeout);
        dialog->findChild<QPushButton*>(QStringLiteral("acceptRequest"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(dialog->requestCount(), 0, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!button->isVisible(), kTimeout);
        const qint64 bobAtAlice = alice.waitForConnectedContact();
        QVERIFY(bobAtAlice);
        QVERIFY(bob.waitForConnectedContact());
        // The accepted contact opens by itself.
        QTRY_COMPARE_WITH_TIMEOUT(alice.window.conversation()->contactId(), bobAtAlice, kTimeout);
    }

    void renameAndDeleteAskFirst() {
        RelayFixture relay;
        Person alice("Alice", relay.server().address());
        Person bob("Bob", relay.server().address());
        QVERIFY(!connectWindows(alice, bob).isEmpty());
        const qint64 bobAtAlice = alice.waitForConnectedContact();
        QVERIFY(bob.waitForConnectedContact());
        alice.window.openContact(bobAtAlice);
        auto* menu = alice.window.findChild<QToolButton*>(QStringLiteral("conversationMenu"));
        QList<QAction*> actions = menu->menu()->actions();

        // Rename: the dialog asks for the new name.
        QTimer::singleShot(0, [] {
            auto* input = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            QVERIFY(input);
            input->setTextValue(QStringLiteral("Bobby"));
            input->accept();
        });
        actions.at(0)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(
            alice.window.contacts()->index(0).data(ContactListModel::NameRole).toString(),
            QStringLiteral("Bobby"), kTimeout);
        QTRY_COMPARE(alice.window.findChild<QLabel*>(QStringLiteral("conversationName"))->text(),
                     QStringLiteral("Bobby"));

        // Delete: cancelling the question keeps the contact...
        auto answer = [](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [button] {
                auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
                QVERIFY(box);
                QVERIFY(box->text().contains(QStringLiteral("Bobby")));
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        actions.at(1)->trigger();
        QTest::qWait(300);
        QCOMPARE(alice.window.contacts()->rowCount(), 1);
        // ...and confirming deletes it (and its queues; Bob learns that Alice left).
        QSignalSpy left(bob.profile.get(), &EngineAdapter::contactLeft);
        answer(QMessageBox::Yes);
        actions.at(1)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(alice.window.contacts()->rowCount(), 0, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(left.count(), 1, kTimeout);
        QCOMPARE(alice.window.conversation()->contactId(), 0);
    }

    void composerSaysWhyItCannotSend() {
        RelayFixture relay;
        Person alice("Alice", relay.server().address());
        // Nothing chosen: the composer says what to do.
        QVERIFY(!alice.window.conversation()->composer()->blockedReason().isEmpty());
        // A contact that has not finished connecting cannot be written to yet.
        ContactItem pending;
        pending.id = 77;
        pending.name = QStringLiteral("Carol");
        pending.status = ContactState::Pending;
        pending.createdAt = QDateTime::currentDateTime();
        alice.window.contacts()->onContactConnected(pending);
        alice.window.openContact(77);
        Composer* composer = alice.window.conversation()->composer();
        QVERIFY(composer->blockedReason().contains(QStringLiteral("Carol")));
        QVERIFY(!composer->editor()->isEnabled());
        QVERIFY(!composer->findChild<QToolButton*>(QStringLiteral("sendButton"))->isEnabled());
        // Once connected, it opens up.
        pending.status = ContactState::Connected;
        alice.window.contacts()->onContactConnected(pending);
        QVERIFY(composer->blockedReason().isEmpty());
        QVERIFY(composer->editor()->isEnabled());
    }

    void searchFiltersTheContactList() {
        RelayFixture relay;
        Person alice("Alice", relay.server().address());
        for (auto [id, name] : {std::pair{1, "Bob"}, {2, "Carol"}, {3, "Bobby"}}) {
            ContactItem c;
            c.id = id;
            c.name = QString::fromLatin1(name);
            c.status = ContactState::Connected;
            c.createdAt = QDateTime::currentDateTime();
            alice.window.contacts()->onContactConnected(c);
        }
        auto* search = alice.window.findChild<QLineEdit*>(QStringLiteral("contactSearch"));
        QTest::keyClicks(search, QStringLiteral("bob"));
        QCOMPARE(alice.window.contactView()->model()->rowCount(), 2);
        search->clear();
        QCOMPARE(alice.window.contactView()->model()->rowCount(), 3);
    }

    void windowStaysResponsiveWhileTheRelayIsDown() {
        RelayFixture relay;
        Person alice("Alice", relay.server().address());
        Person bob("Bob", relay.server().address());
        QVERIFY(!connectWindows(alice, bob).isEmpty());
        const qint64 bobAtAlice = alice.waitForConnectedContact();
        QVERIFY(bob.waitForConnectedContact());
        alice.window.openContact(bobAtAlice);

        relay.stopServer();
        auto* banner = alice.window.findChild<QLabel*>(QStringLiteral("relayBanner"));
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeout);

        // Typing and sending while the relay is unreachable never stalls the event loop.
        QElapsedTimer clock;
        clock.start();
        alice.type(QStringLiteral("are you there?"));
        QCOMPARE(alice.messages()->bubbleCount(), 1);
        qint64 longestGap = 0;
        qint64 last = clock.elapsed();
        QTimer ticker;
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            longestGap = std::max(longestGap, clock.elapsed() - last);
            last = clock.elapsed();
        });
        ticker.start(10);
        QTest::qWait(2000);
        QVERIFY2(longestGap < 500, qPrintable(QString::number(longestGap)));
        QCOMPARE(alice.messages()->bubble(0)->state(), MessageState::Pending);

        // The relay comes back: the banner goes and the message is delivered.
        relay.startOnSamePort();
        QTRY_COMPARE_WITH_TIMEOUT(alice.messages()->bubble(0)->state(), MessageState::Delivered,
                                  kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), kTimeout);
    }

    void failedMessageOffersRetry() {
        // Alice receives on relay A, Bob on relay B. With A down, Bob's goodbye cannot reach
        // Alice, so she still writes to his (now deleted) queue on B, which B refuses.
        RelayFixture relayA;
        RelayFixture relayB;
        Person alice("Alice", relayA.server().address());
        Person bob("Bob", relayB.server().address());
        // Alice sends straight to B: through her own relay (private routing) nothing would
        // leave while A is stopped, and this is about B's refusal.
        bool direct = false;
        alice.profile->setRouting({core::agent::PrivateRouting::Never, false}, alice.profile.get(),
                                  [&] { direct = true; }, {});
        QTRY_VERIFY_WITH_TIMEOUT(direct, kTimeout);
        QVERIFY(!connectWindows(alice, bob).isEmpty());
        const qint64 bobAtAlice = alice.waitForConnectedContact();
        const qint64 aliceAtBob = bob.waitForConnectedContact();
        relayA.stopServer();
        QSignalSpy deleted(bob.profile.get(), &EngineAdapter::contactDeleted);
        bob.profile->deleteContact(aliceAtBob, bob.profile.get(), {}, {});
        QTRY_COMPARE_WITH_TIMEOUT(deleted.count(), 1, kTimeout);

        alice.window.openContact(bobAtAlice);
        alice.type(QStringLiteral("hello?"));
        QTRY_COMPARE_WITH_TIMEOUT(alice.messages()->bubble(0)->state(), MessageState::Failed,
                                  kTimeout);
        auto* retry =
            alice.messages()->bubble(0)->findChild<QToolButton*>(QStringLiteral("retryButton"));
        QVERIFY(retry->isVisibleTo(alice.messages()->bubble(0)));
        QSignalSpy delivery(alice.profile.get(), &EngineAdapter::deliveryChanged);
        retry->click();
        // Back to pending, then refused again (the queue is still gone).
        QTRY_VERIFY_WITH_TIMEOUT(!delivery.isEmpty(), kTimeout);
        QCOMPARE(delivery.first().at(1).value<MessageState>(), MessageState::Pending);
        QTRY_COMPARE_WITH_TIMEOUT(alice.messages()->bubble(0)->state(), MessageState::Failed,
                                  kTimeout);

        // Once relay A is back, Bob's goodbye arrives: the conversation says he left.
        relayA.startOnSamePort();
        QTRY_COMPARE_WITH_TIMEOUT(
            alice.window.contacts()->index(0).data(ContactListModel::StatusRole).toInt(),
            static_cast<int>(ContactState::Deleted), kTimeout);
        QVERIFY(alice.window.conversation()->composer()->blockedReason().contains(
            QStringLiteral("Bob")));
    }

    void aMessageWaitingOnItsRouteSaysWhyAndCanBeTriedNow() {
        // Alice writes to Bob's relay B through her own relay A (private routing, the
        // default). With A down her message waits, says why, and offers to try now.
        RelayFixture relayA;
        RelayFixture relayB;
        Person alice("Alice", relayA.server().address());
        Person bob("Bob", relayB.server().address());
        QVERIFY(!connectWindows(alice, bob).isEmpty());
        const qint64 bobAtAlice = alice.waitForConnectedContact();
        QVERIFY(bob.waitForConnectedContact());
        relayA.stopServer();
        alice.window.openContact(bobAtAlice);
        alice.type(QStringLiteral("are you there?"));
        // The list may be rebuilt meanwhile: look the bubble up each time.
        auto meta = [&] {
            return alice.messages()->bubble(0)->findChild<QLabel*>(QStringLiteral("messageMeta"));
        };
        auto retryVisible = [&] {
            MessageBubble* bubble = alice.messages()->bubble(0);
            return bubble->findChild<QToolButton*>(QStringLiteral("retryButton"))
                ->isVisibleTo(bubble);
        };
        QTRY_VERIFY_WITH_TIMEOUT(meta()->text().contains(QStringLiteral("not sent yet")), kTimeout);
        QVERIFY2(meta()->toolTip().contains(QStringLiteral("private routing through 127.0.0.1")),
                 qPrintable(meta()->toolTip()));
        QCOMPARE(alice.messages()->bubble(0)->state(), MessageState::Pending);
        QVERIFY(retryVisible());

        relayA.startOnSamePort();
        alice.messages()
            ->bubble(0)
            ->findChild<QToolButton*>(QStringLiteral("retryButton"))
            ->click();
        QTRY_COMPARE_WITH_TIMEOUT(alice.messages()->bubble(0)->state(), MessageState::Delivered,
                                  kTimeout);
        QVERIFY(!meta()->text().contains(QStringLiteral("not sent yet")));
        QVERIFY(!retryVisible());
    }

    void scrollingUpShowsOlderMessages() {
        RelayFixture relay;
        Person alice("Alice", relay.server().address());
        Person bob("Bob", relay.server().address());
        QVERIFY(!connectWindows(alice, bob).isEmpty());
        const qint64 bobAtAlice = alice.waitForConnectedContact();
        const qint64 aliceAtBob = bob.waitForConnectedContact();
        constexpr int kCount = 65; // more than one page (50)
        for (int i = 1; i <= kCount; ++i)
            bob.profile->sendMessage(aliceAtBob, QStringLiteral("message %1").arg(i),
                                     bob.profile.get(), {});
        QTRY_COMPARE_WITH_TIMEOUT(
            alice.window.contacts()->index(0).data(ContactListModel::UnreadRole).toInt(), kCount,
            kTimeout);

        alice.window.openContact(bobAtAlice);
        QTRY_COMPARE_WITH_TIMEOUT(alice.messages()->bubbleCount(), 50, kTimeout);
        QCOMPARE(alice.messages()->bubble(49)->text(), QStringLiteral("message 65"));
        QScrollBar* bar = alice.messages()->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0 && bar->value() == bar->maximum()); // newest in view

        bar->setValue(0); // the user scrolls to the top
        QTRY_COMPARE_WITH_TIMEOUT(alice.messages()->bubbleCount(), kCount, kTimeout);
        QCOMPARE(alice.messages()->bubble(0)->text(), QStringLiteral("message 1"));
        // What the user was reading stays in place instead of jumping to the new top.
        QTRY_VERIFY(bar->value() > 0);
        // Nothing older: scrolling up again loads nothing more.
        bar->setValue(0);
        QTest::qWait(300);
        QCOMPARE(alice.messages()->bubbleCount(), kCount);
    }

    void notificationsHideTheTextWhenPreviewsAreOff() {
        RelayFixture relay;
        Person alice("Alice", relay.server().address());
        Person bob("Bob", relay.server().address());
        TrayIcon tray(alice.window, *alice.profile.get(), alice.preferences);
        QVERIFY(!connectWindows(alice, bob).isEmpty());
        QVERIFY(alice.waitForConnectedContact());
        const qint64 aliceAtBob = bob.waitForConnectedContact();
        alice.window.conversation()->showContact(0);

        bob.profile->sendMessage(aliceAtBob, QStringLiteral("secret plans"), bob.profile.get(), {});
        QTRY_COMPARE_WITH_TIMEOUT(tray.lastNotificationBody(), QStringLiteral("secret plans"),
                                  kTimeout);
        QCOMPARE(tray.lastNotificationTitle(), QStringLiteral("Bob"));
        QTRY_COMPARE_WITH_TIMEOUT(tray.unreadCount(), 1, kTimeout);

        alice.preferences.setNotificationPreviews(false);
        bob.profile->sendMessage(aliceAtBob, QStringLiteral("more secrets"), bob.profile.get(), {});
        QTRY_COMPARE_WITH_TIMEOUT(tray.unreadCount(), 2, kTimeout);
        QVERIFY(!tray.lastNotificationBody().contains(QStringLiteral("secret")));
        QVERIFY(!tray.lastNotificationTitle().contains(QStringLiteral("Bob")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
