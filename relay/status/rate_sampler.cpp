#include "relay/status/rate_sampler.h"

#include <algorithm>
#include <cassert>

namespace ferry::relay {

namespace {

// A counter that went backwards was reset; there is no meaningful rate across a reset, and
// unsigned wrap-around would report an absurd one.
double perSecond(std::uint64_t newer, std::uint64_t older, double seconds) {
    if (seconds <= 0 || newer < older)
        return 0;
    return static_cast<double>(newer - older) / seconds;
}

WindowRates ratesBetween(std::string_view window, const RateCounters& newer,
                         const RateCounters& older, double seconds) {
    WindowRates r;
    r.window = window;
    r.seconds = std::max(seconds, 0.0);
    r.bytesIn = perSecond(newer.bytesIn, older.bytesIn, seconds);
    r.bytesOut = perSecond(newer.bytesOut, older.bytesOut, seconds);
    r.transmissionsIn = perSecond(newer.transmissionsIn, older.transmissionsIn, seconds);
    r.transmissionsOut = perSecond(newer.transmissionsOut, older.transmissionsOut, seconds);
    r.messagesSent = perSecond(newer.messagesSent, older.messagesSent, seconds);
    r.messagesDelivered = perSecond(newer.messagesDelivered, older.messagesDelivered, seconds);
    return r;
}

} // namespace

RateCounters RateCounters::of(const RelayStatsSnapshot& stats) {
    RateCounters c;
    c.bytesIn = stats.bytesIn;
    c.bytesOut = stats.bytesOut;
    c.transmissionsIn = stats.transmissionsIn;
    c.transmissionsOut = stats.transmissionsOut;
    c.messagesSent = stats.messagesSent;
    c.messagesDelivered = stats.messagesDelivered;
    return c;
}

RateSampler::RateSampler(std::size_t capacity) : m_ring(std::max<std::size_t>(capacity, 2)) {}

bool RateSampler::add(Time at, const RateCounters& counters) {
    if (m_size > 0 && at <= sample(m_size - 1).at)
        return false;
    m_ring[m_next] = Sample{at, counters};
    m_next = (m_next + 1) % m_ring.size();
    m_size = std::min(m_size + 1, m_ring.size());
    return true;
}

const RateSampler::Sample& RateSampler::sample(std::size_t index) const {
    assert(index < m_size);
    const std::size_t oldest = (m_next + m_ring.size() - m_size) % m_ring.size();
    return m_ring[(oldest + index) % m_ring.size()];
}

std::vector<WindowRates> RateSampler::rates(const RateCounters& current,
                                            std::chrono::seconds uptime) const {
    std::vector<WindowRates> out;
    out.reserve(kWindows.size());
    if (m_size < 2) {
        const auto seconds = static_cast<double>(std::max<std::int64_t>(uptime.count(), 0));
        for (const Window& window : kWindows)
            out.push_back(ratesBetween(window.name, current, RateCounters{}, seconds));
        return out;
    }
    const Sample& newest = sample(m_size - 1);
    for (const Window& window : kWindows) {
        const Time target = newest.at - window.length;
        // Newest first: the first sample at or before the target is the closest to it.
        std::size_t base = 0;
        for (std::size_t i = m_size - 1; i-- > 0;) {
            if (sample(i).at <= target) {
                base = i;
                break;
            }
        }
        const Sample& older = sample(base);
        const double seconds = std::chrono::duration<double>(newest.at - older.at).count();
        out.push_back(ratesBetween(window.name, newest.counters, older.counters, seconds));
    }
    return out;
}

} // namespace ferry::relay
