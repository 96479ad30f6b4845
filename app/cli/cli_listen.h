#pragma once

#include "cli/cli_options.h"

namespace ferry::app::cli {

/// `ferry-cli listen`: opens the profile, serves the listen socket (cli_ipc.h) and prints
/// the engine's events as JSON lines on stdout until SIGINT or SIGTERM:
///
///   {"event":"listening","name":"Alice"}            once the socket is up
///   {"event":"message","contact":3,"contactName":"Bob","id":12,"text":"hi","sentAt":T}
///   {"event":"connected","contact":3,"name":"Bob"}
///   {"event":"request","id":2,"name":"Carol"}
///   {"event":"delivery","message":11,"state":"sent|delivered|failed"}
///   {"event":"relay","relay":"smp://…","state":"connected|disconnected|…","reason":"…"}
///
/// Returns the exit status.
int runListen(const GlobalOptions& options);

} // namespace ferry::app::cli
