#pragma once

#include "crypto/secret_bytes.h"

#include <QString>
#include <chrono>

namespace ferry::ui {

/// What a key store operation came to.
enum class KeyStoreStatus {
    Ok,          ///< done (read: the key is in the reply)
    NoEntry,     ///< the keychain works but holds no key for this profile
    Unavailable, ///< there is no usable keychain on this system (no service, no D-Bus, timeout)
    Failed,      ///< the keychain exists but refused (locked, access denied) or failed
};

/// The answer of a key store: a status, the keychain's own words for messages, and the key
/// when a read succeeded. `detail` never contains key material.
struct KeyStoreReply {
    KeyStoreStatus status = KeyStoreStatus::Failed;
    QString detail;
    core::crypto::SecretBytes key; ///< read(): the 32-byte database key when status is Ok

    bool ok() const { return status == KeyStoreStatus::Ok; }
};

/// Where profile database keys are kept, one entry per profile folder. The app uses
/// SystemKeyStore; tests pass a stand-in.
class KeyStore {
public:
    virtual ~KeyStore() = default;

    virtual KeyStoreReply read(const QString& profileFolder) = 0;
    /// Stores `key` for the profile, replacing an older entry.
    virtual KeyStoreReply write(const QString& profileFolder,
                                const core::crypto::SecretBytes& key) = 0;
    virtual KeyStoreReply remove(const QString& profileFolder) = 0;
};

/// The OS keychain through QtKeychain (Secret Service or KWallet on Linux, Keychain on macOS,
/// Credential Manager on Windows), service "Ferry", one entry per absolute profile folder.
///
/// QtKeychain answers asynchronously; each call waits for it in a local event loop (a
/// QCoreApplication must exist) and gives up after `timeout`, reporting Unavailable, so a
/// missing or stuck keychain service never hangs the app. The timeout is long enough for the
/// user to answer the keychain's own unlock prompt.
class SystemKeyStore : public KeyStore {
public:
    explicit SystemKeyStore(std::chrono::milliseconds timeout = std::chrono::seconds(60));

    KeyStoreReply read(const QString& profileFolder) override;
    KeyStoreReply write(const QString& profileFolder,
                        const core::crypto::SecretBytes& key) override;
    KeyStoreReply remove(const QString& profileFolder) override;

    /// "Ferry": the keychain service every entry is filed under.
    static QString serviceName();
    /// The entry name of a profile: derived from its absolute (canonical, if it exists) folder,
    /// so moving the folder leaves the key behind under the old name.
    static QString entryName(const QString& profileFolder);

private:
    std::chrono::milliseconds m_timeout;
};

} // namespace ferry::ui
