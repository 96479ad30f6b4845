// Settings: preferences on disk, and the relay list driven through the dialog's own widgets
// against real relays in this process.
#include "adapter_profile.h"
#include "relay_fixture.h"
#include "ui/engine_adapter.h"
#include "ui/preferences.h"
#include "ui/relay_list_model.h"
#include "ui/settings_dialog.h"
#include "util/base64.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ferry;
using namespace ferry::ui;
using ferry::test::RelayFixture;

namespace {

constexpr int kTimeout = ferry::test::kAdapterTimeoutMs;
using Profile = ferry::test::AdapterProfile;

/// The dialog of one profile and the widgets the tests drive.
struct Settings {
    explicit Settings(Profile& profile)
        : preferences(profile.dir.path()), dialog(*profile.get(), preferences) {
        list = find<QListView>("relayList");
        relays = qobject_cast<RelayListModel*>(list->model());
        addressEdit = find<QLineEdit>("relayAddressEdit");
        addButton = find<QPushButton>("addRelayButton");
        testButton = find<QPushButton>("testRelayButton");
        removeButton = find<QPushButton>("removeRelayButton");
        message = find<QLabel>("relayMessage");
        dialog.show();
    }

    template <typename W> W* find(const char* name) {
        auto* widget = dialog.findChild<W*>(QLatin1String(name));
        if (!widget)
            qFatal("no widget %s", name);
        return widget;
    }

    QVariant relayData(const std::string& address, int role) const {
        const int row = relays->rowOf(QString::fromStdString(address));
        return row < 0 ? QVariant() : relays->data(relays->index(row), role);
    }

    void add(const QString& address) {
        addressEdit->clear();
        QTest::keyClicks(addressEdit, address);
        QTest::mouseClick(addButton, Qt::LeftButton);
    }

    Preferences preferences;
    SettingsDialog dialog;
    QListView* list = nullptr;
    RelayListModel* relays = nullptr;
    QLineEdit* addressEdit = nullptr;
    QPushButton* addButton = nullptr;
    QPushButton* testButton = nullptr;
    QPushButton* removeButton = nullptr;
    QLabel* message = nullptr;
};

} // namespace

class TestSettings : public QObject {
    Q_OBJECT

private slots:
    void preferencesHaveDefaultsAndPersist() {
        QTemporaryDir folder;
        {
            Preferences preferences(folder.path());
            QCOMPARE(preferences.language(), QString());
            QVERIFY(preferences.notificationsEnabled());
            QVERIFY(preferences.notificationPreviews());
            QVERIFY(preferences.closeToTray());
            QVERIFY(preferences.windowGeometry().isEmpty());

            QSignalSpy changed(&preferences, &Preferences::changed);
            preferences.setLanguage(QStringLiteral("de"));
            preferences.setNotificationsEnabled(false);
            preferences.setNotificationPreviews(false);
            preferences.setCloseToTray(false);
            preferences.setWindowGeometry(QByteArray("\x01\x02geometry", 10));
            preferences.setWindowState(QByteArray("state\0bytes", 11));
            QCOMPARE(changed.count(), 6);
            preferences.setLanguage(QStringLiteral("de")); // no change, no signal
            QCOMPARE(changed.count(), 6);
            QCOMPARE(preferences.fileName(), folder.filePath("settings.ini"));
            QVERIFY(QFile::exists(folder.filePath("settings.ini")));
        }
        Preferences reopened(folder.path());
        QCOMPARE(reopened.language(), QStringLiteral("de"));
        QVERIFY(!reopened.notificationsEnabled());
        QVERIFY(!reopened.notificationPreviews());
        QVERIFY(!reopened.closeToTray());
        QCOMPARE(reopened.windowGeometry(), QByteArray("\x01\x02geometry", 10));
        QCOMPARE(reopened.windowState(), QByteArray("state\0bytes", 11));
    }

    void languagesIncludeEnglishWithNativeNames() {
        const QStringList languages = availableLanguages();
        QVERIFY(languages.contains(QStringLiteral("en")));
        QCOMPARE(languageDisplayName(QStringLiteral("en")), QStringLiteral("English"));
        QCOMPARE(languageDisplayName(QStringLiteral("de")), QStringLiteral("Deutsch"));
        QCOMPARE(languageDisplayName(QStringLiteral("fr")), QStringLiteral("Français"));
        QVERIFY(!languageDisplayName(QString()).isEmpty());
    }

    void addedRelayIsListedAndConnectsWhenUsed() {
        RelayFixture relay;
        Profile alice("Alice");
        RelayListModel appWide; // what the app keeps from the moment the profile opens
        appWide.attach(*alice.get());
        Settings settings(alice);
        const std::string address = relay.server().address();

        QSignalSpy added(alice.get(), &EngineAdapter::relayAdded);
        settings.add(QString::fromStdString(address));
        QVERIFY(!settings.addButton->isEnabled()); // busy until the engine answers
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(settings.relays->rowCount(), 1, kTimeout);
        QVERIFY(settings.addButton->isEnabled());
        QVERIFY(settings.addressEdit->text().isEmpty());
        QVERIFY(settings.message->text().startsWith("Added"));
        QCOMPARE(settings.list->currentIndex().row(), 0);

        const QString host = QStringLiteral("127.0.0.1:%1").arg(relay.server().port());
        QCOMPARE(settings.relayData(address, RelayListModel::HostRole).toString(), host);
        QCOMPARE(settings.relayData(address, RelayListModel::StateRole).toInt(), -1);
        QCOMPARE(settings.relayData(address, RelayListModel::StateTextRole).toString(),
                 QStringLiteral("Not in use yet"));
        const QString shown = settings.relayData(address, Qt::DisplayRole).toString();
        QVERIFY2(shown.startsWith(host + "\nNot in use yet"), qPrintable(shown));

        // Making an invitation puts a queue on the relay: the profile connects to it.
        ferry::test::Answer<const QString&> invited;
        alice->createInvitation(&invited, invited.onDone(), invited.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(invited.done, 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(settings.relayData(address, RelayListModel::StateRole).toInt(),
                                  static_cast<int>(RelayState::Connected), kTimeout);
        QCOMPARE(settings.relayData(address, RelayListModel::StateTextRole).toString(),
                 QStringLiteral("Connected"));
        QVERIFY(settings.relayData(address, Qt::DisplayRole).toString().contains("Connected"));

        // A dialog opened later on the app-wide model knows the state at once.
        SettingsDialog later(*alice.get(), settings.preferences, appWide);
        auto* laterList = later.findChild<QListView*>("relayList");
        QCOMPARE(laterList->model(), &appWide);
        QTRY_COMPARE_WITH_TIMEOUT(appWide.rowCount(), 1, kTimeout);
        QCOMPARE(appWide.data(appWide.index(0), RelayListModel::StateRole).toInt(),
                 static_cast<int>(RelayState::Connected));
    }

    void testConnectionShowsAnswerTimeOrProblem() {
        RelayFixture up;
        RelayFixture down;
        const std::string upAddress = up.server().address();
        const std::string downAddress = down.server().address();
        Profile alice("Alice");
        alice.addRelay(upAddress);
        alice.addRelay(downAddress);
        down.stopServer();
        Settings settings(alice);
        QTRY_COMPARE_WITH_TIMEOUT(settings.relays->rowCount(), 2, kTimeout);
        QVERIFY(settings.testButton->isEnabled());

        // Nothing selected: every relay is tested.
        QTest::mouseClick(settings.testButton, Qt::LeftButton);
        QVERIFY(!settings.testButton->isEnabled());
        QCOMPARE(settings.relayData(upAddress, RelayListModel::TestingRole).toBool(), true);
        QCOMPARE(settings.relayData(upAddress, RelayListModel::TestResultRole).toString(),
                 QStringLiteral("Testing…"));
        QTRY_VERIFY_WITH_TIMEOUT(settings.testButton->isEnabled(), kTimeout);

        QVERIFY(settings.relayData(upAddress, RelayListModel::TestOkRole).toBool());
        const QString answer =
            settings.relayData(upAddress, RelayListModel::TestResultRole).toString();
        QVERIFY2(QRegularExpression("^Answered in \\d+ ms$").match(answer).hasMatch(),
                 qPrintable(answer));
        QVERIFY(settings.relayData(upAddress, Qt::DisplayRole).toString().contains(answer));

        QVERIFY(!settings.relayData(downAddress, RelayListModel::TestOkRole).toBool());
        const QString problem =
            settings.relayData(downAddress, RelayListModel::TestResultRole).toString();
        qInfo("stopped relay: %s", qPrintable(problem));
        QVERIFY2(problem.startsWith("No answer: ") && problem.size() > 12, qPrintable(problem));

        // A selected relay is tested on its own.
        settings.list->setCurrentIndex(
            settings.relays->index(settings.relays->rowOf(QString::fromStdString(upAddress))));
        // One test: it starts and it ends (two relays would make four changes).
        QSignalSpy tested(settings.relays, &RelayListModel::testingChanged);
        QTest::mouseClick(settings.testButton, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 2, kTimeout);
        QTest::qWait(200);
        QCOMPARE(tested.count(), 2);
        QVERIFY(settings.testButton->isEnabled());
    }

    void badAddressIsExplainedAndAddsNothing() {
        RelayFixture relay;
        Profile alice("Alice");
        Settings settings(alice);
        QSignalSpy added(alice.get(), &EngineAdapter::relayAdded);

        const struct {
            QString input;
            QString expected;
        } cases[] = {
            {QString(), "Enter the relay's address"},
            {"relay.example.org", "starts with smp://"},
            {"https://abc@relay.example.org", "starts with smp://"},
            {"smp://relay.example.org", "lacks the relay's fingerprint"},
            {"smp://notbase64!@relay.example.org", "not a valid relay address"},
            {"smp://AAAA@relay.example.org", "not a valid relay address"},
        };
        for (const auto& c : cases) {
            settings.add(c.input);
            QVERIFY2(!settings.message->isHidden(), qPrintable(c.input));
            QVERIFY2(settings.message->text().contains(c.expected),
                     qPrintable(c.input + " → " + settings.message->text()));
            QCOMPARE(settings.message->property("problem").toBool(), true);
            QCOMPARE(settings.addressEdit->text(), c.input); // kept for correcting
            QVERIFY(settings.addButton->isEnabled());
        }
        QVERIFY(
            SettingsDialog::relayAddressProblem(QString::fromStdString(relay.server().address()))
                .isEmpty());

        // Return in the field adds too (here: refuses), and does not close the dialog.
        settings.addressEdit->setFocus();
        QTest::keyClick(settings.addressEdit, Qt::Key_Return);
        QVERIFY(settings.dialog.isVisible());

        QTest::qWait(300);
        QCOMPARE(added.count(), 0);
        // An engine failure would have replaced the form's own explanation by now.
        QVERIFY(!settings.message->text().startsWith(QStringLiteral("Could not add")));
        settings.relays->reload();
        QTest::qWait(300);
        QCOMPARE(settings.relays->rowCount(), 0);

        // The same relay twice is refused before the engine sees it.
        alice.addRelay(relay.server().address());
        QTRY_COMPARE_WITH_TIMEOUT(settings.relays->rowCount(), 1, kTimeout);
        settings.add(QString::fromStdString(relay.server().address()));
        QVERIFY(settings.message->text().contains("already in the list"));
        QCOMPARE(added.count(), 1);
    }

    void removeAsksFirstThenRemoves() {
        RelayFixture relay;
        Profile alice("Alice");
        alice.addRelay(relay.server().address());
        Settings settings(alice);
        QTRY_COMPARE_WITH_TIMEOUT(settings.relays->rowCount(), 1, kTimeout);
        QVERIFY(!settings.removeButton->isEnabled()); // nothing selected
        settings.list->setCurrentIndex(settings.relays->index(0));
        QVERIFY(settings.removeButton->isEnabled());

        // Cancel keeps the relay.
        QTest::mouseClick(settings.removeButton, Qt::LeftButton);
        QPointer<QMessageBox> box = settings.dialog.findChild<QMessageBox*>("confirmRemoveRelay");
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("127.0.0.1")));
        QVERIFY2(box->informativeText().contains("without relays"),
                 qPrintable(box->informativeText())); // it is the last one
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(box.isNull());
        QSignalSpy removed(alice.get(), &EngineAdapter::relayRemoved);
        QTest::qWait(200);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(settings.relays->rowCount(), 1);

        // The Delete key asks too; confirming removes it.
        settings.dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&settings.dialog));
        settings.list->setFocus();
        QTest::keyClick(settings.list, Qt::Key_Delete);
        box = settings.dialog.findChild<QMessageBox*>("confirmRemoveRelay");
        QVERIFY(box);
        box->findChild<QPushButton*>("confirmRemoveButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(settings.relays->rowCount(), 0, kTimeout);
        QVERIFY(settings.message->text().startsWith("Removed"));
        QVERIFY(settings.message->text().contains("Add a relay before"));
        QVERIFY(!settings.removeButton->isEnabled());
        QVERIFY(!settings.testButton->isEnabled());
    }

    void notificationAndTrayChoicesAreWritten() {
        Profile alice("Alice");
        Settings settings(alice);
        auto* enabled = settings.find<QCheckBox>("notificationsEnabled");
        auto* previews = settings.find<QCheckBox>("notificationPreviews");
        auto* tray = settings.find<QCheckBox>("closeToTray");
        QVERIFY(enabled->isChecked() && previews->isChecked() && tray->isChecked());

        previews->click();
        QVERIFY(!settings.preferences.notificationPreviews());
        QVERIFY(!Preferences(alice.dir.path()).notificationPreviews()); // on disk
        enabled->click();
        QVERIFY(!Preferences(alice.dir.path()).notificationsEnabled());
        QVERIFY(!previews->isEnabled()); // previews mean nothing without notifications
        tray->click();
        QVERIFY(!Preferences(alice.dir.path()).closeToTray());

        // A change made elsewhere shows in the open dialog.
        settings.preferences.setNotificationPreviews(true);
        QVERIFY(previews->isChecked());
    }

    void privateRoutingChoicesAreKeptInTheProfile() {
        Profile alice("Alice");
        {
            Settings settings(alice);
            auto* mode = settings.find<QComboBox>("privateRouting");
            auto* direct = settings.find<QCheckBox>("allowDirect");
            // Shown once the profile's settings are read: the default.
            QTRY_VERIFY_WITH_TIMEOUT(mode->isEnabled(), kTimeout);
            QCOMPARE(mode->currentData().toInt(),
                     static_cast<int>(core::agent::PrivateRouting::UnknownRelays));
            QVERIFY(!direct->isChecked());
            mode->setCurrentIndex(
                mode->findData(static_cast<int>(core::agent::PrivateRouting::Always)));
            direct->click();
        }
        // In the profile (read after the writes, which the engine does in order): what the
        // engine uses, and what the next dialog shows.
        std::optional<core::agent::RoutingSettings> stored;
        alice->loadRouting(alice.get(), [&](const core::agent::RoutingSettings& s) { stored = s; },
                           {});
        QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), kTimeout);
        QCOMPARE(*stored,
                 (core::agent::RoutingSettings{core::agent::PrivateRouting::Always, true}));
        Settings again(alice);
        auto* mode = again.find<QComboBox>("privateRouting");
        QTRY_VERIFY_WITH_TIMEOUT(mode->isEnabled(), kTimeout);
        QCOMPARE(mode->currentData().toInt(),
                 static_cast<int>(core::agent::PrivateRouting::Always));
        QVERIFY(again.find<QCheckBox>("allowDirect")->isChecked());
    }

    // Settings → Relays → Relay directories: an address is checked before it is stored, one
    // directory is listed once however it was typed, removal needs a selection, and the list
    // and "only my own relays" are kept in the profile.
    void directoriesAreAddedCheckedRemovedAndKept() {
        Profile alice("Alice");
        const QString first =
            QStringLiteral("https://%1@directory.example.org")
                .arg(QString::fromStdString(core::base64UrlEncode(core::Bytes(32, 1))));
        const QString second =
            QStringLiteral("https://%1@10.1.2.3:8443")
                .arg(QString::fromStdString(core::base64UrlEncode(core::Bytes(32, 2))));
        QSignalSpy changed(alice.get(), &EngineAdapter::directoriesChanged);
        {
            Settings settings(alice);
            auto* list = settings.find<QListWidget>("directoryList");
            auto* edit = settings.find<QLineEdit>("directoryAddressEdit");
            auto* add = settings.find<QPushButton>("addDirectoryButton");
            auto* remove = settings.find<QPushButton>("removeDirectoryButton");
            auto* onlyMine = settings.find<QCheckBox>("onlyMyRelays");
            auto* message = settings.find<QLabel>("directoryMessage");
            QTRY_VERIFY_WITH_TIMEOUT(onlyMine->isEnabled(), kTimeout); // loaded
            QCOMPARE(list->count(), 0);
            QVERIFY(!onlyMine->isChecked());
            QVERIFY(!remove->isEnabled() && !remove->isVisible());

            auto type = [&](const QString& text) {
                edit->clear();
                QTest::keyClicks(edit, text);
            };
            // Refused with a reason, before the engine sees anything; the text stays.
            const struct {
                QString input;
                QString expected;
            } bad[] = {
                {QString(), QStringLiteral("Enter the directory's address")},
                {QStringLiteral("smp://abc@relay.example.org"),
                 QStringLiteral("starts with https://")},
                {QStringLiteral("https://directory.example.org"),
                 QStringLiteral("lacks the directory's fingerprint")},
                {QStringLiteral("https://AAAA@directory.example.org"),
                 QStringLiteral("not a valid directory address")},
            };
            for (const auto& c : bad) {
                type(c.input);
                QTest::mouseClick(add, Qt::LeftButton);
                QVERIFY2(message->isVisible() && message->text().contains(c.expected),
                         qPrintable(c.input + " → " + message->text()));
                QCOMPARE(message->property("problem").toBool(), true);
                QCOMPARE(edit->text(), c.input);
            }
            QTest::qWait(200);
            QCOMPARE(changed.count(), 0);

            // Added with Return; shown by its host, the full address in its tooltip.
            type(first + QStringLiteral(":443/"));
            QTest::keyClick(edit, Qt::Key_Return);
            QTRY_COMPARE_WITH_TIMEOUT(list->count(), 1, kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(QStringLiteral("Added")), kTimeout);
            QVERIFY(settings.dialog.isVisible());
            QCOMPARE(list->item(0)->text(), QStringLiteral("directory.example.org"));
            QCOMPARE(list->item(0)->toolTip(), first);
            QVERIFY(edit->text().isEmpty());
            // The same directory written another way is refused.
            type(first);
            QTest::mouseClick(add, Qt::LeftButton);
            QVERIFY2(message->text().contains(QStringLiteral("already in the list")),
                     qPrintable(message->text()));
            type(second);
            QTest::mouseClick(add, Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(list->count(), 2, kTimeout);
            QCOMPARE(list->item(1)->text(), QStringLiteral("10.1.2.3:8443"));

            onlyMine->click();
            QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 3, kTimeout);
            QCOMPARE(changed.last().at(1).toBool(), true);

            // Removing needs a selection; the Delete key works too.
            list->setCurrentRow(0);
            QVERIFY(remove->isEnabled());
            QTest::mouseClick(remove, Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(list->count(), 1, kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(QStringLiteral("Removed")),
                                     kTimeout);
            QCOMPARE(list->item(0)->toolTip(), second);
        }
        // Kept in the profile: what the engine uses and what the next dialog shows.
        std::optional<core::agent::DirectorySettings> stored;
        alice->loadDirectories(alice.get(),
                               [&](const core::agent::DirectorySettings& s) { stored = s; }, {});
        QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), kTimeout);
        QCOMPARE(*stored, (core::agent::DirectorySettings{{second.toStdString()}, true}));
        Settings again(alice);
        auto* list = again.find<QListWidget>("directoryList");
        auto* onlyMine = again.find<QCheckBox>("onlyMyRelays");
        QTRY_COMPARE_WITH_TIMEOUT(list->count(), 1, kTimeout);
        QVERIFY(onlyMine->isChecked());
        QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), second);
        list->setCurrentRow(0);
        again.dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&again.dialog));
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Delete);
        QTRY_COMPARE_WITH_TIMEOUT(list->count(), 0, kTimeout);
    }

    // With directories in use, removing the last own relay does not claim that nobody can be
    // invited any more.
    void lastRelayRemovedWithADirectorySaysSo() {
        RelayFixture relay;
        Profile alice("Alice");
        alice.addRelay(relay.server().address());
        const std::string directory =
            "https://" + core::base64UrlEncode(core::Bytes(32, 3)) + "@directory.example.org";
        std::optional<bool> stored;
        alice->setDirectories({{directory}, false}, alice.get(), [&] { stored = true; }, {});
        QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), kTimeout);
        Settings settings(alice);
        QTRY_COMPARE_WITH_TIMEOUT(settings.relays->rowCount(), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(settings.find<QListWidget>("directoryList")->count(), 1,
                                  kTimeout);
        settings.list->setCurrentIndex(settings.relays->index(0));
        QTest::mouseClick(settings.removeButton, Qt::LeftButton);
        auto* box = settings.dialog.findChild<QMessageBox*>("confirmRemoveRelay");
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(QStringLiteral("relay directories")),
                 qPrintable(box->informativeText()));
        box->findChild<QPushButton*>("confirmRemoveButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(settings.relays->rowCount(), 0, kTimeout);
        QVERIFY(settings.message->text().startsWith("Removed"));
        QVERIFY(!settings.message->text().contains("Add a relay before"));
    }

    void languageChoiceAppliesAtNextStartOrRestart() {
        Profile alice("Alice");
        Settings settings(alice);
        auto* combo = settings.find<QComboBox>("languageCombo");
        auto* notice = settings.find<QWidget>("languageNotice");
        auto* restart = settings.find<QPushButton>("restartButton");
        QCOMPARE(combo->currentData().toString(), QString()); // follows the system
        QVERIFY(notice->isHidden());

        const int english = combo->findData(QStringLiteral("en"));
        QVERIFY(english > 0);
        combo->setCurrentIndex(english);
        QCOMPARE(Preferences(alice.dir.path()).language(), QStringLiteral("en"));
        QVERIFY(!notice->isHidden());
        QSignalSpy restartRequested(&settings.dialog, &SettingsDialog::restartRequested);
        restart->click();
        QCOMPARE(restartRequested.count(), 1);

        combo->setCurrentIndex(0); // back to what is showing: nothing to restart for
        QVERIFY(notice->isHidden());
    }
};

QTEST_MAIN(TestSettings)
#include "test_settings.moc"
