#include "ui/node_traffic.h"

#include "agent/agent.h"

#include <algorithm>
#include <utility>

namespace ferry::ui {

namespace {

constexpr qint64 kDaySeconds = 86'400;

qint64 minuteOf(qint64 seconds) {
    return seconds - seconds % 60;
}

// Counters restart with the relay; a smaller value than last time means a new start.
qint64 delta(quint64 now, quint64 before) {
    return now >= before ? static_cast<qint64>(now - before) : static_cast<qint64>(now);
}

} // namespace

bool hasActivity(const core::store::NodeActivity& activity) {
    return activity.bytesIn || activity.bytesOut || activity.messages || activity.uptimeSeconds;
}

NodeTraffic::NodeTraffic(std::optional<QTimeZone> zone) : m_zone(std::move(zone)) {}

QDateTime NodeTraffic::calendarTime(qint64 seconds) const {
    return m_zone ? QDateTime::fromSecsSinceEpoch(seconds, *m_zone)
                  : QDateTime::fromSecsSinceEpoch(seconds).toLocalTime();
}

QString NodeTraffic::dayOf(qint64 seconds) const {
    return calendarTime(seconds).date().toString(Qt::ISODate);
}

void NodeTraffic::load(const core::agent::NodeHistory& history) {
    for (const auto& d : history.days)
        m_days[QString::fromStdString(d.day)] =
            NodeDayTotals{d.bytesIn, d.bytesOut, d.messages, d.uptimeSeconds};
    m_allTime = NodeDayTotals{history.allTime.bytesIn, history.allTime.bytesOut,
                              history.allTime.messages, history.allTime.uptimeSeconds};
    for (const auto& m : history.minutes)
        m_minutes[m.minute] = NodeMinuteTotals{m.bytesIn, m.bytesOut};
}

void NodeTraffic::beginSession(qint64 now) {
    m_lastCounters = {};
    m_lastReadingAt = now;
}

std::optional<core::store::NodeActivity> NodeTraffic::addReading(qint64 now,
                                                                 const RelayCounters& counters) {
    const qint64 in = delta(counters.bytesIn, m_lastCounters.bytesIn);
    const qint64 out = delta(counters.bytesOut, m_lastCounters.bytesOut);
    const qint64 messages = delta(counters.messagesRelayed, m_lastCounters.messagesRelayed);
    const qint64 uptime = std::max<qint64>(0, now - m_lastReadingAt);
    m_lastCounters = counters;
    m_lastReadingAt = now;

    const QString day = dayOf(now);
    const qint64 minute = minuteOf(now);
    std::optional<core::store::NodeActivity> finished;
    if (day != m_unwrittenDay || minute != m_unwrittenMinute) {
        finished = takeUnwritten();
        if (finished && !hasActivity(*finished))
            finished.reset();
    }
    m_unwrittenDay = day;
    m_unwrittenMinute = minute;
    for (NodeDayTotals* t : {&m_unwritten, &m_days[day], &m_allTime}) {
        t->bytesIn += in;
        t->bytesOut += out;
        t->messages += messages;
        t->uptimeSeconds += uptime;
    }
    m_minutes[minute].bytesIn += in;
    m_minutes[minute].bytesOut += out;
    // Only the last day of minutes is shown (the days stay: a month is small).
    while (!m_minutes.isEmpty() && m_minutes.firstKey() < now - kDaySeconds - 3600)
        m_minutes.erase(m_minutes.begin());
    return finished;
}

std::optional<core::store::NodeActivity> NodeTraffic::takeUnwritten() {
    if (m_unwrittenDay.isEmpty())
        return std::nullopt;
    const NodeDayTotals t = std::exchange(m_unwritten, {});
    return core::store::NodeActivity{m_unwrittenDay.toStdString(),
                                     m_unwrittenMinute,
                                     t.bytesIn,
                                     t.bytesOut,
                                     t.messages,
                                     t.uptimeSeconds};
}

NodeDayTotals NodeTraffic::day(qint64 now) const {
    return m_days.value(dayOf(now));
}

qint64 NodeTraffic::trafficToday(qint64 now) const {
    return day(now).traffic();
}

qint64 NodeTraffic::trafficThisMonth(qint64 now) const {
    const QString month = dayOf(now).left(7); // YYYY-MM
    qint64 total = 0;
    for (auto it = m_days.begin(); it != m_days.end(); ++it)
        if (it.key().startsWith(month))
            total += it->traffic();
    return total;
}

double NodeTraffic::uptimeShare(int days, qint64 now) const {
    const QString from = dayOf(now - (days - 1) * kDaySeconds);
    qint64 seconds = 0;
    for (auto it = m_days.lowerBound(from); it != m_days.end(); ++it)
        seconds += it->uptimeSeconds;
    return std::min(1.0, static_cast<double>(seconds) / static_cast<double>(days * kDaySeconds));
}

QList<TrafficPoint> NodeTraffic::bucketed(qint64 now, qint64 span, qint64 bucket) const {
    QList<TrafficPoint> points;
    const qint64 first = minuteOf(now - span);
    for (qint64 start = first; start <= now; start += bucket) {
        NodeMinuteTotals sum;
        for (auto it = m_minutes.lowerBound(start);
             it != m_minutes.end() && it.key() < start + bucket; ++it) {
            sum.bytesIn += it->bytesIn;
            sum.bytesOut += it->bytesOut;
        }
        points.append({calendarTime(start), static_cast<double>(sum.bytesIn) / bucket,
                       static_cast<double>(sum.bytesOut) / bucket});
    }
    return points;
}

QList<TrafficPoint> NodeTraffic::points(TrafficRange range, qint64 now) const {
    switch (range) {
    case TrafficRange::LastHour:
        return bucketed(now, 3600, 60);
    case TrafficRange::LastDay:
        return bucketed(now, kDaySeconds, 600);
    case TrafficRange::LastMonth:
        return daily(now);
    }
    return {};
}

QList<TrafficPoint> NodeTraffic::daily(qint64 now) const {
    QList<TrafficPoint> points;
    for (int back = 29; back >= 0; --back) {
        const qint64 at = now - back * kDaySeconds;
        const NodeDayTotals t = m_days.value(dayOf(at));
        QDateTime start = calendarTime(at);
        start.setTime(QTime(0, 0));
        points.append({start, static_cast<double>(t.bytesIn) / kDaySeconds,
                       static_cast<double>(t.bytesOut) / kDaySeconds});
    }
    return points;
}

} // namespace ferry::ui
