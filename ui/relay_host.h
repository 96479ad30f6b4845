#pragma once

#include "ui/node_types.h"
#include "util/bytes.h"
#include "util/result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

namespace ferry::ui {

/// The relay the app runs for the network ("Contribute as relay"). The app implements it
/// with ferry_relay (app/in_app_relay/), so the ui layer stays free of the relay library.
/// start() and stop() may block briefly (files, a bind); the NodeController calls start()
/// off the UI thread. stats() and the setters are cheap and thread-safe.
class RelayHost {
public:
    struct Stats {
        quint64 connectionsNow = 0;
        quint64 queuesHosted = 0;
        quint64 messagesRelayed = 0; ///< accepted by SEND since start()
        quint64 bytesIn = 0;         ///< since start()
        quint64 bytesOut = 0;
        quint64 storageBytes = 0;
        quint64 queuesReceivingLast24h = 0;
        quint64 messagesProxied = 0; ///< forwarded for private routing since start()
    };

    virtual ~RelayHost() = default;
    /// Creates the relay's data and identity on first use, then listens. Empty: it runs;
    /// otherwise why it does not, in words.
    virtual QString start(const NodeLimits& limits) = 0;
    /// Closes the port and every connection at once; stored messages stay.
    virtual void stop() = 0;
    virtual bool running() const = 0;
    /// smp://fingerprint@host:port once it has run (empty before).
    virtual QString address() const = 0;
    virtual Stats stats() const = 0;
    /// Soft stop: existing queues keep working, no new ones.
    virtual void setAcceptingNewQueues(bool accepting) = 0;
    /// Caps traffic each way (bytes per second; 0 = no cap) without a restart.
    virtual void setBandwidthLimit(quint64 bytesPerSecond) = 0;
    /// The port it listens on while running (0 otherwise).
    virtual quint16 port() const = 0;
    /// While running: its certificate chain [online, CA] (DER) and a signature with its online
    /// key, which together prove its identity to a tunnel relay. Thread-safe.
    virtual std::vector<core::Bytes> certificateChain() const = 0;
    virtual core::Result<core::Bytes> signWithOnlineKey(core::ByteView message) const = 0;

    // Relay directories: while it runs, the relay keeps itself registered with these (signed
    // registration, then heartbeats), so that strangers' apps can find it.

    /// The directories to register with (empty: none). Takes effect at once while running
    /// (a changed list registers afresh) and at every start. Thread-safe.
    virtual void setDirectories(const QStringList& directories) = 0;
    /// The address others can reach it at (a port mapping's, a tunnel's, or its own once
    /// proven), which the directories get: it registers once there is one, and again when it
    /// changes; an empty one changes nothing. Thread-safe.
    virtual void setPublishedAddress(const QString& address) = 0;
    /// Where it stands with each directory while it runs (empty otherwise). Thread-safe.
    virtual QList<NodeDirectory> directoryStandings() const = 0;
    /// Called, on some other thread, whenever a standing changes (empty: nobody). Set it
    /// before start().
    virtual void setDirectoryListener(std::function<void()> listener) = 0;
};

} // namespace ferry::ui
