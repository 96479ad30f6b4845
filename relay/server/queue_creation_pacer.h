#pragma once

#include <chrono>
#include <cstdint>

namespace ferry::relay {

/// How fast one connection may create queues (`new_queues_per_minute`): a bucket that holds a
/// minute's worth and refills evenly, so a burst (a client joining a large group creates a
/// queue per member) passes at once and a flood is slowed to the rate. A NEW over the rate
/// is not refused, it waits: the client sees a slow answer, never an error it would not
/// understand. One connection's thread only.
class QueueCreationPacer {
public:
    using Clock = std::chrono::steady_clock;

    /// 0 = no limit.
    explicit QueueCreationPacer(std::uint32_t perMinute, Clock::time_point now = Clock::now());

    /// Takes one creation and gives zero, or gives how long until one is there (taking
    /// nothing).
    Clock::duration take(Clock::time_point now = Clock::now());

private:
    double m_perSecond;
    double m_capacity;
    double m_tokens;
    Clock::time_point m_last;
};

} // namespace ferry::relay
