#pragma once

#include "agent/agent.h"
#include "cli/cli_options.h"

#include <chrono>
#include <string>

namespace ferry::app::cli {

/// Exit statuses: 0 done, 1 the operation failed, 2 the command line was wrong.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

/// What a command printed and how it ended; printed by the process that ran it, or sent back
/// over the listen socket.
struct CommandOutput {
    int exit = 0;
    std::string out;
    std::string err;

    static CommandOutput failure(const std::string& message, int exit = kExitFailure);
};

/// How long a one-shot command waits for its network work (Agent::settle) before it exits.
inline constexpr std::chrono::milliseconds kSettleTimeout{10'000};

/// Runs every command but init and listen against an open profile.
CommandOutput runCommand(core::agent::Agent& agent, const Command& command);

/// What init prints once the profile exists.
CommandOutput initDone(const Command& command, const std::string& profileDir);

} // namespace ferry::app::cli
