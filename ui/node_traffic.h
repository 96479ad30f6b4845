#pragma once

#include "store/node_repository.h"
#include "ui/node_types.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QTimeZone>
#include <optional>

namespace ferry::core::agent {
struct NodeHistory;
}

namespace ferry::ui {

/// What the in-app relay did over one calendar day (or over all time).
struct NodeDayTotals {
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 messages = 0;
    qint64 uptimeSeconds = 0;

    qint64 traffic() const { return bytesIn + bytesOut; }
    bool operator==(const NodeDayTotals&) const = default;
};

/// Traffic in one minute.
struct NodeMinuteTotals {
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    bool operator==(const NodeMinuteTotals&) const = default;
};

/// The relay's counters as it reports them: running totals since its start.
struct RelayCounters {
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 messagesRelayed = 0;
};

/// Whether `activity` adds anything to the database (an all-zero record need not be written).
bool hasActivity(const core::store::NodeActivity& activity);

/// The in-app relay's activity for the Node page and its quotas: totals per calendar day,
/// traffic per minute over the last day, and what has not been written to the profile
/// database yet. It turns the relay's running counters into what changed since the last
/// reading and files that under the reading's day and minute.
///
/// A plain value: no timers, no clock. Every time is a unix second the caller passes in, and
/// calendar days are those of the zone given at construction. Not thread-safe.
class NodeTraffic {
public:
    /// `zone`: whose calendar days and months count; none: the computer's local time.
    explicit NodeTraffic(std::optional<QTimeZone> zone = std::nullopt);

    /// The calendar day `seconds` falls on, YYYY-MM-DD (the key the database keeps days by).
    QString dayOf(qint64 seconds) const;

    /// Takes the days, all-time totals and minutes the database had. They replace what is
    /// kept for the same day or minute.
    void load(const core::agent::NodeHistory& history);

    /// The relay (re)started at `now`: its counters begin at zero, and the time up to the
    /// first reading counts as uptime.
    void beginSession(qint64 now);
    /// Adds what the counters gained since the last reading (or since beginSession) and the
    /// time in between as uptime, all to the day and minute of `now`. A counter smaller than
    /// last time belongs to a relay that restarted, so all of it is new. Returns the activity
    /// of the minute that ended, when this reading is the first of a new minute and that
    /// minute had any, for the database.
    std::optional<core::store::NodeActivity> addReading(qint64 now, const RelayCounters& counters);
    /// The activity added since it was last taken (none before the first reading, possibly
    /// all zero), for the database; what is kept here stays.
    std::optional<core::store::NodeActivity> takeUnwritten();

    NodeDayTotals day(qint64 now) const;
    const NodeDayTotals& allTime() const { return m_allTime; }
    /// Bytes in and out on the calendar day of `now`.
    qint64 trafficToday(qint64 now) const;
    /// Bytes in and out in the calendar month of `now`.
    qint64 trafficThisMonth(qint64 now) const;
    /// The share (0..1) of the last `days` days, today included, the relay ran: uptime
    /// recorded on those calendar days over `days` whole days.
    double uptimeShare(int days, qint64 now) const;
    /// The chart's points for `range` ending at `now`, oldest first: bytes per second in
    /// each minute (last hour), each 10 minutes (last day) or each calendar day (last 30
    /// days), zero where nothing was recorded.
    QList<TrafficPoint> points(TrafficRange range, qint64 now) const;
    /// The minutes kept, by their start in unix seconds: the last day and an hour more.
    const QMap<qint64, NodeMinuteTotals>& minutes() const { return m_minutes; }

private:
    QDateTime calendarTime(qint64 seconds) const;
    /// Buckets of `bucket` seconds from the minute `span` before `now` on.
    QList<TrafficPoint> bucketed(qint64 now, qint64 span, qint64 bucket) const;
    /// The last 30 calendar days, from midnight each.
    QList<TrafficPoint> daily(qint64 now) const;

    std::optional<QTimeZone> m_zone;
    QMap<QString, NodeDayTotals> m_days; ///< by dayOf(), as loaded and since recorded
    QMap<qint64, NodeMinuteTotals> m_minutes;
    NodeDayTotals m_allTime;
    RelayCounters m_lastCounters; ///< at the last reading of this session
    qint64 m_lastReadingAt = 0;
    // Activity added but not yet taken for the database (it is written once a minute).
    NodeDayTotals m_unwritten;
    QString m_unwrittenDay; ///< empty until the first reading
    qint64 m_unwrittenMinute = 0;
};

} // namespace ferry::ui
