// The ferry-relay program as an operator runs it: init, address, start, bad input, and a
// kill -9 in the middle of traffic that must not lose any message the relay answered OK.
#include "free_port.h"
#include "relay/relay_data.h"
#include "relay_fixture.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <set>
#include <sys/socket.h>
#include <unistd.h>

using namespace ferry;
using namespace ferry::test;

namespace {

const QString kRelay = QStringLiteral(FERRY_RELAY_BINARY);

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList& args) {
    QProcess p;
    p.start(kRelay, args);
    p.waitForFinished(30000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Starts `ferry-relay start` and waits until it says it is running.
bool startRelay(QProcess& p, const QString& dir) {
    p.start(kRelay, {"start", "--data", dir});
    QString out;
    for (int i = 0; i < 100 && !out.contains("Relay running"); ++i) {
        p.waitForReadyRead(200);
        out += QString::fromUtf8(p.readAllStandardOutput());
        if (p.state() == QProcess::NotRunning)
            return false;
    }
    return out.contains("Relay running");
}

TestClientOptions clientOptions(std::uint16_t port, const QString& dir) {
    TestClientOptions o;
    o.port = port;
    o.identity = relay::loadRelayIdentity(dir.toStdString())->fingerprint;
    return o;
}

} // namespace

class TestRelayProcess : public QObject {
    Q_OBJECT

private slots:
    void initPrintsAddressAndWarns() {
        QTemporaryDir dir;
        const QString data = dir.filePath("relay");
        Run init = run({"init", "--data", data, "--host", "relay.example.org", "--port", "5443"});
        QCOMPARE(init.exitCode, 0);
        QVERIFY(init.out.contains("smp://"));
        QVERIFY(init.out.contains("@relay.example.org:5443"));
        QVERIFY(init.out.contains("WARNING: the offline CA private key"));
        QVERIFY(QFile::exists(data + "/ca.key"));
        Run address = run({"address", "--data", data});
        QCOMPARE(address.exitCode, 0);
        QVERIFY(init.out.contains(address.out.trimmed()));
        // Initializing twice would replace the identity: refused.
        Run again = run({"init", "--data", data});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("already initialized"));
    }

    void clearErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("no command") << QStringList{} << "a command is needed";
        QTest::newRow("unknown command") << QStringList{"serve"} << "unknown command 'serve'";
        QTest::newRow("bad port") << QStringList{"init", "--port", "99999"} << "--port needs";
        QTest::newRow("unknown option")
            << QStringList{"start", "--host", "x"} << "unknown option '--host'";
        QTest::newRow("missing folder")
            << QStringList{"start", "--data", "/nonexistent/ferry"} << "does not exist";
    }

    void clearErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, fragment);
        Run r = run(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(fragment), qPrintable(r.err));
    }

    void corruptDataIsReported() {
        QTemporaryDir dir;
        const QString data = dir.filePath("relay");
        QCOMPARE(run({"init", "--data", data, "--host", "127.0.0.1"}).exitCode, 0);
        QFile config(data + "/relay.ini");
        QVERIFY(config.open(QIODevice::Append));
        config.write("queue_quota = lots\n");
        config.close();
        Run bad = run({"start", "--data", data});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("queue_quota must be"), qPrintable(bad.err));

        QCOMPARE(run({"init", "--data", dir.filePath("other"), "--host", "127.0.0.1"}).exitCode, 0);
        QFile cert(dir.filePath("other") + "/server.crt");
        QVERIFY(cert.open(QIODevice::WriteOnly | QIODevice::Truncate));
        cert.write("-----BEGIN CERTIFICATE-----\nnonsense\n-----END CERTIFICATE-----\n");
        cert.close();
        Run broken = run({"start", "--data", dir.filePath("other")});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains("online certificate"), qPrintable(broken.err));
    }

    void portInUseIsReported() {
        QTemporaryDir dir;
        const std::uint16_t port = freeLoopbackPort();
        for (const char* name : {"a", "b"})
            QCOMPARE(run({"init", "--data", dir.filePath(name), "--host", "127.0.0.1", "--port",
                          QString::number(port)})
                         .exitCode,
                     0);
        QProcess first;
        QVERIFY(startRelay(first, dir.filePath("a")));
        Run second = run({"start", "--data", dir.filePath("b")});
        first.terminate();
        first.waitForFinished(10000);
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("cannot listen"), qPrintable(second.err));
    }

    void killNineLosesNoAcknowledgedMessage() {
        QTemporaryDir dir;
        const QString data = dir.filePath("relay");
        const std::uint16_t port = freeLoopbackPort();
        QCOMPARE(
            run({"init", "--data", data, "--host", "127.0.0.1", "--port", QString::number(port)})
                .exitCode,
            0);
        QProcess relayProcess;
        QVERIFY(startRelay(relayProcess, data));

        auto client = TestSmpClient::connect(clientOptions(port, data));
        QVERIFY(client.ok());
        TestQueue q;
        QVERIFY(createQueue(**client, q, false, true).ok());

        // Pipelined sends in blocks of 10: the kill lands while some are in flight.
        std::set<std::string> acknowledged;
        int next = 0;
        for (int round = 0; round < 8; ++round) {
            std::vector<std::pair<Bytes, std::string>> sent;
            std::vector<Bytes> block;
            for (int i = 0; i < 10; ++i, ++next) {
                const std::string body = "message " + std::to_string(next);
                Bytes corrId;
                block.push_back((*client)->transmission(q.senderId,
                                                        smp::cmd::Send{false, core::toBytes(body)},
                                                        Signer{&q.senderKey}, &corrId));
                sent.emplace_back(corrId, body);
            }
            QVERIFY((*client)->sendBlock(block).ok());
            if (round == 7) {
                ::kill(static_cast<pid_t>(relayProcess.processId()), SIGKILL);
                break;
            }
            for (const auto& [corrId, body] : sent)
                if (isOk((*client)->awaitAnswer(corrId)))
                    acknowledged.insert(body);
        }
        relayProcess.waitForFinished(10000);
        QCOMPARE(relayProcess.exitStatus(), QProcess::CrashExit);
        QCOMPARE(acknowledged.size(), 70u);

        QProcess restarted;
        QVERIFY(startRelay(restarted, data));
        auto reader = TestSmpClient::connect(clientOptions(port, data));
        QVERIFY(reader.ok());
        std::set<std::string> stored;
        for (int i = 0; i < 200; ++i) {
            auto r = (*reader)->call(q.recipientId, smp::cmd::Get{}, Signer{&q.recipientKey});
            auto* msg = as<smp::rsp::Msg>(r);
            if (!msg)
                break;
            stored.insert(core::toString(q.open(*msg)->body));
            QVERIFY(isOk((*reader)->call(q.recipientId, smp::cmd::Ack{msg->msgId},
                                         Signer{&q.recipientKey})));
        }
        restarted.terminate();
        restarted.waitForFinished(10000);
        for (const auto& body : acknowledged)
            QVERIFY2(stored.count(body), body.c_str());
        QVERIFY(stored.size() <= 80u);
    }
};

QTEST_APPLESS_MAIN(TestRelayProcess)
#include "test_relay_process.moc"
