#pragma once

// Running the command-line programs in tests: one run with its output, and the JSON lines
// of `ferry-cli listen`.

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>
#include <functional>

namespace ferry::test {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

inline Run run(const QString& program, const QStringList& args,
               const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.closeWriteChannel(); // stdin is not a terminal, and it is at its end
    if (!p.waitForFinished(60000))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Reads `listen`'s JSON lines until one satisfies `match`, or the timeout passes.
class ListenReader {
public:
    explicit ListenReader(QProcess& process) : m_process(process) {}

    QJsonObject waitFor(const std::function<bool(const QJsonObject&)>& match,
                        int timeoutMs = 30000) {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            while (m_process.canReadLine()) {
                const QByteArray line = m_process.readLine().trimmed();
                QJsonParseError error{};
                const auto doc = QJsonDocument::fromJson(line, &error);
                if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                    qWarning("listen printed a line that is not a JSON object: %s", line.data());
                    return {};
                }
                if (match(doc.object()))
                    return doc.object();
            }
            if (timer.elapsed() > timeoutMs || m_process.state() == QProcess::NotRunning)
                return {};
            m_process.waitForReadyRead(100);
        }
    }
    QJsonObject waitForEvent(const QString& name, int timeoutMs = 30000) {
        return waitFor([&](const QJsonObject& o) { return o["event"].toString() == name; },
                       timeoutMs);
    }

private:
    QProcess& m_process;
};

} // namespace ferry::test
