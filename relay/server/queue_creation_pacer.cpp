#include "relay/server/queue_creation_pacer.h"

#include <algorithm>
#include <cmath>

namespace ferry::relay {

QueueCreationPacer::QueueCreationPacer(std::uint32_t perMinute, Clock::time_point now)
    : m_perSecond(perMinute / 60.0), m_capacity(perMinute), m_tokens(perMinute), m_last(now) {}

QueueCreationPacer::Clock::duration QueueCreationPacer::take(Clock::time_point now) {
    if (m_capacity == 0)
        return Clock::duration::zero();
    const std::chrono::duration<double> elapsed = now - m_last;
    m_last = std::max(m_last, now);
    m_tokens = std::min(m_capacity, m_tokens + std::max(0.0, elapsed.count()) * m_perSecond);
    if (m_tokens >= 1) {
        m_tokens -= 1;
        return Clock::duration::zero();
    }
    const std::chrono::duration<double> missing((1 - m_tokens) / m_perSecond);
    return std::max<Clock::duration>(std::chrono::ceil<std::chrono::milliseconds>(missing),
                                     std::chrono::milliseconds(1));
}

} // namespace ferry::relay
