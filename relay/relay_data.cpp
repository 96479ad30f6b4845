#include "relay/relay_data.h"

#include "crypto/certificate_issuer.h"
#include "crypto/server_identity.h"
#include "relay/relay_errc.h"
#include "smp/server_address.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace ferry::relay {

namespace fs = std::filesystem;
using core::makeError;

core::Result<std::string> readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(RelayErrc::Io, "cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Owner-only from the start: relay.ini may hold create_password.
core::Result<void> writePrivateText(const fs::path& path, const std::string& text) {
    {
        std::ofstream create(path, std::ios::binary | std::ios::trunc);
        if (!create)
            return makeError(RelayErrc::Io, "cannot create " + path.string());
    }
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                    ec);
    if (ec) {
        const std::string reason = ec.message();
        fs::remove(path, ec); // empty: nothing of the text was written
        return makeError(RelayErrc::Io,
                         "cannot restrict permissions of " + path.string() + ": " + reason);
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return makeError(RelayErrc::Io, "cannot write " + path.string());
    return {};
}

namespace {

core::Error fail(const std::string& what, const core::Error& cause) {
    return withContext(cause, what);
}

} // namespace

std::vector<core::Bytes> RelayIdentity::chainDer() const {
    return {onlineCertificate.toDer(), caCertificate.toDer()};
}

core::Result<core::crypto::SecretBytes> createServerIdentity(const fs::path& dir,
                                                             const std::string& host,
                                                             const std::string& caName,
                                                             const fs::path& offlineKeyPath) {
    using namespace core::crypto;
    auto caKey = SigningKey::generate(KeyAlgorithm::Ed25519);
    auto onlineKey = SigningKey::generate(KeyAlgorithm::Ed25519);
    if (!caKey || !onlineKey)
        return makeError(RelayErrc::Crypto, "cannot generate keys");
    CertificateOptions caOptions;
    caOptions.commonName = caName;
    auto ca = issueCaCertificate(*caKey, caOptions);
    if (!ca)
        return fail("cannot create the CA certificate", ca.error());
    CertificateOptions onlineOptions;
    onlineOptions.commonName = host;
    onlineOptions.dnsNames.push_back(host);
    auto online = issueOnlineCertificate(*onlineKey, *ca, *caKey, onlineOptions);
    if (!online)
        return fail("cannot create the online certificate", online.error());

    SecretBytes offlineKeyPem;
    if (offlineKeyPath.empty()) {
        // Straight from OpenSSL's secure heap into wiped memory: the key never touches disk.
        auto pem = caKey->toPem();
        if (!pem)
            return fail("cannot encode the offline key", pem.error());
        offlineKeyPem = std::move(pem).value();
    } else if (auto saved = caKey->savePemFile(offlineKeyPath.string()); !saved) {
        return saved.error();
    }
    for (auto step : {onlineKey->savePemFile((dir / files::kOnlineKey).string()),
                      ca->savePemFile((dir / files::kCaCertificate).string()),
                      online->savePemFile((dir / files::kOnlineCertificate).string())}) {
        if (!step)
            return step.error();
    }
    return offlineKeyPem;
}

core::Result<void> createPrivateFolder(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        return makeError(RelayErrc::Io, "cannot create " + dir.string() + ": " + ec.message());
    // The keys and the store live here: nobody else may even list it.
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec)
        return makeError(RelayErrc::Io,
                         "cannot restrict permissions of " + dir.string() + ": " + ec.message());
    return {};
}

core::Result<RelayInitResult> initRelayData(const RelayInitOptions& options) {
    const fs::path& dir = options.dataDir;
    if (options.returnOfflineKey && !options.offlineKeyPath.empty())
        return makeError(RelayErrc::Config,
                         "the offline key is either returned or written, not both");
    if (fs::exists(dir / files::kConfig))
        return makeError(RelayErrc::Exists, "a relay is already initialized in " + dir.string() +
                                                " (remove " + files::kConfig + " to start over)");
    if (auto folder = createPrivateFolder(dir); !folder)
        return folder.error();
    std::error_code ec;
    fs::create_directories(dir / files::kStore, ec);
    if (ec)
        return makeError(RelayErrc::Io, "cannot create " + dir.string() + ": " + ec.message());

    RelayInitResult result;
    if (!options.returnOfflineKey)
        result.offlineKeyPath =
            options.offlineKeyPath.empty() ? dir / files::kOfflineKey : options.offlineKeyPath;
    auto offlineKey =
        createServerIdentity(dir, options.host, "Ferry relay CA", result.offlineKeyPath);
    if (!offlineKey)
        return offlineKey.error();
    result.offlineKeyPem = std::move(offlineKey).value();

    RelayConfig config;
    config.dataDir = dir;
    config.host = options.host;
    config.port = options.port;
    config.createPassword = options.createPassword;
    if (auto written = writePrivateText(dir / files::kConfig, formatRelayConfig(config)); !written)
        return written.error();

    auto identity = loadRelayIdentity(dir);
    if (!identity)
        return identity.error();
    result.address = relayAddress(config, *identity);
    return result;
}

core::Result<RelayConfig> loadRelayConfig(const fs::path& dataDir) {
    if (!fs::is_directory(dataDir))
        return makeError(RelayErrc::Missing, "relay data folder " + dataDir.string() +
                                                 " does not exist; run `ferry-relay init` first");
    auto text = readText(dataDir / files::kConfig);
    if (!text)
        return makeError(RelayErrc::Missing, "no " + std::string(files::kConfig) + " in " +
                                                 dataDir.string() +
                                                 "; run `ferry-relay init` first");
    auto config = parseRelayConfig(*text);
    if (!config)
        return config.error();
    config->dataDir = dataDir;
    return config;
}

core::Result<RelayIdentity> loadRelayIdentity(const fs::path& dataDir) {
    using namespace core::crypto;
    auto online = X509Certificate::loadPemFile((dataDir / files::kOnlineCertificate).string());
    if (!online)
        return fail("online certificate", online.error());
    auto ca = X509Certificate::loadPemFile((dataDir / files::kCaCertificate).string());
    if (!ca)
        return fail("CA certificate", ca.error());
    auto key = SigningKey::loadPemFile((dataDir / files::kOnlineKey).string());
    if (!key)
        return fail("online key", key.error());
    if (!online->isSignedBy(*ca))
        return makeError(RelayErrc::Corrupt, "server.crt is not signed by ca.crt");
    auto certKey = online->publicKey();
    if (!certKey || !(*certKey == key->publicKey()))
        return makeError(RelayErrc::Corrupt, "server.key does not belong to server.crt");
    core::Bytes fingerprint = ca->fingerprintSha256();
    return RelayIdentity{std::move(online).value(), std::move(ca).value(), std::move(key).value(),
                         std::move(fingerprint)};
}

std::string relayAddress(const RelayConfig& config, const RelayIdentity& identity,
                         bool withPassword) {
    core::smp::ServerAddress address;
    address.keyHash = identity.fingerprint;
    if (withPassword)
        address.basicAuth = config.createPassword;
    auto host = core::smp::parseTransportHost(config.host);
    address.hosts.push_back(host ? *host : core::smp::TransportHost{});
    address.port = config.port;
    return core::smp::formatServerAddress(address);
}

} // namespace ferry::relay
