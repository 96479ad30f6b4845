#include "ui/relay_health_text.h"

#include "smp/server_address.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>

namespace ferry::ui {

namespace {

/// A moment for a short sentence: the time of day on `now`'s day, else date and time.
QString sinceText(const QDateTime& at, const QDateTime& now) {
    const QDateTime local = at.toLocalTime();
    return local.date() == now.toLocalTime().date()
               ? QLocale().toString(local.time(), QLocale::ShortFormat)
               : QLocale().toString(local, QLocale::ShortFormat);
}

bool isReceive(const ContactQueueItem& q) {
    return q.direction == QueueDirection::Receive;
}

/// A receive queue the conversation depends on now (not moved away, not gone).
bool isCurrent(const ContactQueueItem& q) {
    return isReceive(q) && q.status != QueueStatus::Draining && q.status != QueueStatus::Deleted;
}

bool isConnected(const ContactQueueItem& q) {
    return q.relayConnected.value_or(false);
}

/// The earliest time one of `queues` that `pick` chooses went down; invalid when none did.
template <typename Pick> QDateTime earliestDown(const QList<ContactQueueItem>& queues, Pick pick) {
    QDateTime earliest;
    for (const auto& q : queues)
        if (pick(q) && q.downSince.isValid() && (!earliest.isValid() || q.downSince < earliest))
            earliest = q.downSince;
    return earliest;
}

} // namespace

RelayHealth relayHealth(const QList<ContactQueueItem>& queues, const QDateTime& now) {
    using Level = RelayHealth::Level;
    QList<ContactQueueItem> current;
    for (const auto& q : queues)
        if (isCurrent(q))
            current.append(q);
    if (current.isEmpty())
        return {};
    auto count = [&](auto pick) { return std::count_if(current.cbegin(), current.cend(), pick); };
    const auto activeConnected = count([](const ContactQueueItem& q) {
        return q.status == QueueStatus::Active && isConnected(q);
    });
    const auto active =
        count([](const ContactQueueItem& q) { return q.status == QueueStatus::Active; });
    const auto suspended =
        count([](const ContactQueueItem& q) { return q.status == QueueStatus::Suspended; });

    // Being replaced: the engine moves it, the user only needs to know that and why.
    if (suspended > 0) {
        const QDateTime down = earliestDown(
            current, [](const ContactQueueItem& q) { return q.status == QueueStatus::Suspended; });
        if (!down.isValid())
            return {QCoreApplication::translate("ferry::ui::RelayHealth", "Moving to other relays"),
                    Level::Changing};
        if (activeConnected > 0)
            return {QCoreApplication::translate("ferry::ui::RelayHealth",
                                                "One relay down since %1, moving to another")
                        .arg(sinceText(down, now)),
                    Level::Changing};
        return {QCoreApplication::translate("ferry::ui::RelayHealth",
                                            "Relay down since %1, moving to another")
                    .arg(sinceText(down, now)),
                Level::Trouble};
    }

    // Nothing that carries messages in is reachable.
    if (activeConnected == 0 && active > 0) {
        const QDateTime down = earliestDown(current, [](const ContactQueueItem&) { return true; });
        if (!down.isValid())
            return {
                QCoreApplication::translate("ferry::ui::RelayHealth", "Connecting to the relays…"),
                Level::Changing};
        return {(active > 1 ? QCoreApplication::translate("ferry::ui::RelayHealth",
                                                          "Relays unreachable since %1")
                            : QCoreApplication::translate("ferry::ui::RelayHealth",
                                                          "Relay unreachable since %1"))
                    .arg(sinceText(down, now)),
                Level::Trouble};
    }

    if (active > activeConnected) {
        const QDateTime down = earliestDown(current, [](const ContactQueueItem& q) {
            return q.status == QueueStatus::Active && !isConnected(q);
        });
        if (!down.isValid())
            return {QCoreApplication::translate("ferry::ui::RelayHealth", "One relay connecting…"),
                    Level::Changing};
        return {QCoreApplication::translate("ferry::ui::RelayHealth", "One relay down since %1")
                    .arg(sinceText(down, now)),
                Level::Changing};
    }

    // A second queue on its way, either way (a receive queue offered or set up, a send queue
    // of the contact's being secured).
    const bool settingUp = std::any_of(queues.cbegin(), queues.cend(), [](const auto& q) {
        return (isReceive(q) &&
                (q.status == QueueStatus::New || q.status == QueueStatus::Confirmed)) ||
               (!isReceive(q) && q.status == QueueStatus::New);
    });
    if (settingUp)
        return {QCoreApplication::translate("ferry::ui::RelayHealth", "Setting up a second relay"),
                Level::Changing};
    if (activeConnected >= 2)
        return {QCoreApplication::translate("ferry::ui::RelayHealth", "Both relays fine"),
                Level::Fine};
    return {QCoreApplication::translate("ferry::ui::RelayHealth", "One relay"), Level::Fine};
}

QString queueStateText(const ContactQueueItem& q, const QDateTime& now) {
    switch (q.status) {
    case QueueStatus::New:
        return isReceive(q)
                   ? QCoreApplication::translate("ferry::ui::RelayHealth", "being set up")
                   : QCoreApplication::translate("ferry::ui::RelayHealth", "being secured");
    case QueueStatus::Confirmed:
        return QCoreApplication::translate("ferry::ui::RelayHealth",
                                           "new, not used by the contact yet");
    case QueueStatus::Suspended:
        return q.downSince.isValid()
                   ? QCoreApplication::translate("ferry::ui::RelayHealth",
                                                 "relay down since %1, moving to another")
                         .arg(sinceText(q.downSince, now))
                   : QCoreApplication::translate("ferry::ui::RelayHealth",
                                                 "moving to another relay");
    case QueueStatus::Draining:
        return QCoreApplication::translate("ferry::ui::RelayHealth",
                                           "moved away: deleted once its relay answers");
    case QueueStatus::Deleted:
        return QCoreApplication::translate("ferry::ui::RelayHealth", "deleted");
    case QueueStatus::Secured:
    case QueueStatus::Active:
        break;
    }
    if (isReceive(q)) {
        if (q.downSince.isValid())
            return QCoreApplication::translate("ferry::ui::RelayHealth", "relay down since %1")
                .arg(sinceText(q.downSince, now));
        return isConnected(q)
                   ? QCoreApplication::translate("ferry::ui::RelayHealth", "connected")
                   : QCoreApplication::translate("ferry::ui::RelayHealth", "connecting…");
    }
    if (q.waiting == 0)
        return QCoreApplication::translate("ferry::ui::RelayHealth", "nothing waiting");
    const int count = static_cast<int>(q.waiting);
    QString waiting =
        QCoreApplication::translate("ferry::ui::RelayHealth", "%n messages waiting", "", count);
    if (q.waiting == 1)
        waiting = QCoreApplication::translate("ferry::ui::RelayHealth", "one message waiting");
    return q.lastError.isEmpty() ? waiting
                                 : QCoreApplication::translate("ferry::ui::RelayHealth", "%1 (%2)")
                                       .arg(waiting, q.lastError);
}

QString relayPlace(const QString& address) {
    auto server = core::smp::parseServerAddress(address.toStdString());
    if (!server || server->hosts.empty())
        return address;
    return QString::fromStdString(server->hosts.front().uriText()) + QLatin1Char(':') +
           QString::number(server->effectivePort());
}

QString relayDetailsText(const QList<ContactQueueItem>& queues, const QDateTime& now) {
    QStringList lines;
    for (const auto& q : queues) {
        if (q.status == QueueStatus::Deleted)
            continue;
        const QString line =
            isReceive(q)
                ? QCoreApplication::translate("ferry::ui::RelayHealth", "Receiving via %1: %2")
                : QCoreApplication::translate("ferry::ui::RelayHealth", "Sending via %1: %2");
        lines << line.arg(relayPlace(q.relay), queueStateText(q, now));
    }
    const auto receiving = std::count_if(queues.cbegin(), queues.cend(), isCurrent);
    if (receiving == 1)
        lines << QCoreApplication::translate(
            "ferry::ui::RelayHealth",
            "Ferry adds a second relay of another operator as soon as one is available.");
    return lines.join(QLatin1Char('\n'));
}

} // namespace ferry::ui
