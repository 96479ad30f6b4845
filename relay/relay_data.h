#pragma once

#include "crypto/secret_bytes.h"
#include "crypto/signing_key.h"
#include "crypto/x509_certificate.h"
#include "relay/relay_config.h"
#include "util/bytes.h"
#include "util/result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ferry::relay {

/// File names inside a relay's data folder.
namespace files {
inline constexpr const char* kConfig = "relay.ini";
inline constexpr const char* kCaCertificate = "ca.crt";
inline constexpr const char* kOfflineKey = "ca.key";
inline constexpr const char* kOnlineCertificate = "server.crt";
inline constexpr const char* kOnlineKey = "server.key";
inline constexpr const char* kStore = "store";
/// Tunnel ports held and reserved by nodes (relay/node/tunnel_reservations.h).
inline constexpr const char* kTunnelReservations = "tunnel-reservations";
} // namespace files

/// What `ferry-relay init` asks for.
struct RelayInitOptions {
    std::filesystem::path dataDir;
    std::string host = "localhost";
    std::uint16_t port = 5223;
    std::optional<std::string> createPassword;
    /// Where the offline CA private key goes. Empty: `ca.key` in the data folder, to be moved
    /// offline by the operator.
    std::filesystem::path offlineKeyPath;
    /// Hand the CA private key back in RelayInitResult::offlineKeyPem instead of writing it
    /// anywhere: the in-app relay stores it in its encrypted profile. Excludes offlineKeyPath.
    bool returnOfflineKey = false;
};

/// The result of initialization.
struct RelayInitResult {
    std::filesystem::path offlineKeyPath; ///< where the CA key was written (empty if returned)
    /// The CA private key as PKCS#8 PEM when returnOfflineKey was set (else empty); wiped when
    /// freed. SigningKey::fromPem reads it back.
    core::crypto::SecretBytes offlineKeyPem;
    std::string address; ///< smp://<fingerprint>@host:port
};

/// The certificates and key a running relay presents.
struct RelayIdentity {
    core::crypto::X509Certificate onlineCertificate;
    core::crypto::X509Certificate caCertificate;
    core::crypto::SigningKey onlineKey;
    core::Bytes fingerprint; ///< SHA-256 of the CA certificate DER: the server identity

    /// [online, CA] in DER, as sent in the TLS handshake and the SMP server hello.
    std::vector<core::Bytes> chainDer() const;
};

/// Creates `dir` (and its parents) readable by the owner only.
core::Result<void> createPrivateFolder(const std::filesystem::path& dir);
/// A whole text file; RelayErrc::Io naming it when it cannot be read.
core::Result<std::string> readText(const std::filesystem::path& path);
/// Writes a file readable and writable by the owner only, from its creation on.
core::Result<void> writePrivateText(const std::filesystem::path& path, const std::string& text);

/// A server's identity in `dir`: a fresh offline CA (Ed25519, common name `caName`) and an
/// online certificate for `host` signed by it (ca.crt, server.crt, server.key). The CA key is
/// written to `offlineKeyPath`, or returned as PKCS#8 PEM when that is empty.
core::Result<core::crypto::SecretBytes>
createServerIdentity(const std::filesystem::path& dir, const std::string& host,
                     const std::string& caName, const std::filesystem::path& offlineKeyPath);

/// Creates a data folder: a fresh offline CA (Ed25519) and online certificate signed by it,
/// relay.ini, the store folder. Refuses a folder that already holds a relay.
core::Result<RelayInitResult> initRelayData(const RelayInitOptions& options);

/// Reads relay.ini from a data folder; clear errors for a missing folder or bad values.
core::Result<RelayConfig> loadRelayConfig(const std::filesystem::path& dataDir);

/// Loads the certificates and online key, checking the online certificate is signed by the CA
/// and the key matches it. The offline CA key is never needed to run.
core::Result<RelayIdentity> loadRelayIdentity(const std::filesystem::path& dataDir);

/// smp://<fingerprint>[:<password>]@host:port for a config and identity. The password is
/// included only when asked: it is what lets someone create queues.
std::string relayAddress(const RelayConfig& config, const RelayIdentity& identity,
                         bool withPassword = false);

} // namespace ferry::relay
