#include "platform/stop_requests.h"

#include <condition_variable>
#include <mutex>
#include <windows.h>

namespace ferry::app {

namespace {

// The console calls its control handler without any context, so the handler finds the one
// StopRequests of the process through this pointer, set and cleared by that object.
StopRequests::State* g_waiting = nullptr;
std::mutex g_waitingMutex;

} // namespace

struct StopRequests::State {
    std::mutex mutex;
    std::condition_variable changed;
    std::string reason; ///< set once: why to stop
    bool cancelled = false;

    void set(std::string why) {
        {
            std::lock_guard lock(mutex);
            if (reason.empty() && !cancelled)
                reason = std::move(why);
        }
        changed.notify_all();
    }
};

namespace {

BOOL WINAPI onConsoleControl(DWORD type) {
    std::lock_guard lock(g_waitingMutex);
    if (!g_waiting)
        return FALSE; // not ours to handle: the default ends the process
    g_waiting->set(type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT ? "interrupted" : "terminated");
    return TRUE;
}

} // namespace

StopRequests::StopRequests() : m_state(std::make_unique<State>()) {
    {
        std::lock_guard lock(g_waitingMutex);
        g_waiting = m_state.get();
    }
    SetConsoleCtrlHandler(onConsoleControl, TRUE);
}

StopRequests::~StopRequests() {
    SetConsoleCtrlHandler(onConsoleControl, FALSE);
    std::lock_guard lock(g_waitingMutex);
    g_waiting = nullptr;
}

std::string StopRequests::wait() {
    std::unique_lock lock(m_state->mutex);
    m_state->changed.wait(lock, [&] { return m_state->cancelled || !m_state->reason.empty(); });
    return m_state->cancelled ? std::string() : m_state->reason;
}

void StopRequests::cancel() {
    {
        std::lock_guard lock(m_state->mutex);
        m_state->cancelled = true;
    }
    m_state->changed.notify_all();
}

} // namespace ferry::app
