// First run and key handling of the desktop app: automation with --name/--key-file, onboarding
// with the keychain (a stand-in here, since CI has no keychain service) or a passphrase, the
// unlock dialog, and the real SystemKeyStore failing fast where no keychain exists.
#include "agent/sync_agent.h"
#include "directory_fixture.h"
#include "relay_fixture.h"
#include "smp/server_address.h"
#include "store/database_key.h"
#include "store/profile_database.h"
#include "ui/key_store.h"
#include "ui/onboarding_dialog.h"
#include "ui/profile_opener.h"
#include "ui/unlock_dialog.h"
#include "util/base64.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <filesystem>
#include <functional>
#include <map>

using namespace ferry;
using namespace ferry::ui;
namespace fs = std::filesystem;

namespace {

constexpr auto kFast = core::store::KdfStrength::Interactive;
const QString kPassphrase = QStringLiteral("correct horse battery staple");

/// The keychain stand-in: an in-memory map, or "no keychain" when unavailable.
class MemoryKeyStore : public KeyStore {
public:
    bool available = true;
    bool refuseWrites = false;
    std::map<QString, core::crypto::SecretBytes> entries;
    int writes = 0;

    KeyStoreReply read(const QString& folder) override {
        if (!available)
            return {KeyStoreStatus::Unavailable, QStringLiteral("no keychain in this test"), {}};
        const auto it = entries.find(folder);
        if (it == entries.end())
            return {KeyStoreStatus::NoEntry, QStringLiteral("no entry"), {}};
        return {KeyStoreStatus::Ok, QString(), it->second};
    }
    KeyStoreReply write(const QString& folder, const core::crypto::SecretBytes& key) override {
        ++writes;
        if (!available)
            return {KeyStoreStatus::Unavailable, QStringLiteral("no keychain in this test"), {}};
        if (refuseWrites)
            return {KeyStoreStatus::Failed, QStringLiteral("collection is locked"), {}};
        entries[folder] = key;
        return {KeyStoreStatus::Ok, QString(), {}};
    }
    KeyStoreReply remove(const QString& folder) override {
        if (!available)
            return {KeyStoreStatus::Unavailable, QString(), {}};
        return {entries.erase(folder) ? KeyStoreStatus::Ok : KeyStoreStatus::NoEntry, {}, {}};
    }
};

/// Runs `act` on the next modal dialog of type T once it shows. If the test fails inside
/// `act`, the dialog is closed so the test ends instead of hanging.
template <typename T> void whenShown(std::function<void(T*)> act) {
    auto* timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible())
            return;
        timer->stop();
        timer->deleteLater();
        act(dialog);
        if (QTest::currentTestFailed() && dialog->isVisible())
            dialog->done(QDialog::Rejected);
    });
    timer->start();
}

/// Counts (and closes) every modal dialog while it lives: for paths that must show none.
class NoDialogs {
public:
    NoDialogs() {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
                ++shown;
                dialog->done(QDialog::Rejected);
            }
        });
        m_timer.start();
    }
    int shown = 0;

private:
    QTimer m_timer;
};

template <typename W> W* child(QWidget* dialog, const char* name) {
    auto* widget = dialog->findChild<W*>(QLatin1String(name));
    if (!widget)
        qWarning("no widget %s", name);
    return widget;
}

void type(QWidget* dialog, const char* name, const QString& text) {
    auto* edit = child<QLineEdit>(dialog, name);
    QVERIFY(edit);
    edit->setText(text);
}

QString readAll(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()) : QString();
}

QByteArray digest(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

/// The display name stored in the profile, read through the real engine.
QString storedName(const OpenedProfile& profile) {
    core::agent::AgentConfig config = profile.config;
    config.createWithName.reset();
    auto agent = core::agent::Agent::open(std::move(config), {});
    if (!agent)
        return QStringLiteral("<open failed: %1>")
            .arg(QString::fromStdString(agent.error().message));
    auto name = core::agent::SyncAgent(**agent).displayName();
    return name ? QString::fromStdString(*name) : QStringLiteral("<no name>");
}

QString relayAddress() {
    core::smp::ServerAddress server;
    server.keyHash = core::Bytes(core::smp::kKeyHashSize, 7);
    server.hosts = {{core::smp::HostKind::Domain, "relay.example.net"}};
    server.port = 5223;
    return QString::fromStdString(core::smp::formatServerAddress(server));
}

/// The relay directories stored in the profile, read through the real engine.
core::agent::DirectorySettings storedDirectories(const OpenedProfile& profile) {
    core::agent::AgentConfig config = profile.config;
    config.createWithName.reset();
    auto agent = core::agent::Agent::open(std::move(config), {});
    if (!agent)
        qFatal("open failed: %s", agent.error().message.c_str());
    return core::agent::SyncAgent(**agent).directories().value();
}

QString directoryAddress(unsigned char fill = 9) {
    return QStringLiteral("https://%1@directory.example.net:8443")
        .arg(QString::fromStdString(core::base64UrlEncode(core::Bytes(32, fill))));
}

bool realKeychain() {
    return qEnvironmentVariableIntValue("FERRY_TEST_KEYCHAIN") == 1;
}

ProfileRequest request(const QTemporaryDir& dir, const QString& keyFile = {},
                       const QString& name = {}) {
    ProfileRequest r;
    r.location = resolveProfile(dir.filePath(QStringLiteral("profile")), dir.path());
    r.keyFile = keyFile;
    r.name = name;
    r.kdf = kFast;
    return r;
}

} // namespace

class TestOnboarding : public QObject {
    Q_OBJECT

public:
    TestOnboarding() {
        // A dialog nobody answers would hang the test: fail and close it instead.
        m_watchdog.setSingleShot(true);
        m_watchdog.setInterval(30000);
        connect(&m_watchdog, &QTimer::timeout, this, [] {
            for (int i = 0; i < 10; ++i) {
                auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
                if (!dialog)
                    break;
                QTest::qFail("a dialog was left open", __FILE__, __LINE__);
                dialog->done(QDialog::Rejected);
            }
        });
    }

private slots:
    void init() { m_watchdog.start(); }
    void cleanup() { m_watchdog.stop(); }

    void initTestCase() {
        if (realKeychain())
            return;
        // The CI situation: no session bus, so no Secret Service and no KWallet. GLib and
        // libdbus also look for $XDG_RUNTIME_DIR/bus and may autolaunch on an X display.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("XDG_RUNTIME_DIR");
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
    }

    void automationCreatesThenReopensWithoutDialogs() {
        QTemporaryDir dir;
        const QString keyFile = dir.filePath(QStringLiteral("profile.key"));
        MemoryKeyStore keys;
        NoDialogs guard;
        ProfileOpener opener(keys);
        QString error;

        auto created = opener.open(request(dir, keyFile, QStringLiteral("  Alice ")), &error);
        QVERIFY2(created, qPrintable(error));
        QVERIFY(error.isEmpty());
        QCOMPARE(created->config.createWithName.value_or(""), std::string("Alice"));
        QVERIFY(created->firstRelay.isEmpty());
        const ProfileLocation location = request(dir).location;
        QVERIFY(QFile::exists(location.databaseFile()));
        QCOMPARE(QFileInfo(location.folder).permissions() & 0x0077, QFileDevice::Permissions());
        // The key file is ferry-cli's format: 64 lower-case hex digits and a newline.
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}\n$"))
                    .match(readAll(keyFile))
                    .hasMatch());
        auto fromFile = core::store::readKeyFile(keyFile.toStdString());
        QVERIFY(fromFile);
        QVERIFY(*fromFile == created->config.databaseKey);
        QCOMPARE(storedName(*created), QStringLiteral("Alice"));

        // Later starts: no name needed, no prompt, the same key.
        auto reopened = opener.open(request(dir, keyFile), &error);
        QVERIFY2(reopened, qPrintable(error));
        QVERIFY(!reopened->config.createWithName);
        QVERIFY(reopened->config.databaseKey == created->config.databaseKey);
        QCOMPARE(reopened->config.databaseFile, created->config.databaseFile);
        // Giving --name again changes nothing.
        QVERIFY(opener.open(request(dir, keyFile, QStringLiteral("Mallory")), &error));
        QCOMPARE(storedName(*reopened), QStringLiteral("Alice"));

        QCOMPARE(guard.shown, 0);
        QCOMPARE(keys.writes, 0);
        QVERIFY(!QFile::exists(location.folder + QStringLiteral("/profile.salt")));
    }

    void automationUsesAnExistingKeyFile() {
        // What `ferry-cli --key-file F init` and scripts do: the key file is made first.
        QTemporaryDir dir;
        const QString keyFile = dir.filePath(QStringLiteral("given.key"));
        const auto key = core::store::generateDatabaseKey();
        QVERIFY(core::store::writeKeyFile(keyFile.toStdString(), key));
        MemoryKeyStore keys;
        NoDialogs guard;
        QString error;
        auto created =
            ProfileOpener(keys).open(request(dir, keyFile, QStringLiteral("Dora")), &error);
        QVERIFY2(created, qPrintable(error));
        QVERIFY(created->config.databaseKey == key);
        QVERIFY(core::store::ProfileDatabase::open(created->config.databaseFile, key));
        QCOMPARE(guard.shown, 0);
    }

    void automationRejectsBadInputAndLeavesNothing() {
        QTemporaryDir dir;
        const QString badKey = dir.filePath(QStringLiteral("bad.key"));
        QFile file(badKey);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a key\n");
        file.close();
        MemoryKeyStore keys;
        NoDialogs guard;
        QString error;
        ProfileOpener opener(keys);
        QVERIFY(!opener.open(request(dir, badKey, QStringLiteral("Eve")), &error));
        QVERIFY(error.contains(QStringLiteral("key file")));
        QVERIFY(!QFileInfo::exists(request(dir).location.folder)); // undone

        const QString keyFile = dir.filePath(QStringLiteral("new.key"));
        QVERIFY(!opener.open(request(dir, keyFile, QString(65, QLatin1Char('x'))), &error));
        QVERIFY(error.contains(QStringLiteral("64")));
        QVERIFY(!QFileInfo::exists(keyFile));
        QCOMPARE(guard.shown, 0);
    }

    void badKeyFileLeavesTheProfileUntouched() {
        QTemporaryDir dir;
        const QString keyFile = dir.filePath(QStringLiteral("right.key"));
        MemoryKeyStore keys;
        NoDialogs guard;
        ProfileOpener opener(keys);
        QString error;
        QVERIFY(opener.open(request(dir, keyFile, QStringLiteral("Frank")), &error));
        const QString database = request(dir).location.databaseFile();
        const QByteArray before = digest(database);
        const QByteArray keyBefore = digest(keyFile);

        const QString garbage = dir.filePath(QStringLiteral("garbage.key"));
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("0123");
        file.close();
        QVERIFY(!opener.open(request(dir, garbage), &error));
        QVERIFY2(error.contains(QStringLiteral("key file")), qPrintable(error));

        const QString wrong = dir.filePath(QStringLiteral("wrong.key"));
        QVERIFY(core::store::writeKeyFile(wrong.toStdString(), core::store::generateDatabaseKey()));
        QVERIFY(!opener.open(request(dir, wrong), &error));
        QVERIFY2(error.contains(QStringLiteral("wrong key")), qPrintable(error));

        QVERIFY(!opener.open(request(dir, dir.filePath(QStringLiteral("missing.key"))), &error));
        QVERIFY(!error.isEmpty());

        QCOMPARE(digest(database), before);
        QCOMPARE(digest(keyFile), keyBefore);
        QVERIFY(opener.open(request(dir, keyFile), &error));
        QCOMPARE(guard.shown, 0);
    }

    void onboardingWithKeychain() {
        QTemporaryDir dir;
        MemoryKeyStore keys;
        ProfileOpener opener(keys);
        const QString relay = relayAddress();
        bool sawDialog = false;
        whenShown<OnboardingDialog>([&](OnboardingDialog* dialog) {
            sawDialog = true;
            QCOMPARE(dialog->keyMode(), OnboardingDialog::KeyMode::Keychain);
            QVERIFY(!dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit")));
            QVERIFY(child<QLabel>(dialog, "introLabel")->text().contains(QStringLiteral("only")));
            auto* create = child<QPushButton>(dialog, "createButton");
            auto* errorLabel = child<QLabel>(dialog, "errorLabel");
            QVERIFY(create && errorLabel);

            create->click(); // no name yet
            QVERIFY(dialog->isVisible());
            QVERIFY(errorLabel->isVisible());
            QVERIFY(errorLabel->text().contains(QStringLiteral("display name")));

            type(dialog, "displayNameEdit", QStringLiteral("  Bob  "));
            type(dialog, "relayEdit", QStringLiteral("smp://nonsense"));
            create->click();
            QVERIFY(dialog->isVisible());
            QVERIFY(errorLabel->text().contains(QStringLiteral("relay")));

            type(dialog, "relayEdit", relay);
            // Keyboard: Return in a field presses the default button.
            QTest::keyClick(child<QLineEdit>(dialog, "relayEdit"), Qt::Key_Return);
            QVERIFY(!dialog->isVisible());
        });
        QString error;
        auto created = opener.open(request(dir), &error);
        QVERIFY(sawDialog);
        QVERIFY2(created, qPrintable(error));
        QCOMPARE(created->firstRelay, relay);
        QCOMPARE(created->config.createWithName.value_or(""), std::string("Bob"));
        const ProfileLocation location = request(dir).location;
        QCOMPARE(keys.entries.size(), std::size_t(1));
        QVERIFY(keys.entries.at(location.folder) == created->config.databaseKey);
        QCOMPARE(created->config.databaseKey.size(), core::store::kDatabaseKeySize);
        QVERIFY(!QFile::exists(location.folder + QStringLiteral("/profile.salt")));
        QCOMPARE(storedName(*created), QStringLiteral("Bob"));

        NoDialogs guard;
        auto reopened = opener.open(request(dir), &error);
        QVERIFY2(reopened, qPrintable(error));
        QVERIFY(reopened->config.databaseKey == created->config.databaseKey);
        QVERIFY(reopened->firstRelay.isEmpty());
        QCOMPARE(guard.shown, 0);
    }

    // With a relay directory (the shipped list or --directory) a new user types a name and
    // nothing else: the relay field is gone, a line says where relays come from, and the new
    // profile keeps the directories.
    void onboardingWithADirectoryAsksOnlyForAName() {
        QTemporaryDir dir;
        MemoryKeyStore keys;
        ProfileRequest withDirectory = request(dir);
        withDirectory.directories = {directoryAddress()};
        bool sawDialog = false;
        whenShown<OnboardingDialog>([&](OnboardingDialog* dialog) {
            sawDialog = true;
            auto* relay = child<QLineEdit>(dialog, "relayEdit");
            auto* note = child<QLabel>(dialog, "directoryNote");
            QVERIFY(relay && note);
            QVERIFY(!relay->isVisible());
            QVERIFY(note->isVisible());
            QVERIFY2(note->text().contains(QStringLiteral("directory.example.net:8443")),
                     qPrintable(note->text()));
            QVERIFY(note->text().contains(QStringLiteral("invite contacts right away")));
            type(dialog, "displayNameEdit", QStringLiteral("Lena"));
            QTest::keyClick(child<QLineEdit>(dialog, "displayNameEdit"), Qt::Key_Return);
            QVERIFY(!dialog->isVisible());
        });
        QString error;
        auto created = ProfileOpener(keys).open(withDirectory, &error);
        QVERIFY(sawDialog);
        QVERIFY2(created, qPrintable(error));
        QVERIFY(created->firstRelay.isEmpty());
        QCOMPARE(storedName(*created), QStringLiteral("Lena"));
        QCOMPARE(storedDirectories(*created),
                 (core::agent::DirectorySettings{{directoryAddress().toStdString()}, false}));

        // Without one, the relay field is there as before.
        QTemporaryDir other;
        whenShown<OnboardingDialog>([](OnboardingDialog* dialog) {
            QVERIFY(child<QLineEdit>(dialog, "relayEdit")->isVisible());
            QVERIFY(!child<QLabel>(dialog, "directoryNote")->isVisible());
            dialog->reject();
        });
        QVERIFY(!ProfileOpener(keys).open(request(other), &error));
        QVERIFY(error.isEmpty());
    }

    void automationStoresTheDirectoriesToo() {
        QTemporaryDir dir;
        MemoryKeyStore keys;
        NoDialogs guard;
        ProfileRequest r =
            request(dir, dir.filePath(QStringLiteral("profile.key")), QStringLiteral("Max"));
        r.directories = {directoryAddress(1), directoryAddress(2)};
        QString error;
        auto created = ProfileOpener(keys).open(r, &error);
        QVERIFY2(created, qPrintable(error));
        QCOMPARE(storedDirectories(*created).directories,
                 (std::vector<std::string>{directoryAddress(1).toStdString(),
                                           directoryAddress(2).toStdString()}));
        // An existing profile is opened as it is: the request's list is for new ones.
        r.directories = {directoryAddress(3)};
        auto reopened = ProfileOpener(keys).open(r, &error);
        QVERIFY2(reopened, qPrintable(error));
        QCOMPARE(storedDirectories(*reopened).directories.size(), std::size_t(2));
        QCOMPARE(guard.shown, 0);
    }

    // The whole first run against a real directory and relay in this process: a name typed,
    // no relay address anywhere, and the new profile's first invitation has its queue on the
    // relay the directory lists.
    void aNewUserWithADirectoryInvitesWithoutARelayAddress() {
        test::DirectoryFixture directory;
        test::RelayFixture relay;
        test::IoThreads io(1);
        auto registrar = test::keepRegistered(io.io, directory, relay.server().address(),
                                              relay.server().identity());
        QVERIFY(test::waitUntil(
            [&] { return directory.service().stats().registrationsAccepted >= 1; }));

        QTemporaryDir dir;
        MemoryKeyStore keys;
        ProfileRequest withDirectory = request(dir);
        withDirectory.directories = {
            QString::fromStdString(core::directory::formatDirectoryAddress(directory.address()))};
        whenShown<OnboardingDialog>([](OnboardingDialog* dialog) {
            type(dialog, "displayNameEdit", QStringLiteral("Nora"));
            child<QPushButton>(dialog, "createButton")->click();
        });
        QString error;
        auto created = ProfileOpener(keys).open(withDirectory, &error);
        QVERIFY2(created, qPrintable(error));
        QVERIFY(created->firstRelay.isEmpty());

        core::agent::AgentConfig config = created->config;
        config.createWithName.reset();
        auto agent = core::agent::Agent::open(std::move(config), {});
        QVERIFY(agent);
        core::agent::SyncAgent nora(**agent);
        QVERIFY(nora.relays()->empty()); // no relay of her own
        const auto before = relay.server().stats().queuesCreated;
        auto invitation = nora.createInvitation();
        QVERIFY2(invitation, invitation ? "" : invitation.error().message.c_str());
        QVERIFY(QString::fromStdString(*invitation).startsWith(QStringLiteral("ferry:")));
        QCOMPARE(relay.server().stats().queuesCreated, before + 1);
        registrar->stop();
    }

    void cancelledOnboardingCreatesNothing() {
        QTemporaryDir dir;
        MemoryKeyStore keys;
        whenShown<OnboardingDialog>([](OnboardingDialog* dialog) {
            type(dialog, "displayNameEdit", QStringLiteral("Gina"));
            dialog->reject();
        });
        QString error = QStringLiteral("stale");
        QVERIFY(!ProfileOpener(keys).open(request(dir), &error));
        QVERIFY(error.isEmpty());
        QVERIFY(!QFileInfo::exists(request(dir).location.folder));
        QVERIFY(keys.entries.empty());
    }

    void onboardingWithoutKeychainUsesAPassphrase() {
        QTemporaryDir dir;
        MemoryKeyStore keys;
        keys.available = false;
        ProfileOpener opener(keys);
        whenShown<OnboardingDialog>([](OnboardingDialog* dialog) {
            QCOMPARE(dialog->keyMode(), OnboardingDialog::KeyMode::Passphrase);
            auto* passphrase = child<QLineEdit>(dialog, "passphraseEdit");
            auto* confirm = child<QLineEdit>(dialog, "confirmEdit");
            auto* strength = child<QLabel>(dialog, "strengthLabel");
            auto* errorLabel = child<QLabel>(dialog, "errorLabel");
            QVERIFY(passphrase && confirm && strength && errorLabel);
            QVERIFY(passphrase->isVisible() && confirm->isVisible());
            QCOMPARE(passphrase->echoMode(), QLineEdit::Password);
            type(dialog, "displayNameEdit", QStringLiteral("Carol"));

            child<QPushButton>(dialog, "createButton")->click(); // empty passphrase
            QVERIFY(dialog->isVisible());
            QVERIFY(errorLabel->text().contains(QStringLiteral("passphrase")));

            passphrase->setText(QStringLiteral("abc"));
            QVERIFY(strength->text().contains(QStringLiteral("weak")));
            passphrase->setText(kPassphrase);
            QVERIFY(!strength->text().contains(QStringLiteral("weak")));
            confirm->setText(kPassphrase + QStringLiteral("!"));
            child<QPushButton>(dialog, "createButton")->click();
            QVERIFY(dialog->isVisible());
            QVERIFY(errorLabel->isVisible());
            QVERIFY(errorLabel->text().contains(QStringLiteral("differ")));

            confirm->setText(kPassphrase);
            child<QPushButton>(dialog, "createButton")->click();
            QVERIFY(!dialog->isVisible());
        });
        QString error;
        auto created = opener.open(request(dir), &error);
        QVERIFY2(created, qPrintable(error));
        const ProfileLocation location = request(dir).location;
        const QString saltFile = location.folder + QStringLiteral("/profile.salt");
        QVERIFY(QFile::exists(saltFile));
        QVERIFY(keys.entries.empty());
        QCOMPARE(storedName(*created), QStringLiteral("Carol"));
        // ferry-cli derives the same key from the same passphrase and salt file.
        auto parameters = core::store::readSaltFile(saltFile.toStdString());
        QVERIFY(parameters);
        auto derived = core::store::deriveKeyFromPassphrase(kPassphrase.toStdString(), *parameters);
        QVERIFY(derived && *derived == created->config.databaseKey);

        // The unlock dialog: a wrong passphrase is refused with a message, then the right one.
        whenShown<UnlockDialog>([](UnlockDialog* dialog) {
            auto* passphrase = child<QLineEdit>(dialog, "passphraseEdit");
            auto* errorLabel = child<QLabel>(dialog, "errorLabel");
            auto* unlock = child<QPushButton>(dialog, "unlockButton");
            QVERIFY(passphrase && errorLabel && unlock);
            passphrase->setText(QStringLiteral("wrong horse"));
            unlock->click();
            QTRY_VERIFY_WITH_TIMEOUT(errorLabel->isVisible(), 20000);
            QVERIFY(errorLabel->text().contains(QStringLiteral("Wrong passphrase")));
            QVERIFY(dialog->isVisible());
            passphrase->setText(kPassphrase);
            unlock->click();
        });
        auto reopened = opener.open(request(dir), &error);
        QVERIFY2(reopened, qPrintable(error));
        QVERIFY(reopened->config.databaseKey == created->config.databaseKey);

        // Cancelling the unlock dialog is not an error.
        whenShown<UnlockDialog>([](UnlockDialog* dialog) { dialog->reject(); });
        error = QStringLiteral("stale");
        QVERIFY(!opener.open(request(dir), &error));
        QVERIFY(error.isEmpty());
    }

    void keychainRefusingTheKeyFallsBackToAPassphrase() {
        QTemporaryDir dir;
        MemoryKeyStore keys;
        keys.refuseWrites = true;
        bool secondDialog = false;
        whenShown<OnboardingDialog>([&](OnboardingDialog* first) {
            QCOMPARE(first->keyMode(), OnboardingDialog::KeyMode::Keychain);
            type(first, "displayNameEdit", QStringLiteral("Hana"));
            whenShown<OnboardingDialog>([&](OnboardingDialog* second) {
                secondDialog = true;
                QCOMPARE(second->keyMode(), OnboardingDialog::KeyMode::Passphrase);
                QCOMPARE(second->displayName(), QStringLiteral("Hana")); // kept
                QVERIFY(child<QLabel>(second, "errorLabel")
                            ->text()
                            .contains(QStringLiteral("collection is locked")));
                type(second, "passphraseEdit", kPassphrase);
                type(second, "confirmEdit", kPassphrase);
                child<QPushButton>(second, "createButton")->click();
            });
            child<QPushButton>(first, "createButton")->click();
        });
        QString error;
        auto created = ProfileOpener(keys).open(request(dir), &error);
        QVERIFY2(created, qPrintable(error));
        QVERIFY(secondDialog);
        QVERIFY(keys.entries.empty());
        QVERIFY(QFile::exists(request(dir).location.folder + QStringLiteral("/profile.salt")));
    }

    void existingProfileWithoutKeyExplainsWhatToDo() {
        QTemporaryDir dir;
        const QString keyFile = dir.filePath(QStringLiteral("profile.key"));
        MemoryKeyStore keys;
        NoDialogs guard;
        QString error;
        QVERIFY(ProfileOpener(keys).open(request(dir, keyFile, QStringLiteral("Ivan")), &error));

        QVERIFY(!ProfileOpener(keys).open(request(dir), &error));
        QVERIFY2(error.contains(QStringLiteral("--key-file")), qPrintable(error));

        keys.available = false;
        QVERIFY(!ProfileOpener(keys).open(request(dir), &error));
        QVERIFY2(error.contains(QStringLiteral("no keychain is available")), qPrintable(error));

        // A keychain entry that does not fit the database.
        keys.available = true;
        keys.entries[request(dir).location.folder] = core::store::generateDatabaseKey();
        QVERIFY(!ProfileOpener(keys).open(request(dir), &error));
        QVERIFY2(error.contains(QStringLiteral("does not open")), qPrintable(error));
        QCOMPARE(guard.shown, 0);
    }

    void systemKeyStoreWithoutServiceIsUnavailable() {
        if (realKeychain())
            QSKIP("FERRY_TEST_KEYCHAIN=1: a keychain service is expected");
        QTemporaryDir dir;
        SystemKeyStore store;
        QElapsedTimer timer;
        timer.start();
        const KeyStoreReply read = store.read(dir.path());
        QCOMPARE(int(read.status), int(KeyStoreStatus::Unavailable));
        const KeyStoreReply written = store.write(dir.path(), core::store::generateDatabaseKey());
        QCOMPARE(int(written.status), int(KeyStoreStatus::Unavailable));
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        qInfo("keychain unavailable after %lld ms: %s", timer.elapsed(), qPrintable(read.detail));

        // The opener with the real store then offers a passphrase.
        whenShown<OnboardingDialog>([](OnboardingDialog* dialog) {
            QCOMPARE(dialog->keyMode(), OnboardingDialog::KeyMode::Passphrase);
            dialog->reject();
        });
        QString error;
        QVERIFY(!ProfileOpener(store).open(request(dir), &error));
        QVERIFY(error.isEmpty());
    }

    // Opt-in, because it writes to the user's keychain: run inside a throwaway session, e.g.
    //   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock
    //       --components=secrets; FERRY_TEST_KEYCHAIN=1 test_onboarding'
    void onboardingWithTheRealKeychain() {
        if (!realKeychain())
            QSKIP("set FERRY_TEST_KEYCHAIN=1 in a session with a keychain service");
        QTemporaryDir dir;
        SystemKeyStore keys(std::chrono::seconds(20));
        ProfileOpener opener(keys);
        whenShown<OnboardingDialog>([](OnboardingDialog* dialog) {
            QCOMPARE(dialog->keyMode(), OnboardingDialog::KeyMode::Keychain);
            type(dialog, "displayNameEdit", QStringLiteral("Kim"));
            child<QPushButton>(dialog, "createButton")->click();
        });
        QString error;
        auto created = opener.open(request(dir), &error);
        QVERIFY2(created, qPrintable(error));
        const QString folder = request(dir).location.folder;
        const KeyStoreReply stored = keys.read(folder);
        QVERIFY(stored.ok());
        QVERIFY(stored.key == created->config.databaseKey);

        NoDialogs guard;
        auto reopened = opener.open(request(dir), &error);
        QVERIFY2(reopened, qPrintable(error));
        QVERIFY(reopened->config.databaseKey == created->config.databaseKey);
        QCOMPARE(guard.shown, 0);
        QVERIFY(keys.remove(folder).ok());
        QCOMPARE(int(keys.read(folder).status), int(KeyStoreStatus::NoEntry));
    }

    void entryNamesFollowTheFolder() {
        QTemporaryDir dir;
        const QString a = SystemKeyStore::entryName(dir.path());
        QCOMPARE(SystemKeyStore::entryName(dir.path() + QStringLiteral("/")), a);
        QCOMPARE(SystemKeyStore::entryName(dir.path() + QStringLiteral("/sub/..")), a);
        QVERIFY(SystemKeyStore::entryName(dir.filePath(QStringLiteral("other"))) != a);
        QCOMPARE(SystemKeyStore::serviceName(), QStringLiteral("Ferry"));
    }

    void passphraseStrength() {
        QCOMPARE(estimatePassphraseBits(QString()), 0.0);
        QVERIFY(estimatePassphraseBits(QStringLiteral("aaaaaaaaaaaaaaaa")) < kWeakPassphraseBits);
        QVERIFY(estimatePassphraseBits(QStringLiteral("password1")) < kWeakPassphraseBits);
        QVERIFY(estimatePassphraseBits(kPassphrase) > kWeakPassphraseBits);
    }

private:
    QTimer m_watchdog;
};

QTEST_MAIN(TestOnboarding)
#include "test_onboarding.moc"
