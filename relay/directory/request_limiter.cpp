#include "relay/directory/request_limiter.h"

#include <algorithm>
#include <cmath>

namespace ferry::relay::directory {

RequestLimiter::RequestLimiter(std::uint32_t perPeriod, Clock::duration period,
                               std::uint32_t siteFactor)
    : m_perSecond(perPeriod / std::chrono::duration<double>(period).count()), m_capacity(perPeriod),
      m_siteFactor(siteFactor) {}

RequestLimiter::Clock::duration RequestLimiter::takeFrom(Bucket& bucket, double capacity,
                                                         Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - bucket.last).count();
    bucket.tokens = std::min(capacity, bucket.tokens + std::max(0.0, elapsed) * m_perSecond);
    bucket.last = now;
    if (bucket.tokens >= 1)
        return Clock::duration::zero();
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>((1 - bucket.tokens) / m_perSecond));
}

void RequestLimiter::forgetFull(Clock::time_point now) {
    const double capacity = m_capacity * m_siteFactor;
    std::erase_if(m_buckets, [&](const auto& entry) {
        const double elapsed = std::chrono::duration<double>(now - entry.second.last).count();
        return entry.second.tokens + elapsed * m_perSecond >= capacity;
    });
}

std::optional<std::chrono::seconds> RequestLimiter::take(const boost::asio::ip::address& peer,
                                                         Clock::time_point now) {
    const auto address = core::net::enclosingNetwork(peer, 32, 64);
    const auto site = core::net::enclosingNetwork(peer, 24, 48);
    std::lock_guard lock(m_mutex);
    if (m_buckets.size() >= kMaxSources)
        forgetFull(now);
    if (m_buckets.size() >= kMaxSources && !m_buckets.contains(address))
        return std::chrono::seconds(60); // a flood from everywhere: everyone waits
    auto fresh = [&](double capacity) { return Bucket{capacity, now}; };
    Bucket& own = m_buckets.try_emplace(address, fresh(m_capacity)).first->second;
    Bucket& shared = m_buckets.try_emplace(site, fresh(m_capacity * m_siteFactor)).first->second;
    const auto waitOwn = takeFrom(own, m_capacity, now);
    const auto waitShared = takeFrom(shared, m_capacity * m_siteFactor, now);
    const auto wait = std::max(waitOwn, waitShared);
    if (wait > Clock::duration::zero())
        return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(wait));
    own.tokens -= 1;
    shared.tokens -= 1;
    return std::nullopt;
}

} // namespace ferry::relay::directory
