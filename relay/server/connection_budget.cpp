#include "relay/server/connection_budget.h"

namespace ferry::relay {

namespace {
core::net::IpNetwork sourceOf(const boost::asio::ip::address& peer) {
    // One host commonly has one IPv4 address but a whole IPv6 /64 to rotate through.
    return core::net::enclosingNetwork(peer, 32, 64);
}
} // namespace

CountedConnection& CountedConnection::operator=(CountedConnection&& other) noexcept {
    if (this != &other) {
        release();
        m_budget = std::exchange(other.m_budget, nullptr);
        m_source = other.m_source;
    }
    return *this;
}

void CountedConnection::release() {
    if (auto* budget = std::exchange(m_budget, nullptr))
        budget->release(m_source);
}

std::optional<CountedConnection> ConnectionBudget::admit(const boost::asio::ip::address& peer) {
    const core::net::IpNetwork source = sourceOf(peer);
    {
        std::lock_guard lock(m_mutex);
        auto found = m_bySource.find(source);
        const std::uint32_t fromSource = found == m_bySource.end() ? 0 : found->second;
        if ((m_limits.total != 0 && m_held >= m_limits.total) ||
            (m_limits.perAddress != 0 && fromSource >= m_limits.perAddress)) {
            RelayCounters::bump(m_counters.connectionsRefused);
            return std::nullopt;
        }
        ++m_held;
        if (found == m_bySource.end())
            m_bySource.emplace(source, 1);
        else
            ++found->second;
    }
    RelayCounters::bump(m_counters.connectionsNow);
    RelayCounters::bump(m_counters.connectionsTotal);
    return CountedConnection(*this, source);
}

std::uint32_t ConnectionBudget::heldFrom(const boost::asio::ip::address& peer) const {
    std::lock_guard lock(m_mutex);
    auto found = m_bySource.find(sourceOf(peer));
    return found == m_bySource.end() ? 0 : found->second;
}

void ConnectionBudget::release(const core::net::IpNetwork& source) {
    {
        std::lock_guard lock(m_mutex);
        --m_held;
        if (auto found = m_bySource.find(source); found != m_bySource.end() && --found->second == 0)
            m_bySource.erase(found);
    }
    m_counters.connectionsNow.fetch_sub(1, std::memory_order_relaxed);
}

} // namespace ferry::relay
