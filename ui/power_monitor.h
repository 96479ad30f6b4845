#pragma once

#include <QObject>
#include <QString>

namespace ferry::ui {

/// Whether the computer runs on battery and whether its network is metered, where the
/// platform can tell — so the in-app relay can pause instead of draining either.
class PowerMonitor : public QObject {
    Q_OBJECT

public:
    enum class Answer { Yes, No, Unknown };

    /// `powerSupplyRoot` is Linux's /sys/class/power_supply (tests pass a folder of their
    /// own); other systems are asked their own way (ui/platform/battery_<system>.cpp).
    explicit PowerMonitor(QString powerSupplyRoot = QStringLiteral("/sys/class/power_supply"),
                          QObject* parent = nullptr);

    Answer onBattery() const { return m_onBattery; }
    /// From the system's network information (NetworkManager on Linux); Unknown without it.
    Answer metered() const { return m_metered; }

    /// Reads the power supply again (the kernel does not announce changes to an unprivileged
    /// process without udev; the relay's once-a-minute sample calls this).
    void refresh();

signals:
    void changed();

private:
    Answer readBattery() const;

    QString m_root;
    Answer m_onBattery = Answer::Unknown;
    Answer m_metered = Answer::Unknown;
};

} // namespace ferry::ui
