#pragma once

// Prometheus's own checker on a /metrics page (promtool from scripts/deps.sh test; its path
// is FERRY_PROMTOOL, set by CMake for the tests that include this).

#include <QProcess>
#include <QString>
#include <string>

namespace ferry::test {

/// What `promtool check metrics` says of `page`: empty when it passes without a warning.
inline QString promtoolFindings(const std::string& page) {
    QProcess promtool;
    promtool.start(QStringLiteral(FERRY_PROMTOOL),
                   {QStringLiteral("check"), QStringLiteral("metrics")});
    if (!promtool.waitForStarted(10000))
        return QStringLiteral("promtool did not start: ") + promtool.errorString();
    promtool.write(page.data(), qint64(page.size()));
    promtool.closeWriteChannel();
    if (!promtool.waitForFinished(30000))
        return QStringLiteral("promtool did not finish");
    const QString said =
        QString::fromUtf8(promtool.readAllStandardOutput() + promtool.readAllStandardError())
            .trimmed();
    if (promtool.exitStatus() != QProcess::NormalExit || promtool.exitCode() != 0)
        return QStringLiteral("exit %1: %2").arg(promtool.exitCode()).arg(said);
    return said;
}

} // namespace ferry::test
