#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>
#include <vector>

namespace ferry::test {

/// How the lab's router is set up.
struct NatLabOptions {
    bool upnp = true;                 ///< enable_upnp in miniupnpd (NAT-PMP is always on)
    bool mappingService = true;       ///< false: no miniupnpd at all (plain NAT router)
    QString outsidePrefix = "11.7.0"; ///< router .1 and internet peer .2 on this /24
};

/// Three network namespaces — home (192.168.77.2), router (nftables NAT, miniupnpd unless
/// turned off), internet (outsidePrefix.2) — with names unique to this process and lab, so parallel
/// or leftover runs never clash. Everything it created is killed and deleted by the destructor,
/// also on failure.
class NatLab {
public:
    explicit NatLab(NatLabOptions options);
    ~NatLab();
    NatLab(const NatLab&) = delete;
    NatLab& operator=(const NatLab&) = delete;

    /// Builds the topology and starts miniupnpd; false with `error` set when it cannot.
    bool up(QString& error);

    QString home() const { return m_prefix + "-home"; }
    QString router() const { return m_prefix + "-router"; }
    QString internet() const { return m_prefix + "-inet"; }
    QString outsideAddress() const { return m_options.outsidePrefix + ".1"; }
    QString internetAddress() const { return m_options.outsidePrefix + ".2"; }
    QString dir() const { return m_dir.path(); }
    QString routerLog() const;

    /// Starts `program args` (stdout and stderr merged) inside namespace `ns`; the lab kills
    /// it on teardown.
    QProcess* spawn(const QString& ns, const QString& program, const QStringList& args);
    /// The miniupnpd redirect rules currently loaded on the router.
    QString routerRedirects() const;

    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };
    /// Runs a command to completion (on the host; prefix with "ip netns exec NS" as needed).
    static Run run(const QString& program, const QStringList& args, int timeoutMs = 20000);
    /// Reads `p`'s output into `buffer` until it contains `needle` or the time is up.
    static bool waitForOutput(QProcess& p, QString& buffer, const QString& needle, int timeoutMs);

private:
    bool exec(const QString& ns, const QStringList& command, QString& error);
    bool writeFile(const QString& name, const QString& text, QString& error);

    NatLabOptions m_options;
    QString m_prefix;
    QTemporaryDir m_dir;
    std::vector<QString> m_created;
    std::vector<std::unique_ptr<QProcess>> m_children;
    QProcess* m_miniupnpd = nullptr;
};

} // namespace ferry::test
