#pragma once

#include "ui/node_types.h"

#include <QDateTime>
#include <QString>

namespace ferry::ui {

/// The in-app relay's state as one sentence in plain words, for the Node panel, the tray
/// and tests. Running tells what the port mapping found (never that it is verified from
/// outside). Failed names the snapshot's reason. Limited and Paused name the reason when
/// there is one, or else the traffic quota the figures show is (nearly) used up.
QString nodeStatusLine(const NodeSnapshot& snapshot);

/// Where the relay stands with one relay directory, in words: "Listed · health score 0.82",
/// "On probation: …", "Registering: …", or "Not registered: <why>. …".
QString directoryStandingText(const NodeDirectory& directory);

/// When a directory last accepted a registration or heartbeat from the relay: the time of day
/// when that was on `now`'s day, else date and time; a "none yet" sentence for 0.
QString heartbeatText(qint64 lastHeartbeat, const QDateTime& now);

/// Why the Node panel shows no directory rows for `snapshot` (listing switched off, no
/// directory in the profile, the relay not running or without an address others can reach
/// yet); empty when it shows some.
QString directoryAbsenceText(const NodeSnapshot& snapshot);

/// The port-mapping protocol in words: "UPnP", "NAT-PMP".
QString natMethodName(core::nat::MappingProtocol method);

/// A length of time for people: "45 s", "14 min", "2 h 14 min", "3 d 4 h".
QString formatDuration(qint64 seconds);

/// A number of bytes in human units: "512 bytes", "12.3 MB", "1.0 GB".
QString formatBytes(quint64 bytes);

} // namespace ferry::ui
