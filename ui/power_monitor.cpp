#include "ui/power_monitor.h"

#include <QDir>
#include <QFile>
#include <QNetworkInformation>

namespace ferry::ui {

namespace {

QString readLine(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(f.readLine()).trimmed();
}

} // namespace

PowerMonitor::PowerMonitor(QString powerSupplyRoot, QObject* parent)
    : QObject(parent), m_root(std::move(powerSupplyRoot)) {
    m_onBattery = readBattery();
    // Only a backend that knows about metered networks is of use here.
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Metered)) {
        QNetworkInformation* info = QNetworkInformation::instance();
        m_metered = info->isMetered() ? Answer::Yes : Answer::No;
        connect(info, &QNetworkInformation::isMeteredChanged, this, [this](bool metered) {
            m_metered = metered ? Answer::Yes : Answer::No;
            emit changed();
        });
    }
}

void PowerMonitor::refresh() {
    const Answer battery = readBattery();
    if (battery == m_onBattery)
        return;
    m_onBattery = battery;
    emit changed();
}

PowerMonitor::Answer PowerMonitor::readBattery() const {
    // On battery: a battery is discharging and no mains supply is online.
    bool haveBattery = false;
    bool discharging = false;
    bool mainsOnline = false;
    const QDir root(m_root);
    for (const QString& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString dir = root.filePath(name);
        const QString type = readLine(dir + QStringLiteral("/type"));
        if (type == QLatin1String("Battery")) {
            haveBattery = true;
            if (readLine(dir + QStringLiteral("/status")) == QLatin1String("Discharging"))
                discharging = true;
        } else if (type == QLatin1String("Mains") || type == QLatin1String("USB")) {
            if (readLine(dir + QStringLiteral("/online")) == QLatin1String("1"))
                mainsOnline = true;
        }
    }
    if (!haveBattery)
        return Answer::Unknown; // a desktop, or a platform that says nothing here
    return discharging && !mainsOnline ? Answer::Yes : Answer::No;
}

} // namespace ferry::ui
