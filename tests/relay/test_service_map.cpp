// The relay port's service map on its own: registration, the names the TLS context offers, which
// name a client's ALPN list selects (the relay's order wins), and where a connection without a
// shared name goes.
#include "node/node_wire.h"
#include "relay/server/service_map.h"
#include "relay/server/tls_server_context.h"

#include <QtTest>
#include <string>
#include <vector>

using namespace ferry;

namespace {

// A service that only records that it was asked.
class Recorder : public relay::ConnectionService {
public:
    void accept(relay::AcceptedConnection) override { ++accepted; }
    int accepted = 0;
};

// A client's ALPN list in TLS wire form.
core::Bytes alpnList(const std::vector<std::string>& names) {
    core::Bytes list;
    for (const std::string& name : names) {
        list.push_back(static_cast<std::uint8_t>(name.size()));
        list.insert(list.end(), name.begin(), name.end());
    }
    return list;
}

std::string selected(const relay::ServiceMap& map, const core::Bytes& clientList) {
    return core::toString(map.select(clientList));
}

} // namespace

class TestServiceMap : public QObject {
    Q_OBJECT

private slots:
    void servicesAreFoundByTheirNames() {
        Recorder smp, node;
        relay::ServiceMap map;
        QVERIFY(map.names().empty());
        QVERIFY(map.find(relay::kSmpAlpn) == nullptr);
        QVERIFY(map.find("") == nullptr); // no fallback yet

        QVERIFY(map.add(relay::kSmpAlpn, smp));
        map.setFallback(smp);
        QVERIFY(map.add(core::node::kNodeServiceAlpn, node));
        QCOMPARE(map.names(),
                 (std::vector<std::string>{relay::kSmpAlpn, core::node::kNodeServiceAlpn}));
        QVERIFY(map.find(relay::kSmpAlpn) == &smp);
        QVERIFY(map.find(core::node::kNodeServiceAlpn) == &node);
        QVERIFY(map.find("") == &smp); // no ALPN: SMP
        QVERIFY(map.find("h2") == nullptr);

        map.clear();
        QVERIFY(map.names().empty());
        QVERIFY(map.find("") == nullptr);
    }

    void badOrDuplicateNamesAreRefused() {
        Recorder a, b;
        relay::ServiceMap map;
        QVERIFY(map.add("smp/1", a));
        QVERIFY(!map.add("smp/1", b));
        QVERIFY(map.find("smp/1") == &a); // the first registration stays
        QVERIFY(!map.add("", b));
        QVERIFY(!map.add(std::string(256, 'x'), b));
        QVERIFY(map.add(std::string(255, 'x'), b));
        QCOMPARE(map.names().size(), std::size_t(2));
    }

    void theRelaysOrderWinsOverTheClients() {
        Recorder smp, node;
        relay::ServiceMap map;
        QVERIFY(map.add(relay::kSmpAlpn, smp));
        QVERIFY(map.add(core::node::kNodeServiceAlpn, node));
        // As the hard-coded list did: smp/1 first whatever the client's order.
        QCOMPARE(selected(map, alpnList({"ferry-node/1", "smp/1"})), std::string("smp/1"));
        QCOMPARE(selected(map, alpnList({"smp/1", "ferry-node/1"})), std::string("smp/1"));
        QCOMPARE(selected(map, alpnList({"h2", "ferry-node/1", "http/1.1"})),
                 std::string("ferry-node/1"));
        // The selection points into the client's list, as OpenSSL requires.
        const core::Bytes list = alpnList({"h2", "smp/1"});
        const core::ByteView chosen = map.select(list);
        QCOMPARE(chosen.data(), list.data() + 4);
    }

    void anUnknownNameSelectsNothingAndFallsBackToSmp() {
        Recorder smp, node;
        relay::ServiceMap map;
        QVERIFY(map.add(relay::kSmpAlpn, smp));
        map.setFallback(smp);
        QVERIFY(map.add(core::node::kNodeServiceAlpn, node));
        // Nothing selected: TLS goes on without ALPN, and the port hands the connection to
        // the fallback, SMP (which then offers v6 only).
        QVERIFY(map.select(alpnList({"h2", "ferry-dir/1"})).empty());
        QVERIFY(map.select({}).empty());
        QVERIFY(map.find("") == &smp);
        // A prefix or an extension of a registered name is not that name.
        QVERIFY(map.select(alpnList({"smp/", "smp/10", "ferry-node/1x"})).empty());
        // A malformed list: a length running past its end selects nothing.
        core::Bytes malformed = alpnList({"smp/1"});
        malformed[0] = 9;
        QVERIFY(map.select(malformed).empty());
    }

    void aNewServicePlugsInByName() {
        // What the directory or a proxy would do: register a name, and clients asking for it
        // get it; names nobody registered stay unknown.
        Recorder smp, directory;
        relay::ServiceMap map;
        QVERIFY(map.add(relay::kSmpAlpn, smp));
        QVERIFY(map.select(alpnList({"ferry-dir/1"})).empty());
        QVERIFY(map.add("ferry-dir/1", directory));
        QCOMPARE(selected(map, alpnList({"ferry-dir/1"})), std::string("ferry-dir/1"));
        QVERIFY(map.find("ferry-dir/1") == &directory);
        QVERIFY(map.select(alpnList({core::node::kNodeServiceAlpn})).empty());
    }
};

QTEST_GUILESS_MAIN(TestServiceMap)
#include "test_service_map.moc"
