#include "relay/directory/directory_data.h"

#include "directory/directory_address.h"
#include "relay/relay_errc.h"

namespace ferry::relay::directory {

namespace fs = std::filesystem;

core::Result<DirectoryInitResult> initDirectoryData(const DirectoryInitOptions& options) {
    const fs::path& dir = options.dataDir;
    if (fs::exists(dir / files::kConfig))
        return core::makeError(RelayErrc::Exists, "a directory is already initialized in " +
                                                      dir.string() + " (remove " + files::kConfig +
                                                      " to start over)");
    if (auto folder = createPrivateFolder(dir); !folder)
        return folder.error();
    DirectoryInitResult result;
    result.offlineKeyPath =
        options.offlineKeyPath.empty() ? dir / relay::files::kOfflineKey : options.offlineKeyPath;
    if (auto identity =
            createServerIdentity(dir, options.host, "Ferry directory CA", result.offlineKeyPath);
        !identity)
        return identity.error();
    DirectoryConfig config;
    config.dataDir = dir;
    config.host = options.host;
    config.port = options.port;
    if (auto written = writePrivateText(dir / files::kConfig, formatDirectoryConfig(config));
        !written)
        return written.error();
    auto identity = loadRelayIdentity(dir);
    if (!identity)
        return identity.error();
    result.address = directoryAddress(config, *identity);
    return result;
}

core::Result<DirectoryConfig> loadDirectoryConfig(const fs::path& dataDir) {
    if (!fs::is_directory(dataDir))
        return core::makeError(RelayErrc::Missing,
                               "directory data folder " + dataDir.string() +
                                   " does not exist; run `ferry-directory init` first");
    auto text = readText(dataDir / files::kConfig);
    if (!text)
        return core::makeError(RelayErrc::Missing, "no " + std::string(files::kConfig) + " in " +
                                                       dataDir.string() +
                                                       "; run `ferry-directory init` first");
    auto config = parseDirectoryConfig(*text);
    if (!config)
        return config.error();
    config->dataDir = dataDir;
    return config;
}

std::string directoryAddress(const DirectoryConfig& config, const RelayIdentity& identity) {
    core::directory::DirectoryAddress address;
    address.fingerprint = identity.fingerprint;
    address.host = config.host;
    address.port = config.port;
    return core::directory::formatDirectoryAddress(address);
}

} // namespace ferry::relay::directory
