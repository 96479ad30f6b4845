#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace ferry::relay {

/// The relay's bandwidth cap: one token bucket per direction, shared by every connection.
///
/// A caller takes the bytes it is about to move (or has just read) and gets back how long to
/// hold back before moving more. The bucket may go into debt: a caller that finds it empty
/// still takes its bytes and waits until the debt is paid, so callers queue up behind each
/// other in the order they came and the relay's throughput converges to the limit. The
/// bucket holds about one second of traffic (at least kMinBurst), so short exchanges never
/// wait. Thread-safe; while unlimited, take() is one relaxed atomic load.
class BandwidthLimiter {
public:
    using Clock = std::chrono::steady_clock;
    enum class Direction { In, Out };

    /// The smallest limit: one full SMP block a second. Lower limits are raised to it.
    static constexpr std::uint64_t kMinRate = 16384;
    /// A few blocks, so a client's command and its answer pass even at the smallest limit.
    static constexpr std::uint64_t kMinBurst = 4 * 16384;

    /// 0 = unlimited.
    explicit BandwidthLimiter(std::uint64_t bytesPerSecond = 0,
                              Clock::time_point now = Clock::now());

    BandwidthLimiter(const BandwidthLimiter&) = delete;
    BandwidthLimiter& operator=(const BandwidthLimiter&) = delete;

    /// Changes the limit (0 = unlimited; 1..kMinRate-1 become kMinRate). Debt already taken
    /// stays and is paid at the new rate, so a change never lets more through than either
    /// limit would.
    void setRate(std::uint64_t bytesPerSecond, Clock::time_point now = Clock::now());
    std::uint64_t rate() const { return m_rate.load(std::memory_order_relaxed); }

    /// Takes `bytes` from the bucket of `direction`; returns how long the caller must hold
    /// back before it moves more bytes that way (zero within the budget or when unlimited).
    Clock::duration take(Direction direction, std::uint64_t bytes) {
        if (m_rate.load(std::memory_order_relaxed) == 0)
            return Clock::duration::zero();
        return takeLimited(direction, bytes, Clock::now());
    }
    /// take() at an explicit time, for tests.
    Clock::duration take(Direction direction, std::uint64_t bytes, Clock::time_point now) {
        if (m_rate.load(std::memory_order_relaxed) == 0)
            return Clock::duration::zero();
        return takeLimited(direction, bytes, now);
    }

    /// Bytes of burst a limit allows: one second of traffic, at least kMinBurst.
    static std::uint64_t burstFor(std::uint64_t bytesPerSecond);

private:
    struct Bucket {
        std::mutex mutex;
        double tokens = 0; ///< bytes; negative while callers hold back for a debt
        Clock::time_point last;
    };

    Clock::duration takeLimited(Direction direction, std::uint64_t bytes, Clock::time_point now);
    Bucket& bucket(Direction direction) { return direction == Direction::In ? m_in : m_out; }
    /// Adds what `rate` earned since the bucket's last update, up to `burst`. Bucket locked.
    static void refill(Bucket& bucket, std::uint64_t rate, Clock::time_point now);

    std::atomic<std::uint64_t> m_rate{0}; ///< written with both buckets locked
    Bucket m_in;
    Bucket m_out;
};

} // namespace ferry::relay
