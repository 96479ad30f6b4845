#include "platform/stop_requests.h"

#include <csignal>
#include <mutex>
#include <pthread.h>

namespace ferry::app {

struct StopRequests::State {
    sigset_t signals;
    sigset_t previousMask;
    std::mutex mutex;
    bool cancelled = false;
    bool waiting = false;
    pthread_t waiter{};
};

StopRequests::StopRequests() : m_state(std::make_unique<State>()) {
    sigemptyset(&m_state->signals);
    sigaddset(&m_state->signals, SIGINT);
    sigaddset(&m_state->signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &m_state->signals, &m_state->previousMask);
}

StopRequests::~StopRequests() {
    // A stop request that arrived after the last wait() would end the process as soon as
    // the mask is restored: take it first.
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGINT) || sigismember(&pending, SIGTERM)) {
        int received = 0;
        sigwait(&m_state->signals, &received);
    }
    pthread_sigmask(SIG_SETMASK, &m_state->previousMask, nullptr);
}

std::string StopRequests::wait() {
    {
        std::lock_guard lock(m_state->mutex);
        if (m_state->cancelled)
            return {};
        m_state->waiting = true;
        m_state->waiter = pthread_self();
    }
    int received = 0;
    sigwait(&m_state->signals, &received);
    std::lock_guard lock(m_state->mutex);
    m_state->waiting = false;
    if (m_state->cancelled)
        return {};
    return received == SIGINT ? "interrupted" : "terminated";
}

void StopRequests::cancel() {
    std::lock_guard lock(m_state->mutex);
    m_state->cancelled = true;
    // To the waiting thread only, which blocks it: it stays pending until sigwait takes it.
    if (m_state->waiting)
        pthread_kill(m_state->waiter, SIGTERM);
}

} // namespace ferry::app
