#pragma once

// A real `ferry-relay` process for tests (the target defines FERRY_RELAY_BINARY): its own data
// folder and a free loopback port, stopped with SIGTERM when the test is done or killed with
// SIGKILL as when its machine loses power.
#include "cli_process.h"
#include "free_port.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtGlobal>
#include <string>

#ifndef FERRY_RELAY_BINARY
#error "relay_process.h needs FERRY_RELAY_BINARY, the path of the ferry-relay program"
#endif

namespace ferry::test {

class RelayProcess {
public:
    /// Another `host` of 127/8 than another relay's counts as another operator.
    explicit RelayProcess(const QString& host = QStringLiteral("127.0.0.1")) {
        const QString relay = QStringLiteral(FERRY_RELAY_BINARY);
        const QString data = m_dir.filePath(QStringLiteral("relay"));
        const Run init = run(relay, {"init", "--data", data, "--host", host, "--port",
                                     QString::number(freeLoopbackPort())});
        if (init.exitCode != 0)
            qFatal("ferry-relay init: %s", qPrintable(init.err));
        m_address = run(relay, {"address", "--data", data}).out.trimmed();
        m_process.start(relay, {"start", "--data", data});
        QString out;
        for (int i = 0; i < 150 && !out.contains(QLatin1String("Relay running")); ++i) {
            m_process.waitForReadyRead(200);
            out += QString::fromUtf8(m_process.readAllStandardOutput());
            if (m_process.state() == QProcess::NotRunning)
                break;
        }
        if (!out.contains(QLatin1String("Relay running")))
            qFatal("ferry-relay did not start: %s", qPrintable(out));
    }
    ~RelayProcess() {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
    }
    RelayProcess(const RelayProcess&) = delete;
    RelayProcess& operator=(const RelayProcess&) = delete;

    /// smp://<fingerprint>@host:port
    const QString& address() const { return m_address; }
    std::string addressString() const { return m_address.toStdString(); }
    /// SIGKILL: the relay is gone at once, nothing flushed, no connection closed cleanly.
    void kill() {
        m_process.kill();
        m_process.waitForFinished(10000);
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_address;
};

} // namespace ferry::test
