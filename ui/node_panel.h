#pragma once

#include "ui/node_types.h"

#include <QList>
#include <QPointer>
#include <QStringList>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace ferry::ui {

class NodeLimitsDialog;
class QrCodeWidget;
class TrafficChart;

/// The Node panel: what the in-app relay is doing, in plain words and figures, its traffic
/// chart, its address to share, and the switch, Retry and Limits the user drives it with.
/// A pure view: it shows the snapshots and traffic it is given and reports what the user
/// does through its signals.
class NodePanel : public QWidget {
    Q_OBJECT

public:
    explicit NodePanel(QWidget* parent = nullptr);

    void showSnapshot(const NodeSnapshot& snapshot);
    /// Plots the traffic for `range`; points for a range other than the one chosen (a late
    /// answer after the user switched) are ignored.
    void setTraffic(TrafficRange range, const QList<TrafficPoint>& points);
    /// The range the user chose for the traffic chart.
    TrafficRange range() const { return m_range; }

signals:
    /// The user flipped "Contribute as relay".
    void enabledToggled(bool on);
    void retryRequested();
    /// The user asked for a new reachability check.
    void recheckRequested();
    void rangeChanged(ferry::ui::TrafficRange range);
    /// The user saved new limits in the limits dialog.
    void limitsChanged(const ferry::ui::NodeLimits& limits);

private:
    QWidget* buildStatus(QWidget* parent);
    QWidget* buildFigures(QWidget* parent);
    QWidget* buildTraffic(QWidget* parent);
    QWidget* buildAddress(QWidget* parent);
    QWidget* buildReachability(QWidget* parent);
    QWidget* buildDirectory(QWidget* parent);
    QLabel* addValueRow(QFormLayout* form, const QString& label, const char* name);
    void showStatus(const NodeSnapshot& snapshot);
    void showFigures(const NodeSnapshot& snapshot);
    void showAddress(const QString& address);
    void showReachability(const NodeSnapshot& snapshot);
    void showVerdict(const NodeSnapshot& snapshot);
    void showTunnel(const NodeSnapshot& snapshot);
    /// One row per relay directory with its standing and last heartbeat, or why there is none.
    void showDirectories(const NodeSnapshot& snapshot);
    void chooseRange(TrafficRange range);
    void openLimits();
    void copyAddress();

    TrafficRange m_range = TrafficRange::LastHour;
    NodeLimits m_limits;

    QCheckBox* m_switch = nullptr;
    QLabel* m_dot = nullptr;
    QLabel* m_statusLine = nullptr;
    QLabel* m_statusDetail = nullptr;
    QPushButton* m_retry = nullptr;

    QLabel* m_uptime = nullptr;
    QLabel* m_connections = nullptr;
    QLabel* m_queues = nullptr;
    QLabel* m_messages = nullptr;
    QLabel* m_helped = nullptr;
    QLabel* m_proxied = nullptr;
    QLabel* m_storage = nullptr;
    QProgressBar* m_storageBar = nullptr;
    QLabel* m_trafficToday = nullptr;
    QProgressBar* m_trafficTodayBar = nullptr;
    QLabel* m_trafficMonth = nullptr;
    QProgressBar* m_trafficMonthBar = nullptr;

    TrafficChart* m_chart = nullptr;
    QButtonGroup* m_rangeButtons = nullptr;

    QWidget* m_addressBox = nullptr;
    QLabel* m_noAddress = nullptr;
    QrCodeWidget* m_qr = nullptr;
    QLineEdit* m_address = nullptr;
    QPushButton* m_copy = nullptr;

    QLabel* m_natExternal = nullptr;
    QLabel* m_natMapping = nullptr;
    QLabel* m_natReachable = nullptr;
    QLabel* m_tunnel = nullptr;
    QPushButton* m_recheck = nullptr;

    QLabel* m_directoryNone = nullptr;
    QFormLayout* m_directoryForm = nullptr;
    QStringList m_directoryRows; ///< the directories the form has rows for, in order

    QPointer<NodeLimitsDialog> m_limitsDialog;
};

} // namespace ferry::ui
