// Where a profile's database key comes from, and first-run creation. The rules match
// ferry-cli (app/cli/cli_profile.cpp): DIR/profile.db, a key file of 64 hex digits, or an
// Argon2id salt file next to the database for a passphrase; the desktop app adds the OS
// keychain, which is the default for people. Nothing here logs a key or a passphrase.
#include "ui/profile_opener.h"

#include "agent/sync_agent.h"
#include "store/profile_database.h"
#include "store/store_errc.h"
#include "ui/key_store.h"
#include "ui/onboarding_dialog.h"
#include "ui/unlock_dialog.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QThread>
#include <filesystem>
#include <functional>
#include <memory>
#include <system_error>
#include <vector>

namespace ferry::ui {

namespace fs = std::filesystem;
using core::crypto::SecretBytes;

namespace {

fs::path toPath(const QString& path) {
    return fs::path(QFile::encodeName(path).toStdString());
}

QString native(const QString& path) {
    return QDir::toNativeSeparators(path);
}

QString native(const fs::path& path) {
    return native(QFile::decodeName(QByteArray::fromStdString(path.string())));
}

QString text(const core::Error& error) {
    return QString::fromStdString(error.message);
}

core::agent::AgentConfig baseConfig(const ProfileLocation& location) {
    core::agent::AgentConfig config;
    config.databaseFile = toPath(location.databaseFile());
    config.relayDefaults.commandTimeout = std::chrono::seconds(15); // as ferry-cli
    return config;
}

/// Opens the database with `key` and closes it again: nullopt if the key is right.
std::optional<core::Error> tryKey(const fs::path& database, const SecretBytes& key) {
    auto opened = core::store::ProfileDatabase::open(database, key);
    if (opened)
        return std::nullopt;
    return opened.error();
}

bool isWrongKey(const core::Error& error) {
    return error.code == core::store::StoreErrc::WrongKey;
}

/// Argon2id of a passphrase as UTF-8 (what ferry-cli reads from a UTF-8 terminal).
core::Result<SecretBytes> derive(const QString& passphrase,
                                 const core::store::KdfParameters& parameters) {
    QByteArray utf8 = passphrase.toUtf8();
    auto key = core::store::deriveKeyFromPassphrase(
        std::string_view(utf8.constData(), std::size_t(utf8.size())), parameters);
    utf8.fill('\0');
    return key;
}

/// Runs `work` on a worker thread while the event loop keeps the UI painted.
template <typename Work> auto runOffThread(Work work) -> decltype(work()) {
    std::optional<decltype(work())> result;
    std::unique_ptr<QThread> thread(QThread::create([&] { result.emplace(work()); }));
    QEventLoop loop;
    QObject::connect(thread.get(), &QThread::finished, &loop, &QEventLoop::quit);
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    thread->start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    thread->wait();
    QGuiApplication::restoreOverrideCursor();
    return std::move(*result);
}

} // namespace

/// Removes what a failed creation made (files, folder, keychain entry), newest first, so a
/// second attempt starts clean. Only things this run created are ever added.
class ProfileOpener::Undo {
public:
    void addPath(fs::path path) {
        m_steps.push_back([path = std::move(path)] {
            std::error_code ec;
            fs::remove(path, ec);
        });
    }
    void add(std::function<void()> step) { m_steps.push_back(std::move(step)); }
    void commit() { m_steps.clear(); }
    ~Undo() {
        for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it)
            (*it)();
    }

private:
    std::vector<std::function<void()>> m_steps;
};

ProfileOpener::ProfileOpener(KeyStore& keys, QWidget* dialogParent)
    : m_keys(keys), m_dialogParent(dialogParent) {}

std::optional<OpenedProfile> ProfileOpener::open(const ProfileRequest& request, QString* error) {
    QString ignored;
    if (!error)
        error = &ignored;
    error->clear();
    std::error_code ec;
    if (fs::exists(toPath(request.location.databaseFile()), ec))
        return openExisting(request, error);

    const fs::path saltFile = core::store::saltFilePath(toPath(request.location.databaseFile()));
    if (fs::exists(saltFile, ec)) {
        *error = tr("%1 exists without a profile database. Restore profile.db from a backup, "
                    "or remove the salt file to start a new profile.")
                     .arg(native(saltFile));
        return std::nullopt;
    }
    const QString name = request.name.trimmed();
    if (!request.keyFile.isEmpty() && !name.isEmpty()) {
        // Automation: no dialog at all.
        if (QString problem = OnboardingDialog::displayNameProblem(name); !problem.isEmpty()) {
            *error = problem;
            return std::nullopt;
        }
        return create(request, {name, QString(), KeySource::KeyFile, QString()}, error);
    }
    return onboard(request, error);
}

std::optional<OpenedProfile> ProfileOpener::openExisting(const ProfileRequest& request,
                                                         QString* error) {
    const fs::path database = toPath(request.location.databaseFile());
    std::error_code ec;
    if (request.keyFile.isEmpty()) {
        if (fs::exists(core::store::saltFilePath(database), ec))
            return openWithPassphrase(request, error);
        return openWithKeychain(request, error);
    }
    auto key = core::store::readKeyFile(toPath(request.keyFile));
    if (!key) {
        *error = tr("Cannot use the key file: %1").arg(text(key.error()));
        return std::nullopt;
    }
    if (auto problem = tryKey(database, *key)) {
        *error = isWrongKey(*problem)
                     ? tr("The key in %1 does not open the profile in %2: wrong key file.")
                           .arg(native(request.keyFile), native(request.location.folder))
                     : tr("Cannot open the profile in %1: %2")
                           .arg(native(request.location.folder), text(*problem));
        return std::nullopt;
    }
    OpenedProfile opened{baseConfig(request.location), QString()};
    opened.config.databaseKey = std::move(key).value();
    return opened;
}

std::optional<OpenedProfile> ProfileOpener::openWithPassphrase(const ProfileRequest& request,
                                                               QString* error) {
    const fs::path database = toPath(request.location.databaseFile());
    const auto parameters = core::store::readSaltFile(core::store::saltFilePath(database));
    if (!parameters) {
        *error = tr("Cannot read the passphrase settings of this profile: %1")
                     .arg(text(parameters.error()));
        return std::nullopt;
    }
    SecretBytes key;
    // Runs on the dialog's worker thread; the dialog waits for it before it goes away.
    auto check = [&](const QString& passphrase) -> QString {
        auto derived = derive(passphrase, *parameters);
        if (!derived)
            return text(derived.error());
        if (auto problem = tryKey(database, *derived))
            return isWrongKey(*problem) ? tr("Wrong passphrase. Please try again.")
                                        : tr("Cannot open the profile: %1").arg(text(*problem));
        key = std::move(derived).value();
        return {};
    };
    UnlockDialog dialog(request.location.name, check, m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt; // cancelled
    OpenedProfile opened{baseConfig(request.location), QString()};
    opened.config.databaseKey = std::move(key);
    return opened;
}

std::optional<OpenedProfile> ProfileOpener::openWithKeychain(const ProfileRequest& request,
                                                             QString* error) {
    const QString folder = native(request.location.folder);
    KeyStoreReply reply = m_keys.read(request.location.folder);
    switch (reply.status) {
    case KeyStoreStatus::Ok:
        break;
    case KeyStoreStatus::NoEntry:
        *error = tr("The system keychain holds no key for the profile in %1. If the profile was "
                    "created with a key file, start Ferry with --key-file FILE. If the folder "
                    "was moved or copied, its key is still filed under the old location.")
                     .arg(folder);
        return std::nullopt;
    case KeyStoreStatus::Unavailable:
        *error = tr("The key of the profile in %1 is kept in the system keychain, but no "
                    "keychain is available (%2). Start your desktop's keychain service (for "
                    "example GNOME Keyring or KWallet) and try again, or start Ferry with "
                    "--key-file FILE.")
                     .arg(folder, reply.detail);
        return std::nullopt;
    case KeyStoreStatus::Failed:
        *error = tr("The system keychain did not give out the key of the profile in %1 (%2). "
                    "Unlock the keychain or allow Ferry to use it, then try again.")
                     .arg(folder, reply.detail);
        return std::nullopt;
    }
    if (auto problem = tryKey(toPath(request.location.databaseFile()), reply.key)) {
        *error =
            isWrongKey(*problem)
                ? tr("The key in the system keychain does not open the profile in %1.").arg(folder)
                : tr("Cannot open the profile in %1: %2").arg(folder, text(*problem));
        return std::nullopt;
    }
    OpenedProfile opened{baseConfig(request.location), QString()};
    opened.config.databaseKey = std::move(reply.key);
    return opened;
}

std::optional<OpenedProfile> ProfileOpener::onboard(const ProfileRequest& request, QString* error) {
    using Mode = OnboardingDialog::KeyMode;
    Mode mode = Mode::KeyFile;
    if (request.keyFile.isEmpty()) {
        // The keychain is the default; a passphrase only when there is no usable keychain.
        const KeyStoreStatus probe = m_keys.read(request.location.folder).status;
        const bool usable = probe == KeyStoreStatus::Ok || probe == KeyStoreStatus::NoEntry;
        mode = usable ? Mode::Keychain : Mode::Passphrase;
    }
    NewProfile profile{request.name.trimmed(), QString(), KeySource::KeyFile, QString()};
    QString problem;
    for (;;) {
        OnboardingDialog dialog(mode, m_dialogParent);
        dialog.setDisplayName(profile.name);
        dialog.setRelayAddress(profile.relay);
        dialog.setDirectories(request.directories);
        dialog.showError(problem);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt; // cancelled
        profile.name = dialog.displayName();
        profile.relay = dialog.relayAddress();
        profile.passphrase = dialog.passphrase();
        profile.source = mode == Mode::Keychain     ? KeySource::Keychain
                         : mode == Mode::Passphrase ? KeySource::Passphrase
                                                    : KeySource::KeyFile;
        bool keychainFailed = false;
        auto created = create(request, profile, error, &keychainFailed);
        if (created || !keychainFailed)
            return created;
        // The keychain looked usable but would not take the key: offer the passphrase.
        mode = Mode::Passphrase;
        problem = tr("Ferry could not store the key in the system keychain (%1). Choose a "
                     "passphrase instead.")
                      .arg(*error);
        error->clear();
    }
}

bool ProfileOpener::provideKey(const ProfileRequest& request, const NewProfile& profile,
                               SecretBytes& key, Undo& undo, QString* error, bool* keychainFailed) {
    const fs::path database = toPath(request.location.databaseFile());
    std::error_code ec;
    switch (profile.source) {
    case KeySource::KeyFile: {
        const fs::path keyFile = toPath(request.keyFile);
        if (fs::exists(keyFile, ec)) {
            auto read = core::store::readKeyFile(keyFile);
            if (!read) {
                *error = tr("Cannot use the key file: %1").arg(text(read.error()));
                return false;
            }
            key = std::move(read).value();
        } else {
            key = core::store::generateDatabaseKey();
            if (auto written = core::store::writeKeyFile(keyFile, key); !written) {
                *error = tr("Cannot write the key file: %1").arg(text(written.error()));
                return false;
            }
            undo.addPath(keyFile);
        }
        break;
    }
    case KeySource::Keychain: {
        key = core::store::generateDatabaseKey();
        const KeyStoreReply stored = m_keys.write(request.location.folder, key);
        if (!stored.ok()) {
            if (keychainFailed)
                *keychainFailed = true;
            *error = stored.detail.isEmpty() ? tr("the keychain refused the key") : stored.detail;
            return false;
        }
        undo.add([this, folder = request.location.folder] { m_keys.remove(folder); });
        break;
    }
    case KeySource::Passphrase: {
        const auto parameters = core::store::KdfParameters::generate(request.kdf);
        auto derived = runOffThread([&] { return derive(profile.passphrase, parameters); });
        if (!derived) {
            *error = text(derived.error());
            return false;
        }
        const fs::path saltFile = core::store::saltFilePath(database);
        if (auto written = core::store::writeSaltFile(saltFile, parameters); !written) {
            *error = tr("Cannot write the salt file: %1").arg(text(written.error()));
            return false;
        }
        undo.addPath(saltFile);
        key = std::move(derived).value();
        break;
    }
    }
    return true;
}

std::optional<OpenedProfile> ProfileOpener::create(const ProfileRequest& request,
                                                   const NewProfile& profile, QString* error,
                                                   bool* keychainFailed) {
    const fs::path folder = toPath(request.location.folder);
    const fs::path database = toPath(request.location.databaseFile());
    Undo undo;
    std::error_code ec;
    if (!fs::exists(folder, ec)) {
        if (!fs::create_directories(folder, ec)) {
            *error = tr("Cannot create the profile folder %1: %2")
                         .arg(native(folder), QString::fromStdString(ec.message()));
            return std::nullopt;
        }
        fs::permissions(folder, fs::perms::owner_all, ec);
        undo.addPath(folder);
    }

    OpenedProfile opened{baseConfig(request.location), profile.relay};
    opened.config.createWithName = profile.name.toStdString();
    if (!provideKey(request, profile, opened.config.databaseKey, undo, error, keychainFailed))
        return std::nullopt;

    // Create the database here, not later in the engine, so a failure undoes everything.
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        undo.addPath(fs::path(database.string() + suffix));
    auto agent = core::agent::Agent::open(opened.config, {});
    if (!agent) {
        *error = tr("Cannot create the profile in %1: %2").arg(native(folder), text(agent.error()));
        return std::nullopt;
    }
    if (!request.directories.isEmpty()) {
        core::agent::DirectorySettings directories;
        for (const QString& address : request.directories)
            directories.directories.push_back(address.toStdString());
        if (auto stored = core::agent::SyncAgent(**agent).setDirectories(directories); !stored) {
            *error = tr("Cannot store the relay directories in the new profile: %1")
                         .arg(text(stored.error()));
            return std::nullopt;
        }
    }
    agent->reset(); // closed before the app opens it again
    undo.commit();
    return opened;
}

} // namespace ferry::ui
