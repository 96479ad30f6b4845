#pragma once

#include "agent/agent.h"
#include "store/database_key.h"
#include "ui/profile_location.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <optional>

class QWidget;

namespace ferry::ui {

class KeyStore;

/// What the command line asked for: which profile, and for automation a key file and a
/// display name.
struct ProfileRequest {
    ProfileLocation location;
    QString keyFile; ///< --key-file: the database key (read, or written when creating)
    QString name;    ///< --name: the display name of a profile created without dialogs
    /// Argon2id cost for a new passphrase profile; tests use Interactive.
    core::store::KdfStrength kdf = core::store::KdfStrength::Moderate;
    /// Relay directories a new profile starts with (the shipped list, or --directory): they
    /// are stored in it at creation, and onboarding then asks for no relay.
    QStringList directories;
};

/// A profile that is ready to be opened by the engine.
struct OpenedProfile {
    core::agent::AgentConfig config;
    QString firstRelay; ///< relay address the user typed in onboarding, may be empty
};

/// Turns a profile location and the command-line options into an AgentConfig, with the
/// database key from a key file, the OS keychain or a passphrase; creates the profile on first
/// run (onboarding dialog, or no dialog at all with --name and --key-file), with the request's
/// relay directories stored in it.
///
/// Profiles are compatible with ferry-cli: the same folder and --key-file open the same
/// profile with either program. A profile that this class creates already exists on disk
/// when open() returns (its config still carries createWithName, which is then ignored).
class ProfileOpener {
    Q_DECLARE_TR_FUNCTIONS(ProfileOpener)

public:
    explicit ProfileOpener(KeyStore& keys, QWidget* dialogParent = nullptr);

    /// nullopt + empty *error = the user cancelled; nullopt + error text = failed (show it).
    std::optional<OpenedProfile> open(const ProfileRequest& request, QString* error);

private:
    enum class KeySource { Keychain, Passphrase, KeyFile };
    struct NewProfile {
        QString name;
        QString relay;
        KeySource source = KeySource::KeyFile;
        QString passphrase;
    };

    class Undo;

    std::optional<OpenedProfile> openExisting(const ProfileRequest& request, QString* error);
    std::optional<OpenedProfile> openWithPassphrase(const ProfileRequest& request, QString* error);
    std::optional<OpenedProfile> openWithKeychain(const ProfileRequest& request, QString* error);
    std::optional<OpenedProfile> onboard(const ProfileRequest& request, QString* error);
    /// Creates folder, key and database for `profile`; undoes all of it when a step fails.
    /// `*keychainFailed` tells that storing the key in the keychain was the step that failed.
    std::optional<OpenedProfile> create(const ProfileRequest& request, const NewProfile& profile,
                                        QString* error, bool* keychainFailed = nullptr);

    /// Puts the new profile's key into `key`: from the key file (written if missing), the
    /// keychain or the passphrase. Registers what it creates with `undo`.
    bool provideKey(const ProfileRequest& request, const NewProfile& profile,
                    core::crypto::SecretBytes& key, Undo& undo, QString* error,
                    bool* keychainFailed);

    KeyStore& m_keys;
    QWidget* m_dialogParent;
};

} // namespace ferry::ui
