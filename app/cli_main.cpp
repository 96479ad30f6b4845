// ferry-cli: the headless Ferry client for scripts, servers and automation. Composition root:
// parses the command line, then hands the command to a running `listen` for the profile
// (cli_ipc.h) or opens the profile itself and runs it (app/cli/).
#include "cli/cli_commands.h"
#include "cli/cli_ipc.h"
#include "cli/cli_listen.h"
#include "cli/cli_options.h"
#include "cli/cli_profile.h"
#include "platform/console.h"
#include "program_info.h"

#include <cstdio>

namespace {

using namespace ferry::app::cli;

int finish(const CommandOutput& output) {
    std::fwrite(output.out.data(), 1, output.out.size(), stdout);
    std::fflush(stdout);
    std::fwrite(output.err.data(), 1, output.err.size(), stderr);
    return output.exit;
}

int init(const GlobalOptions& options, const Command& command) {
    auto agent = createProfile(options, command.name, {});
    if (!agent)
        return finish(CommandOutput::failure(agent.error().message));
    agent->reset();
    return finish(initDone(command, options.profileDir.string()));
}

} // namespace

int main(int argc, char** argv) {
    // A reader that goes away (a closed pipe, a dropped socket) is an error, not a signal.
    ferry::app::ignoreBrokenPipes();
    auto options = parseGlobalOptions(argc, argv);
    if (!options)
        return finish(CommandOutput::failure(options.error().message, kExitUsage));
    if (options->help || options->version) {
        const ferry::app::ProgramInfo kInfo{"ferry-cli", "headless Ferry messenger client", kUsage};
        char program[] = "ferry-cli";
        char flag[] = "--help";
        char version[] = "--version";
        char* args[] = {program, options->help ? flag : version};
        return *ferry::app::handleInfoArguments(kInfo, 2, args);
    }
    auto command = parseCommand(options->commandArgs, options->json);
    if (!command)
        return finish(CommandOutput::failure(command.error().message, kExitUsage));

    switch (command->kind) {
    case CommandKind::Init:
        return init(*options, *command);
    case CommandKind::Listen:
        return runListen(*options);
    default:
        break;
    }
    if (auto forwarded =
            forwardToListener(options->profileDir, options->commandArgs, options->json))
        return finish(*forwarded);
    auto agent = openProfile(*options, {});
    if (!agent)
        return finish(CommandOutput::failure(agent.error().message));
    const CommandOutput output = runCommand(**agent, *command);
    agent->reset(); // close the profile (and flush receipts) before reporting
    return finish(output);
}
