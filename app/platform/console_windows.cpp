#include "platform/console.h"

#include <cstdio>
#include <io.h>
#include <iostream>
#include <windows.h>

namespace ferry::app {

namespace {

// The console mode to restore if the user presses Ctrl+C at the prompt (echo is off then).
HANDLE g_input = INVALID_HANDLE_VALUE;
DWORD g_savedMode = 0;

BOOL WINAPI restoreConsole(DWORD) {
    ::SetConsoleMode(g_input, g_savedMode);
    return FALSE; // and on to the default handler, which ends the process
}

} // namespace

void ignoreBrokenPipes() {}

bool standardInputIsTerminal() {
    return ::_isatty(::_fileno(stdin)) != 0;
}

HiddenRead readHiddenLine(const char* prompt, std::string& line) {
    g_input = ::GetStdHandle(STD_INPUT_HANDLE);
    if (g_input == INVALID_HANDLE_VALUE || !::GetConsoleMode(g_input, &g_savedMode))
        return HiddenRead::NoTerminal;
    ::SetConsoleCtrlHandler(restoreConsole, TRUE);
    ::SetConsoleMode(g_input, g_savedMode & ~DWORD(ENABLE_ECHO_INPUT));
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    ::SetConsoleMode(g_input, g_savedMode);
    ::SetConsoleCtrlHandler(restoreConsole, FALSE);
    std::fputs("\n", stderr); // the Enter the console did not echo
    return read ? HiddenRead::Read : HiddenRead::NothingRead;
}

} // namespace ferry::app
