#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ferry::core {

/// Wall-clock time in seconds since the epoch, injectable so tests can move time.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t nowSeconds() const = 0;
};

/// The real clock.
class SystemClock final : public Clock {
public:
    std::int64_t nowSeconds() const override {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

/// A clock a test sets and advances by hand; safe to read from other threads.
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t start = 1'700'000'000) : m_now(start) {}
    std::int64_t nowSeconds() const override { return m_now.load(); }
    void set(std::int64_t seconds) { m_now.store(seconds); }
    void advance(std::int64_t seconds) { m_now.fetch_add(seconds); }

private:
    std::atomic<std::int64_t> m_now;
};

} // namespace ferry::core
