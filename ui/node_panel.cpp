#include "ui/node_panel.h"

#include "ui/dialog_parts.h"
#include "ui/directory_list.h"
#include "ui/icons.h"
#include "ui/node_limits_dialog.h"
#include "ui/node_status_text.h"
#include "ui/qr_code_widget.h"
#include "ui/traffic_chart.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace ferry::ui {

namespace {

constexpr int kQrSide = 180;
constexpr int kCopiedFeedbackMs = 2000;
constexpr int kBarSteps = 1000;

QColor stateColour(NodeState state, const QPalette& palette) {
    switch (state) {
    case NodeState::Running:
        return QColor(0x2e, 0x9d, 0x48);
    case NodeState::Starting:
    case NodeState::Limited:
    case NodeState::Paused:
        return QColor(0xd4, 0x9a, 0x00);
    case NodeState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case NodeState::Stopped:
        break;
    }
    return palette.color(QPalette::PlaceholderText);
}

QLabel* valueLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

/// Shows `text`; a value that is not known (yet) is in the quieter placeholder colour.
void setValue(QLabel* label, const QString& text, bool known, const QString& details = {}) {
    label->setText(text);
    label->setToolTip(details);
    QPalette colours = label->parentWidget()->palette();
    if (!known)
        colours.setColor(QPalette::WindowText, colours.color(QPalette::PlaceholderText));
    label->setPalette(colours);
}

QProgressBar* usageBar(QWidget* parent, const char* name) {
    auto* bar = new QProgressBar(parent);
    bar->setObjectName(QLatin1String(name));
    bar->setRange(0, kBarSteps);
    bar->setTextVisible(false);
    bar->setMaximumHeight(bar->fontMetrics().height() / 2 + 2);
    return bar;
}

/// Fills `bar` to used/limit, amber from 90% and red at 100% like the soft and hard stops;
/// hidden when there is no limit.
void showUsage(QProgressBar* bar, quint64 used, quint64 limit) {
    bar->setVisible(limit > 0);
    if (limit == 0)
        return;
    const double share = std::min(1.0, static_cast<double>(used) / static_cast<double>(limit));
    bar->setValue(static_cast<int>(share * kBarSteps));
    QPalette colours = bar->parentWidget()->palette();
    if (share >= 1.0)
        colours.setColor(QPalette::Highlight, QColor(0xc6, 0x28, 0x28));
    else if (share >= 0.9)
        colours.setColor(QPalette::Highlight, QColor(0xd4, 0x9a, 0x00));
    bar->setPalette(colours);
}

QString percent(double share) {
    const int whole = qRound(std::clamp(share, 0.0, 1.0) * 100);
    return NodePanel::tr("%1%").arg(QLocale().toString(whole));
}

QGroupBox* section(const QString& title, QWidget* parent, const char* name) {
    auto* box = new QGroupBox(title, parent);
    box->setObjectName(QLatin1String(name));
    return box;
}

} // namespace

NodePanel::NodePanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("nodePanel"));
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("nodeScrollArea"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* content = new QWidget(scroll);
    auto* column = new QVBoxLayout(content);
    column->addWidget(buildStatus(content));
    column->addWidget(buildFigures(content));
    column->addWidget(buildTraffic(content));
    column->addWidget(buildAddress(content));
    column->addWidget(buildReachability(content));
    column->addWidget(buildDirectory(content));
    column->addStretch(1);
    scroll->setWidget(content);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    showSnapshot(NodeSnapshot{});
}

QWidget* NodePanel::buildStatus(QWidget* parent) {
    auto* box = new QWidget(parent);
    m_switch = new QCheckBox(tr("Contribute as &relay"), box);
    m_switch->setObjectName(QStringLiteral("contributeSwitch"));
    m_switch->setToolTip(tr("While this is on and Ferry is open, your computer carries "
                            "encrypted messages for other people. Nobody on it can read them."));
    QFont switchFont = m_switch->font();
    switchFont.setPointSizeF(switchFont.pointSizeF() * 1.2);
    switchFont.setBold(true);
    m_switch->setFont(switchFont);
    auto* limits = new QPushButton(tr("&Limits…"), box);
    limits->setObjectName(QStringLiteral("limitsButton"));
    limits->setToolTip(tr("Port, storage, traffic quotas and connections your relay may use"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_switch);
    top->addStretch(1);
    top->addWidget(limits);

    m_dot = new QLabel(QStringLiteral("●"), box);
    m_dot->setObjectName(QStringLiteral("nodeStatusDot"));
    m_statusLine = valueLabel(box, "nodeStatusLine");
    QFont large = m_statusLine->font();
    large.setPointSizeF(large.pointSizeF() * 1.3);
    m_dot->setFont(large);
    m_statusLine->setFont(large);
    m_dot->setAlignment(Qt::AlignTop);
    auto* line = new QHBoxLayout;
    line->addWidget(m_dot);
    line->addWidget(m_statusLine, 1);

    m_statusDetail = valueLabel(box, "nodeStatusDetail");
    m_retry = new QPushButton(tr("&Retry"), box);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    auto* retryRow = new QHBoxLayout;
    retryRow->addWidget(m_retry);
    retryRow->addStretch(1);

    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(line);
    layout->addWidget(m_statusDetail);
    layout->addLayout(retryRow);

    connect(m_switch, &QCheckBox::clicked, this, &NodePanel::enabledToggled);
    connect(m_retry, &QPushButton::clicked, this, &NodePanel::retryRequested);
    connect(limits, &QPushButton::clicked, this, &NodePanel::openLimits);
    return box;
}

QLabel* NodePanel::addValueRow(QFormLayout* form, const QString& label, const char* name) {
    QLabel* value = valueLabel(form->parentWidget(), name);
    form->addRow(label, value);
    return value;
}

QWidget* NodePanel::buildFigures(QWidget* parent) {
    QGroupBox* box = section(tr("Activity"), parent, "activityBox");
    auto* form = new QFormLayout(box);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_uptime = addValueRow(form, tr("Uptime:"), "uptimeValue");
    m_connections = addValueRow(form, tr("Connections now:"), "connectionsValue");
    m_queues = addValueRow(form, tr("Queues hosted:"), "queuesValue");
    m_messages = addValueRow(form, tr("Messages relayed:"), "messagesValue");
    m_helped = addValueRow(form, tr("People it helped in the last 24 hours:"), "helpedValue");
    m_proxied = addValueRow(form, tr("Forwarded privately:"), "proxiedValue");
    m_proxied->setToolTip(tr("Messages your relay forwarded to other relays for private "
                             "routing: their recipients' relays did not see the senders' "
                             "addresses."));
    m_storage = addValueRow(form, tr("Storage used:"), "storageValue");
    m_storageBar = usageBar(box, "storageBar");
    form->addRow(QString(), m_storageBar);
    m_trafficToday = addValueRow(form, tr("Traffic today:"), "trafficTodayValue");
    m_trafficTodayBar = usageBar(box, "trafficTodayBar");
    form->addRow(QString(), m_trafficTodayBar);
    m_trafficMonth = addValueRow(form, tr("Traffic this month:"), "trafficMonthValue");
    m_trafficMonthBar = usageBar(box, "trafficMonthBar");
    form->addRow(QString(), m_trafficMonthBar);
    m_helped->setToolTip(tr("How many queues received messages through your relay in the last "
                            "24 hours: about one per person."));
    return box;
}

QWidget* NodePanel::buildTraffic(QWidget* parent) {
    QGroupBox* box = section(tr("Traffic"), parent, "trafficBox");
    m_rangeButtons = new QButtonGroup(box);
    auto* buttons = new QHBoxLayout;
    const struct {
        TrafficRange range;
        QString text;
        const char* name;
    } ranges[] = {
        {TrafficRange::LastHour, tr("Last &hour"), "rangeHourButton"},
        {TrafficRange::LastDay, tr("Last &day"), "rangeDayButton"},
        {TrafficRange::LastMonth, tr("Last mon&th"), "rangeMonthButton"},
    };
    for (const auto& range : ranges) {
        auto* button = new QPushButton(range.text, box);
        button->setObjectName(QLatin1String(range.name));
        button->setCheckable(true);
        button->setChecked(range.range == m_range);
        m_rangeButtons->addButton(button, static_cast<int>(range.range));
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    m_chart = new TrafficChart(box);

    auto* layout = new QVBoxLayout(box);
    layout->addLayout(buttons);
    layout->addWidget(m_chart, 1);
    connect(m_rangeButtons, &QButtonGroup::idClicked, this,
            [this](int id) { chooseRange(static_cast<TrafficRange>(id)); });
    return box;
}

QWidget* NodePanel::buildAddress(QWidget* parent) {
    QGroupBox* box = section(tr("Your relay's address"), parent, "addressBox");
    m_noAddress = wrappedLabel(tr("Your relay gets its address the first time it runs. Turn on "
                                  "“Contribute as relay” to get one."),
                               box);
    m_noAddress->setObjectName(QStringLiteral("noAddressLabel"));

    m_addressBox = new QWidget(box);
    m_qr = new QrCodeWidget(m_addressBox);
    m_qr->setObjectName(QStringLiteral("nodeAddressQr"));
    m_qr->setFixedSize(kQrSide, kQrSide);
    m_address = new QLineEdit(m_addressBox);
    m_address->setObjectName(QStringLiteral("nodeAddressField"));
    m_address->setReadOnly(true);
    m_address->setAccessibleName(tr("Relay address"));
    m_copy = new QPushButton(icon(Icon::Copy), tr("&Copy address"), m_addressBox);
    m_copy->setObjectName(QStringLiteral("copyAddressButton"));
    auto* hint = wrappedLabel(tr("Share this address: people who add it to their relays can "
                                 "receive messages through your relay."),
                              m_addressBox);
    auto* copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copy);
    copyRow->addStretch(1);
    auto* side = new QVBoxLayout;
    side->addWidget(hint);
    side->addWidget(m_address);
    side->addLayout(copyRow);
    side->addStretch(1);
    auto* row = new QHBoxLayout(m_addressBox);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_qr, 0, Qt::AlignTop);
    row->addLayout(side, 1);

    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_noAddress);
    layout->addWidget(m_addressBox);
    connect(m_copy, &QPushButton::clicked, this, &NodePanel::copyAddress);
    return box;
}

QWidget* NodePanel::buildReachability(QWidget* parent) {
    QGroupBox* box = section(tr("Reachability"), parent, "reachabilityBox");
    auto* form = new QFormLayout(box);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_natExternal = addValueRow(form, tr("External address:"), "natExternalValue");
    m_natMapping = addValueRow(form, tr("Port mapping:"), "natMappingValue");
    m_natReachable = addValueRow(form, tr("Reachable from the internet:"), "natReachableValue");
    m_tunnel = addValueRow(form, tr("Tunnel:"), "tunnelValue");
    m_recheck = new QPushButton(tr("Check again"), box);
    m_recheck->setObjectName(QStringLiteral("recheckButton"));
    m_recheck->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_recheck->setToolTip(tr("Ask another relay to dial your relay back now"));
    form->addRow(QString(), m_recheck);
    connect(m_recheck, &QPushButton::clicked, this, &NodePanel::recheckRequested);
    return box;
}

QWidget* NodePanel::buildDirectory(QWidget* parent) {
    QGroupBox* box = section(tr("Relay directory"), parent, "directoryBox");
    m_directoryNone = valueLabel(box, "directoryNoneLabel");
    m_directoryForm = new QFormLayout;
    m_directoryForm->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(m_directoryNone);
    layout->addLayout(m_directoryForm);
    return box;
}

void NodePanel::showDirectories(const NodeSnapshot& s) {
    const QString absent = directoryAbsenceText(s);
    setValue(m_directoryNone, absent, false);
    m_directoryNone->setVisible(!absent.isEmpty());
    QStringList shown;
    for (const NodeDirectory& d : s.directories)
        shown << d.directory;
    if (shown != m_directoryRows) {
        // Another set of directories: one row each, in the order of the settings.
        while (m_directoryForm->rowCount() > 0)
            m_directoryForm->removeRow(0);
        for (const QString& address : shown) {
            QLabel* value = valueLabel(m_directoryForm->parentWidget(), "directoryStanding");
            value->setProperty("directory", address);
            m_directoryForm->addRow(tr("%1:").arg(directoryHost(address)), value);
        }
        m_directoryRows = shown;
    }
    const QDateTime now = QDateTime::currentDateTime();
    for (int row = 0; row < s.directories.size(); ++row) {
        const NodeDirectory& d = s.directories[row];
        auto* value =
            qobject_cast<QLabel*>(m_directoryForm->itemAt(row, QFormLayout::FieldRole)->widget());
        setValue(value,
                 directoryStandingText(d) + QLatin1Char('\n') + heartbeatText(d.lastHeartbeat, now),
                 d.phase == NodeDirectory::Phase::Registered, d.directory);
    }
}

void NodePanel::showSnapshot(const NodeSnapshot& snapshot) {
    m_limits = snapshot.limits;
    showStatus(snapshot);
    showFigures(snapshot);
    showAddress(snapshot.address);
    showReachability(snapshot);
    showDirectories(snapshot);
}

void NodePanel::showReachability(const NodeSnapshot& s) {
    using core::nat::MappingState;
    using core::nat::NatClass;
    const NodeNat& nat = s.nat;
    const bool listening = s.state == NodeState::Running || s.state == NodeState::Limited;

    if (nat.mapped())
        setValue(m_natExternal,
                 QStringLiteral("%1:%2").arg(nat.externalAddress).arg(nat.externalPort), true);
    else if (nat.classification == NatClass::Public)
        setValue(m_natExternal, tr("This computer's own address: it has a public one"), true,
                 nat.classificationReason);
    else if (!s.reach.observedAddress.isEmpty())
        setValue(m_natExternal,
                 tr("%1, as another relay saw this computer").arg(s.reach.observedAddress), true);
    else if (nat.classification == NatClass::DoubleNat)
        setValue(m_natExternal, tr("Not known: another NAT in front of your router hides it"),
                 false, nat.classificationReason);
    else
        setValue(m_natExternal,
                 listening ? tr("Not known yet: your router has not told Ferry")
                           : tr("Not known yet: Ferry asks your router while your relay runs"),
                 false);

    switch (nat.state) {
    case MappingState::Mapped: {
        const QString lease = nat.permanent
                                  ? tr("no lease: Ferry deletes it when your relay stops")
                                  : tr("lease %1 left").arg(formatDuration(nat.leaseSecondsLeft));
        setValue(m_natMapping,
                 tr("Your router forwards port %1 to this computer (%2) · %3")
                     .arg(nat.externalPort)
                     .arg(natMethodName(nat.method), lease),
                 true, nat.reason);
        break;
    }
    case MappingState::Mapping:
        setValue(m_natMapping, tr("Asking your router to forward port %1…").arg(s.limits.port),
                 false, nat.reason);
        break;
    case MappingState::Unmapping:
        setValue(m_natMapping, tr("Deleting the mapping on your router…"), false, nat.reason);
        break;
    case MappingState::Error:
        if (nat.classification == NatClass::DoubleNat)
            setValue(m_natMapping,
                     tr("Not possible: your router is itself behind another NAT (double NAT or "
                        "carrier-grade NAT)"),
                     true, nat.reason);
        else if (nat.classification == NatClass::NoMappingSupport)
            setValue(m_natMapping,
                     tr("Failed: no router answered UPnP or NAT-PMP, or it refused. Ferry tries "
                        "again in a few minutes."),
                     true, nat.reason);
        else
            setValue(m_natMapping,
                     tr("Failed: the router stopped forwarding the port. Ferry tries again in a "
                        "few minutes."),
                     true, nat.reason);
        break;
    case MappingState::Unmapped:
        if (nat.classification == NatClass::Public)
            setValue(m_natMapping, tr("Not needed: this computer has a public address"), true,
                     nat.reason);
        else
            setValue(m_natMapping,
                     tr("Not tried yet: Ferry asks your router while your relay runs"), false);
        break;
    }

    showVerdict(s);
    showTunnel(s);
    m_recheck->setVisible(listening && s.reach.route != core::node::NodeRoute::None);
    m_recheck->setEnabled(s.reach.verdict != core::node::ReachabilityVerdict::Checking);
}

void NodePanel::showVerdict(const NodeSnapshot& s) {
    using core::nat::NatClass;
    using core::node::ReachabilityVerdict;
    const NodeReach& r = s.reach;
    const QString when =
        QLocale().toString(QDateTime::fromSecsSinceEpoch(r.checkedAt).time(), QLocale::ShortFormat);
    switch (r.verdict) {
    case ReachabilityVerdict::Reachable:
        if (r.reachableNow && !r.internetAddress)
            setValue(m_natReachable,
                     tr("Only on this network: %1 reached it at %2, a local address, at %3")
                         .arg(r.checker, r.publishedHost, when),
                     true, tr("It saw this computer as %1.").arg(r.observedAddress));
        else if (r.reachableNow)
            setValue(m_natReachable,
                     tr("Yes: %1 reached it from outside at %2").arg(r.checker, when), true,
                     tr("It saw this computer as %1.").arg(r.observedAddress));
        else
            setValue(m_natReachable,
                     tr("Not verified lately: the last check, at %1, got through").arg(when),
                     false);
        return;
    case ReachabilityVerdict::Unreachable:
        setValue(m_natReachable,
                 tr("No: %1 could not reach it (checked at %2)").arg(r.checker, when), true,
                 r.detail);
        return;
    case ReachabilityVerdict::Checking:
        setValue(m_natReachable, tr("Checking: another relay is dialling it back…"), false);
        return;
    case ReachabilityVerdict::Unverified:
        break;
    }
    QString kind;
    switch (s.nat.classification) {
    case NatClass::Mapped:
        kind = tr("the router forwards a port to this computer");
        break;
    case NatClass::Public:
        kind = tr("this computer has a public address");
        break;
    case NatClass::DoubleNat:
        kind = tr("probably only on your local network: double NAT or carrier-grade NAT is in "
                  "the way");
        break;
    case NatClass::NoMappingSupport:
        kind = tr("probably only on your local network: the router does not support port "
                  "mapping");
        break;
    case NatClass::Unknown:
        kind = r.route == core::node::NodeRoute::None ? tr("Ferry has not asked your router yet")
                                                      : tr("no relay has dialled it back yet");
        break;
    }
    setValue(m_natReachable,
             tr("Not verified yet: %1. A Ferry relay in your relay list can check it.").arg(kind),
             false, r.detail.isEmpty() ? s.nat.classificationReason : r.detail);
}

void NodePanel::showTunnel(const NodeSnapshot& s) {
    using core::node::TunnelState;
    const NodeReach& r = s.reach;
    if (!r.tunnelUsed) {
        setValue(m_tunnel, tr("Not needed so far"), false);
        return;
    }
    switch (r.tunnelState) {
    case TunnelState::Open:
        setValue(m_tunnel,
                 tr("Open: clients reach your relay through %1, port %2")
                     .arg(r.tunnelRelay)
                     .arg(r.tunnelPort),
                 true);
        break;
    case TunnelState::Connecting:
        setValue(m_tunnel, tr("Opening a tunnel through one of your relays…"), false,
                 r.tunnelReason);
        break;
    case TunnelState::Refused:
        setValue(m_tunnel,
                 tr("Refused: your relay does not carry a tunnel for this one. Ferry asks again "
                    "in a few minutes."),
                 true, r.tunnelReason);
        break;
    case TunnelState::Retrying:
        setValue(m_tunnel, tr("Interrupted: Ferry reconnects in a moment"), false, r.tunnelReason);
        break;
    case TunnelState::Stopped:
        setValue(m_tunnel, tr("Closed"), false, r.tunnelReason);
        break;
    }
}

void NodePanel::showStatus(const NodeSnapshot& snapshot) {
    m_switch->setChecked(snapshot.state != NodeState::Stopped);
    QPalette dot = m_dot->palette();
    dot.setColor(QPalette::WindowText, stateColour(snapshot.state, palette()));
    m_dot->setPalette(dot);
    m_statusLine->setText(nodeStatusLine(snapshot));
    m_statusLine->setAccessibleName(m_statusLine->text());

    QString detail;
    switch (snapshot.state) {
    case NodeState::Stopped:
        detail = tr("Turn on “Contribute as relay” to carry encrypted messages for other "
                    "people while Ferry is open.");
        break;
    case NodeState::Starting:
        break;
    case NodeState::Running:
        detail = tr("Share the address below so that others can use your relay.");
        break;
    case NodeState::Limited:
        detail = tr("It keeps delivering messages to the queues it already hosts.");
        break;
    case NodeState::Paused:
        detail = tr("It starts again by itself when the quota starts over. You can raise the "
                    "quota under Limits.");
        break;
    case NodeState::Failed:
        detail = tr("Try again, or change the port under Limits if another program uses it.");
        break;
    }
    m_statusDetail->setText(detail);
    m_statusDetail->setVisible(!detail.isEmpty());
    m_retry->setVisible(snapshot.state == NodeState::Failed);
}

void NodePanel::showFigures(const NodeSnapshot& s) {
    const bool listening = s.state == NodeState::Starting || s.state == NodeState::Running ||
                           s.state == NodeState::Limited;
    const QString session = listening || s.sessionUptimeSeconds > 0
                                ? tr("%1 this session").arg(formatDuration(s.sessionUptimeSeconds))
                                : tr("not running now");
    m_uptime->setText(tr("%1 · %2 of the last 7 days · %3 of the last 30 days")
                          .arg(session, percent(s.uptimeShare7Days), percent(s.uptimeShare30Days)));
    m_connections->setText(s.limits.maxConnections > 0
                               ? tr("%L1 of at most %L2")
                                     .arg(s.connectionsNow)
                                     .arg(static_cast<quint64>(s.limits.maxConnections))
                               : QLocale().toString(s.connectionsNow));
    m_queues->setText(QLocale().toString(s.queuesHosted));
    m_messages->setText(tr("%L1 this session · %L2 today · %L3 all time")
                            .arg(s.messagesSession)
                            .arg(s.messagesToday)
                            .arg(s.messagesAllTime));
    m_helped->setText(QLocale().toString(s.peopleHelped24h));
    m_proxied->setText(s.limits.proxy ? tr("%L1 this session").arg(s.proxiedSession)
                                      : tr("off (Limits)"));

    auto against = [](quint64 used, quint64 limit) {
        return limit > 0 ? tr("%1 of %2").arg(formatBytes(used), formatBytes(limit))
                         : tr("%1, no limit").arg(formatBytes(used));
    };
    m_storage->setText(against(s.storageUsedBytes, s.limits.storageCapBytes));
    showUsage(m_storageBar, s.storageUsedBytes, s.limits.storageCapBytes);
    m_trafficToday->setText(against(s.trafficTodayBytes, s.limits.dailyQuotaBytes));
    showUsage(m_trafficTodayBar, s.trafficTodayBytes, s.limits.dailyQuotaBytes);
    m_trafficMonth->setText(against(s.trafficMonthBytes, s.limits.monthlyQuotaBytes));
    showUsage(m_trafficMonthBar, s.trafficMonthBytes, s.limits.monthlyQuotaBytes);
}

void NodePanel::showAddress(const QString& address) {
    m_noAddress->setVisible(address.isEmpty());
    m_addressBox->setVisible(!address.isEmpty());
    m_qr->setText(address);
    if (m_address->text() != address) {
        m_address->setText(address);
        m_address->setCursorPosition(0);
    }
}

void NodePanel::setTraffic(TrafficRange range, const QList<TrafficPoint>& points) {
    if (range != m_range)
        return;
    m_chart->setPoints(range, points);
}

void NodePanel::chooseRange(TrafficRange range) {
    if (range == m_range)
        return;
    m_range = range;
    emit rangeChanged(range);
}

void NodePanel::openLimits() {
    if (m_limitsDialog) {
        m_limitsDialog->raise();
        m_limitsDialog->activateWindow();
        return;
    }
    auto* dialog = new NodeLimitsDialog(m_limits, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const NodeLimits limits = dialog->limits();
        if (!(limits == m_limits))
            emit limitsChanged(limits);
    });
    m_limitsDialog = dialog;
    dialog->open();
}

void NodePanel::copyAddress() {
    if (m_address->text().isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_address->text());
    m_copy->setText(tr("Copied ✓"));
    QTimer::singleShot(kCopiedFeedbackMs, this, [this] { m_copy->setText(tr("&Copy address")); });
}

} // namespace ferry::ui
