#include "platform/console.h"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace ferry::app {

namespace {

// The terminal settings to restore if the user interrupts the prompt (echo is off then).
termios g_savedTerminal{};

extern "C" void restoreTerminalAndDie(int signal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

} // namespace

void ignoreBrokenPipes() {
    std::signal(SIGPIPE, SIG_IGN);
}

bool standardInputIsTerminal() {
    return ::isatty(STDIN_FILENO) == 1;
}

HiddenRead readHiddenLine(const char* prompt, std::string& line) {
    termios saved{};
    if (::tcgetattr(STDIN_FILENO, &saved) != 0)
        return HiddenRead::NoTerminal;
    g_savedTerminal = saved;
    auto previousInt = std::signal(SIGINT, restoreTerminalAndDie);
    auto previousTerm = std::signal(SIGTERM, restoreTerminalAndDie);
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    quiet.c_lflag |= ECHONL;
    // Echo goes off before the prompt shows, so nothing typed after it is echoed or dropped.
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    return read ? HiddenRead::Read : HiddenRead::NothingRead;
}

} // namespace ferry::app
