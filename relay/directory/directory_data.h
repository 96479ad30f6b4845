#pragma once

#include "relay/directory/directory_config.h"
#include "relay/relay_data.h"
#include "util/result.h"

#include <filesystem>
#include <string>

namespace ferry::relay::directory {

/// File names inside a directory's data folder; the certificates and keys have the names a
/// relay's have (relay/relay_data.h), so loadRelayIdentity reads them.
namespace files {
inline constexpr const char* kConfig = "directory.ini";
inline constexpr const char* kDatabase = "directory.db";
/// The certificate and key web browsers are shown when directory.ini names none (made at
/// first start; relay/directory/web_certificate.h).
inline constexpr const char* kWebCertificate = "web.crt";
inline constexpr const char* kWebKey = "web.key";
} // namespace files

struct DirectoryInitOptions {
    std::filesystem::path dataDir;
    std::string host = "localhost";
    std::uint16_t port = 8443;
    /// Where the offline CA key goes; empty: ca.key in the data folder, to be moved offline.
    std::filesystem::path offlineKeyPath;
};

struct DirectoryInitResult {
    std::filesystem::path offlineKeyPath;
    std::string address; ///< https://<fingerprint>@host:port
};

/// A new data folder: identity (offline CA + online certificate), directory.ini. Refuses a
/// folder that already holds a directory.
core::Result<DirectoryInitResult> initDirectoryData(const DirectoryInitOptions& options);
/// directory.ini of a data folder, with clear errors for a missing folder or bad keys.
core::Result<DirectoryConfig> loadDirectoryConfig(const std::filesystem::path& dataDir);
/// The address clients and relays pin: https://<CA fingerprint>@host:port.
std::string directoryAddress(const DirectoryConfig& config, const RelayIdentity& identity);

} // namespace ferry::relay::directory
