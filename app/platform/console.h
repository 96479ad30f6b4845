#pragma once

// The standard streams and the terminal behind them: a reader that went away, and reading a
// secret without showing it (termios on POSIX systems, the console mode on Windows). One
// implementation per system (console_<system>.cpp).

#include <string>

namespace ferry::app {

/// Makes writing to a pipe or socket whose reader went away an error (EPIPE) instead of a
/// SIGPIPE that ends the process. Windows has no such signal.
void ignoreBrokenPipes();

/// True if standard input is a terminal (a console on Windows).
bool standardInputIsTerminal();

enum class HiddenRead {
    Read,
    NoTerminal,  ///< stdin's terminal settings cannot be read (or changed)
    NothingRead, ///< the input ended before a line
};

/// Shows `prompt` on stderr and reads one line from the terminal on stdin into `line` with
/// echo off; the echo comes back afterwards, and also when SIGINT or SIGTERM (Ctrl+C) ends the
/// process in the middle.
HiddenRead readHiddenLine(const char* prompt, std::string& line);

} // namespace ferry::app
