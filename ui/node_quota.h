#pragma once

#include "ui/node_types.h"

#include <QString>

namespace ferry::ui {

/// What the traffic quotas let the in-app relay do now.
struct NodeQuotaDecision {
    enum class Action {
        Run,         ///< within both quotas (or none is set)
        NoNewQueues, ///< 90% of a quota is used: serve the queues it has, take no new ones
        Pause,       ///< a quota is used up: close the port until its period resets
    };
    /// The quota the action is for; the day's when both apply.
    enum class Period { None, Day, Month };

    Action action = Action::Run;
    Period period = Period::None;
    QString reason; ///< why, in the user's language (empty for Run)

    bool operator==(const NodeQuotaDecision&) const = default;
};

/// The quota rules: with `trafficToday` and `trafficThisMonth` bytes (in + out) of the
/// calendar day and month, the relay pauses once either quota in `limits` is used up and
/// takes no new queues from 90% of either. A quota of 0 is no quota. A pause outranks the
/// soft stop, so a used-up month pauses even while the day is only at 90%.
NodeQuotaDecision nodeQuotaDecision(const NodeLimits& limits, qint64 trafficToday,
                                    qint64 trafficThisMonth);

} // namespace ferry::ui
