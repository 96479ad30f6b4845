#include "ui/node_limits_dialog.h"

#include "ui/dialog_parts.h"
#include "ui/node_status_text.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

namespace ferry::ui {

namespace {

constexpr quint64 kMegabyte = 1ull << 20;
constexpr quint64 kGigabyte = 1ull << 30;
constexpr int kMinimumPort = 1024;
constexpr int kMaximumPort = 65535;
constexpr int kMinimumConnections = 8;
constexpr int kMaximumConnections = 100000;
constexpr int kMinimumBandwidthKb = 16;            // one 16 KB block a second
constexpr double kMaximumSizeNumber = 1024 * 1024; // a petabyte in GB: no real limit

} // namespace

NodeLimitsDialog::NodeLimitsDialog(const NodeLimits& limits, QWidget* parent)
    : QDialog(parent), m_port(new QSpinBox(this)), m_connections(new QSpinBox(this)),
      m_error(errorLabel(this)) {
    setObjectName(QStringLiteral("nodeLimitsDialog"));
    setWindowTitle(tr("Relay limits"));

    m_port->setObjectName(QStringLiteral("portSpin"));
    m_port->setRange(kMinimumPort, kMaximumPort);
    m_port->setGroupSeparatorShown(false);
    m_port->setToolTip(tr("The TCP port your relay listens on, from %1 to %2.")
                           .arg(kMinimumPort)
                           .arg(kMaximumPort));
    m_storage = sizeField("storageCap", false);
    m_daily = sizeField("dailyQuota", true);
    m_monthly = sizeField("monthlyQuota", true);
    m_connections->setObjectName(QStringLiteral("maxConnectionsSpin"));
    m_connections->setRange(kMinimumConnections, kMaximumConnections);

    auto* form = new QFormLayout;
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Storage for waiting messages:"), sizeRow(m_storage));
    form->addRow(tr("&Daily traffic quota:"), sizeRow(m_daily));
    form->addRow(tr("&Monthly traffic quota:"), sizeRow(m_monthly));
    form->addRow(tr("Maximum &connections:"), m_connections);
    m_bandwidth = new QSpinBox(this);
    m_bandwidth->setObjectName(QStringLiteral("bandwidthSpin"));
    m_bandwidth->setRange(0, 1'000'000);
    m_bandwidth->setSingleStep(64);
    m_bandwidth->setSuffix(tr(" KB/s"));
    m_bandwidth->setSpecialValueText(tr("No limit"));
    m_bandwidth->setToolTip(tr("The most your relay may send, and separately receive, per "
                               "second. At least %1 KB/s.")
                                .arg(kMinimumBandwidthKb));
    form->addRow(tr("Band&width each way:"), m_bandwidth);
    m_pauseOnBattery = new QCheckBox(tr("Pause while the computer runs on &battery"), this);
    m_pauseOnBattery->setObjectName(QStringLiteral("pauseOnBattery"));
    m_pauseOnMetered = new QCheckBox(tr("Pause on a metered &network"), this);
    m_pauseOnMetered->setObjectName(QStringLiteral("pauseOnMetered"));
    for (QCheckBox* box : {m_pauseOnBattery, m_pauseOnMetered})
        box->setToolTip(
            tr("Only where the system tells Ferry; elsewhere the relay keeps running."));
    form->addRow(QString(), m_pauseOnBattery);
    form->addRow(QString(), m_pauseOnMetered);
    m_proxy = new QCheckBox(tr("Forward messages for &private routing"), this);
    m_proxy->setObjectName(QStringLiteral("proxyCheck"));
    m_proxy->setToolTip(tr("People who use your relay can send through it to their contacts' "
                           "relays, which then do not see their addresses. Your relay cannot "
                           "read what it forwards."));
    form->addRow(QString(), m_proxy);
    m_listed = new QCheckBox(tr("&List my relay in the relay directories"), this);
    m_listed->setObjectName(QStringLiteral("listInDirectoriesCheck"));
    m_listed->setToolTip(tr("Your relay registers with the relay directories in your settings, "
                            "which check that it works before they list it. Other people's "
                            "Ferry apps then find it and can put new conversations on it."));
    form->addRow(QString(), m_listed);

    auto* intro = wrappedLabel(tr("Your relay stays within these limits. At 90% of a traffic "
                                  "quota it takes no new queues; at 100% it pauses until the "
                                  "quota starts over the next day or month."),
                               this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(okCancelButtons(*this, tr("&Save"), QStringLiteral("saveLimitsButton")));
    setLimits(limits);
}

NodeLimitsDialog::SizeField NodeLimitsDialog::sizeField(const char* name, bool withNoLimit) {
    SizeField field;
    field.number = new QDoubleSpinBox(this);
    field.number->setObjectName(QLatin1String(name) + QLatin1String("Number"));
    field.number->setRange(0, kMaximumSizeNumber);
    field.number->setDecimals(1);
    field.unit = new QComboBox(this);
    field.unit->setObjectName(QLatin1String(name) + QLatin1String("Unit"));
    field.unit->addItem(tr("MB"), kMegabyte);
    field.unit->addItem(tr("GB"), kGigabyte);
    if (withNoLimit) {
        field.noLimit = new QCheckBox(tr("No limit"), this);
        field.noLimit->setObjectName(QLatin1String(name) + QLatin1String("NoLimit"));
        const SizeField copy = field;
        connect(field.noLimit, &QCheckBox::toggled, this, [copy](bool none) {
            copy.number->setEnabled(!none);
            copy.unit->setEnabled(!none);
        });
    }
    return field;
}

QWidget* NodeLimitsDialog::sizeRow(const SizeField& field) {
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field.number, 1);
    layout->addWidget(field.unit);
    if (field.noLimit)
        layout->addWidget(field.noLimit);
    // The label's accelerator focuses the row's number field.
    row->setFocusProxy(field.number);
    return row;
}

void NodeLimitsDialog::showSize(const SizeField& field, quint64 bytes) {
    if (field.noLimit) {
        field.noLimit->setChecked(bytes == 0);
        field.number->setEnabled(bytes != 0);
        field.unit->setEnabled(bytes != 0);
        if (bytes == 0)
            bytes = kGigabyte; // what the field offers when the box is unticked
    }
    // GB when one decimal of GB says exactly these bytes (so saving unchanged keeps them).
    const double tenthsOfGb = std::round(static_cast<double>(bytes) * 10 / kGigabyte);
    const bool gigabytes = bytes >= kGigabyte &&
                           std::llround(tenthsOfGb / 10 * kGigabyte) == static_cast<qint64>(bytes);
    field.unit->setCurrentIndex(gigabytes ? 1 : 0);
    field.number->setValue(static_cast<double>(bytes) / (gigabytes ? kGigabyte : kMegabyte));
}

quint64 NodeLimitsDialog::sizeOf(const SizeField& field) {
    if (field.noLimit && field.noLimit->isChecked())
        return 0;
    const double unit = field.unit->currentData().toDouble();
    return static_cast<quint64>(std::llround(field.number->value() * unit));
}

NodeLimits NodeLimitsDialog::limits() const {
    NodeLimits limits;
    limits.port = static_cast<quint16>(m_port->value());
    limits.storageCapBytes = sizeOf(m_storage);
    limits.dailyQuotaBytes = sizeOf(m_daily);
    limits.monthlyQuotaBytes = sizeOf(m_monthly);
    limits.maxConnections = static_cast<quint32>(m_connections->value());
    limits.bandwidthBytesPerSecond = static_cast<quint64>(m_bandwidth->value()) * 1024;
    limits.pauseOnBattery = m_pauseOnBattery->isChecked();
    limits.pauseOnMetered = m_pauseOnMetered->isChecked();
    limits.proxy = m_proxy->isChecked();
    limits.listInDirectories = m_listed->isChecked();
    return limits;
}

void NodeLimitsDialog::setLimits(const NodeLimits& limits) {
    m_port->setValue(limits.port);
    showSize(m_storage, limits.storageCapBytes);
    showSize(m_daily, limits.dailyQuotaBytes);
    showSize(m_monthly, limits.monthlyQuotaBytes);
    m_connections->setValue(static_cast<int>(
        std::min<quint32>(limits.maxConnections, static_cast<quint32>(kMaximumConnections))));
    m_bandwidth->setValue(
        static_cast<int>(std::min<quint64>(limits.bandwidthBytesPerSecond / 1024, 1'000'000)));
    m_pauseOnBattery->setChecked(limits.pauseOnBattery);
    m_pauseOnMetered->setChecked(limits.pauseOnMetered);
    m_proxy->setChecked(limits.proxy);
    m_listed->setChecked(limits.listInDirectories);
    m_error->hide();
}

QString NodeLimitsDialog::limitsProblem(const NodeLimits& limits) {
    if (limits.port < kMinimumPort)
        return tr("Choose a port from %1 to %2; the ports below %1 need administrator rights.")
            .arg(kMinimumPort)
            .arg(kMaximumPort);
    if (limits.storageCapBytes < kMinimumStorageBytes)
        return tr("Give your relay at least %1 of storage, or it cannot keep messages for "
                  "anyone.")
            .arg(formatBytes(kMinimumStorageBytes));
    if (limits.dailyQuotaBytes != 0 && limits.dailyQuotaBytes < kMinimumQuotaBytes)
        return tr("A daily quota under %1 would pause your relay within minutes. Choose more, "
                  "or no limit.")
            .arg(formatBytes(kMinimumQuotaBytes));
    if (limits.monthlyQuotaBytes != 0 && limits.monthlyQuotaBytes < kMinimumQuotaBytes)
        return tr("A monthly quota under %1 would pause your relay within minutes. Choose "
                  "more, or no limit.")
            .arg(formatBytes(kMinimumQuotaBytes));
    if (limits.dailyQuotaBytes != 0 && limits.monthlyQuotaBytes != 0 &&
        limits.monthlyQuotaBytes < limits.dailyQuotaBytes)
        return tr("The monthly quota is smaller than the daily quota. Raise the monthly quota "
                  "or lower the daily one.");
    if (limits.maxConnections < static_cast<quint32>(kMinimumConnections))
        return tr("Allow at least %1 connections, or hardly anyone can use your relay.")
            .arg(kMinimumConnections);
    if (limits.bandwidthBytesPerSecond != 0 &&
        limits.bandwidthBytesPerSecond < static_cast<quint64>(kMinimumBandwidthKb) * 1024)
        return tr("Allow at least %1 KB/s, or no limit: one message is 16 KB.")
            .arg(kMinimumBandwidthKb);
    return {};
}

void NodeLimitsDialog::accept() {
    const QString problem = limitsProblem(limits());
    if (!problem.isEmpty()) {
        m_error->setText(problem);
        m_error->show();
        return;
    }
    m_error->hide();
    QDialog::accept();
}

} // namespace ferry::ui
