#include "relay/server/bandwidth_limiter.h"

#include <algorithm>

namespace ferry::relay {

namespace {

std::uint64_t effectiveRate(std::uint64_t bytesPerSecond) {
    return bytesPerSecond == 0 ? 0 : std::max(bytesPerSecond, BandwidthLimiter::kMinRate);
}

} // namespace

BandwidthLimiter::BandwidthLimiter(std::uint64_t bytesPerSecond, Clock::time_point now) {
    setRate(bytesPerSecond, now);
}

std::uint64_t BandwidthLimiter::burstFor(std::uint64_t bytesPerSecond) {
    return std::max(bytesPerSecond, kMinBurst);
}

void BandwidthLimiter::setRate(std::uint64_t bytesPerSecond, Clock::time_point now) {
    const std::uint64_t rate = effectiveRate(bytesPerSecond);
    std::scoped_lock lock(m_in.mutex, m_out.mutex);
    const std::uint64_t old = m_rate.load(std::memory_order_relaxed);
    const double burst = static_cast<double>(burstFor(rate));
    for (Bucket* b : {&m_in, &m_out}) {
        if (old != 0) {
            refill(*b, old, now); // settle what the old rate earned until now
        } else {
            b->tokens = burst; // nothing was counted while unlimited: start with a full bucket
            b->last = now;
        }
        b->tokens = std::min(b->tokens, burst);
    }
    m_rate.store(rate, std::memory_order_relaxed);
}

void BandwidthLimiter::refill(Bucket& bucket, std::uint64_t rate, Clock::time_point now) {
    if (now > bucket.last) {
        const double elapsed = std::chrono::duration<double>(now - bucket.last).count();
        bucket.tokens = std::min(bucket.tokens + elapsed * static_cast<double>(rate),
                                 static_cast<double>(burstFor(rate)));
        bucket.last = now;
    }
}

BandwidthLimiter::Clock::duration
BandwidthLimiter::takeLimited(Direction direction, std::uint64_t bytes, Clock::time_point now) {
    Bucket& b = bucket(direction);
    std::lock_guard lock(b.mutex);
    const std::uint64_t rate = m_rate.load(std::memory_order_relaxed); // stable under the lock
    if (rate == 0)
        return Clock::duration::zero();
    refill(b, rate, now);
    b.tokens -= static_cast<double>(bytes);
    if (b.tokens >= 0)
        return Clock::duration::zero();
    return std::chrono::ceil<Clock::duration>(
        std::chrono::duration<double>(-b.tokens / static_cast<double>(rate)));
}

} // namespace ferry::relay
