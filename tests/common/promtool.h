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

// ThreadSanitizer's runtime aborts in a child that QProcess starts (Qt's forkfd calls clone
// itself), so under ThreadSanitizer the check is skipped; the ASan+UBSan run makes it.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FERRY_PROMTOOL_UNAVAILABLE "ThreadSanitizer cannot follow QProcess's child"
#endif
#endif

/// In a test function: fails with promtool's words unless `page` passes without a warning.
/// Skips the rest of the function where promtool cannot run, so use it last.
#ifdef FERRY_PROMTOOL_UNAVAILABLE
#define FERRY_VERIFY_PROMTOOL(page) QSKIP(FERRY_PROMTOOL_UNAVAILABLE)
#else
#define FERRY_VERIFY_PROMTOOL(page)                                                                \
    do {                                                                                           \
        const QString findings = ::ferry::test::promtoolFindings(page);                            \
        QVERIFY2(findings.isEmpty(), qPrintable(findings));                                        \
    } while (false)
#endif
