// Where a profile's key comes from: a key file, or a passphrase (FERRY_PASSPHRASE or the
// terminal) stretched with Argon2id and the salt file next to the database. Nothing here
// prints or logs the key or the passphrase.
#include "cli/cli_profile.h"

#include "cli/cli_errc.h"
#include "platform/console.h"
#include "store/database_key.h"

#include <cstdio>
#include <cstdlib>
#include <sodium.h>
#include <system_error>

namespace ferry::app::cli {

namespace fs = std::filesystem;
using core::makeError;
using core::Result;
using core::crypto::SecretBytes;

namespace {

/// A passphrase that is wiped when it goes out of scope.
class Passphrase {
public:
    Passphrase() = default;
    explicit Passphrase(std::string text) : m_text(std::move(text)) {}
    Passphrase(const Passphrase&) = delete;
    Passphrase& operator=(const Passphrase&) = delete;
    Passphrase(Passphrase&& other) noexcept : m_text(std::move(other.m_text)) {}
    ~Passphrase() {
        m_text.resize(m_text.capacity());
        sodium_memzero(m_text.data(), m_text.size());
    }
    const std::string& text() const { return m_text; }
    /// To read into: what is typed goes nowhere but here, and is wiped with it.
    std::string& text() { return m_text; }

private:
    std::string m_text;
};

// Reads one line from the terminal on stdin with echo off; the prompt goes to stderr.
Result<Passphrase> readFromTerminal(const char* prompt) {
    Passphrase result;
    switch (readHiddenLine(prompt, result.text())) {
    case HiddenRead::Read:
        return result;
    case HiddenRead::NoTerminal:
        return makeError(CliErrc::Key, "cannot read the passphrase from the terminal");
    case HiddenRead::NothingRead:
        break;
    }
    return makeError(CliErrc::Key, "no passphrase entered");
}

Result<Passphrase> passphrase(bool creating) {
    if (const char* env = std::getenv("FERRY_PASSPHRASE"); env && *env)
        return Passphrase(env);
    if (!standardInputIsTerminal())
        return makeError(CliErrc::Key, "no key: use --key-file or set FERRY_PASSPHRASE");
    auto first = readFromTerminal(creating ? "New passphrase: " : "Passphrase: ");
    if (!first)
        return first.error();
    if (first->text().empty())
        return makeError(CliErrc::Key, "the passphrase is empty");
    if (creating) {
        auto again = readFromTerminal("Repeat the passphrase: ");
        if (!again)
            return again.error();
        if (again->text() != first->text())
            return makeError(CliErrc::Key, "the passphrases differ");
    }
    return std::move(first).value();
}

core::store::KdfStrength kdfStrength() {
    const char* env = std::getenv("FERRY_KDF");
    const std::string_view wanted = env ? env : "";
    if (wanted == "interactive")
        return core::store::KdfStrength::Interactive;
    if (wanted == "sensitive")
        return core::store::KdfStrength::Sensitive;
    return core::store::KdfStrength::Moderate;
}

core::agent::AgentConfig baseConfig(const GlobalOptions& options) {
    core::agent::AgentConfig config;
    config.databaseFile = databaseFile(options.profileDir);
    config.relayDefaults.commandTimeout = std::chrono::seconds(15);
    return config;
}

// Removes what a failed init created, so running it again starts clean.
class Undo {
public:
    void add(fs::path path) { m_paths.push_back(std::move(path)); }
    void commit() { m_paths.clear(); }
    ~Undo() {
        std::error_code ec;
        for (auto it = m_paths.rbegin(); it != m_paths.rend(); ++it)
            fs::remove(*it, ec);
    }

private:
    std::vector<fs::path> m_paths;
};

} // namespace

fs::path databaseFile(const fs::path& profileDir) {
    return profileDir / "profile.db";
}

Result<std::unique_ptr<core::agent::Agent>> createProfile(const GlobalOptions& options,
                                                          const std::string& displayName,
                                                          core::agent::AgentEvents events) {
    const fs::path database = databaseFile(options.profileDir);
    std::error_code ec;
    if (fs::exists(database, ec))
        return makeError(CliErrc::Exists,
                         "a profile already exists in " + options.profileDir.string());
    Undo undo;
    if (!fs::exists(options.profileDir, ec)) {
        if (!fs::create_directories(options.profileDir, ec))
            return makeError(CliErrc::Io,
                             "cannot create " + options.profileDir.string() + ": " + ec.message());
        fs::permissions(options.profileDir, fs::perms::owner_all, ec);
        undo.add(options.profileDir);
    }

    core::agent::AgentConfig config = baseConfig(options);
    config.createWithName = displayName;
    if (options.keyFile) {
        if (fs::exists(*options.keyFile, ec)) {
            auto key = core::store::readKeyFile(*options.keyFile);
            if (!key)
                return key.error();
            config.databaseKey = std::move(key).value();
        } else {
            config.databaseKey = core::store::generateDatabaseKey();
            auto written = core::store::writeKeyFile(*options.keyFile, config.databaseKey);
            if (!written)
                return written.error();
            undo.add(*options.keyFile);
        }
    } else {
        const fs::path saltFile = core::store::saltFilePath(database);
        if (fs::exists(saltFile, ec))
            return makeError(CliErrc::Exists, saltFile.string() +
                                                  " exists without a database: "
                                                  "restore profile.db or remove it");
        auto secret = passphrase(true);
        if (!secret)
            return secret.error();
        const auto parameters = core::store::KdfParameters::generate(kdfStrength());
        auto key = core::store::deriveKeyFromPassphrase(secret->text(), parameters);
        if (!key)
            return key.error();
        auto written = core::store::writeSaltFile(saltFile, parameters);
        if (!written)
            return written.error();
        undo.add(saltFile);
        config.databaseKey = std::move(key).value();
    }
    auto agent = core::agent::Agent::open(std::move(config), std::move(events));
    if (agent)
        undo.commit();
    else
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            undo.add(database.string() + suffix);
    return agent;
}

Result<core::agent::AgentConfig> profileConfig(const GlobalOptions& options) {
    const fs::path database = databaseFile(options.profileDir);
    std::error_code ec;
    if (!fs::exists(database, ec))
        return makeError(CliErrc::NoProfile, "no profile in " + options.profileDir.string() +
                                                 " (create one with 'ferry-cli --profile " +
                                                 options.profileDir.string() +
                                                 " init --name NAME')");
    core::agent::AgentConfig config = baseConfig(options);
    if (options.keyFile) {
        auto key = core::store::readKeyFile(*options.keyFile);
        if (!key)
            return key.error();
        config.databaseKey = std::move(key).value();
    } else {
        const fs::path saltFile = core::store::saltFilePath(database);
        if (!fs::exists(saltFile, ec))
            return makeError(CliErrc::Key, "this profile has no passphrase salt file (" +
                                               saltFile.string() + "): use --key-file");
        auto parameters = core::store::readSaltFile(saltFile);
        if (!parameters)
            return parameters.error();
        auto secret = passphrase(false);
        if (!secret)
            return secret.error();
        auto key = core::store::deriveKeyFromPassphrase(secret->text(), *parameters);
        if (!key)
            return key.error();
        config.databaseKey = std::move(key).value();
    }
    return config;
}

Result<std::unique_ptr<core::agent::Agent>> openProfile(const GlobalOptions& options,
                                                        core::agent::AgentEvents events) {
    auto config = profileConfig(options);
    if (!config)
        return config.error();
    return core::agent::Agent::open(std::move(config).value(), std::move(events));
}

} // namespace ferry::app::cli
