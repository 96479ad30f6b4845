#include "relay/server/receiving_queues.h"

#include <algorithm>
#include <functional>
#include <string_view>

namespace ferry::relay {

namespace {
// A full prune walks every entry, so received() does one at most hourly, or every minute
// while the map is full: SEND stays O(1) however many queues there are.
constexpr std::int64_t kPruneIntervalSeconds = 3600;
constexpr std::int64_t kFullPruneIntervalSeconds = 60;
} // namespace

void ReceivingQueues::received(core::ByteView recipientId) {
    // Recipient ids are random, so a 64-bit hash of one collides with another only by
    // chance too small to matter for a count; the id itself is not kept.
    const std::uint64_t hash = std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(recipientId.data()), recipientId.size()));
    const std::int64_t now = m_clock.nowSeconds();
    std::lock_guard lock(m_mutex);
    const std::int64_t sincePrune = now - m_lastPrune;
    if (sincePrune >= kPruneIntervalSeconds ||
        (m_lastReceived.size() >= kMaxTracked && sincePrune >= kFullPruneIntervalSeconds))
        pruneLocked(now);
    auto it = m_lastReceived.find(hash);
    if (it != m_lastReceived.end())
        it->second = std::max(it->second, now);
    else if (m_lastReceived.size() < kMaxTracked)
        m_lastReceived.emplace(hash, now);
}

std::uint64_t ReceivingQueues::count() {
    std::lock_guard lock(m_mutex);
    pruneLocked(m_clock.nowSeconds());
    return m_lastReceived.size();
}

void ReceivingQueues::pruneLocked(std::int64_t now) {
    m_lastPrune = now;
    std::erase_if(m_lastReceived,
                  [now](const auto& entry) { return now - entry.second >= kWindowSeconds; });
}

} // namespace ferry::relay
