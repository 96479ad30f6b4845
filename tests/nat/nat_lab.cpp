#include "nat_lab.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <csignal>
#include <unistd.h>

namespace ferry::test {

namespace {

const char* kNft = R"(table inet filter {
  chain forward { type filter hook forward priority 0; policy drop;
                  ct state established,related accept; jump miniupnpd;
                  iifname "lan0" accept; }
  chain miniupnpd { }
  chain prerouting { type nat hook prerouting priority -100; policy accept;
                     jump prerouting_miniupnpd; }
  chain postrouting { type nat hook postrouting priority 100; policy accept;
                      jump postrouting_miniupnpd; oifname "wan0" masquerade; }
  chain prerouting_miniupnpd { }
  chain postrouting_miniupnpd { }
}
)";

} // namespace

NatLab::NatLab(NatLabOptions options) : m_options(std::move(options)) {
    m_prefix = QString("ferry-%1-%2")
                   .arg(::getpid())
                   .arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QChar('0'));
}

NatLab::~NatLab() {
    // Children first (SIGTERM lets the relay delete its mapping), then whatever else still
    // runs in the namespaces, then the namespaces with their interfaces.
    for (auto it = m_children.rbegin(); it != m_children.rend(); ++it) {
        QProcess& p = **it;
        if (p.state() == QProcess::NotRunning)
            continue;
        p.terminate();
        if (!p.waitForFinished(5000)) {
            p.kill();
            p.waitForFinished(2000);
        }
    }
    for (const QString& ns : m_created) {
        const Run pids = run("ip", {"netns", "pids", ns}, 5000);
        for (const QString& pid : pids.out.split('\n', Qt::SkipEmptyParts))
            ::kill(pid.trimmed().toInt(), SIGKILL);
        run("ip", {"netns", "del", ns}, 5000);
    }
}

NatLab::Run NatLab::run(const QString& program, const QStringList& args, int timeoutMs) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(5000))
        return {-1, {}, program + " did not start: " + p.errorString()};
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        return {-1, QString::fromUtf8(p.readAllStandardOutput()),
                program + " " + args.join(' ') + " timed out"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool NatLab::waitForOutput(QProcess& p, QString& buffer, const QString& needle, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        buffer += QString::fromUtf8(p.readAll());
        if (buffer.contains(needle))
            return true;
        if (timer.elapsed() > timeoutMs || p.state() == QProcess::NotRunning)
            return false;
        p.waitForReadyRead(200);
    }
}

bool NatLab::exec(const QString& ns, const QStringList& command, QString& error) {
    QStringList args;
    if (!ns.isEmpty())
        args << "netns"
             << "exec" << ns;
    args << command;
    const Run r = run("ip", args);
    if (r.exitCode != 0) {
        error = QString("'%1' failed: %2").arg(command.join(' '), r.err.trimmed());
        return false;
    }
    return true;
}

bool NatLab::writeFile(const QString& name, const QString& text, QString& error) {
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0) {
        error = "cannot write " + file.fileName();
        return false;
    }
    return true;
}

bool NatLab::up(QString& error) {
    if (::geteuid() != 0) {
        error = "the NAT lab needs root to create network namespaces (run the tests as root, "
                "as scripts/test.sh and CI do)";
        return false;
    }
    if (!m_dir.isValid()) {
        error = "cannot create a temporary folder";
        return false;
    }
    for (const QString& ns : {home(), router(), internet()}) {
        const Run r = run("ip", {"netns", "add", ns});
        if (r.exitCode != 0) {
            error = "this machine cannot create network namespaces: ip netns add " + ns + ": " +
                    r.err.trimmed();
            return false;
        }
        m_created.push_back(ns);
    }
    const QString out = m_options.outsidePrefix;
    // Both ends of each veth pair are created inside the namespaces: nothing touches the
    // host's interfaces, so short fixed interface names are safe.
    const std::vector<std::pair<QString, QStringList>> steps = {
        {home(), {"ip", "link", "set", "lo", "up"}},
        {router(), {"ip", "link", "set", "lo", "up"}},
        {internet(), {"ip", "link", "set", "lo", "up"}},
        {home(),
         {"ip", "link", "add", "eth0", "type", "veth", "peer", "name", "lan0", "netns", router()}},
        {router(),
         {"ip", "link", "add", "wan0", "type", "veth", "peer", "name", "eth0", "netns",
          internet()}},
        {home(), {"ip", "addr", "add", "192.168.77.2/24", "dev", "eth0"}},
        {home(), {"ip", "link", "set", "eth0", "up"}},
        {home(), {"ip", "route", "add", "default", "via", "192.168.77.1"}},
        {router(), {"ip", "addr", "add", "192.168.77.1/24", "dev", "lan0"}},
        {router(), {"ip", "link", "set", "lan0", "up"}},
        {router(), {"ip", "addr", "add", out + ".1/24", "dev", "wan0"}},
        {router(), {"ip", "link", "set", "wan0", "up"}},
        {router(), {"sysctl", "-qw", "net.ipv4.ip_forward=1"}},
        {internet(), {"ip", "addr", "add", out + ".2/24", "dev", "eth0"}},
        {internet(), {"ip", "link", "set", "eth0", "up"}},
    };
    for (const auto& [ns, command] : steps)
        if (!exec(ns, command, error))
            return false;
    if (!writeFile("nft.conf", kNft, error) ||
        !exec(router(), {"nft", "-f", m_dir.filePath("nft.conf")}, error))
        return false;
    if (!m_options.mappingService)
        return true;
    const QString config = QString("ext_ifname=wan0\nlistening_ip=lan0\nport=5000\n"
                                   "enable_upnp=%1\nenable_natpmp=yes\nsecure_mode=no\n"
                                   "uuid=3d3cec3a-8cf0-11e0-98ee-001a6bd2d07e\n"
                                   "allow 1024-65535 192.168.77.0/24 1024-65535\n"
                                   "deny 0-65535 0.0.0.0/0 0-65535\n")
                               .arg(m_options.upnp ? "yes" : "no");
    if (!writeFile("miniupnpd.conf", config, error))
        return false;
    m_miniupnpd = spawn(
        router(), "miniupnpd",
        {"-f", m_dir.filePath("miniupnpd.conf"), "-d", "-P", m_dir.filePath("miniupnpd.pid")});
    QString log;
    if (!waitForOutput(*m_miniupnpd, log, "Listening for NAT-PMP", 10000)) {
        error = "miniupnpd did not start: " + log;
        return false;
    }
    m_miniupnpd->setProperty("log", log);
    return true;
}

QProcess* NatLab::spawn(const QString& ns, const QString& program, const QStringList& args) {
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::MergedChannels);
    // Debian's miniupnpc (2.2.4) calls strtol on its HTTP buffer, which is not NUL-terminated;
    // ASan's strict_string_checks then demands the whole rest of the buffer be a C string and
    // reports an overflow, though strtol only reads the chunk-size digits and the CRLF after
    // them. The children keep every other sanitizer check.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString asan = env.value(QStringLiteral("ASAN_OPTIONS"));
    asan.replace(QStringLiteral("strict_string_checks=1"),
                 QStringLiteral("strict_string_checks=0"));
    if (!asan.isEmpty())
        env.insert(QStringLiteral("ASAN_OPTIONS"), asan);
    p->setProcessEnvironment(env);
    p->start("ip", QStringList{"netns", "exec", ns, program} + args);
    p->waitForStarted(5000);
    m_children.push_back(std::move(p));
    return m_children.back().get();
}

QString NatLab::routerLog() const {
    if (!m_miniupnpd)
        return {};
    QString log =
        m_miniupnpd->property("log").toString() + QString::fromUtf8(m_miniupnpd->readAll());
    m_miniupnpd->setProperty("log", log);
    return log;
}

QString NatLab::routerRedirects() const {
    return run("ip", {"netns", "exec", router(), "nft", "list", "chain", "inet", "filter",
                      "prerouting_miniupnpd"})
        .out;
}

} // namespace ferry::test
