// ClientHelloAlpn: what the tunnel service lets through a public port. Real ClientHellos from
// OpenSSL's client side, whole and byte by byte; other protocols and damaged hellos.
#include "relay/node/client_hello_alpn.h"

#include <QtTest/QtTest>
#include <memory>
#include <openssl/ssl.h>
#include <string>
#include <vector>

using namespace ferry;
using relay::ClientHelloAlpn;
using Verdict = ClientHelloAlpn::Verdict;

namespace {

// The first flight of a TLS client offering `alpn` (wire form: each name with a length byte),
// or none at all when empty.
core::Bytes clientHello(const std::vector<std::string>& alpn) {
    std::unique_ptr<SSL_CTX, void (*)(SSL_CTX*)> context(SSL_CTX_new(TLS_client_method()),
                                                         SSL_CTX_free);
    std::unique_ptr<SSL, void (*)(SSL*)> ssl(SSL_new(context.get()), SSL_free);
    std::vector<unsigned char> protocols;
    for (const auto& name : alpn) {
        protocols.push_back(static_cast<unsigned char>(name.size()));
        protocols.insert(protocols.end(), name.begin(), name.end());
    }
    if (!protocols.empty())
        SSL_set_alpn_protos(ssl.get(), protocols.data(), static_cast<unsigned>(protocols.size()));
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl.get(), in, out);
    SSL_set_connect_state(ssl.get());
    (void)SSL_do_handshake(ssl.get()); // wants to read the server's answer: the hello is out
    core::Bytes hello(static_cast<std::size_t>(BIO_ctrl_pending(out)));
    BIO_read(out, hello.data(), static_cast<int>(hello.size()));
    return hello;
}

} // namespace

class TestClientHelloAlpn : public QObject {
    Q_OBJECT

    std::shared_ptr<SSL_CTX> m_context = ClientHelloAlpn::makeContext();

    Verdict verdictFor(const core::Bytes& bytes) {
        ClientHelloAlpn reader(m_context, "smp/1");
        return reader.feed(bytes);
    }

private slots:
    void aHelloOfferingSmpPasses() {
        QCOMPARE(verdictFor(clientHello({"smp/1"})), Verdict::Offers);
        // Among other names, in any place.
        QCOMPARE(verdictFor(clientHello({"h2", "smp/1"})), Verdict::Offers);
    }

    void aHelloWithoutSmpIsRefused() {
        QCOMPARE(verdictFor(clientHello({"h2", "http/1.1"})), Verdict::DoesNotOffer);
        QCOMPARE(verdictFor(clientHello({"smp/10"})), Verdict::DoesNotOffer);
        QCOMPARE(verdictFor(clientHello({})), Verdict::DoesNotOffer);
    }

    void aHelloArrivingByteByByteIsWaitedFor() {
        const core::Bytes hello = clientHello({"smp/1"});
        ClientHelloAlpn reader(m_context, "smp/1");
        for (std::size_t i = 0; i + 1 < hello.size(); ++i)
            QCOMPARE(reader.feed(core::ByteView(&hello[i], 1)), Verdict::NeedMore);
        QCOMPARE(reader.feed(core::ByteView(&hello.back(), 1)), Verdict::Offers);
        // Decided for good: more bytes change nothing.
        QCOMPARE(reader.feed(hello), Verdict::Offers);
    }

    void otherProtocolsAreRefusedAtOnce() {
        const std::string http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        QCOMPARE(verdictFor(core::Bytes(http.begin(), http.end())), Verdict::DoesNotOffer);
        const std::string ssh = "SSH-2.0-OpenSSH_9.2\r\n";
        QCOMPARE(verdictFor(core::Bytes(ssh.begin(), ssh.end())), Verdict::DoesNotOffer);
    }

    void aDamagedHelloIsRefused() {
        core::Bytes hello = clientHello({"smp/1"});
        hello[5] = 0x02; // a ServerHello's type where the ClientHello's should be
        QCOMPARE(verdictFor(hello), Verdict::DoesNotOffer);
        // A record that claims more than a hello may be never completes: the caller's size
        // bound ends it (NeedMore until then).
        core::Bytes truncated = clientHello({"smp/1"});
        truncated.resize(truncated.size() / 2);
        QCOMPARE(verdictFor(truncated), Verdict::NeedMore);
    }
};

QTEST_GUILESS_MAIN(TestClientHelloAlpn)
#include "test_client_hello_alpn.moc"
