// The programs as an operator and a user run them: a ferry-directory process, ferry-relay
// processes started with --directory that appear on its page after their dial-back, two
// fresh ferry-cli profiles with only the directory configured that invite and chat, and a
// directory killed with SIGKILL that still lists every relay it answered 201 for.
#include "cli_process.h"
#include "directory/directory_address.h"
#include "directory/directory_client.h"
#include "directory_fixture.h"
#include "free_port.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace ferry;
using ferry::test::ListenReader;
using ferry::test::run;
using ferry::test::Run;

namespace {

const QString kDirectory = QStringLiteral(FERRY_DIRECTORY_BINARY);
const QString kRelay = QStringLiteral(FERRY_RELAY_BINARY);
const QString kCli = QStringLiteral(FERRY_CLI_BINARY);

/// Reads a process's stdout until `text` shows up (or 30 s pass, or it exits).
bool waitForOutput(QProcess& process, QString& seen, const QString& text) {
    for (int i = 0; i < 300 && !seen.contains(text); ++i) {
        process.waitForReadyRead(100);
        seen += QString::fromUtf8(process.readAllStandardOutput());
        if (process.state() == QProcess::NotRunning)
            break;
    }
    return seen.contains(text);
}

void appendLine(const QString& file, const QString& line) {
    QFile f(file);
    QVERIFY(f.open(QIODevice::Append));
    f.write(("\n" + line + "\n").toUtf8());
}

class Program {
public:
    Program() = default;
    ~Program() { stop(); }
    void start(const QString& program, const QStringList& args) { m_process.start(program, args); }
    bool waitFor(const QString& text) { return waitForOutput(m_process, m_out, text); }
    void stop() {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
    }
    void killHard() {
        m_process.kill(); // SIGKILL: no shutdown of any kind
        m_process.waitForFinished(10000);
    }
    const QString& out() const { return m_out; }

private:
    QProcess m_process;
    QString m_out;
};

/// The directory's page, read with Ferry's own client (pinned like a relay).
QString page(const QString& address) {
    test::IoThreads io(1);
    auto parsed = core::directory::parseDirectoryAddress(address.toStdString());
    if (!parsed)
        return {};
    core::directory::DirectoryClient client(io.io, *parsed);
    auto answer = test::awaitResult<core::directory::HttpAnswer>(
        [&](auto done) { client.request(false, "/", {}, done); });
    return answer ? QString::fromStdString(answer->body) : QString();
}

} // namespace

class TestDirectoryProcess : public QObject {
    Q_OBJECT

private slots:
    void relaysRegisterAndFreshClientsChatThroughThem() {
        QTemporaryDir dir;
        const QString directoryData = dir.filePath("directory");
        const Run init = run(kDirectory, {"init", "--data", directoryData, "--host", "127.0.0.1",
                                          "--port", QString::number(test::freeLoopbackPort())});
        QVERIFY2(init.exitCode == 0, qPrintable(init.err));
        QVERIFY(init.out.contains("Address: https://"));
        // Relays here live on loopback, which a directory on the internet never dials; quick
        // proofs under the sanitizers.
        appendLine(directoryData + "/directory.ini", "dial_also_allow = 127.0.0.0/8");
        appendLine(directoryData + "/directory.ini", "difficulty = 8");
        const QString address = run(kDirectory, {"address", "--data", directoryData}).out.trimmed();
        QVERIFY(address.startsWith("https://"));

        Program directory;
        directory.start(kDirectory, {"start", "--data", directoryData});
        QVERIFY2(directory.waitFor("Directory running"), qPrintable(directory.out()));
        QVERIFY(page(address).contains("No relays are registered yet"));

        // Two relays on two hosts (two operators), each registering at start.
        Program relays[2];
        QStringList relayAddresses;
        for (int i = 0; i < 2; ++i) {
            const QString host = QString("127.0.0.%1").arg(i + 2);
            const QString data = dir.filePath(QString("relay%1").arg(i));
            const Run made = run(kRelay, {"init", "--data", data, "--host", host, "--port",
                                          QString::number(test::freeLoopbackPort())});
            QVERIFY2(made.exitCode == 0, qPrintable(made.err));
            appendLine(data + "/relay.ini", "listen = " + host);
            // As proxies they forward to each other on loopback.
            appendLine(data + "/relay.ini", "check_allow_networks = 127.0.0.0/8");
            relayAddresses << run(kRelay, {"address", "--data", data}).out.trimmed();
            relays[i].start(kRelay, {"start", "--data", data, "--directory", address});
            QVERIFY2(relays[i].waitFor("registered, probation"), qPrintable(relays[i].out()));
        }
        const QString listing = page(address);
        for (const QString& relay : relayAddresses)
            QVERIFY2(listing.contains(relay), qPrintable(listing));

        // Two fresh profiles that know nothing but the directory.
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("FERRY_KDF", "interactive");
        auto cli = [&](const QString& name, QStringList args) {
            return run(kCli,
                       QStringList{"--profile", dir.filePath(name), "--key-file",
                                   dir.filePath(name + ".key")} +
                           args,
                       env);
        };
        for (const QString name : {"alice", "bob"}) {
            QCOMPARE(cli(name, {"init", "--name", name == "alice" ? "Alice" : "Bob"}).exitCode, 0);
            QCOMPARE(cli(name, {"directories", "add", address}).exitCode, 0);
            QVERIFY(cli(name, {"relays", "list"}).out.contains("No relays"));
        }
        const Run invite = cli("alice", {"invite"});
        QVERIFY2(invite.exitCode == 0, qPrintable(invite.err));
        const QString link = invite.out.trimmed();
        const Run joined = cli("bob", {"connect", link});
        QVERIFY2(joined.exitCode == 0, qPrintable(joined.err));

        QProcess listen;
        listen.setProcessEnvironment(env);
        listen.start(kCli, {"--profile", dir.filePath("alice"), "--key-file",
                            dir.filePath("alice.key"), "listen"});
        ListenReader events(listen);
        QCOMPARE(events.waitForEvent("connected")["name"].toString(), QString("Bob"));
        const Run sent = cli("bob", {"send", "Alice", "found you through the directory"});
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QCOMPARE(events.waitForEvent("message")["text"].toString(),
                 QString("found you through the directory"));
        listen.terminate();
        QVERIFY(listen.waitForFinished(20000));

        // Killed outright: every registration it answered 201 for is still there.
        directory.killHard();
        Program again;
        again.start(kDirectory, {"start", "--data", directoryData});
        QVERIFY2(again.waitFor("Directory running"), qPrintable(again.out()));
        const QString after = page(address);
        for (const QString& relay : relayAddresses)
            QVERIFY2(after.contains(relay), qPrintable(after));
    }

    void badConfigurationIsNamed() {
        QTemporaryDir dir;
        const QString data = dir.filePath("directory");
        QCOMPARE(run(kDirectory, {"init", "--data", data}).exitCode, 0);
        const Run twice = run(kDirectory, {"init", "--data", data});
        QCOMPARE(twice.exitCode, 1);
        QVERIFY(twice.err.contains("already initialized"));
        appendLine(data + "/directory.ini", "difficulty = lots");
        const Run bad = run(kDirectory, {"start", "--data", data});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("directory.ini line") && bad.err.contains("difficulty"),
                 qPrintable(bad.err));
        const Run missing = run(kDirectory, {"start", "--data", dir.filePath("nothing")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("ferry-directory init"));
        QCOMPARE(run(kDirectory, {"start", "--port", "1"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestDirectoryProcess)
#include "test_directory_process.moc"
