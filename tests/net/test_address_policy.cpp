// Which addresses a relay dials for a stranger: globally routable ones, and the networks an
// operator allowed on purpose.
#include "net/address_policy.h"
#include "net/net_errc.h"

#include <QtTest>

using namespace ferry::core::net;
using boost::asio::ip::make_address;

class TestAddressPolicy : public QObject {
    Q_OBJECT

private slots:
    void globallyRoutable_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("global");
        const std::pair<const char*, bool> rows[] = {
            {"8.8.8.8", true},
            {"11.7.0.1", true},
            {"100.63.255.255", true},
            {"100.128.0.1", true},
            {"172.15.255.255", true},
            {"172.32.0.1", true},
            {"0.0.0.0", false},
            {"0.1.2.3", false},
            {"10.0.0.1", false},
            {"100.64.0.1", false},
            {"100.127.255.254", false},
            {"127.0.0.1", false},
            {"127.255.255.254", false},
            {"169.254.169.254", false},
            {"172.16.0.1", false},
            {"172.31.255.255", false},
            {"192.0.0.8", false},
            {"192.0.2.1", false},
            {"192.88.99.1", false},
            {"192.168.1.1", false},
            {"198.18.0.1", false},
            {"198.19.255.255", false},
            {"198.51.100.7", false},
            {"203.0.113.9", false},
            {"224.0.0.1", false},
            {"239.255.255.250", false},
            {"240.0.0.1", false},
            {"255.255.255.255", false},
            {"2606:4700::1111", true},
            {"2a00:1450:4001::1", true},
            {"::", false},
            {"::1", false},
            {"fe80::1", false},
            {"fc00::1", false},
            {"fd12:3456::1", false},
            {"ff02::1", false},
            {"fec0::1", false},
            {"64:ff9b::a00:1", false},
            {"2001::1", false},
            {"2001:db8::1", false},
            {"2002:c0a8:101::1", false},
            {"3fff::1", false},
            {"::ffff:127.0.0.1", false},
            {"::ffff:10.1.2.3", false},
            {"::ffff:8.8.8.8", true},
            {"::127.0.0.1", false},
        };
        for (const auto& [address, global] : rows)
            QTest::newRow(address) << QString(address) << global;
    }

    void globallyRoutable() {
        QFETCH(QString, address);
        QFETCH(bool, global);
        QCOMPARE(isGloballyRoutable(make_address(address.toStdString())), global);
    }

    void networksParse() {
        auto networks = parseIpNetworks("127.0.0.0/8, ::1/128  10.1.2.3");
        QVERIFY(networks);
        QCOMPARE(networks->size(), std::size_t(3));
        QCOMPARE((*networks)[0].text(), std::string("127.0.0.0/8"));
        QCOMPARE((*networks)[1].text(), std::string("::1/128"));
        QCOMPARE((*networks)[2].text(), std::string("10.1.2.3/32"));
        QVERIFY(parseIpNetworks("")->empty());

        for (const char* bad : {"nonsense", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x"}) {
            auto parsed = parseIpNetworks(bad);
            QVERIFY2(!parsed, bad);
            QCOMPARE(parsed.error().code, std::error_code(NetErrc::Address));
        }
        auto typo = parseIpNetwork("10.1.0.0/8");
        QVERIFY(!typo);
        QVERIFY2(typo.error().message.find("10.0.0.0/8") != std::string::npos,
                 typo.error().message.c_str());
    }

    void policyAllowsOnlyPublicAndListedNetworks() {
        const DialPolicy strict;
        QVERIFY(strict.allows(make_address("8.8.8.8")));
        QVERIFY(!strict.allows(make_address("127.0.0.1")));

        const DialPolicy lab(std::move(parseIpNetworks("127.0.0.0/8, fd00::/8")).value());
        QVERIFY(lab.allows(make_address("8.8.8.8")));
        QVERIFY(lab.allows(make_address("127.0.0.5")));
        QVERIFY(lab.allows(make_address("::ffff:127.0.0.5"))); // mapped: judged as IPv4
        QVERIFY(lab.allows(make_address("fd00::7")));
        QVERIFY(!lab.allows(make_address("10.0.0.1")));
        QVERIFY(!lab.allows(make_address("::1")));
    }
};

QTEST_APPLESS_MAIN(TestAddressPolicy)
#include "test_address_policy.moc"
