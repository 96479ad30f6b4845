#pragma once

#include "relay/relay_server.h"
#include "ui/relay_host.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <mutex>

namespace ferry::core {
class Clock;
namespace agent {
class Agent;
}
} // namespace ferry::core

namespace ferry::app {

class DirectoryRegistration;

/// The relay inside the desktop app: ferry_relay on its own threads, its data folder inside
/// the profile folder (`relay/`), its certificates made on first use. The offline CA key
/// never touches the relay folder: it goes straight into the profile's encrypted database.
/// While it runs it keeps itself registered with the relay directories it is given
/// (DirectoryRegistration), under the address it is published at, from the first one on.
class InAppRelay : public ui::RelayHost {
public:
    struct Options {
        QString dataDir;                                      ///< usually <profile>/relay
        QString advertisedHost = QStringLiteral("localhost"); ///< the host in its address
        QString listenAddress = QStringLiteral("0.0.0.0");
    };

    /// `agent` keeps the offline key; start() waits for it to be stored (the
    /// NodeController calls off the UI thread).
    InAppRelay(Options options, core::agent::Agent& agent, const core::Clock& clock);
    ~InAppRelay() override;

    QString start(const ui::NodeLimits& limits) override;
    void stop() override;
    bool running() const override;
    QString address() const override;
    Stats stats() const override;
    void setAcceptingNewQueues(bool accepting) override;
    void setBandwidthLimit(quint64 bytesPerSecond) override;

    quint16 port() const override;
    std::vector<core::Bytes> certificateChain() const override;
    core::Result<core::Bytes> signWithOnlineKey(core::ByteView message) const override;

    void setDirectories(const QStringList& directories) override;
    void setPublishedAddress(const QString& address) override;
    QList<ui::NodeDirectory> directoryStandings() const override;
    void setDirectoryListener(std::function<void()> listener) override;

    /// The bandwidth cap in force while running (0: none, or not running).
    quint64 bandwidthLimit() const;

private:
    QString createOnFirstUse(const ui::NodeLimits& limits);
    /// A registration with m_directories for the running server (none without directories).
    /// Called with m_mutex held.
    std::unique_ptr<DirectoryRegistration> registerLocked();
    void notifyDirectories();

    Options m_options;
    core::agent::Agent& m_agent;
    const core::Clock& m_clock;
    mutable std::mutex m_mutex; ///< start() runs on a worker; the rest on the UI thread
    std::unique_ptr<relay::RelayServer> m_server;
    relay::RelayConfig m_config; ///< the running server's
    QString m_address;
    bool m_accepting = true;
    QStringList m_directories;
    QString m_published; ///< empty: none yet (no registration until there is one)
    /// Destroyed outside m_mutex: its thread may be calling the listener meanwhile.
    std::unique_ptr<DirectoryRegistration> m_registration;
    std::mutex m_listenerMutex; ///< taken alone, never with m_mutex held by the caller's path
    std::function<void()> m_listener;
};

} // namespace ferry::app
