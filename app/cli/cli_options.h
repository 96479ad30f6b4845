#pragma once

#include "agent/agent.h"
#include "util/result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::app::cli {

/// The --help text: every command and option, one per line.
extern const std::string_view kUsage;

/// What the command line asks for besides the command itself.
struct GlobalOptions {
    std::filesystem::path profileDir;
    std::optional<std::filesystem::path> keyFile;
    bool json = false;
    bool help = false;
    bool version = false;
    /// The command and its own arguments, in order: what travels over the listen socket.
    std::vector<std::string> commandArgs;
};

enum class CommandKind {
    Init,
    RelaysAdd,
    RelaysList,
    RelaysRemove,
    RoutingShow,
    RoutingSet,
    DirectoriesAdd,
    DirectoriesList,
    DirectoriesRemove,
    DirectoriesOnlyMine,
    Invite,
    Connect,
    AddressCreate,
    AddressShow,
    AddressDelete,
    Requests,
    Accept,
    Reject,
    Contacts,
    Send,
    History,
    Listen,
    Delete,
    Switch,
    RotationShow,
    RotationSet,
};

/// One parsed command; only the fields its kind uses are set.
struct Command {
    CommandKind kind = CommandKind::Contacts;
    bool json = false;
    bool qr = false;
    std::string name;                     ///< init: the display name
    std::string argument;                 ///< relay address, link or contact (id or display name)
    std::string text;                     ///< send: the message
    std::int64_t id = 0;                  ///< accept/reject: the request id
    int limit = 50;                       ///< history: how many messages
    core::agent::RoutingSettings routing; ///< routing set
    bool onlyMine = false;                ///< directories only-mine on|off
    bool relays = false;                  ///< contacts --relays
    int rotateAfterMinutes = 0;           ///< rotation set
};

/// Splits the global options (--profile, --key-file, --json, --help, --version; anywhere
/// before a "--") from the command. Errors are usage errors (exit status 2).
core::Result<GlobalOptions> parseGlobalOptions(int argc, const char* const* argv);

/// Parses the command words and their options. Errors are usage errors (exit status 2).
core::Result<Command> parseCommand(const std::vector<std::string>& args, bool json);

} // namespace ferry::app::cli
