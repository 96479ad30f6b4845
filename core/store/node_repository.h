#pragma once

#include "store/database.h"
#include "util/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::store {

/// What the in-app relay did on one calendar day.
struct NodeDay {
    std::string day; ///< YYYY-MM-DD, local time
    std::int64_t bytesIn = 0;
    std::int64_t bytesOut = 0;
    std::int64_t messages = 0;
    std::int64_t uptimeSeconds = 0;
};

/// Traffic in one minute (`minute`: Unix seconds at its start).
struct NodeMinute {
    std::int64_t minute = 0;
    std::int64_t bytesIn = 0;
    std::int64_t bytesOut = 0;
};

/// Activity to add to the totals (deltas since the last record).
struct NodeActivity {
    std::string day;
    std::int64_t minute = 0;
    std::int64_t bytesIn = 0;
    std::int64_t bytesOut = 0;
    std::int64_t messages = 0;
    std::int64_t uptimeSeconds = 0;
};

/// The in-app relay's activity history in the profile database (no message contents, no
/// queue ids: only counts).
class NodeRepository {
public:
    explicit NodeRepository(Database& database) : m_database(database) {}

    /// Adds the deltas to the day's and the minute's totals.
    Result<void> record(const NodeActivity& activity);
    /// Days from `fromDay` to `toDay` (inclusive, YYYY-MM-DD), oldest first; days without
    /// activity are absent.
    Result<std::vector<NodeDay>> days(std::string_view fromDay, std::string_view toDay);
    /// All-time totals (the `day` field is empty).
    Result<NodeDay> allTime();
    /// Minutes at or after `since`, oldest first.
    Result<std::vector<NodeMinute>> minutes(std::int64_t since);
    /// Forgets minutes before `before` (days are kept).
    Result<void> pruneMinutes(std::int64_t before);

private:
    Database& m_database;
};

} // namespace ferry::core::store
