#pragma once

#include "net/address_policy.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace ferry::relay {

/// A node's claim on a tunnel port, kept in the data folder so that a restart of the relay
/// does not hand known nodes' ports to newcomers (docs/operations.md, "The reverse tunnel").
struct TunnelReservation {
    core::Bytes identity;
    std::uint16_t port = 0;
    core::net::IpNetwork network; ///< where its control connection came from, last time
    std::int64_t lastSeen = 0;    ///< seconds since the epoch
    std::int64_t day = 0;         ///< the day bytesToday counts
    std::uint64_t bytesToday = 0;

    bool operator==(const TunnelReservation&) const = default;
};

/// The reservations in `file`; none when it does not exist. A file that cannot be read as
/// written by saveTunnelReservations() is moved aside to `<file>.unreadable` (kept for a look,
/// never overwritten by the next save) and gives none.
std::vector<TunnelReservation> loadTunnelReservations(const std::filesystem::path& file);

/// Replaces `file` (owner-only, written to a temporary file, synced and renamed into place, so
/// a crash leaves the old list or the new one).
core::Result<void> saveTunnelReservations(const std::filesystem::path& file,
                                          const std::vector<TunnelReservation>& reservations);

} // namespace ferry::relay
