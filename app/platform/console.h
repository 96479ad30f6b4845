#pragma once

// The standard streams and the terminal behind them: a reader that went away, and reading a
// secret without showing it (termios on POSIX systems, the console mode on Windows). One
// implementation per system (console_<system>.cpp).

#include <optional>
#include <string>

namespace ferry::app {

/// Makes writing to a pipe or socket whose reader went away an error (EPIPE) instead of a
/// SIGPIPE that ends the process. Windows has no such signal.
void ignoreBrokenPipes();

/// True if standard input is a terminal (a console on Windows).
bool standardInputIsTerminal();

/// Shows `prompt` on stderr and reads one line from the terminal on stdin with echo off; the
/// echo comes back afterwards, and also when SIGINT or SIGTERM (Ctrl+C) ends the process in
/// the middle. nullopt if stdin is not a terminal or nothing could be read.
std::optional<std::string> readHiddenLine(const char* prompt);

} // namespace ferry::app
