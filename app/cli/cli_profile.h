#pragma once

#include "agent/agent.h"
#include "cli/cli_options.h"

#include <filesystem>
#include <memory>

namespace ferry::app::cli {

/// `DIR/profile.db`: the SQLCipher database of a profile folder.
std::filesystem::path databaseFile(const std::filesystem::path& profileDir);

/// Creates the profile (folder, key file or salt file, database) named `displayName`.
/// Undoes what it created when a later step fails.
core::Result<std::unique_ptr<core::agent::Agent>> createProfile(const GlobalOptions& options,
                                                                const std::string& displayName,
                                                                core::agent::AgentEvents events);

/// How to open the existing profile: its database file and key (from --key-file, or the
/// passphrase, which may be asked for on the terminal).
core::Result<core::agent::AgentConfig> profileConfig(const GlobalOptions& options);

/// Opens an existing profile with the key from --key-file or the passphrase.
core::Result<std::unique_ptr<core::agent::Agent>> openProfile(const GlobalOptions& options,
                                                              core::agent::AgentEvents events);

} // namespace ferry::app::cli
