// Drives the real windows through a first conversation — onboarding, invite, connect, chat,
// settings, address — and saves a picture of each view: the README's screenshots. Two
// profiles and a relay run in this process. Run it under a real X server (Xvfb) with
// scripts/screenshots.sh so fonts and styles are what a person sees.
#include "app/in_app_relay/in_app_relay.h"
#include "free_port.h"
#include "quick_port_mapper.h"
#include "relay_fixture.h"
#include "store/database_key.h"
#include "ui/address_dialog.h"
#include "ui/application_identity.h"
#include "ui/composer.h"
#include "ui/connect_dialog.h"
#include "ui/contact_list_model.h"
#include "ui/conversation_view.h"
#include "ui/engine_adapter.h"
#include "ui/icons.h"
#include "ui/invite_dialog.h"
#include "ui/main_window.h"
#include "ui/message_bubble.h"
#include "ui/message_list_view.h"
#include "ui/node_controller.h"
#include "ui/node_panel.h"
#include "ui/onboarding_dialog.h"
#include "ui/preferences.h"
#include "ui/settings_dialog.h"

#include <QApplication>
#include <QDir>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTest>
#include <cstdio>
#include <memory>

using namespace ferry;
using namespace ferry::ui;

namespace {

constexpr int kTimeout = 30000;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "screenshot tour: %s\n", what);
    std::exit(1);
}

void waitUntil(const std::function<bool()>& condition, const char* what) {
    if (!QTest::qWaitFor(condition, kTimeout))
        fail(what);
}

struct Person {
    /// With `contribute`, this person's app runs the in-app relay and shows its Node page.
    Person(const QString& name, const std::string& relay, bool contribute = false) {
        core::agent::AgentConfig config;
        config.databaseFile = dir.path().toStdString() + "/profile.db";
        config.databaseKey = core::store::generateDatabaseKey();
        config.createWithName = name.toStdString();
        QString error;
        engine.reset(EngineAdapter::open(std::move(config), nullptr, &error));
        if (!engine)
            fail("cannot open a profile");
        preferences = std::make_unique<Preferences>(dir.path());
        preferences->setCloseToTray(false);
        if (contribute) {
            NodeLimits limits;
            limits.port = test::freeLoopbackPort();
            limits.dailyQuotaBytes = 2ull << 30;
            preferences->setNodeLimits(limits);
            app::InAppRelay::Options options;
            options.dataDir = dir.filePath(QStringLiteral("relay"));
            options.advertisedHost = QStringLiteral("127.0.0.1");
            options.listenAddress = QStringLiteral("127.0.0.1");
            inAppRelay = std::make_unique<app::InAppRelay>(options, engine->agent(), clock);
            // No router here answers UPnP or NAT-PMP: the mapping fails within a second or
            // two, as at a home without port mapping, and the relay falls back to a tunnel.
            node = std::make_unique<NodeController>(*inAppRelay, *engine, *preferences, clock,
                                                    nullptr, test::quickPortMapper);
        }
        window = std::make_unique<MainWindow>(*engine, *preferences, name, node.get());
        window->resize(1040, 680);
        if (!relay.empty())
            engine->addRelay(QString::fromStdString(relay), engine.get(), {}, {});
        window->show();
    }
    ~Person() {
        window.reset();
        node.reset();
        inAppRelay.reset();
        engine.reset();
    }

    void type(const QString& text) {
        // Inserted rather than typed: QTest can only type ASCII.
        MessageEdit* edit = window->conversation()->composer()->editor();
        edit->insertPlainText(text);
        QTest::keyClick(edit, Qt::Key_Return);
    }

    QTemporaryDir dir;
    core::SystemClock clock;
    std::unique_ptr<EngineAdapter> engine;
    std::unique_ptr<app::InAppRelay> inAppRelay;
    std::unique_ptr<NodeController> node;
    std::unique_ptr<Preferences> preferences;
    std::unique_ptr<MainWindow> window;
};

class Shooter {
public:
    explicit Shooter(QString folder) : m_folder(std::move(folder)) {}
    void save(QWidget& widget, const QString& name) {
        QTest::qWait(150); // let layouts and repaints settle
        const QString file = QDir(m_folder).filePath(name + QStringLiteral(".png"));
        if (!widget.grab().save(file))
            fail("cannot write a screenshot");
        std::printf("%s\n", qPrintable(file));
    }

private:
    QString m_folder;
};

qint64 firstContact(Person& p) {
    waitUntil(
        [&] {
            return p.window->contacts()->rowCount() == 1 &&
                   p.window->contacts()->index(0).data(ContactListModel::StatusRole).toInt() ==
                       static_cast<int>(ContactState::Connected);
        },
        "the contacts did not connect");
    return p.window->contacts()->index(0).data(ContactListModel::IdRole).toLongLong();
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    applyApplicationIdentity(app);
    app.setWindowIcon(appIcon());
    if (argc < 2)
        fail("usage: ferry_screenshot_tour OUTPUT_DIR");
    QDir().mkpath(QString::fromLocal8Bit(argv[1]));
    Shooter shots(QString::fromLocal8Bit(argv[1]));

    // Carol contributes a relay from her laptop; Alice and Bob talk through it. A Ferry relay
    // in Carol's relay list carries a tunnel for it and checks from outside that it is
    // reachable.
    ferry::test::RelayFixture checker([](ferry::relay::RelayConfig& c) {
        c.tunnelFirstPort = c.tunnelLastPort = ferry::test::freeLoopbackPort();
    });
    Person carol(QStringLiteral("Carol"), checker.server().address(), true);
    carol.node->setEnabled(true);
    waitUntil([&] { return carol.inAppRelay->running(); }, "the in-app relay did not start");
    const std::string address = carol.inAppRelay->address().toStdString();

    {
        OnboardingDialog onboarding(OnboardingDialog::KeyMode::Keychain);
        onboarding.setDisplayName(QStringLiteral("Alice"));
        onboarding.setRelayAddress(QString::fromStdString(address));
        onboarding.show();
        shots.save(onboarding, QStringLiteral("01-onboarding"));
    }

    Person alice(QStringLiteral("Alice"), address);
    Person bob(QStringLiteral("Bob"), address);
    shots.save(*alice.window, QStringLiteral("02-first-start"));

    auto* invite = new InviteDialog(*alice.engine, alice.window.get());
    invite->show();
    waitUntil([&] { return !invite->link().isEmpty(); }, "no invitation link");
    shots.save(*invite, QStringLiteral("03-invite"));
    const QString link = invite->link();
    invite->close();

    auto* connect = new ConnectDialog(*bob.engine, bob.window.get());
    connect->setLink(link);
    connect->show();
    shots.save(*connect, QStringLiteral("04-connect"));
    connect->connectToLink();

    const qint64 bobAtAlice = firstContact(alice);
    firstContact(bob);
    alice.window->openContact(bobAtAlice);
    alice.type(QStringLiteral("Hi Bob! This is Ferry — no phone number, no user name."));
    waitUntil([&] { return bob.window->conversation()->messageList()->bubbleCount() == 1; },
              "Bob did not get the message");
    bob.type(QStringLiteral("Hi Alice 👋 Scanned your QR code from the video call."));
    bob.type(QStringLiteral("The docs are at https://example.org/ferry"));
    waitUntil([&] { return alice.window->conversation()->messageList()->bubbleCount() == 3; },
              "Alice did not get the answers");
    alice.type(QStringLiteral("Great. Shift+Enter makes a new line,\nEnter sends."));
    MessageListView* aliceMessages = alice.window->conversation()->messageList();
    waitUntil(
        [&] {
            return aliceMessages->bubbleCount() == 4 &&
                   aliceMessages->bubble(3)->state() == MessageState::Delivered;
        },
        "the last message was not delivered");
    alice.window->activateWindow();
    shots.save(*alice.window, QStringLiteral("05-conversation"));
    shots.save(*bob.window, QStringLiteral("06-conversation-other-side"));

    alice.window->showSettings(); // the window's relay list knows the live connection state
    auto* settings = alice.window->findChild<SettingsDialog*>();
    if (!settings)
        fail("no settings dialog");
    QTest::qWait(300);
    shots.save(*settings, QStringLiteral("07-settings-relays"));
    settings->findChild<QTabWidget*>(QStringLiteral("settingsTabs"))->setCurrentIndex(1);
    QTest::qWait(300);
    shots.save(*settings, QStringLiteral("07b-settings-privacy"));
    settings->close();

    auto* addressDialog = new AddressDialog(*alice.engine, alice.window.get());
    addressDialog->show();
    waitUntil([&] { return addressDialog->state() == AddressDialog::State::None; },
              "the address dialog did not load");
    addressDialog->createAddress();
    waitUntil([&] { return !addressDialog->link().isEmpty(); }, "no address");
    shots.save(*addressDialog, QStringLiteral("08-address"));
    addressDialog->close();

    carol.window->resize(1040, 860);
    carol.window->showNodePage(true);
    carol.node->sample();
    waitUntil([&] { return carol.node->snapshot().reach.reachableNow; },
              "no relay confirmed that Carol's relay is reachable");
    QTest::qWait(1500); // a live sample or two
    shots.save(*carol.window, QStringLiteral("09-relay-node"));
    // Further down the page: the address to share and how others reach the relay.
    auto* page = carol.window->nodePanel()->findChild<QScrollArea*>();
    if (!page)
        fail("the Node page does not scroll");
    page->verticalScrollBar()->setValue(page->verticalScrollBar()->maximum());
    QTest::qWait(300);
    shots.save(*carol.window, QStringLiteral("10-relay-node-reachability"));
    return 0;
}
