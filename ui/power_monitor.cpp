#include "ui/power_monitor.h"

#include "ui/platform/battery.h"

#include <QNetworkInformation>

namespace ferry::ui {

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
    const auto battery = platform::runsOnBattery(m_root.toStdString());
    if (!battery)
        return Answer::Unknown; // a desktop, or a system that says nothing
    return *battery ? Answer::Yes : Answer::No;
}

} // namespace ferry::ui
