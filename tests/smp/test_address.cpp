// SMP server addresses and queue URIs: text round trips, the forms the SimpleX apps print,
// every malformed case with its message, and the binary server form byte by byte.
#include "smp/decoder.h"
#include "smp/queue_uri.h"
#include "smp/server_address.h"
#include "smp/smp_errc.h"
#include "util/base64.h"

#include <QByteArray>
#include <QTest>
#include <string>

using namespace ferry::core;
using namespace ferry::core::smp;

namespace {

// Server identities as they appear in real addresses: the SimpleX preset smp8 server, and the
// fixture server of simplexmq's own tests.
const QByteArray kPresetHash = "0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=";
const QByteArray kHash = "LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI=";
const QByteArray kHashHex = "2dc25431f561c03f32c6302249a0f3cc6177fa42c6e14874165fd9223ad1c232";
const QByteArray kOnion = "beccx4yfxxbvyhqypaavemqurytl6hozr47wfc7uuecacjqdvwpw2xid.onion";
const QByteArray kOnion2 = "jjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion";
// simplexmq ConnectionRequestTests `testDhKey` (X25519 SPKI), as strEncode prints it, and
// url-encoded as it appears in a query.
const QByteArray kDh = "MCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o=";
const QByteArray kDhQuery = "MCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o%3D";
// An Ed25519 SPKI with a zero key: valid DER, wrong algorithm for `dh`.
const QByteArray kEd25519 = "MCowBQYDK2VwAyEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

std::string str(const QByteArray& b) {
    return b.toStdString();
}

QByteArray srv(const QByteArray& rest) {
    return "smp://" + kHash + rest;
}

QByteArray hostsOf(const ServerAddress& server) {
    QByteArray out;
    for (const TransportHost& h : server.hosts) {
        if (!out.isEmpty())
            out += ' ';
        out +=
            QByteArray::number(static_cast<int>(h.kind)) + ':' + QByteArray::fromStdString(h.name);
    }
    return out;
}

} // namespace

class TestAddress : public QObject {
    Q_OBJECT

private slots:
    void serverRoundTrip_data();
    void serverRoundTrip();
    void presetServer();
    void serverMalformed_data();
    void serverMalformed();
    void passwordNeverInErrors();
    void transportHost_data();
    void transportHost();
    void binaryEncoding_data();
    void binaryEncoding();
    void binaryDecodeLenient();
    void binaryMalformed_data();
    void binaryMalformed();
    void queueRoundTrip_data();
    void queueRoundTrip();
    void queueOtherForms_data();
    void queueOtherForms();
    void queueFields();
    void queueMalformed_data();
    void queueMalformed();
    void queueFormatDropsPassword();
};

void TestAddress::serverRoundTrip_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("canonical");
    QTest::addColumn<QByteArray>("hosts"); // kind:name, kinds 0 IPv4 1 IPv6 2 onion 3 domain
    QTest::addColumn<int>("port");         // 0 = absent

    QTest::newRow("domain") << srv("@smp.example.com") << srv("@smp.example.com")
                            << QByteArray("3:smp.example.com") << 0;
    QTest::newRow("preset with onion") << "smp://" + kPresetHash + "@smp8.simplex.im," + kOnion
                                       << "smp://" + kPresetHash + "@smp8.simplex.im," + kOnion
                                       << "3:smp8.simplex.im 2:" + kOnion << 0;
    QTest::newRow("port") << srv("@localhost:5001") << srv("@localhost:5001")
                          << QByteArray("3:localhost") << 5001;
    QTest::newRow("explicit default port kept")
        << srv("@smp.example.com:5223") << srv("@smp.example.com:5223")
        << QByteArray("3:smp.example.com") << 5223;
    QTest::newRow("ipv4") << srv("@127.0.0.1:5002") << srv("@127.0.0.1:5002")
                          << QByteArray("0:127.0.0.1") << 5002;
    QTest::newRow("ipv4 leading zeros")
        << srv("@010.000.001.002") << srv("@10.0.1.2") << QByteArray("0:10.0.1.2") << 0;
    QTest::newRow("key hash unpadded") << "smp://" + kHash.chopped(1) + "@a.example"
                                       << srv("@a.example") << QByteArray("3:a.example") << 0;
    QTest::newRow("password") << srv(":s3cr3t-Pass_word!~%=&@host.example:443")
                              << srv(":s3cr3t-Pass_word!~%=&@host.example:443")
                              << QByteArray("3:host.example") << 443;
    QTest::newRow("ipv6 bracketed") << srv("@[2001:db8::1]:5223") << srv("@[2001:db8::1]:5223")
                                    << QByteArray("1:2001:db8::1") << 5223;
    QTest::newRow("ipv6 long form") << srv("@[2001:0DB8:0:0:0:0:0:1]") << srv("@[2001:db8::1]")
                                    << QByteArray("1:2001:db8::1") << 0;
    QTest::newRow("ipv6 leftmost longest zero run")
        << srv("@[1:0:0:2:0:0:3:4]") << srv("@[1::2:0:0:3:4]") << QByteArray("1:1::2:0:0:3:4") << 0;
    QTest::newRow("ipv6 single zero not compressed")
        << srv("@[1:2:3:4:5:6:0:8]") << srv("@[1:2:3:4:5:6:0:8]") << QByteArray("1:1:2:3:4:5:6:0:8")
        << 0;
    QTest::newRow("ipv6 any") << srv("@[::]") << srv("@[::]") << QByteArray("1:::") << 0;
    QTest::newRow("ipv6 bare") << srv("@::1") << srv("@[::1]") << QByteArray("1:::1") << 0;
    // simplexmq reads a bare IPv6 host up to the last hex digit or colon, port included; and
    // iproute shows ::1:5223 (first 96 bits zero) in the IPv4-compatible form.
    QTest::newRow("ipv6 bare swallows port")
        << srv("@::1:5223") << srv("@[::0.1.82.35]") << QByteArray("1:::0.1.82.35") << 0;
    QTest::newRow("ipv4-mapped ipv6")
        << srv("@[::ffff:192.0.2.1]:80") << srv("@[::ffff:192.0.2.1]:80")
        << QByteArray("1:::ffff:192.0.2.1") << 80;
    QTest::newRow("ipv4-mapped written in hex")
        << srv("@[::ffff:c000:201]") << srv("@[::ffff:192.0.2.1]")
        << QByteArray("1:::ffff:192.0.2.1") << 0;
    QTest::newRow("ipv4-compatible ipv6")
        << srv("@[::192.0.2.1]") << srv("@[::192.0.2.1]") << QByteArray("1:::192.0.2.1") << 0;
    QTest::newRow("mixed hosts") << srv("@1.2.3.4,[fe80::1],abc234.onion,example.com:1")
                                 << srv("@1.2.3.4,[fe80::1],abc234.onion,example.com:1")
                                 << QByteArray("0:1.2.3.4 1:fe80::1 2:abc234.onion 3:example.com")
                                 << 1;
    QTest::newRow("hex-looking domain before port")
        << srv("@cafe:5223") << srv("@cafe:5223") << QByteArray("3:cafe") << 5223;
    QTest::newRow("numeric-start domain")
        << srv("@1.2.3.example") << srv("@1.2.3.example") << QByteArray("3:1.2.3.example") << 0;
    QTest::newRow("port max and leading zeros")
        << srv("@h:065535") << srv("@h:65535") << QByteArray("3:h") << 65535;
}

void TestAddress::serverRoundTrip() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, canonical);
    QFETCH(QByteArray, hosts);
    QFETCH(int, port);

    auto parsed = parseServerAddress(str(input));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    QCOMPARE(parsed->scheme, ServerScheme::Smp);
    QCOMPARE(parsed->keyHash.size(), kKeyHashSize);
    QCOMPARE(hostsOf(*parsed), hosts);
    QCOMPARE(parsed->port.value_or(0), port);
    QCOMPARE(parsed->effectivePort(), port == 0 ? kDefaultSmpPort : port);
    QCOMPARE(QByteArray::fromStdString(formatServerAddress(*parsed)), canonical);

    auto again = parseServerAddress(str(canonical));
    QVERIFY(again.ok());
    QVERIFY(*again == *parsed);
}

void TestAddress::presetServer() {
    auto s = parseServerAddress(str("smp://" + kPresetHash + "@smp8.simplex.im," + kOnion));
    QVERIFY(s.ok());
    QCOMPARE(QByteArray::fromStdString(toHex(s->keyHash)),
             QByteArray("d18b93c0ed39609592f2b9239fd78b2438d08452af21877c778c46f17d5b9485"));
    QVERIFY(!s->basicAuth);
    QVERIFY(!s->port);
    QCOMPARE(s->effectivePort(), std::uint16_t{5223});
    QCOMPARE(s->hosts.size(), std::size_t{2});
    QCOMPARE(s->hosts[1].kind, HostKind::Onion);

    auto withAuth = parseServerAddress(str(srv(":password@host1,host2")));
    QVERIFY(withAuth.ok());
    QCOMPARE(withAuth->basicAuth.value_or(""), std::string("password"));
    QCOMPARE(QByteArray::fromStdString(formatServerAddress(*withAuth, false)), srv("@host1,host2"));
}

void TestAddress::serverMalformed_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("fragment");

    QTest::newRow("empty") << QByteArray() << QByteArray("missing scheme");
    QTest::newRow("no scheme") << QByteArray("smp8.simplex.im") << QByteArray("missing scheme");
    QTest::newRow("ntf") << "ntf://" + kHash + "@h" << QByteArray("unsupported scheme 'ntf'");
    QTest::newRow("xftp") << "xftp://" + kHash + "@h" << QByteArray("unsupported scheme 'xftp'");
    QTest::newRow("https") << "https://" + kHash + "@h" << QByteArray("unknown scheme 'https'");
    QTest::newRow("upper-case scheme") << "SMP://" + kHash + "@h" << QByteArray("unknown scheme");
    QTest::newRow("one slash") << "smp:/" + kHash + "@h" << QByteArray("expected '://'");
    QTest::newRow("no key hash") << QByteArray("smp://@h") << QByteArray("missing key hash");
    QTest::newRow("bad key hash char")
        << QByteArray("smp://$$$@h") << QByteArray("missing key hash");
    QTest::newRow("short key hash")
        << QByteArray("smp://1234-w==@h") << QByteArray("key hash must be 32 bytes, got 4");
    QTest::newRow("long key hash") << "smp://" + kHash.chopped(1) + "AAAA@h"
                                   << QByteArray("key hash must be 32 bytes, got 35");
    QTest::newRow("key hash not base64")
        << QByteArray("smp://A@h") << QByteArray("key hash is not valid base64url");
    QTest::newRow("no @") << "smp://" + kHash << QByteArray("missing '@'");
    QTest::newRow("junk after hash")
        << srv("!@h") << QByteArray("unexpected '!' after the key hash");
    QTest::newRow("no host") << srv("@") << QByteArray("missing host after '@'");
    QTest::newRow("port without host") << srv("@:5223") << QByteArray("missing host after '@'");
    QTest::newRow("empty host middle") << srv("@a,,b") << QByteArray("empty host in the host list");
    QTest::newRow("empty host first") << srv("@,a") << QByteArray("empty host in the host list");
    QTest::newRow("empty host last") << srv("@a,") << QByteArray("empty host in the host list");
    QTest::newRow("empty port") << srv("@a:") << QByteArray("port must be a number 1-65535");
    QTest::newRow("port 0") << srv("@a:0") << QByteArray("port must be a number 1-65535, got '0'");
    QTest::newRow("port 65536") << srv("@a:65536") << QByteArray("port must be a number 1-65535");
    QTest::newRow("port huge") << srv("@a:99999999999999999999")
                               << QByteArray("port must be a number 1-65535");
    QTest::newRow("port letters") << srv("@a:52x3") << QByteArray("port must be a number 1-65535");
    QTest::newRow("port negative") << srv("@a:-1") << QByteArray("port must be a number 1-65535");
    QTest::newRow("port trailing space") << srv("@a:5223 ") << QByteArray("port must be a number");
    QTest::newRow("two ports") << srv("@a:1:2") << QByteArray("port must be a number");
    QTest::newRow("empty password") << srv(":@a") << QByteArray("empty password after ':'");
    QTest::newRow("password space") << srv(":pa ss@a") << QByteArray("password may only contain");
    QTest::newRow("password slash") << srv(":pa/ss@a") << QByteArray("password may only contain");
    QTest::newRow("password colon") << srv(":pa:ss@a") << QByteArray("password may only contain");
    QTest::newRow("password no @") << srv(":pass") << QByteArray("missing '@'");
    QTest::newRow("password too long")
        << srv(":" + QByteArray(256, 'p') + "@a") << QByteArray("password is longer than 255");
    QTest::newRow("space in host")
        << srv("@a b") << QByteArray("invalid character ' ' in host 'a b'");
    QTest::newRow("newline in host") << srv("@a\n") << QByteArray("invalid character '?' in host");
    QTest::newRow("hash in host") << srv("@a#x") << QByteArray("invalid character '#'");
    QTest::newRow("at in host") << srv("@a@b") << QByteArray("invalid character '@'");
    QTest::newRow("path") << srv("@a/b") << QByteArray("unexpected path '/b' after the address");
    QTest::newRow("path after port") << srv("@a:1/") << QByteArray("unexpected path");
    QTest::newRow("unclosed bracket") << srv("@[::1") << QByteArray("missing ']'");
    QTest::newRow("bad ipv6 digit") << srv("@[::g]") << QByteArray("invalid IPv6 address '[::g]'");
    QTest::newRow("ipv6 nine groups")
        << srv("@[1:2:3:4:5:6:7:8:9]") << QByteArray("invalid IPv6 address");
    QTest::newRow("ipv6 two gaps") << srv("@[1::2::3]") << QByteArray("invalid IPv6 address");
    QTest::newRow("ipv6 gap for nothing")
        << srv("@[1:2:3:4::5:6:7:8]") << QByteArray("invalid IPv6 address");
    QTest::newRow("ipv6 long group") << srv("@[12345::]") << QByteArray("invalid IPv6 address");
    QTest::newRow("ipv6 empty brackets") << srv("@[]") << QByteArray("invalid IPv6 address");
    QTest::newRow("after brackets")
        << srv("@[::1]x") << QByteArray("unexpected 'x' after the address");
    QTest::newRow("ipv4 octet > 255")
        << srv("@300.1.1.1") << QByteArray("invalid IPv4 address '300.1.1.1'");
    QTest::newRow("ipv4 last octet > 255")
        << srv("@1.1.1.256") << QByteArray("invalid IPv4 address");
    QTest::newRow("ipv4 three parts") << srv("@1.2.3") << QByteArray("invalid IPv4 address");
    QTest::newRow("ipv4 five parts") << srv("@1.2.3.4.5") << QByteArray("invalid IPv4 address");
    QTest::newRow("upper-case onion")
        << srv("@ABC.onion") << QByteArray("invalid onion host 'ABC.onion'");
    QTest::newRow("onion subdomain") << srv("@a.b.onion") << QByteArray("invalid onion host");
    QTest::newRow("bare .onion") << srv("@.onion") << QByteArray("invalid onion host");
    QTest::newRow("host too long")
        << srv("@" + QByteArray(256, 'a')) << QByteArray("host is longer than 255 characters");
    QTest::newRow("query") << srv("@a?x=1") << QByteArray("invalid character '?'");
}

void TestAddress::serverMalformed() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, fragment);

    auto parsed = parseServerAddress(str(input));
    QVERIFY2(!parsed.ok(), formatServerAddress(parsed.ok() ? *parsed : ServerAddress{}).c_str());
    QCOMPARE(parsed.error().code, std::error_code(ferry::core::smp::SmpErrc::Address));
    const QByteArray message = QByteArray::fromStdString(parsed.error().message);
    QVERIFY2(message.startsWith("server address: "), message.constData());
    QVERIFY2(message.contains(fragment), message.constData());
}

void TestAddress::passwordNeverInErrors() {
    for (const char* bad :
         {":s3cret word@a", ":s3cret/word@a", ":s3cret@", ":s3cret@a:0", ":s3cret@a,,b"}) {
        auto parsed = parseServerAddress(str(srv(bad)));
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.find("s3cret") == std::string::npos,
                 parsed.error().message.c_str());
    }
}

void TestAddress::transportHost_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("kind"); // -1 = error
    QTest::addColumn<QByteArray>("name");

    QTest::newRow("domain") << QByteArray("smp.simplex.im") << 3 << QByteArray("smp.simplex.im");
    QTest::newRow("onion") << kOnion2 << 2 << kOnion2;
    QTest::newRow("ipv4") << QByteArray("192.168.1.1") << 0 << QByteArray("192.168.1.1");
    QTest::newRow("ipv6 bare") << QByteArray("2001:db8::1") << 1 << QByteArray("2001:db8::1");
    QTest::newRow("ipv6 bracketed")
        << QByteArray("[2001:db8::1]") << 1 << QByteArray("2001:db8::1");
    QTest::newRow("ipv6 mapped bare")
        << QByteArray("::ffff:10.0.0.1") << 1 << QByteArray("::ffff:10.0.0.1");
    QTest::newRow("ipv6 embedded v4")
        << QByteArray("2001:db8:1:2:3:4:192.0.2.1") << 1 << QByteArray("2001:db8:1:2:3:4:c000:201");
    QTest::newRow("embedded v4 leading zero")
        << QByteArray("::ffff:01.0.0.1") << -1 << QByteArray();
    QTest::newRow("ipv6 trailing colon") << QByteArray("1::2:") << -1 << QByteArray();
    QTest::newRow("ipv6 leading colon") << QByteArray(":1::2") << -1 << QByteArray();
    QTest::newRow("host:port") << QByteArray("a.example:5223") << -1 << QByteArray();
    QTest::newRow("empty") << QByteArray() << -1 << QByteArray();
    QTest::newRow("bracket only") << QByteArray("[") << -1 << QByteArray();
}

void TestAddress::transportHost() {
    QFETCH(QByteArray, input);
    QFETCH(int, kind);
    QFETCH(QByteArray, name);

    auto host = parseTransportHost(str(input));
    if (kind < 0) {
        QVERIFY(!host.ok());
        return;
    }
    QVERIFY2(host.ok(), host.ok() ? "" : host.error().message.c_str());
    QCOMPARE(static_cast<int>(host->kind), kind);
    QCOMPARE(QByteArray::fromStdString(host->name), name);
}

// Expected bytes derived from simplexmq `instance Encoding (ProtocolServer p)` =
// smpEncode (host, port, keyHash): NonEmpty TransportHost as 1-byte count + shortString of each
// host's strEncode (`smpEncode = smpEncode . strEncode`, IPv6 via iproute `show`, no brackets),
// ServiceName (String) as shortString of the port text ("" when absent), KeyHash as shortString.
void TestAddress::binaryEncoding_data() {
    QTest::addColumn<QByteArray>("address");
    QTest::addColumn<QByteArray>("hex");

    QTest::newRow("one host, no port") << srv("@smp8.simplex.im")
                                       << "01"
                                          "0f"
                                          "736d70382e73696d706c65782e696d"
                                          "00"
                                          "20" +
                                              kHashHex;
    QTest::newRow("ipv6 + onion + port") << srv("@[2001:db8::1],x.onion:5223")
                                         << "02"
                                            "0b"
                                            "323030313a6462383a3a31"
                                            "07"
                                            "782e6f6e696f6e"
                                            "04"
                                            "35323233"
                                            "20" +
                                                kHashHex;
    QTest::newRow("ipv4, password left out") << srv(":pw@1.2.3.4:80")
                                             << "01"
                                                "07"
                                                "312e322e332e34"
                                                "02"
                                                "3830"
                                                "20" +
                                                    kHashHex;
}

void TestAddress::binaryEncoding() {
    QFETCH(QByteArray, address);
    QFETCH(QByteArray, hex);

    auto server = parseServerAddress(str(address));
    QVERIFY(server.ok());
    Bytes bytes = encodeServerAddress(*server);
    QCOMPARE(QByteArray::fromStdString(toHex(bytes)), hex);

    auto decoded = decodeServerAddress(bytes);
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    ServerAddress expected = *server;
    expected.basicAuth.reset();
    QVERIFY(*decoded == expected);

    // Inside a longer buffer the decoder stops right after the key hash.
    Bytes longer = bytes;
    longer.push_back('0');
    Decoder d(longer);
    ServerAddress fromStream = decodeServerAddress(d);
    QVERIFY(d.ok());
    QCOMPARE(d.remaining(), std::size_t{1});
    QVERIFY(fromStream == expected);
}

void TestAddress::binaryDecodeLenient() {
    // A bracketed IPv6 host and a zero-padded port are what another encoder might send; the
    // reference parses hosts with the text parser, so do we.
    Bytes bytes = fromHex("01"
                          "05"
                          "5b3a3a315d"
                          "05"
                          "3035323233"
                          "20" +
                          kHashHex.toStdString());
    auto decoded = decodeServerAddress(bytes);
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    QCOMPARE(decoded->hosts.size(), std::size_t{1});
    QCOMPARE(decoded->hosts[0].kind, HostKind::IPv6);
    QCOMPARE(decoded->hosts[0].name, std::string("::1"));
    QCOMPARE(decoded->port.value_or(0), std::uint16_t{5223});
    QCOMPARE(QByteArray::fromStdString(toHex(encodeServerAddress(*decoded))), "01"
                                                                              "03"
                                                                              "3a3a31"
                                                                              "04"
                                                                              "35323233"
                                                                              "20" +
                                                                                  kHashHex);
}

void TestAddress::binaryMalformed_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QByteArray>("fragment");

    QTest::newRow("empty input") << QByteArray() << QByteArray("unexpected end of input");
    QTest::newRow("no hosts") << "00"
                                 "00"
                                 "20" +
                                     kHashHex
                              << QByteArray("empty host list");
    QTest::newRow("empty host") << "01"
                                   "00"
                                   "00"
                                   "20" +
                                       kHashHex
                                << QByteArray("empty host");
    QTest::newRow("bad host") << "01"
                                 "03"
                                 "612062"
                                 "00"
                                 "20" +
                                     kHashHex
                              << QByteArray("invalid character ' '");
    QTest::newRow("bad port") << "01"
                                 "01"
                                 "61"
                                 "03"
                                 "616263"
                                 "20" +
                                     kHashHex
                              << QByteArray("port must be a number 1-65535");
    QTest::newRow("port zero") << "01"
                                  "01"
                                  "61"
                                  "01"
                                  "30"
                                  "20" +
                                      kHashHex
                               << QByteArray("port must be a number 1-65535");
    QTest::newRow("short key hash") << "01"
                                       "01"
                                       "61"
                                       "00"
                                       "1f" +
                                           kHashHex.chopped(2)
                                    << QByteArray("key hash must be 32 bytes, got 31");
    QTest::newRow("truncated key hash") << "01"
                                           "01"
                                           "61"
                                           "00"
                                           "20" +
                                               kHashHex.chopped(2)
                                        << QByteArray("unexpected end of input");
    QTest::newRow("host count too high") << QByteArray("02"
                                                       "01"
                                                       "61")
                                         << QByteArray("unexpected end of input");
    QTest::newRow("trailing byte") << "01"
                                      "01"
                                      "61"
                                      "00"
                                      "20" +
                                          kHashHex + "30"
                                   << QByteArray("");
}

void TestAddress::binaryMalformed() {
    QFETCH(QByteArray, hex);
    QFETCH(QByteArray, fragment);

    Bytes bytes = fromHex(str(hex));
    QCOMPARE(bytes.size() * 2, static_cast<std::size_t>(hex.size()));
    auto decoded = decodeServerAddress(bytes);
    QVERIFY(!decoded.ok());
    QVERIFY2(QByteArray::fromStdString(decoded.error().message).contains(fragment),
             decoded.error().message.c_str());
}

// Canonical queue URIs. Rows marked (hs) are simplexmq's ConnectionRequestTests vectors with
// the 4-byte test key hash "1234-w==" replaced by a real 32-byte one, which Ferry requires.
void TestAddress::queueRoundTrip_data() {
    QTest::addColumn<QByteArray>("uri");

    const QByteArray smp = srv("@smp.simplex.im");
    QTest::newRow("queueStr (hs)")
        << smp + ":5223/3456-w==#/?v=1-4&dh=" + kDhQuery + "&q=m&k=s&srv=" + kOnion2;
    QTest::newRow("queueStrNoQM (hs)")
        << smp + ":5223/3456-w==#/?v=1-4&dh=" + kDhQuery + "&srv=" + kOnion2;
    QTest::newRow("queueStrContact (hs)")
        << smp + ":5223/3456-w==#/?v=1-4&dh=" + kDhQuery + "&q=c&srv=" + kOnion2;
    QTest::newRow("queue1Str (hs)") << smp + ":5223/3456-w==#/?v=1-4&dh=" + kDhQuery + "&q=m&k=s";
    QTest::newRow("queueNewStr (hs)")
        << smp + "," + kOnion2 + ":5223/3456-w==#/?v=2-4&dh=" + kDhQuery + "&q=m&k=s";
    QTest::newRow("queueNewNoPort (hs)")
        << smp + "," + kOnion2 + "/3456-w==#/?v=2-4&dh=" + kDhQuery + "&q=m&k=s";
    QTest::newRow("queueNew1NoPort (hs)") << smp + "/3456-w==#/?v=2-4&dh=" + kDhQuery + "&q=m&k=s";
    QTest::newRow("queueV1 (hs)") << smp + ":5223/3456-w==#/?v=1&dh=" + kDhQuery +
                                         "&srv=" + kOnion2;
    QTest::newRow("queueV1NoPort (hs)")
        << smp + "/3456-w==#/?v=1&dh=" + kDhQuery + "&srv=" + kOnion2;
    QTest::newRow("v4 messaging, no k=s") << smp + "/3456-w==#/?v=4&dh=" + kDhQuery + "&q=m";
    QTest::newRow("v3-4 contact") << smp + "/3456-w==#/?v=3-4&dh=" + kDhQuery + "&q=c";
    QTest::newRow("ipv6 authority")
        << srv("@[2001:db8::1]:443/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA#/?v=2-4&dh=") + kDhQuery;
    QTest::newRow("legacy srv with ipv6 and domain")
        << srv("@a.example/AAAA#/?v=1-4&dh=") + kDhQuery + "&srv=2001%3Adb8%3A%3A1%2Cb.example";
}

void TestAddress::queueRoundTrip() {
    QFETCH(QByteArray, uri);

    auto parsed = parseQueueUri(str(uri));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    QCOMPARE(QByteArray::fromStdString(formatQueueUri(*parsed)), uri);
    auto again = parseQueueUri(formatQueueUri(*parsed));
    QVERIFY(again.ok());
    QVERIFY(*again == *parsed);
}

// Forms the reference also reads, each with the canonical text it prints.
void TestAddress::queueOtherForms_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("canonical");

    const QByteArray smp = srv("@smp.simplex.im");
    const QByteArray queueStr =
        smp + ":5223/3456-w==#/?v=1-4&dh=" + kDhQuery + "&q=m&k=s&srv=" + kOnion2;
    const QByteArray v1 = smp + ":5223/3456-w==#/?v=1&dh=" + kDhQuery + "&srv=" + kOnion2;
    const QByteArray v1NoPort = smp + "/3456-w==#/?v=1&dh=" + kDhQuery + "&srv=" + kOnion2;

    QTest::newRow("key before query, extra param (hs)")
        << smp + ":5223/3456-w==#" + kDh + "/?v=1-4&extra_param=abc&srv=" + kOnion2 + "&q=m&k=s"
        << queueStr;
    QTest::newRow("dh not url-encoded (hs)")
        << smp + "," + kOnion2 + ":5223/3456-w==#/?v=2-4&dh=" + kDh + "&q=m&k=s"
        << smp + "," + kOnion2 + ":5223/3456-w==#/?v=2-4&dh=" + kDhQuery + "&q=m&k=s";
    QTest::newRow("unversioned with hosts (hs)")
        << smp + "," + kOnion2 + ":5223/3456-w==#" + kDh << v1;
    QTest::newRow("unversioned no port (hs)")
        << smp + "," + kOnion2 + "/3456-w==#" + kDh << v1NoPort;
    QTest::newRow("param order (hs)")
        << smp + ":5223/3456-w==#/?extra_param=abc&v=1&dh=" + kDh + "&srv=" + kOnion2 << v1;
    QTest::newRow("key before query, v1 (hs)")
        << smp + ":5223/3456-w==#" + kDh + "/?v=1&extra_param=abc&srv=" + kOnion2 << v1;
    QTest::newRow("v=1-1 (hs)") << smp + "/3456-w==#/?v=1-1&dh=" + kDhQuery + "&srv=" + kOnion2
                                << v1NoPort;
    QTest::newRow("k=s alone means messaging") << smp + "/AAAA#/?v=2-4&dh=" + kDhQuery + "&k=s"
                                               << smp + "/AAAA#/?v=2-4&dh=" + kDhQuery + "&q=m&k=s";
    QTest::newRow("q wins over k") << smp + "/AAAA#/?v=2-4&dh=" + kDhQuery + "&q=c&k=s"
                                   << smp + "/AAAA#/?v=2-4&dh=" + kDhQuery + "&q=c";
    QTest::newRow("unknown q value ignored")
        << smp + "/AAAA#/?v=2-4&dh=" + kDhQuery + "&q=x" << smp + "/AAAA#/?v=2-4&dh=" + kDhQuery;
    QTest::newRow("first of repeated params") << smp + "/AAAA#/?v=3&v=9&dh=" + kDhQuery + "&dh=junk"
                                              << smp + "/AAAA#/?v=3&dh=" + kDhQuery;
    QTest::newRow("slash after sender id")
        << smp + "/AAAA/#/?v=2&dh=" + kDhQuery << smp + "/AAAA#/?v=2&dh=" + kDhQuery;
    QTest::newRow("no slash before ?")
        << smp + "/AAAA#?v=2&dh=" + kDhQuery << smp + "/AAAA#/?v=2&dh=" + kDhQuery;
    QTest::newRow("semicolon separator")
        << smp + "/AAAA#/?v=2;dh=" + kDhQuery << smp + "/AAAA#/?v=2&dh=" + kDhQuery;
    QTest::newRow("unpadded sender id")
        << smp + "/3456-w#/?v=2&dh=" + kDhQuery << smp + "/3456-w==#/?v=2&dh=" + kDhQuery;
    QTest::newRow("v2 prints srv hosts in authority")
        << smp + "/AAAA#/?v=2-4&dh=" + kDhQuery + "&srv=" + kOnion2
        << smp + "," + kOnion2 + "/AAAA#/?v=2-4&dh=" + kDhQuery;
    QTest::newRow("empty srv") << smp + "/AAAA#/?v=2&dh=" + kDhQuery + "&srv="
                               << smp + "/AAAA#/?v=2&dh=" + kDhQuery;
    QTest::newRow("bracketed ipv6 in srv") << smp + "/AAAA#/?v=1&dh=" + kDhQuery + "&srv=%5B::1%5D"
                                           << smp + "/AAAA#/?v=1&dh=" + kDhQuery + "&srv=%3A%3A1";
}

void TestAddress::queueOtherForms() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, canonical);

    auto parsed = parseQueueUri(str(input));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    QCOMPARE(QByteArray::fromStdString(formatQueueUri(*parsed)), canonical);
    auto again = parseQueueUri(str(canonical));
    QVERIFY(again.ok());
    QVERIFY(*again == *parsed);
}

void TestAddress::queueFields() {
    auto uri = parseQueueUri(str(srv("@smp.simplex.im:5223/3456-w==#/?v=1-4&dh=") + kDhQuery +
                                 "&q=m&k=s&srv=" + kOnion2));
    QVERIFY(uri.ok());
    QCOMPARE(QByteArray::fromStdString(toHex(uri->server.keyHash)), kHashHex);
    QCOMPARE(uri->server.hosts.size(), std::size_t{2});
    QCOMPARE(uri->server.hosts[1].kind, HostKind::Onion);
    QCOMPARE(uri->server.port.value_or(0), std::uint16_t{5223});
    QCOMPARE(QByteArray::fromStdString(toHex(uri->senderId)), QByteArray("df8e7afb"));
    QCOMPARE(uri->clientVersions.min, Version{1});
    QCOMPARE(uri->clientVersions.max, Version{4});
    QCOMPARE(uri->dhKey.algorithm, crypto::KeyAlgorithm::X25519);
    QCOMPARE(base64UrlEncode(crypto::encodeSpki(uri->dhKey)), str(kDh));
    QVERIFY(uri->senderCanSecure());

    auto v1 = parseQueueUri(str(srv("@h/AAAA#") + kDh));
    QVERIFY(v1.ok());
    QCOMPARE(v1->clientVersions.min, Version{1});
    QCOMPARE(v1->clientVersions.max, Version{1});
    QVERIFY(!v1->queueMode);
    QVERIFY(!v1->senderCanSecure());

    // Built in code and printed: defaults are client versions 1-4 (legacy printing).
    QueueUri built;
    built.server = *parseServerAddress(str(srv("@a.example,b.example")));
    built.senderId = Bytes(24, 0x01);
    built.dhKey = uri->dhKey;
    built.queueMode = QueueMode::Messaging;
    QCOMPARE(QByteArray::fromStdString(formatQueueUri(built)),
             srv("@a.example/AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB#/?v=1-4&dh=") + kDhQuery +
                 "&q=m&k=s&srv=b.example");
}

void TestAddress::queueMalformed_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("fragment");

    const QByteArray tail = "#/?v=2&dh=" + kDhQuery;
    QTest::newRow("not a uri") << QByteArray("hello")
                               << QByteArray("server address: missing scheme");
    QTest::newRow("ntf") << "ntf://" + kHash + "@h/AAAA" + tail
                         << QByteArray("unsupported scheme 'ntf'");
    QTest::newRow("server password")
        << srv(":pw@h/AAAA") + tail << QByteArray("must not carry a password");
    QTest::newRow("bad server port") << srv("@h:0/AAAA") + tail << QByteArray("port must be");
    QTest::newRow("server only") << srv("@h") << QByteArray("expected '/' and the sender ID");
    QTest::newRow("no sender id") << srv("@h/") + tail << QByteArray("missing sender ID");
    QTest::newRow("bad sender id") << srv("@h/A") + tail << QByteArray("sender ID is not valid");
    QTest::newRow("no #") << srv("@h/AAAA?v=2") << QByteArray("expected '#' after the sender ID");
    QTest::newRow("nothing after #") << srv("@h/AAAA#") << QByteArray("missing the query");
    QTest::newRow("no ? after #/") << srv("@h/AAAA#/v=2") << QByteArray("expected '?'");
    QTest::newRow("junk after inline key")
        << srv("@h/AAAA#") + kDh + "x" << QByteArray("expected '?'");
    QTest::newRow("no v") << srv("@h/AAAA#/?dh=") + kDhQuery
                          << QByteArray("missing version parameter 'v'");
    QTest::newRow("empty v") << srv("@h/AAAA#/?v=&dh=") + kDhQuery << QByteArray("version must be");
    QTest::newRow("v letters") << srv("@h/AAAA#/?v=x&dh=") + kDhQuery
                               << QByteArray("version must be");
    QTest::newRow("v too big") << srv("@h/AAAA#/?v=70000&dh=") + kDhQuery
                               << QByteArray("version must be");
    QTest::newRow("v open range") << srv("@h/AAAA#/?v=1-&dh=") + kDhQuery
                                  << QByteArray("version must be");
    QTest::newRow("v reversed") << srv("@h/AAAA#/?v=4-2&dh=") + kDhQuery
                                << QByteArray("version range 4-2 has min above max");
    QTest::newRow("no dh") << srv("@h/AAAA#/?v=2") << QByteArray("missing key parameter 'dh'");
    QTest::newRow("dh not base64url")
        << srv("@h/AAAA#/?v=2&dh=M+ow") << QByteArray("dh key is not base64url");
    QTest::newRow("dh not spki") << srv("@h/AAAA#/?v=2&dh=AAAA") << QByteArray("must be an X25519");
    QTest::newRow("dh ed25519") << srv("@h/AAAA#/?v=2&dh=") + kEd25519
                                << QByteArray("must be an X25519");
    QTest::newRow("inline key ed25519")
        << srv("@h/AAAA#") + kEd25519 << QByteArray("must be an X25519");
    QTest::newRow("space in query")
        << srv("@h/AAAA") + tail + " " << QByteArray("space or control");
    QTest::newRow("newline in query") << srv("@h/AAAA") + tail + "\n"
                                      << QByteArray("space or control");
    QTest::newRow("bad srv host") << srv("@h/AAAA") + tail + "&srv=ABC.onion"
                                  << QByteArray("srv: invalid onion host");
    QTest::newRow("empty srv item")
        << srv("@h/AAAA") + tail + "&srv=a%2C%2Cb" << QByteArray("srv: empty host");
    QTest::newRow("trailing srv comma")
        << srv("@h/AAAA") + tail + "&srv=a," << QByteArray("srv: empty host");
}

void TestAddress::queueMalformed() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, fragment);

    auto parsed = parseQueueUri(str(input));
    QVERIFY2(!parsed.ok(), parsed.ok() ? formatQueueUri(*parsed).c_str() : "");
    QCOMPARE(parsed.error().code, std::error_code(ferry::core::smp::SmpErrc::QueueUri));
    const QByteArray message = QByteArray::fromStdString(parsed.error().message);
    QVERIFY2(message.startsWith("queue URI: "), message.constData());
    QVERIFY2(message.contains(fragment), message.constData());
}

void TestAddress::queueFormatDropsPassword() {
    auto uri = parseQueueUri(str(srv("@h/AAAA#/?v=2&dh=") + kDhQuery));
    QVERIFY(uri.ok());
    uri->server.basicAuth = "secret";
    const std::string printed = formatQueueUri(*uri);
    QVERIFY(printed.find("secret") == std::string::npos);
    QVERIFY(parseQueueUri(printed).ok());
}

QTEST_APPLESS_MAIN(TestAddress)
#include "test_address.moc"
