#pragma once

#include "relay/relay_stats.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ferry::relay {

/// The counters whose per-second rates /status reports.
struct RateCounters {
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t transmissionsIn = 0;
    std::uint64_t transmissionsOut = 0;
    std::uint64_t messagesSent = 0;
    std::uint64_t messagesDelivered = 0;

    static RateCounters of(const RelayStatsSnapshot& stats);
    bool operator==(const RateCounters&) const = default;
};

/// Per-second rates of the RateCounters over one window, and the time actually covered.
struct WindowRates {
    std::string_view window; ///< "10s", "1m", "5m" or "1h"
    double seconds = 0;
    double bytesIn = 0;
    double bytesOut = 0;
    double transmissionsIn = 0;
    double transmissionsOut = 0;
    double messagesSent = 0;
    double messagesDelivered = 0;
};

/// Keeps the latest samples of the relay's counters in a ring and turns them into rates over
/// fixed windows. Pure logic: the caller passes every timestamp, so tests need no clock.
/// Not thread-safe; the caller serializes.
class RateSampler {
public:
    /// Any monotonic time base; only differences matter.
    using Time = std::chrono::milliseconds;

    static constexpr std::chrono::seconds kInterval{10};
    /// One hour of 10 s samples with both ends included.
    static constexpr std::size_t kCapacity = 361;

    struct Window {
        std::string_view name;
        std::chrono::seconds length;
    };
    static constexpr std::array<Window, 4> kWindows{{{"10s", std::chrono::seconds(10)},
                                                     {"1m", std::chrono::minutes(1)},
                                                     {"5m", std::chrono::minutes(5)},
                                                     {"1h", std::chrono::hours(1)}}};

    explicit RateSampler(std::size_t capacity = kCapacity);

    /// Records counters read at `at`, dropping the oldest sample when full. A sample not later
    /// than the newest one is ignored (returns false): rates need time to pass between samples.
    bool add(Time at, const RateCounters& counters);
    std::size_t size() const { return m_size; }

    /// Rates for every window in kWindows order. A window's rate is the newest sample minus
    /// the newest one at or before (newest - window), over the seconds between them; with less
    /// history the oldest sample is used and `seconds` says how much time that covers. Before
    /// two samples exist there is no history, so the rates are `current` over the uptime.
    std::vector<WindowRates> rates(const RateCounters& current, std::chrono::seconds uptime) const;

private:
    struct Sample {
        Time at{0};
        RateCounters counters;
    };

    /// 0 is the oldest sample, size() - 1 the newest.
    const Sample& sample(std::size_t index) const;

    std::vector<Sample> m_ring;
    std::size_t m_next = 0; ///< where the next sample goes
    std::size_t m_size = 0;
};

} // namespace ferry::relay
