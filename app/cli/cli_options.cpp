#include "cli/cli_options.h"

#include "cli/cli_errc.h"

#include <charconv>
#include <cstdlib>

namespace ferry::app::cli {

const std::string_view kUsage =
    "  ferry-cli [--profile DIR] [--key-file FILE] [--json] COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  init --name NAME           create the profile (DIR/profile.db)\n"
    "  relays add ADDRESS         add a relay (smp://fingerprint@host:port)\n"
    "  relays list                list the relays\n"
    "  relays remove ADDRESS      remove a relay\n"
    "  routing show               how messages reach contacts' relays (private routing)\n"
    "  routing set MODE [--allow-direct]\n"
    "                             MODE: never | unknown (through your relays to relays you do\n"
    "                             not use; the default) | always; --allow-direct: send\n"
    "                             straight there when the route fails\n"
    "  directories add ADDRESS    add a relay directory (https://fingerprint@host:port):\n"
    "                             new queues then go on relays it lists\n"
    "  directories list           list the relay directories\n"
    "  directories remove ADDRESS remove a relay directory\n"
    "  directories only-mine on|off\n"
    "                             on: new queues only on your own relays\n"
    "  invite [--qr]              make a one-time invitation link\n"
    "  connect LINK               accept an invitation or request contact through an address\n"
    "  address create [--qr]      make your contact address\n"
    "  address show [--qr]        print your contact address\n"
    "  address delete             delete your contact address (contacts stay)\n"
    "  requests                   list pending contact requests\n"
    "  accept ID                  accept a contact request\n"
    "  reject ID                  reject a contact request\n"
    "  contacts [--relays]        list contacts (--relays: the relays that carry each)\n"
    "  send CONTACT TEXT          send a message (CONTACT: display name or id)\n"
    "  history CONTACT [--limit N]  show the conversation (newest N, default 50)\n"
    "  listen                     print incoming events as JSON lines until SIGINT/SIGTERM\n"
    "  delete CONTACT             delete a contact\n"
    "  switch CONTACT             move a contact's queues to other relays\n"
    "  rotation show|set MINUTES  how long a relay may stay unreachable before its queues move\n"
    "  --help | --version\n"
    "\n"
    "Options:\n"
    "  --profile DIR    the profile folder (default: $FERRY_PROFILE)\n"
    "  --key-file FILE  the database key file (init creates it if it does not exist);\n"
    "                   without it the key comes from the passphrase in $FERRY_PASSPHRASE,\n"
    "                   else from the terminal\n"
    "  --json           print one JSON value on stdout\n"
    "  --               the arguments after it are not options\n"
    "\n"
    "Environment:\n"
    "  FERRY_PROFILE     the profile folder when --profile is not given\n"
    "  FERRY_PASSPHRASE  the profile's passphrase (when there is no --key-file)\n"
    "  FERRY_KDF         interactive|moderate|sensitive: the passphrase KDF cost init uses\n"
    "                    (default moderate; interactive is for tests)\n"
    "\n"
    "While 'listen' runs for a profile, other commands for that profile run inside it\n"
    "(through DIR/cli.sock). Exit status: 0 ok, 1 failed, 2 bad arguments.";

namespace {

core::Error usage(std::string message) {
    return core::makeError(CliErrc::Usage, std::move(message));
}

// "--name=value" or "--name value": the value, advancing `i` past it.
std::optional<std::string> optionValue(const std::vector<std::string>& args, std::size_t& i,
                                       std::string_view name) {
    const std::string& arg = args[i];
    if (arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 &&
        arg[name.size()] == '=')
        return arg.substr(name.size() + 1);
    if (arg != name || i + 1 >= args.size())
        return std::nullopt;
    return args[++i];
}

bool isOption(const std::string& arg, std::string_view name) {
    return arg == name || (arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 &&
                           arg[name.size()] == '=');
}

struct Words {
    std::vector<std::string> positional;
    std::optional<std::string> name;
    std::optional<std::string> limit;
    bool qr = false;
    bool allowDirect = false;
    bool relays = false;
};

core::Result<Words> splitWords(const std::vector<std::string>& args) {
    Words words;
    bool optionsDone = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (optionsDone || arg.size() < 2 || arg[0] != '-') {
            words.positional.push_back(arg);
        } else if (arg == "--") {
            optionsDone = true;
        } else if (arg == "--qr") {
            words.qr = true;
        } else if (arg == "--allow-direct") {
            words.allowDirect = true;
        } else if (arg == "--relays") {
            words.relays = true;
        } else if (isOption(arg, "--name")) {
            words.name = optionValue(args, i, "--name");
            if (!words.name)
                return usage("--name needs a display name");
        } else if (isOption(arg, "--limit")) {
            words.limit = optionValue(args, i, "--limit");
            if (!words.limit)
                return usage("--limit needs a number");
        } else {
            return usage("unknown option '" + arg + "'");
        }
    }
    return words;
}

core::Result<std::int64_t> parseId(const std::string& text, std::string_view what) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0)
        return usage(std::string(what) + " must be a positive number, not '" + text + "'");
    return id;
}

struct Spec {
    std::string_view word;
    std::string_view subWord; ///< empty: no sub-command
    CommandKind kind;
    std::size_t arguments; ///< positional arguments after the command word(s)
    std::string_view argumentNames;
};

constexpr Spec kSpecs[] = {
    {"init", "", CommandKind::Init, 0, ""},
    {"relays", "add", CommandKind::RelaysAdd, 1, "ADDRESS"},
    {"relays", "list", CommandKind::RelaysList, 0, ""},
    {"relays", "remove", CommandKind::RelaysRemove, 1, "ADDRESS"},
    {"routing", "show", CommandKind::RoutingShow, 0, ""},
    {"routing", "set", CommandKind::RoutingSet, 1, "never|unknown|always [--allow-direct]"},
    {"directories", "add", CommandKind::DirectoriesAdd, 1, "ADDRESS"},
    {"directories", "list", CommandKind::DirectoriesList, 0, ""},
    {"directories", "remove", CommandKind::DirectoriesRemove, 1, "ADDRESS"},
    {"directories", "only-mine", CommandKind::DirectoriesOnlyMine, 1, "on|off"},
    {"invite", "", CommandKind::Invite, 0, ""},
    {"connect", "", CommandKind::Connect, 1, "LINK"},
    {"address", "create", CommandKind::AddressCreate, 0, ""},
    {"address", "show", CommandKind::AddressShow, 0, ""},
    {"address", "delete", CommandKind::AddressDelete, 0, ""},
    {"requests", "", CommandKind::Requests, 0, ""},
    {"accept", "", CommandKind::Accept, 1, "ID"},
    {"reject", "", CommandKind::Reject, 1, "ID"},
    {"contacts", "", CommandKind::Contacts, 0, ""},
    {"send", "", CommandKind::Send, 2, "CONTACT TEXT"},
    {"history", "", CommandKind::History, 1, "CONTACT"},
    {"listen", "", CommandKind::Listen, 0, ""},
    {"delete", "", CommandKind::Delete, 1, "CONTACT"},
    {"switch", "", CommandKind::Switch, 1, "CONTACT"},
    {"rotation", "show", CommandKind::RotationShow, 0, ""},
    {"rotation", "set", CommandKind::RotationSet, 1, "MINUTES"},
};

core::Result<const Spec*> findSpec(const std::vector<std::string>& positional) {
    if (positional.empty())
        return usage("a command is needed (see --help)");
    const std::string& word = positional[0];
    bool known = false;
    for (const Spec& spec : kSpecs) {
        if (spec.word != word)
            continue;
        known = true;
        if (spec.subWord.empty() || (positional.size() > 1 && spec.subWord == positional[1]))
            return &spec;
    }
    if (!known)
        return usage("unknown command '" + word + "' (see --help)");
    std::string choices;
    for (const Spec& spec : kSpecs)
        if (spec.word == word)
            choices += (choices.empty() ? "" : "|") + std::string(spec.subWord);
    if (positional.size() < 2)
        return usage("'" + word + "' needs one of " + choices);
    return usage("unknown command '" + word + " " + positional[1] + "' (use " + word + " " +
                 choices + ")");
}

} // namespace

core::Result<GlobalOptions> parseGlobalOptions(int argc, const char* const* argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    GlobalOptions options;
    bool optionsDone = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (optionsDone) {
            options.commandArgs.push_back(arg);
        } else if (arg == "--") {
            optionsDone = true;
            options.commandArgs.push_back(arg);
        } else if (isOption(arg, "--profile")) {
            auto value = optionValue(args, i, "--profile");
            if (!value || value->empty())
                return usage("--profile needs a folder");
            options.profileDir = *value;
        } else if (isOption(arg, "--key-file")) {
            auto value = optionValue(args, i, "--key-file");
            if (!value || value->empty())
                return usage("--key-file needs a file");
            options.keyFile = *value;
        } else if (arg == "--json") {
            options.json = true;
        } else if (arg == "--help" || arg == "-h") {
            options.help = true;
        } else if (arg == "--version" || arg == "-V") {
            options.version = true;
        } else {
            options.commandArgs.push_back(arg);
        }
    }
    if (options.help || options.version)
        return options;
    if (options.profileDir.empty()) {
        const char* env = std::getenv("FERRY_PROFILE");
        if (!env || !*env)
            return usage("--profile DIR is needed (or set FERRY_PROFILE)");
        options.profileDir = env;
    }
    return options;
}

core::Result<Command> parseCommand(const std::vector<std::string>& args, bool json) {
    auto words = splitWords(args);
    if (!words)
        return words.error();
    auto spec = findSpec(words->positional);
    if (!spec)
        return spec.error();
    const Spec& s = **spec;
    const std::string commandName =
        std::string(s.word) + (s.subWord.empty() ? "" : " " + std::string(s.subWord));
    const std::size_t skip = s.subWord.empty() ? 1 : 2;
    std::vector<std::string> rest(words->positional.begin() + std::ptrdiff_t(skip),
                                  words->positional.end());

    Command command;
    command.kind = s.kind;
    command.json = json;
    // A message may be given as several words: they are joined with spaces.
    if (s.kind == CommandKind::Send && rest.size() > 2) {
        for (std::size_t i = 2; i < rest.size(); ++i)
            rest[1] += " " + rest[i];
        rest.resize(2);
    }
    if (rest.size() != s.arguments) {
        if (s.arguments == 0)
            return usage("'" + commandName + "' takes no arguments");
        return usage("usage: ferry-cli " + commandName + " " + std::string(s.argumentNames));
    }
    const bool qrAllowed = s.kind == CommandKind::Invite || s.kind == CommandKind::AddressCreate ||
                           s.kind == CommandKind::AddressShow;
    if (words->qr && !qrAllowed)
        return usage("--qr goes with invite and address create|show");
    command.qr = words->qr;
    if (words->name && s.kind != CommandKind::Init)
        return usage("--name goes with init");
    if (words->limit && s.kind != CommandKind::History)
        return usage("--limit goes with history");
    if (words->allowDirect && s.kind != CommandKind::RoutingSet)
        return usage("--allow-direct goes with routing set");
    if (words->relays && s.kind != CommandKind::Contacts)
        return usage("--relays goes with contacts");
    command.relays = words->relays;

    switch (s.kind) {
    case CommandKind::Init:
        if (!words->name || words->name->empty())
            return usage("usage: ferry-cli init --name NAME");
        command.name = *words->name;
        break;
    case CommandKind::Accept:
    case CommandKind::Reject: {
        auto id = parseId(rest[0], "the request ID");
        if (!id)
            return id.error();
        command.id = *id;
        break;
    }
    case CommandKind::Send:
        command.argument = rest[0];
        command.text = rest[1];
        break;
    case CommandKind::RoutingSet: {
        auto mode = core::agent::parsePrivateRouting(rest[0]);
        if (!mode)
            return usage("routing mode '" + rest[0] + "': use never, unknown or always");
        command.routing = {*mode, words->allowDirect};
        break;
    }
    case CommandKind::RotationSet: {
        auto minutes = parseId(rest[0], "MINUTES");
        if (!minutes || *minutes > 30 * 24 * 60)
            return usage("rotation set takes minutes, from 1 to 43200 (thirty days)");
        command.rotateAfterMinutes = static_cast<int>(*minutes);
        break;
    }
    case CommandKind::DirectoriesOnlyMine:
        if (rest[0] != "on" && rest[0] != "off")
            return usage("usage: ferry-cli directories only-mine on|off");
        command.onlyMine = rest[0] == "on";
        break;
    case CommandKind::History:
        if (words->limit) {
            auto limit = parseId(*words->limit, "--limit");
            if (!limit || *limit > 100000)
                return usage("--limit needs a number from 1 to 100000");
            command.limit = int(*limit);
        }
        command.argument = rest[0];
        break;
    default:
        if (!rest.empty())
            command.argument = rest[0];
    }
    return command;
}

} // namespace ferry::app::cli
