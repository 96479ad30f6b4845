#include "ui/relay_list_model.h"

#include "smp/server_address.h"
#include "ui/engine_adapter.h"

#include <QColor>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace ferry::ui {

namespace {

constexpr int kNoConnection = -1;

/// A filled dot in the state's colour; the text says the same for those who cannot see it.
QIcon stateIcon(int state) {
    QColor color(0x9e, 0x9e, 0x9e); // not in use, stopped
    switch (state) {
    case static_cast<int>(RelayState::Connected):
        color = QColor(0x2e, 0x9d, 0x4a);
        break;
    case static_cast<int>(RelayState::Connecting):
        color = QColor(0xe0, 0xa1, 0x1b);
        break;
    case static_cast<int>(RelayState::Disconnected):
    case static_cast<int>(RelayState::Failed):
        color = QColor(0xd0, 0x3b, 0x3b);
        break;
    default:
        break;
    }
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(3, 3, 10, 10));
    return QIcon(pixmap);
}

} // namespace

RelayListModel::RelayListModel(QObject* parent) : QAbstractListModel(parent) {}

void RelayListModel::attach(EngineAdapter& adapter) {
    m_adapter = &adapter;
    connect(&adapter, &EngineAdapter::relayStateChanged, this,
            &RelayListModel::onRelayStateChanged);
    connect(&adapter, &EngineAdapter::relayAdded, this, &RelayListModel::reload);
    connect(&adapter, &EngineAdapter::relayRemoved, this, &RelayListModel::reload);
    reload();
}

void RelayListModel::reload() {
    if (m_adapter)
        m_adapter->loadRelays(
            this, [this](const QStringList& addresses) { onRelaysLoaded(addresses); }, {});
}

int RelayListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_addresses.size());
}

QVariant RelayListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString& address = m_addresses.at(index.row());
    const auto connection = m_connections.constFind(address);
    const bool connected = connection != m_connections.constEnd();
    const int state = connected ? static_cast<int>(connection->state) : kNoConnection;
    const auto test = m_tests.constFind(address);
    const bool tested = test != m_tests.constEnd();
    switch (role) {
    case Qt::DisplayRole: {
        QString text = shortHost(address) + QLatin1Char('\n') + stateText(address);
        const QString result = testText(address);
        if (!result.isEmpty())
            text += QStringLiteral(" · ") + result;
        return text;
    }
    case Qt::ToolTipRole: {
        QString tip = address;
        if (connected && !connection->reason.isEmpty())
            tip += QLatin1Char('\n') + connection->reason;
        return tip;
    }
    case Qt::DecorationRole:
        return stateIcon(state);
    case AddressRole:
        return address;
    case HostRole:
        return shortHost(address);
    case StateRole:
        return state;
    case StateTextRole:
        return stateText(address);
    case StateReasonRole:
        return connected ? connection->reason : QString();
    case TestingRole:
        return m_testing.contains(address);
    case TestedRole:
        return tested;
    case TestOkRole:
        return tested && test->ok;
    case TestResultRole:
        return testText(address);
    default:
        return {};
    }
}

QHash<int, QByteArray> RelayListModel::roleNames() const {
    return {{AddressRole, "address"},
            {HostRole, "host"},
            {StateRole, "state"},
            {StateTextRole, "stateText"},
            {StateReasonRole, "stateReason"},
            {TestingRole, "testing"},
            {TestedRole, "tested"},
            {TestOkRole, "testOk"},
            {TestResultRole, "testResult"}};
}

int RelayListModel::rowOf(const QString& address) const {
    return static_cast<int>(m_addresses.indexOf(canonical(address)));
}

QString RelayListModel::addressAt(int row) const {
    return row >= 0 && row < m_addresses.size() ? m_addresses.at(row) : QString();
}

void RelayListModel::test(const QString& address) {
    if (!m_adapter)
        return;
    const QString key = canonical(address);
    ++m_testing[key];
    changed(key);
    emit testingChanged();
    m_adapter->testRelay(key, this,
                         [this, key](bool ok, qint64 milliseconds, const QString& problem) {
                             onRelayTested(key, ok, milliseconds, problem);
                         });
}

QString RelayListModel::canonical(const QString& address) {
    const std::string text = address.trimmed().toStdString();
    auto parsed = core::smp::parseServerAddress(text);
    if (!parsed)
        return address.trimmed();
    return QString::fromStdString(core::smp::formatServerAddress(*parsed));
}

QString RelayListModel::shortHost(const QString& address) {
    auto parsed = core::smp::parseServerAddress(address.toStdString());
    if (!parsed)
        return address;
    QStringList hosts;
    for (const auto& host : parsed->hosts) {
        QString text = QString::fromStdString(host.uriText());
        if (parsed->port)
            text += QLatin1Char(':') + QString::number(*parsed->port);
        hosts << text;
    }
    return hosts.join(QStringLiteral(", "));
}

void RelayListModel::onRelaysLoaded(const QStringList& addresses) {
    QStringList list;
    for (const QString& address : addresses)
        list << canonical(address);
    if (list == m_addresses)
        return;
    beginResetModel();
    m_addresses = list;
    endResetModel();
}

void RelayListModel::onRelayStateChanged(const QString& relay, RelayState state,
                                         const QString& reason) {
    const QString key = canonical(relay);
    m_connections.insert(key, Connection{state, reason});
    changed(key);
}

void RelayListModel::onRelayTested(const QString& address, bool ok, qint64 milliseconds,
                                   const QString& problem) {
    const QString key = canonical(address);
    auto running = m_testing.find(key);
    if (running != m_testing.end() && --running.value() <= 0)
        m_testing.erase(running);
    m_tests.insert(key, TestResult{ok, milliseconds, problem});
    changed(key);
    emit testingChanged();
}

QString RelayListModel::stateText(const QString& address) const {
    const auto connection = m_connections.constFind(address);
    if (connection == m_connections.constEnd())
        return tr("Not in use yet");
    switch (connection->state) {
    case RelayState::Connecting:
        return tr("Connecting…");
    case RelayState::Connected:
        return tr("Connected");
    case RelayState::Disconnected:
        return tr("Disconnected, trying again");
    case RelayState::Failed:
        return tr("Refused: the relay is not the one this address names");
    case RelayState::Stopped:
        return tr("Not connected");
    }
    return {};
}

QString RelayListModel::testText(const QString& address) const {
    if (m_testing.contains(address))
        return tr("Testing…");
    const auto test = m_tests.constFind(address);
    if (test == m_tests.constEnd())
        return {};
    if (test->ok)
        return tr("Answered in %n ms", nullptr, static_cast<int>(test->milliseconds));
    return test->problem.isEmpty() ? tr("No answer") : tr("No answer: %1").arg(test->problem);
}

void RelayListModel::changed(const QString& address) {
    const int row = static_cast<int>(m_addresses.indexOf(address));
    if (row < 0)
        return;
    const QModelIndex at = index(row);
    emit dataChanged(at, at);
}

} // namespace ferry::ui
