#include "ui/node_quota.h"

#include <QCoreApplication>

namespace ferry::ui {

namespace {

constexpr double kSoftStop = 0.9;

double usedShare(qint64 traffic, quint64 quota) {
    return quota ? static_cast<double>(traffic) / static_cast<double>(quota) : 0.0;
}

} // namespace

NodeQuotaDecision nodeQuotaDecision(const NodeLimits& limits, qint64 trafficToday,
                                    qint64 trafficThisMonth) {
    using Action = NodeQuotaDecision::Action;
    using Period = NodeQuotaDecision::Period;
    const double daily = usedShare(trafficToday, limits.dailyQuotaBytes);
    const double monthly = usedShare(trafficThisMonth, limits.monthlyQuotaBytes);
    // The texts keep the context they had inside NodeController, so that the catalogues'
    // translations still apply; each is spelled out in its call for lupdate to find.
    if (daily >= 1.0)
        return {
            Action::Pause, Period::Day,
            QCoreApplication::translate("ferry::ui::NodeController",
                                        "today's traffic quota is used up; it resumes tomorrow")};
    if (monthly >= 1.0)
        return {Action::Pause, Period::Month,
                QCoreApplication::translate(
                    "ferry::ui::NodeController",
                    "this month's traffic quota is used up; it resumes next month")};
    if (daily >= kSoftStop)
        return {Action::NoNewQueues, Period::Day,
                QCoreApplication::translate("ferry::ui::NodeController",
                                            "90% of today's traffic quota is used")};
    if (monthly >= kSoftStop)
        return {Action::NoNewQueues, Period::Month,
                QCoreApplication::translate("ferry::ui::NodeController",
                                            "90% of this month's traffic quota is used")};
    return {};
}

} // namespace ferry::ui
