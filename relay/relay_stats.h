#pragma once

#include <atomic>
#include <cstdint>

namespace ferry::relay {

/// A consistent-enough copy of the relay's counters, safe to hand to another thread.
struct RelayStatsSnapshot {
    std::int64_t startedAt = 0; ///< seconds since the epoch
    std::int64_t uptimeSeconds = 0;
    std::uint64_t connectionsNow = 0;
    std::uint64_t connectionsTotal = 0;
    std::uint64_t connectionsRefused = 0; ///< closed at accept: max_connections reached
    std::uint64_t acceptErrors = 0;       ///< accepts that failed: out of descriptors or buffers
    std::uint64_t handshakeFailures = 0;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t transmissionsIn = 0;
    std::uint64_t transmissionsOut = 0;
    std::uint64_t queuesCreated = 0;
    std::uint64_t queuesSecured = 0;
    std::uint64_t queuesDeleted = 0;
    std::uint64_t queuesActive = 0;      ///< queues in the store now
    std::uint64_t messagesSent = 0;      ///< accepted by SEND
    std::uint64_t messagesDelivered = 0; ///< acknowledged by the recipient
    std::uint64_t messagesExpired = 0;
    std::uint64_t messagesStored = 0; ///< waiting in the store now
    std::uint64_t storageBytes = 0;
    std::uint64_t authFailures = 0;
    /// Transmissions that private routing proxies forwarded here (RFWD).
    std::uint64_t forwardedCommands = 0;
    /// As a private routing proxy: sessions with destination relays given to senders (PKEY),
    /// transmissions forwarded to them and answered (PRES), and requests that failed.
    std::uint64_t proxySessions = 0;
    std::uint64_t proxiedForwards = 0;
    std::uint64_t proxyErrors = 0;
    /// Distinct queues that accepted a message (SEND) in the last 24 hours.
    std::uint64_t queuesReceivingLast24h = 0;
    /// Times a client read or write was held back by the bandwidth limit.
    std::uint64_t throttledWaits = 0;
    /// Time those holds lasted, summed over connections (so it can pass the uptime).
    std::uint64_t throttledMicroseconds = 0;
    /// Clients dropped because one block write took longer than write_stall_timeout_seconds.
    std::uint64_t stalledWritersDropped = 0;
    /// The most output any one connection has held since the start, in bytes (its bound is
    /// SmpConnection::kOutputCeiling).
    std::uint64_t connectionOutputPeak = 0;
};

/// Counters the relay's threads bump without locks; read through snapshot().
class RelayCounters {
public:
    using Counter = std::atomic<std::uint64_t>;

    Counter connectionsNow{0};
    Counter connectionsTotal{0};
    Counter connectionsRefused{0};
    Counter acceptErrors{0};
    Counter handshakeFailures{0};
    Counter bytesIn{0};
    Counter bytesOut{0};
    Counter transmissionsIn{0};
    Counter transmissionsOut{0};
    Counter queuesCreated{0};
    Counter queuesSecured{0};
    Counter queuesDeleted{0};
    Counter messagesSent{0};
    Counter messagesDelivered{0};
    Counter messagesExpired{0};
    Counter authFailures{0};
    Counter forwardedCommands{0};
    Counter proxySessions{0};
    Counter proxiedForwards{0};
    Counter proxyErrors{0};
    Counter throttledWaits{0};
    Counter throttledMicroseconds{0}; ///< waits are often shorter than a millisecond
    Counter stalledWritersDropped{0};
    Counter connectionOutputPeak{0}; ///< a high-water mark, moved only by raise()

    static void bump(Counter& c, std::uint64_t by = 1) {
        c.fetch_add(by, std::memory_order_relaxed);
    }
    static std::uint64_t read(const Counter& c) { return c.load(std::memory_order_relaxed); }
    /// Raises a high-water mark to `value` if it is higher.
    static void raise(Counter& c, std::uint64_t value) {
        std::uint64_t seen = c.load(std::memory_order_relaxed);
        while (seen < value && !c.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
        }
    }
};

} // namespace ferry::relay
