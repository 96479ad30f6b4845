#include "relay/relay_config.h"
#include "relay/relay_data.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

using namespace ferry::relay;

class TestRelayConfig : public QObject {
    Q_OBJECT

private slots:
    void formatParsesBackEqual() {
        RelayConfig config;
        config.host = "relay.example.org";
        config.port = 443;
        config.createPassword = "s3cret";
        config.queueQuota = 64;
        config.messageTtl = std::chrono::hours(48);
        config.storageCapBytes = 512ull << 20;
        config.statusPort = 9100;
        config.maxConnections = 250;
        config.bandwidthBytesPerSecond = 1'250'000;
        config.newQueuesPerMinute = 30;
        config.writeStallTimeout = std::chrono::seconds(5);
        config.nodeChecks = false;
        config.checkTimeout = std::chrono::seconds(4);
        config.checkAllowNetworks =
            std::move(ferry::core::net::parseIpNetworks("10.0.0.0/8, fd00::/8")).value();
        config.tunnelFirstPort = 20000;
        config.tunnelLastPort = 20099;
        config.tunnelMaxNodes = 7;
        config.tunnelBytesPerNodePerDay = 300ull << 20;
        const std::string directory = "https://" + std::string(43, 'A') + "=@dir.example:8443";
        config.directories = {directory, "https://" + std::string(42, 'B') + "E=@dir.example"};
        config.region = "eu-west";
        auto back = parseRelayConfig(formatRelayConfig(config));
        QVERIFY(back.ok());
        QVERIFY(*back == config);
    }

    // relay.ini may hold create_password; the folder holds the keys and the store.
    void initKeepsTheDataFolderPrivate() {
        namespace fs = std::filesystem;
        QTemporaryDir parent;
        RelayInitOptions init;
        init.dataDir = fs::path(parent.path().toStdString()) / "relay";
        init.host = "relay.example.org";
        init.createPassword = "s3cret";
        QVERIFY(initRelayData(init).ok());
        const auto others = fs::perms::group_all | fs::perms::others_all;
        QCOMPARE(fs::status(init.dataDir).permissions() & others, fs::perms::none);
        QCOMPARE(fs::status(init.dataDir / files::kConfig).permissions() & others, fs::perms::none);
        QCOMPARE(fs::status(init.dataDir / files::kOnlineKey).permissions() & others,
                 fs::perms::none);
    }

    void defaultsWhenKeysAbsent() {
        auto config = parseRelayConfig("# nothing set\n[relay]\n");
        QVERIFY(config.ok());
        QVERIFY(*config == RelayConfig{});
        QCOMPARE(config->maxConnections, 1000u);
        QCOMPARE(config->bandwidthBytesPerSecond, 0u); // unlimited
        QCOMPARE(config->writeStallTimeout.count(), 60);
    }

    void writeStallTimeout() {
        auto config = parseRelayConfig("write_stall_timeout_seconds = 1\n");
        QVERIFY(config.ok());
        QCOMPARE(config->writeStallTimeout.count(), 1);
    }

    void bandwidthLimit() {
        auto config = parseRelayConfig("bandwidth_limit = 65536\n");
        QVERIFY(config.ok());
        QCOMPARE(config->bandwidthBytesPerSecond, 65536u);
        auto off = parseRelayConfig("bandwidth_limit = 0\n");
        QVERIFY(off.ok());
        QCOMPARE(off->bandwidthBytesPerSecond, 0u);
    }

    void nodeServiceKeys() {
        auto off = parseRelayConfig("[nodes]\ntunnel_ports =\n");
        QVERIFY(off.ok());
        QCOMPARE(off->tunnelFirstPort, 0); // no tunnel service
        QVERIFY(off->nodeChecks);          // checks for others are on by default
        auto one = parseRelayConfig("tunnel_ports = 20000\n");
        QVERIFY(one.ok());
        QCOMPARE(one->tunnelFirstPort, 20000);
        QCOMPARE(one->tunnelLastPort, 20000);
        QVERIFY(off->checkAllowNetworks.empty()); // checks dial public addresses only
        QCOMPARE(off->checkTimeout.count(), 10);
        auto lab = parseRelayConfig("check_allow_networks = 127.0.0.0/8 ::1/128\n");
        QVERIFY(lab.ok());
        QCOMPARE(lab->checkAllowNetworks.size(), std::size_t(2));
        auto typo = parseRelayConfig("check_allow_networks = 10.1.0.0/8\n");
        QVERIFY(!typo.ok());
        QVERIFY2(typo.error().message.find("10.0.0.0/8") != std::string::npos,
                 typo.error().message.c_str());
        QVERIFY(!parseRelayConfig("check_timeout_seconds = 11\n").ok());
        auto defaults = parseRelayConfig(formatRelayConfig(RelayConfig{}));
        QVERIFY(defaults.ok());
        QVERIFY(*defaults == RelayConfig{});
    }

    void maxConnectionsZeroMeansUnlimited() {
        auto config = parseRelayConfig("max_connections = 0\n");
        QVERIFY(config.ok());
        QCOMPARE(config->maxConnections, 0u);
        RelayConfig unlimited;
        unlimited.maxConnections = 0;
        auto back = parseRelayConfig(formatRelayConfig(unlimited));
        QVERIFY(back.ok());
        QVERIFY(*back == unlimited);
    }

    void badValuesNameTheLine_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("port range") << "port = 70000"
                                    << "line 1: port must be a number";
        QTest::newRow("port text") << "\nport = http"
                                   << "line 2: port must be a number";
        QTest::newRow("unknown key") << "prot = 1"
                                     << "unknown key 'prot'";
        QTest::newRow("no equals") << "port 5223"
                                   << "expected key = value";
        QTest::newRow("quota zero") << "queue_quota = 0"
                                    << "queue_quota must be";
        QTest::newRow("empty host") << "host ="
                                    << "host must not be empty";
        QTest::newRow("ttl") << "message_ttl_hours = -1"
                             << "message_ttl_hours must be";
        QTest::newRow("max connections") << "max_connections = many"
                                         << "max_connections must be";
        QTest::newRow("bandwidth text") << "bandwidth_limit = 1M"
                                        << "bandwidth_limit must be 0 (no limit) or bytes";
        // Under one block a second: most likely meant in KB/s or Mbit/s.
        QTest::newRow("bandwidth tiny") << "bandwidth_limit = 512"
                                        << "bandwidth_limit must be";
        QTest::newRow("bandwidth negative") << "bandwidth_limit = -1"
                                            << "bandwidth_limit must be";
        QTest::newRow("write stall zero") << "write_stall_timeout_seconds = 0"
                                          << "write_stall_timeout_seconds must be a number 1-3600";
        QTest::newRow("write stall text") << "write_stall_timeout_seconds = 1m"
                                          << "write_stall_timeout_seconds must be";
        QTest::newRow("node checks") << "node_checks = yes"
                                     << "node_checks must be on or off";
        QTest::newRow("tunnel range backwards") << "tunnel_ports = 20099-20000"
                                                << "tunnel_ports must be empty";
        QTest::newRow("tunnel range text") << "tunnel_ports = 20000-"
                                           << "tunnel_ports must be empty";
        QTest::newRow("tunnel nodes") << "tunnel_max_nodes = 0"
                                      << "tunnel_max_nodes must be";
        QTest::newRow("tunnel traffic") << "tunnel_node_daily_mb = lots"
                                        << "tunnel_node_daily_mb must be";
        QTest::newRow("directory") << "directories = http://dir.example"
                                   << "directories: directory address";
        QTest::newRow("region") << "region = EU West"
                                << "region must be";
    }

    void badValuesNameTheLine() {
        QFETCH(QString, text);
        QFETCH(QString, fragment);
        auto config = parseRelayConfig(text.toStdString());
        QVERIFY(!config.ok());
        QVERIFY2(QString::fromStdString(config.error().message).contains(fragment),
                 config.error().message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestRelayConfig)
#include "test_relay_config.moc"
