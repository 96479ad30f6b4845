#pragma once

#include "util/bytes.h"
#include "util/clock.h"

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace ferry::relay {

/// Counts the distinct queues that received a message in the last 24 hours, by the relay's
/// clock. Keeps only a 64-bit hash of each queue's recipient id and the time of its last
/// message, never a message; entries older than the window are dropped lazily, and the
/// number of entries is capped so a flood of queues cannot grow it without bound. Thread-safe.
class ReceivingQueues {
public:
    static constexpr std::int64_t kWindowSeconds = 24 * 3600;
    /// Beyond this many queues in the window the count saturates (about 40 bytes each).
    static constexpr std::size_t kMaxTracked = 1u << 20;

    explicit ReceivingQueues(const core::Clock& clock) : m_clock(clock) {}

    /// A message was accepted for the queue with this recipient id.
    void received(core::ByteView recipientId);
    /// Queues that received a message within the last kWindowSeconds.
    std::uint64_t count();

private:
    void pruneLocked(std::int64_t now);

    const core::Clock& m_clock;
    std::mutex m_mutex;
    std::unordered_map<std::uint64_t, std::int64_t> m_lastReceived; ///< id hash -> seconds
    std::int64_t m_lastPrune = 0;
};

} // namespace ferry::relay
