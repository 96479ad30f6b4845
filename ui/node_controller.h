#pragma once

#include "directory/relay_choice.h"
#include "ui/node_traffic.h"
#include "ui/node_types.h"
#include "ui/relay_host.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

namespace ferry::core {
class Clock;
namespace agent {
struct NodeHistory;
}
namespace nat {
class PortMapper;
}
namespace node {
class NodeReachability;
}
} // namespace ferry::core

namespace ferry::ui {

class EngineAdapter;
class PowerMonitor;
class Preferences;

/// "Contribute as relay": switches the in-app relay on and off, keeps its activity (daily
/// totals and per-minute traffic in the profile database), enforces the traffic quotas
/// (no new queues at 90%, paused at 100% until the period resets) and produces what the
/// Node panel shows.
///
/// It reads the relay's counters on a timer: once a minute normally, once a second while
/// the panel is on screen (setLiveView). Nothing else wakes up while the relay is idle.
///
/// While the relay runs it registers with the profile's relay directories (unless the user
/// switched that off under Limits) as soon as NodeReachability has an address others can
/// reach (mapped, tunnelled, or proven by a dial-back), and the snapshot carries where it
/// stands with each.
///
/// While the relay listens, NodeReachability makes it reachable and proves it: a port mapper
/// (when one is given) keeps its port mapped on the home router, one of the profile's relays
/// dials the published address back (every 30 minutes), and when the router cannot help or
/// the check fails, the first of those relays that runs the tunnel service carries a reverse
/// tunnel. The mapping is deleted and the tunnel closed when the relay stops or pauses.
class NodeController : public QObject {
    Q_OBJECT

public:
    /// Makes a port mapper that reports to `listener` (on the mapper's own thread). A mapper
    /// runs once, so each start of the relay gets a new one.
    using PortMapperFactory = std::function<std::unique_ptr<core::nat::PortMapper>(
        std::function<void(const core::nat::PortMappingStatus&)> listener)>;

    /// `power` (optional) tells about battery and metered networks for the pause options;
    /// `mappers` (optional) makes the port mappers that map the relay's port on the router.
    NodeController(RelayHost& host, EngineAdapter& engine, Preferences& preferences,
                   const core::Clock& clock, PowerMonitor* power = nullptr,
                   PortMapperFactory mappers = {}, QObject* parent = nullptr);
    ~NodeController() override;

    bool enabled() const { return m_enabled; }
    NodeSnapshot snapshot() const;
    QList<TrafficPoint> traffic(TrafficRange range) const;
    /// Sample every second while true (the panel is visible), every minute otherwise.
    void setLiveView(bool live);

public slots:
    void setEnabled(bool on);
    void retry();
    /// Has the published address checked from outside again now.
    void recheckReachability();
    void setLimits(const ferry::ui::NodeLimits& limits);
    /// Reads the relay's counters now, records them and applies the quotas (the timer calls
    /// it; so can tests, with an injected clock).
    void sample();

signals:
    /// The snapshot or the traffic changed.
    void changed();

private:
    void loadRelays();
    void loadDirectories();
    /// Hands the relay the directories to register with (none when listing is off).
    void applyDirectories();
    void onHistoryLoaded(const core::agent::NodeHistory& history);
    void onRelaysLoaded(const QStringList& relays);
    /// Asks the directories for relays that check nodes and carry tunnels.
    void loadNodeHelpers();
    void onNodeHelpersLoaded(const core::directory::NodeHelpers& helpers);
    /// New checkers or tunnel candidates: reachability starts over with them.
    void restartReachability();
    void startRelay();
    void onStarted(const QString& error);
    void stopRelay(NodeState state, const QString& reason);
    void startReachability();
    /// Deletes the mapping and closes the tunnel on the mapper thread (it waits for the
    /// router); the next start happens only after that.
    void stopReachability();
    /// The profile's relays, then `fromDirectories`, other than this node itself: the
    /// checkers or the tunnel candidates.
    std::vector<std::string> helperRelays(const std::vector<std::string>& fromDirectories) const;
    void applyQuotas();
    /// Why the relay should pause for the battery or a metered network (empty: it need not).
    QString powerPause(const NodeLimits& limits) const;
    /// Reads the counters and adds what changed to the totals.
    void takeSample(qint64 now);
    /// Writes the activity not written yet to the database.
    void flush();
    /// Hands `activity` to the database when there is any.
    void record(const std::optional<core::store::NodeActivity>& activity);
    void setState(NodeState state, const QString& reason = {});

    RelayHost& m_host;
    EngineAdapter& m_engine;
    Preferences& m_preferences;
    const core::Clock& m_clock;
    PowerMonitor* m_power = nullptr;
    PortMapperFactory m_mappers;
    QThreadPool m_starter; ///< start() touches files and binds: off the UI thread
    /// Starts and stops the port mappers one after another, so that a stop that waits for
    /// the router delays neither the UI nor the relay, and an old mapping is deleted before
    /// a new one is made.
    QThreadPool m_mapperQueue;
    std::shared_ptr<core::node::NodeReachability> m_reachability; ///< while the relay listens
    quint64 m_mapperGeneration = 0; ///< reports of mappers stopped since are ignored
    QStringList m_relays;           ///< the profile's relays, as last loaded
    QStringList m_directories;      ///< the profile's relay directories, as last loaded
    /// Checkers and tunnel relays the directories listed, as last loaded.
    core::directory::NodeHelpers m_directoryHelpers;
    qint64 m_helpersAskedAt = 0; ///< when the directories were last asked for them
    QTimer m_sampleTimer;
    bool m_enabled = false;
    bool m_historyLoaded = false;
    bool m_starting = false;
    NodeState m_state = NodeState::Stopped;
    QString m_reason;
    qint64 m_sessionStartedAt = 0;
    RelayHost::Stats m_last;       ///< the counters at the last sample (reset per start)
    std::shared_ptr<bool> m_alive; ///< guards results that arrive after destruction
    /// The last month's days and the last day's minutes, and what is not written yet.
    NodeTraffic m_traffic;
};

} // namespace ferry::ui
