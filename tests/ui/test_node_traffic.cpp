// The Node page's bookkeeping without a relay or a clock: NodeTraffic files counter readings
// under their calendar day and minute (in Berlin time, so that midnight, month ends and the
// daylight-saving change fall where a test puts them), and nodeQuotaDecision turns the
// day's and month's traffic into run / no new queues / pause.
#include "agent/agent.h"
#include "ui/node_quota.h"
#include "ui/node_traffic.h"

#include <QCoreApplication>
#include <QTimeZone>
#include <QTranslator>
#include <QtTest>

using namespace ferry;
using namespace ferry::ui;
using Action = NodeQuotaDecision::Action;
using Period = NodeQuotaDecision::Period;

namespace {

constexpr qint64 kDay = 86'400;
constexpr quint64 kGB = 1'000'000'000;

QTimeZone berlin() {
    return QTimeZone(QByteArrayLiteral("Europe/Berlin"));
}

/// Berlin wall-clock time "2026-06-14T23:59:00" as unix seconds.
qint64 at(const char* wallClock) {
    QDateTime time = QDateTime::fromString(QString::fromLatin1(wallClock), Qt::ISODate);
    time.setTimeZone(berlin());
    return time.toSecsSinceEpoch();
}

QDateTime berlinTime(const char* wallClock) {
    return QDateTime::fromSecsSinceEpoch(at(wallClock), berlin());
}

core::store::NodeDay dayRow(const char* day, qint64 bytesIn, qint64 bytesOut,
                            qint64 uptimeSeconds = 0) {
    return core::store::NodeDay{day, bytesIn, bytesOut, 0, uptimeSeconds};
}

NodeLimits quotas(quint64 daily, quint64 monthly) {
    NodeLimits limits;
    limits.dailyQuotaBytes = daily;
    limits.monthlyQuotaBytes = monthly;
    return limits;
}

double sumIn(const QList<TrafficPoint>& points) {
    double sum = 0;
    for (const TrafficPoint& p : points)
        sum += p.bytesInPerSecond;
    return sum;
}

} // namespace

Q_DECLARE_METATYPE(ferry::ui::NodeQuotaDecision::Action)
Q_DECLARE_METATYPE(ferry::ui::NodeQuotaDecision::Period)

namespace ferry::ui {

// What QCOMPARE prints when totals differ.
char* toString(const NodeDayTotals& t) {
    return QTest::toString(QStringLiteral("in %1, out %2, messages %3, uptime %4 s")
                               .arg(t.bytesIn)
                               .arg(t.bytesOut)
                               .arg(t.messages)
                               .arg(t.uptimeSeconds));
}

char* toString(const NodeMinuteTotals& t) {
    return QTest::toString(QStringLiteral("in %1, out %2").arg(t.bytesIn).arg(t.bytesOut));
}

} // namespace ferry::ui

class TestNodeTraffic : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(berlin().isValid(), "the time zone database is missing"); }

    void readingsCountOnTheDayTheyAreTakenAcrossMidnight() {
        NodeTraffic traffic(berlin());
        const qint64 before = at("2026-06-14T23:59:00");
        const qint64 after = at("2026-06-15T00:01:00");
        traffic.beginSession(at("2026-06-14T23:58:00"));
        QVERIFY(!traffic.addReading(before, {100, 50, 2}));
        const auto finished = traffic.addReading(after, {400, 150, 5});

        // What the relay did between the readings belongs to the day of the later one.
        QCOMPARE(traffic.day(before), (NodeDayTotals{100, 50, 2, 60}));
        QCOMPARE(traffic.day(after), (NodeDayTotals{300, 100, 3, 120}));
        QCOMPARE(traffic.trafficToday(before), 150);
        QCOMPARE(traffic.trafficToday(after), 400);
        QCOMPARE(traffic.allTime(), (NodeDayTotals{400, 150, 5, 180}));
        // The new day's first reading hands over the old day's last minute for the database.
        QVERIFY(finished);
        QCOMPARE(finished->day, std::string("2026-06-14"));
        QCOMPARE(finished->minute, before);
        QCOMPARE(finished->bytesIn, 100);
        QCOMPARE(finished->bytesOut, 50);
        QCOMPARE(finished->messages, 2);
        QCOMPARE(finished->uptimeSeconds, 60);
        // Days are Berlin's, not UTC's: 22:30 UTC on the 14th is already the 15th there.
        QCOMPARE(
            traffic.dayOf(QDateTime(QDate(2026, 6, 14), QTime(22, 30), Qt::UTC).toSecsSinceEpoch()),
            QStringLiteral("2026-06-15"));
    }

    void theMonthCountsItsOwnDaysOnly() {
        NodeTraffic traffic(berlin());
        core::agent::NodeHistory history;
        history.days = {dayRow("2026-09-30", 7000, 0), dayRow("2026-10-01", 1000, 0),
                        dayRow("2026-10-30", 0, 500)};
        traffic.load(history);
        const qint64 october = at("2026-10-31T23:59:30");
        const qint64 november = at("2026-11-01T00:00:30");
        traffic.beginSession(at("2026-10-31T23:59:00"));
        traffic.addReading(october, {10, 20, 0});
        QCOMPARE(traffic.trafficThisMonth(october), 1000 + 500 + 30);
        QCOMPARE(traffic.trafficToday(october), 30);

        traffic.addReading(november, {110, 20, 0});
        QCOMPARE(traffic.trafficThisMonth(november), 100);
        QCOMPARE(traffic.trafficToday(november), 100);
        QCOMPARE(traffic.trafficThisMonth(october), 1530); // October keeps what it had
        QCOMPARE(traffic.trafficThisMonth(at("2026-09-15T12:00:00")), 7000);
    }

    void countersThatGoBackMeanTheRelayRestarted() {
        NodeTraffic traffic(berlin());
        const qint64 start = at("2026-06-15T10:00:00");
        traffic.beginSession(start);
        traffic.addReading(start + 60, {1000, 2000, 10});
        QCOMPARE(traffic.day(start), (NodeDayTotals{1000, 2000, 10, 60}));
        // In and messages went back: the relay restarted, everything they show is new. Out
        // kept growing and adds only its gain.
        traffic.addReading(start + 120, {200, 2500, 3});
        QCOMPARE(traffic.day(start), (NodeDayTotals{1200, 2500, 13, 120}));
        // A new session counts from zero again, and the time it was stopped is no uptime.
        traffic.beginSession(start + 180);
        traffic.addReading(start + 240, {50, 60, 1});
        QCOMPARE(traffic.day(start), (NodeDayTotals{1250, 2560, 14, 180}));
        QCOMPARE(traffic.allTime(), (NodeDayTotals{1250, 2560, 14, 180}));
    }

    void historyFromTheDatabaseIsTheStart() {
        NodeTraffic traffic(berlin());
        core::agent::NodeHistory history;
        history.days = {core::store::NodeDay{"2026-06-15", 10, 20, 3, 3600}};
        history.allTime = core::store::NodeDay{"", 1000, 2000, 300, 360000};
        const qint64 minute = at("2026-06-15T09:59:00");
        history.minutes = {core::store::NodeMinute{minute, 10, 20}};
        traffic.load(history);
        const qint64 now = at("2026-06-15T10:00:00");
        QCOMPARE(traffic.day(now), (NodeDayTotals{10, 20, 3, 3600}));
        QCOMPARE(traffic.allTime(), (NodeDayTotals{1000, 2000, 300, 360000}));
        QCOMPARE(traffic.minutes().value(minute), (NodeMinuteTotals{10, 20}));

        traffic.beginSession(now);
        traffic.addReading(now + 30, {5, 5, 1});
        QCOMPARE(traffic.day(now), (NodeDayTotals{15, 25, 4, 3630}));
        QCOMPARE(traffic.allTime(), (NodeDayTotals{1005, 2005, 301, 360030}));
    }

    void unwrittenActivityIsHandedOverOncePerMinute() {
        NodeTraffic traffic(berlin());
        QVERIFY(!traffic.takeUnwritten()); // nothing read yet
        const qint64 minute = at("2026-06-15T10:00:00");
        traffic.beginSession(minute + 5);
        QVERIFY(!traffic.addReading(minute + 10, {10, 0, 0}));
        QVERIFY(!traffic.addReading(minute + 20, {30, 0, 1})); // same minute
        const auto first = traffic.addReading(minute + 65, {30, 0, 1});
        QVERIFY(first);
        QCOMPARE(first->minute, minute);
        QCOMPARE(first->bytesIn, 30);
        QCOMPARE(first->messages, 1);
        QCOMPARE(first->uptimeSeconds, 15);

        const auto second = traffic.takeUnwritten(); // the relay stops: the rest now
        QVERIFY(second);
        QCOMPARE(second->day, std::string("2026-06-15"));
        QCOMPARE(second->minute, minute + 60);
        QCOMPARE(second->bytesIn, 0);
        QCOMPARE(second->uptimeSeconds, 45);
        // Taken is taken: an all-zero record remains, and a new minute after it hands over
        // nothing.
        const auto empty = traffic.takeUnwritten();
        QVERIFY(empty);
        QCOMPARE(empty->uptimeSeconds, 0);
        QVERIFY(!traffic.addReading(minute + 130, {30, 0, 1}));
        // The days keep everything, written or not.
        QCOMPARE(traffic.day(minute), (NodeDayTotals{30, 0, 1, 125}));
    }

    void uptimeShareCountsTheLastDaysWithToday() {
        NodeTraffic traffic(berlin());
        core::agent::NodeHistory history;
        for (int day = 9; day <= 15; ++day) // half of each of the last 7 days
            history.days.push_back(core::store::NodeDay{
                QStringLiteral("2026-06-%1").arg(day, 2, 10, QLatin1Char('0')).toStdString(), 0, 0,
                0, kDay / 2});
        history.days.push_back(dayRow("2026-06-08", 0, 0, kDay)); // 8 days ago: 30 only
        history.days.push_back(dayRow("2026-05-16", 0, 0, kDay)); // 30 days ago: neither
        traffic.load(history);
        const qint64 now = at("2026-06-15T12:00:00");
        QCOMPARE(traffic.uptimeShare(7, now), 0.5);
        QCOMPARE(traffic.uptimeShare(30, now), (7.0 * kDay / 2 + kDay) / (30.0 * kDay));
        // More uptime than days (clock trouble) is capped at all of the time.
        history.days = {dayRow("2026-06-15", 0, 0, 10 * kDay)};
        traffic.load(history);
        QCOMPARE(traffic.uptimeShare(7, now), 1.0);
        QCOMPARE(NodeTraffic(berlin()).uptimeShare(30, now), 0.0);
    }

    void lastHourIsOnePointPerMinute() {
        NodeTraffic traffic(berlin());
        core::agent::NodeHistory history;
        history.minutes = {core::store::NodeMinute{at("2026-06-15T10:59:00"), 6000, 0},
                           core::store::NodeMinute{at("2026-06-15T11:50:00"), 600, 1200},
                           core::store::NodeMinute{at("2026-06-15T12:00:00"), 60, 0}};
        traffic.load(history);
        const QList<TrafficPoint> points =
            traffic.points(TrafficRange::LastHour, at("2026-06-15T12:00:30"));
        QCOMPARE(points.size(), 61);
        QCOMPARE(points.first().time, berlinTime("2026-06-15T11:00:00"));
        QCOMPARE(points.last().time, berlinTime("2026-06-15T12:00:00"));
        QCOMPARE(points[50].time, berlinTime("2026-06-15T11:50:00"));
        QCOMPARE(points[50].bytesInPerSecond, 10.0);
        QCOMPARE(points[50].bytesOutPerSecond, 20.0);
        QCOMPARE(points[60].bytesInPerSecond, 1.0);
        QCOMPARE(sumIn(points), 11.0); // 10:59 is more than an hour ago
    }

    void lastDayIsOnePointPerTenMinutes() {
        NodeTraffic traffic(berlin());
        core::agent::NodeHistory history;
        history.minutes = {core::store::NodeMinute{at("2026-06-14T11:55:00"), 6000, 0},
                           core::store::NodeMinute{at("2026-06-15T10:51:00"), 3000, 0},
                           core::store::NodeMinute{at("2026-06-15T10:59:00"), 3000, 0},
                           core::store::NodeMinute{at("2026-06-15T11:50:00"), 600, 1200},
                           core::store::NodeMinute{at("2026-06-15T12:00:00"), 60, 0}};
        traffic.load(history);
        const QList<TrafficPoint> points =
            traffic.points(TrafficRange::LastDay, at("2026-06-15T12:00:30"));
        QCOMPARE(points.size(), 145);
        QCOMPARE(points.first().time, berlinTime("2026-06-14T12:00:00"));
        QCOMPARE(points.last().time, berlinTime("2026-06-15T12:00:00"));
        QCOMPARE(points[137].time, berlinTime("2026-06-15T10:50:00"));
        QCOMPARE(points[137].bytesInPerSecond, 10.0); // two minutes in one bucket
        QCOMPARE(points[143].bytesInPerSecond, 1.0);
        QCOMPARE(points[143].bytesOutPerSecond, 2.0);
        QCOMPARE(points[144].bytesInPerSecond, 0.1);
        QCOMPARE(sumIn(points), 11.1); // the day before yesterday's noon is left out
    }

    void lastMonthIsOnePointPerCalendarDay() {
        NodeTraffic traffic(berlin());
        core::agent::NodeHistory history;
        history.days = {dayRow("2026-05-16", kDay, 0), dayRow("2026-05-17", kDay / 10, 0),
                        dayRow("2026-06-15", kDay, 2 * kDay)};
        traffic.load(history);
        const QList<TrafficPoint> points =
            traffic.points(TrafficRange::LastMonth, at("2026-06-15T12:00:00"));
        QCOMPARE(points.size(), 30);
        QCOMPARE(points.first().time, berlinTime("2026-05-17T00:00:00"));
        QCOMPARE(points.last().time, berlinTime("2026-06-15T00:00:00"));
        QCOMPARE(points.first().bytesInPerSecond, 0.1);
        QCOMPARE(points.last().bytesInPerSecond, 1.0);
        QCOMPARE(points.last().bytesOutPerSecond, 2.0);
        QCOMPARE(sumIn(points), 1.1); // 16 May is 30 days ago

        // Each point starts at its day's midnight, also on the day the clocks go forward.
        const QList<TrafficPoint> spring =
            traffic.points(TrafficRange::LastMonth, at("2026-03-30T12:00:00"));
        QCOMPARE(spring[28].time, berlinTime("2026-03-29T00:00:00"));
        QCOMPARE(spring[29].time, berlinTime("2026-03-30T00:00:00"));
        QCOMPARE(spring[28].time.secsTo(spring[29].time), 23 * 3600);
    }

    void minutesOlderThanADayAndAnHourAreDropped() {
        NodeTraffic traffic(berlin());
        const qint64 now = at("2026-06-15T12:00:00");
        const qint64 oldest = now - kDay - 3600;
        core::agent::NodeHistory history;
        history.minutes = {core::store::NodeMinute{oldest - 60, 1, 1},
                           core::store::NodeMinute{oldest, 2, 2}};
        traffic.load(history);
        QCOMPARE(traffic.minutes().size(), 2);
        traffic.beginSession(now - 30);
        traffic.addReading(now, {7, 8, 0});
        QCOMPARE(traffic.minutes().keys(), (QList<qint64>{oldest, now}));
        QCOMPARE(traffic.minutes().value(now), (NodeMinuteTotals{7, 8}));
    }

    void quotaSteps_data() {
        QTest::addColumn<quint64>("dailyQuota");
        QTest::addColumn<quint64>("monthlyQuota");
        QTest::addColumn<qint64>("today");
        QTest::addColumn<qint64>("month");
        QTest::addColumn<Action>("action");
        QTest::addColumn<Period>("period");
        QTest::addColumn<QString>("reason");
        const QString dayNear = QStringLiteral("90% of today's traffic quota is used");
        const QString dayOut =
            QStringLiteral("today's traffic quota is used up; it resumes tomorrow");
        const QString monthNear = QStringLiteral("90% of this month's traffic quota is used");
        const QString monthOut =
            QStringLiteral("this month's traffic quota is used up; it resumes next month");
        constexpr qint64 g = kGB;
        QTest::newRow("day 89%") << kGB << quint64(0) << 89 * g / 100 << 89 * g / 100 << Action::Run
                                 << Period::None << QString();
        QTest::newRow("day 90%") << kGB << quint64(0) << 9 * g / 10 << 9 * g / 10
                                 << Action::NoNewQueues << Period::Day << dayNear;
        QTest::newRow("day 99.9%") << kGB << quint64(0) << g - 1'000'000 << g << Action::NoNewQueues
                                   << Period::Day << dayNear;
        QTest::newRow("day 100%") << kGB << quint64(0) << g << g << Action::Pause << Period::Day
                                  << dayOut;
        QTest::newRow("day beyond")
            << kGB << quint64(0) << 2 * g << 2 * g << Action::Pause << Period::Day << dayOut;
        QTest::newRow("month 89%") << quint64(0) << 30 * kGB << g << 267 * g / 10 << Action::Run
                                   << Period::None << QString();
        QTest::newRow("month 90%") << quint64(0) << 30 * kGB << g << 27 * g << Action::NoNewQueues
                                   << Period::Month << monthNear;
        QTest::newRow("month 100%")
            << quint64(0) << 30 * kGB << g << 30 * g << Action::Pause << Period::Month << monthOut;
        QTest::newRow("both 90%: the day's named") << kGB << 30 * kGB << 9 * g / 10 << 27 * g
                                                   << Action::NoNewQueues << Period::Day << dayNear;
        QTest::newRow("day 89%, month 90%") << kGB << 30 * kGB << 89 * g / 100 << 27 * g
                                            << Action::NoNewQueues << Period::Month << monthNear;
        QTest::newRow("day 95%, month used up: pause")
            << kGB << 30 * kGB << 95 * g / 100 << 30 * g << Action::Pause << Period::Month
            << monthOut;
        QTest::newRow("both used up: the day's named")
            << kGB << 30 * kGB << g << 30 * g << Action::Pause << Period::Day << dayOut;
        QTest::newRow("no quotas") << quint64(0) << quint64(0) << 500 * g << 9000 * g << Action::Run
                                   << Period::None << QString();
        QTest::newRow("no daily quota, month within") << quint64(0) << 30 * kGB << 20 * g << 20 * g
                                                      << Action::Run << Period::None << QString();
        QTest::newRow("no monthly quota, day within")
            << kGB << quint64(0) << g / 2 << 900 * g << Action::Run << Period::None << QString();
    }

    void quotaSteps() {
        QFETCH(quint64, dailyQuota);
        QFETCH(quint64, monthlyQuota);
        QFETCH(qint64, today);
        QFETCH(qint64, month);
        QFETCH(Action, action);
        QFETCH(Period, period);
        QFETCH(QString, reason);
        const NodeQuotaDecision decision =
            nodeQuotaDecision(quotas(dailyQuota, monthlyQuota), today, month);
        QCOMPARE(decision.action, action);
        QCOMPARE(decision.period, period);
        QCOMPARE(decision.reason, reason);
    }

    void aNewDayOrMonthResumes() {
        NodeTraffic traffic(berlin());
        traffic.beginSession(at("2026-06-30T23:00:00"));
        traffic.addReading(at("2026-06-30T23:30:00"), {600, 400, 0});
        const auto decide = [&](const NodeLimits& limits, const char* when) {
            const qint64 now = at(when);
            return nodeQuotaDecision(limits, traffic.trafficToday(now),
                                     traffic.trafficThisMonth(now))
                .action;
        };
        // A used-up day stays used up until midnight, then the next day runs.
        const NodeLimits daily = quotas(1000, 0);
        QCOMPARE(decide(daily, "2026-06-30T23:30:00"), Action::Pause);
        QCOMPARE(decide(daily, "2026-06-30T23:59:59"), Action::Pause);
        QCOMPARE(decide(daily, "2026-07-01T00:00:00"), Action::Run);

        // The month: the earlier days count until the month turns.
        core::agent::NodeHistory history;
        history.days = {dayRow("2026-06-02", 3000, 0)};
        traffic.load(history);
        const NodeLimits monthly = quotas(0, 4000);
        QCOMPARE(decide(monthly, "2026-06-30T23:59:59"), Action::Pause);
        QCOMPARE(decide(quotas(0, 4400), "2026-06-30T23:59:59"), Action::NoNewQueues);
        QCOMPARE(decide(monthly, "2026-07-01T00:00:00"), Action::Run);
        QCOMPARE(decide(quotas(1000, 4000), "2026-07-01T08:00:00"), Action::Run);
    }

    void reasonsKeepTheirTranslations() {
        // The texts moved out of NodeController under its context: the German catalogue's
        // translations still apply.
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/ferry_de.qm")));
        QVERIFY(QCoreApplication::installTranslator(&german));
        const auto reason = [](qint64 today, qint64 month) {
            return nodeQuotaDecision(quotas(100, 1000), today, month).reason;
        };
        const QString dayOut = reason(100, 100);
        const QString monthOut = reason(10, 1000);
        const QString dayNear = reason(90, 90);
        const QString monthNear = reason(10, 900);
        QCoreApplication::removeTranslator(&german);
        QCOMPARE(dayOut,
                 QStringLiteral("Das heutige Datenkontingent ist aufgebraucht; es geht morgen "
                                "weiter"));
        QCOMPARE(monthOut, QStringLiteral("Das Datenkontingent dieses Monats ist aufgebraucht; es "
                                          "geht nächsten Monat weiter"));
        QCOMPARE(dayNear, QStringLiteral("90 % des heutigen Datenkontingents sind verbraucht"));
        QCOMPARE(monthNear,
                 QStringLiteral("90 % des Datenkontingents dieses Monats sind verbraucht"));
    }
};

QTEST_GUILESS_MAIN(TestNodeTraffic)
#include "test_node_traffic.moc"
