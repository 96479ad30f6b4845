#pragma once

#include "ui/engine_items.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QStringList>

namespace ferry::ui {

class EngineAdapter;

/// The profile's relays with their live connection state and the last connection test;
/// fed by the EngineAdapter (relaysLoaded, relayStateChanged, relayTested) and reloaded when a
/// relay is added or removed. Rows are keyed by the canonical address.
class RelayListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        AddressRole = Qt::UserRole + 1, ///< the full smp:// address (canonical)
        HostRole,                       ///< host[:port], what a list shows
        StateRole,       ///< RelayState as int, or -1 while the profile has no connection to it
        StateTextRole,   ///< "Connected", "Not in use yet", ...
        StateReasonRole, ///< why the connection is down, when it is
        TestingRole,     ///< a connection test is running
        TestedRole,      ///< a test has finished (TestOkRole and TestResultRole are valid)
        TestOkRole,
        TestResultRole, ///< "Answered in 12 ms", the problem, "Testing…" or ""
    };

    explicit RelayListModel(QObject* parent = nullptr);

    /// Follows the adapter's signals from now on and asks it for the relay list.
    void attach(EngineAdapter& adapter);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Row of the relay (any spelling of its address), or -1.
    int rowOf(const QString& address) const;
    QString addressAt(int row) const;
    QStringList addresses() const { return m_addresses; }

    /// Starts a connection test of the relay through the adapter; relayTested ends it.
    void test(const QString& address);
    /// Whether any connection test is still running.
    bool testing() const { return !m_testing.isEmpty(); }

    /// The canonical form of a relay address (the one the engine stores), or `address` itself
    /// when it does not parse.
    static QString canonical(const QString& address);
    /// host[:port] of an address, several hosts joined by ", ".
    static QString shortHost(const QString& address);

public slots:
    void reload();
    void onRelaysLoaded(const QStringList& addresses);
    void onRelayStateChanged(const QString& relay, ferry::ui::RelayState state,
                             const QString& reason);
    void onRelayTested(const QString& address, bool ok, qint64 milliseconds,
                       const QString& problem);

signals:
    /// A test started or finished; testing() says whether any is still running.
    void testingChanged();

private:
    struct Connection {
        RelayState state = RelayState::Connecting;
        QString reason;
    };
    struct TestResult {
        bool ok = false;
        qint64 milliseconds = 0;
        QString problem;
    };

    QString stateText(const QString& address) const;
    QString testText(const QString& address) const;
    void changed(const QString& address);

    QPointer<EngineAdapter> m_adapter;
    QStringList m_addresses;                  ///< canonical, in the engine's order
    QHash<QString, Connection> m_connections; ///< only relays the profile has connected to
    QHash<QString, TestResult> m_tests;       ///< the last finished test per relay
    QHash<QString, int> m_testing;            ///< running tests per relay
};

} // namespace ferry::ui
