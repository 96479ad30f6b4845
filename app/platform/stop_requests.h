#pragma once

// How a headless program learns that it should stop: SIGINT or SIGTERM on POSIX systems, a
// console's Ctrl+C, Ctrl+Break, close, logoff or shutdown on Windows. One implementation per
// system (stop_requests_<system>.cpp); CMake picks the one that is built.

#include <memory>
#include <string>

namespace ferry::app {

/// Turns the system's stop requests into one waiting call instead of the process dying
/// wherever it is. Make it first in main, before any thread starts (on POSIX systems the
/// signals are blocked in this thread and every thread it starts from then on).
class StopRequests {
public:
    StopRequests();
    ~StopRequests();
    StopRequests(const StopRequests&) = delete;
    StopRequests& operator=(const StopRequests&) = delete;

    /// Waits for a stop request and says which ("interrupted", "terminated"), or returns an
    /// empty string when cancel() woke it.
    std::string wait();
    /// Wakes wait() without a stop request: the program ends for another reason. Any thread.
    void cancel();

    struct State; ///< the system's part, in the system's file

private:
    std::unique_ptr<State> m_state;
};

} // namespace ferry::app
