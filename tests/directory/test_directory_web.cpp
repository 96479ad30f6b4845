// Web browsers cannot verify the Ed25519 chain that relays and Ferry clients pin, so a
// directory also holds an ordinary certificate for them: its own self-signed ECDSA one, or
// the operator's. A client that offers only what browsers offer gets that one and the page;
// Ferry's own clients keep getting the pinned chain; a wrong credential stops the start with
// words that say what is wrong.
#include "directory_fixture.h"
#include "relay/directory/web_certificate.h"
#include "relay/relay_data.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <openssl/pem.h>
#include <openssl/ssl.h>

using namespace ferry;
using ferry::test::DirectoryFixture;
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

/// What a browser got from the directory: the certificates it was shown and the page.
struct BrowserVisit {
    std::vector<core::Bytes> chain; ///< DER, the leaf first
    int leafKeyType = 0;            ///< EVP_PKEY_EC, EVP_PKEY_RSA, ...
    unsigned status = 0;
    std::string body;
    std::string error; ///< why the visit failed, empty when it did not
};

core::Bytes der(X509* certificate) {
    unsigned char* out = nullptr;
    const int length = i2d_X509(certificate, &out);
    core::Bytes bytes(out, out + std::max(length, 0));
    OPENSSL_free(out);
    return bytes;
}

/// Browsers' signature algorithms: ECDSA and RSA-PSS, not Ed25519.
constexpr const char* kBrowserSignatures = "ECDSA+SHA256:ECDSA+SHA384:rsa_pss_rsae_sha256";

/// GET / as a browser would: TLS 1.3 offering `signatures`, ALPN h2 and http/1.1, and no
/// check of the certificate (a self-signed one is accepted by the person clicking through
/// the warning).
BrowserVisit visitAsABrowser(std::uint16_t port, const char* signatures = kBrowserSignatures) {
    BrowserVisit visit;
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    SSL_CTX* ctx = tls.native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set1_sigalgs_list(ctx, signatures);
    static const unsigned char kAlpn[] = "\x02h2\x08http/1.1";
    SSL_CTX_set_alpn_protos(ctx, kAlpn, sizeof kAlpn - 1);
    tls.set_verify_mode(asio::ssl::verify_none);
    asio::ssl::stream<asio::ip::tcp::socket> stream(io, tls);
    boost::system::error_code ec;
    stream.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    if (!ec)
        stream.handshake(asio::ssl::stream_base::client, ec);
    if (ec) {
        visit.error = ec.message();
        return visit;
    }
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(stream.native_handle());
    for (int i = 0; chain && i < sk_X509_num(chain); ++i)
        visit.chain.push_back(der(sk_X509_value(chain, i)));
    if (X509* leaf = SSL_get0_peer_certificate(stream.native_handle()))
        visit.leafKeyType = EVP_PKEY_get_base_id(X509_get0_pubkey(leaf));
    http::request<http::empty_body> request(http::verb::get, "/", 11);
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::connection, "close");
    http::write(stream, request, ec);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    if (!ec)
        http::read(stream, buffer, response, ec);
    if (ec) {
        visit.error = ec.message();
        return visit;
    }
    visit.status = response.result_int();
    visit.body = response.body();
    return visit;
}

/// The DER of the first certificate in a PEM file.
core::Bytes pemFileLeaf(const std::filesystem::path& path) {
    auto text = relay::readText(path);
    if (!text)
        return {};
    core::crypto::BioPtr bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
    core::crypto::X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    return certificate ? der(certificate.get()) : core::Bytes{};
}

void writeFile(const std::filesystem::path& path, const std::string& text) {
    QVERIFY(relay::writePrivateText(path, text));
}

/// A directory's configuration on a fresh data folder (as `ferry-directory init` writes it).
relay::directory::DirectoryConfig freshConfig(const QTemporaryDir& dir) {
    relay::directory::DirectoryInitOptions init;
    init.dataDir = dir.path().toStdString();
    init.host = "127.0.0.1";
    (void)relay::directory::initDirectoryData(init);
    return std::move(relay::directory::loadDirectoryConfig(init.dataDir)).value();
}

} // namespace

class TestDirectoryWeb : public QObject {
    Q_OBJECT

private slots:
    void aBrowserGetsTheDirectorysOwnWebCertificateAndThePage() {
        DirectoryFixture directory;
        const std::filesystem::path dataDir = directory.config().dataDir;
        const BrowserVisit visit = visitAsABrowser(directory.address().port);
        QVERIFY2(visit.error.empty(), visit.error.c_str());
        QCOMPARE(visit.leafKeyType, EVP_PKEY_EC);
        QCOMPARE(visit.chain.size(), std::size_t(1));
        QVERIFY(visit.chain.front() ==
                pemFileLeaf(dataDir / relay::directory::files::kWebCertificate));
        QCOMPARE(visit.status, 200u);
        QVERIFY(visit.body.find("<!DOCTYPE html>") == 0);
        // Its key is the owner's alone.
        QCOMPARE(std::filesystem::status(dataDir / relay::directory::files::kWebKey).permissions() &
                     std::filesystem::perms::all,
                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

        // Ferry's client still gets the chain its address pins (it offers only Ed25519).
        test::IoThreads io(1);
        core::directory::DirectoryClient client(io.io, directory.address());
        auto challenge = test::awaitResult<core::directory::Challenge>(
            [&](auto done) { client.challenge(done); });
        QVERIFY2(challenge, challenge ? "" : challenge.error().message.c_str());

        // A client that can verify Ed25519 as well gets the pinned chain, whatever its order.
        const BrowserVisit both =
            visitAsABrowser(directory.address().port, "ECDSA+SHA256:rsa_pss_rsae_sha256:ed25519");
        QVERIFY2(both.error.empty(), both.error.c_str());
        QCOMPARE(both.leafKeyType, EVP_PKEY_ED25519);
        QCOMPARE(both.chain.size(), std::size_t(2)); // [online, CA]

        // A restart shows browsers the same certificate: nothing is made anew.
        directory.restart();
        QVERIFY(visitAsABrowser(directory.address().port).chain == visit.chain);
    }

    void theOperatorsCertificateAndItsChainAreShown() {
        QTemporaryDir elsewhere;
        const std::filesystem::path folder = elsewhere.path().toStdString();
        auto leaf = relay::directory::makeSelfSignedWebCertificate("dir.example.org");
        auto intermediate = relay::directory::makeSelfSignedWebCertificate("Example CA");
        QVERIFY(leaf && intermediate);
        writeFile(folder / "fullchain.pem", leaf->first + intermediate->first);
        writeFile(folder / "privkey.pem", leaf->second);
        DirectoryFixture directory([&](relay::directory::DirectoryConfig& c) {
            c.webCertificate = folder / "fullchain.pem";
            c.webKey = folder / "privkey.pem";
        });
        const BrowserVisit visit = visitAsABrowser(directory.address().port);
        QVERIFY2(visit.error.empty(), visit.error.c_str());
        QCOMPARE(visit.chain.size(), std::size_t(2));
        QVERIFY(visit.chain.front() == pemFileLeaf(folder / "fullchain.pem"));
        QCOMPARE(visit.status, 200u);
        // None was made in the data folder.
        QVERIFY(!std::filesystem::exists(directory.config().dataDir /
                                         relay::directory::files::kWebCertificate));
    }

    void aWrongCredentialStopsTheStartAndSaysWhy() {
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        auto one = relay::directory::makeSelfSignedWebCertificate("one.example.org");
        auto other = relay::directory::makeSelfSignedWebCertificate("other.example.org");
        QVERIFY(one && other);
        writeFile(folder / "one.crt", one->first);
        writeFile(folder / "other.key", other->second);
        writeFile(folder / "empty.crt", "not a certificate\n");
        core::crypto::EvpPkeyPtr ed25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        core::crypto::BioPtr pem(BIO_new(BIO_s_mem()));
        PEM_write_bio_PrivateKey(pem.get(), ed25519.get(), nullptr, nullptr, 0, nullptr, nullptr);
        char* data = nullptr;
        const long size = BIO_get_mem_data(pem.get(), &data);
        writeFile(folder / "ed25519.key", std::string(data, static_cast<std::size_t>(size)));

        relay::directory::DirectoryConfig config = freshConfig(dir);
        auto expectRefusal = [&](const char* certificate, const char* key, const char* words) {
            config.webCertificate = certificate;
            config.webKey = key;
            auto loaded = relay::directory::loadWebCredential(config);
            QVERIFY2(!loaded, certificate);
            QVERIFY2(loaded.error().message.find(words) != std::string::npos,
                     loaded.error().message.c_str());
        };
        expectRefusal("one.crt", "other.key", "is not the key of the certificate in");
        expectRefusal("empty.crt", "other.key", "holds no PEM certificate");
        expectRefusal("one.crt", "ed25519.key", "must hold an ECDSA or RSA key");
        expectRefusal("missing.crt", "other.key", "missing.crt");

        // In directory.ini: the two keys go together, and the service does not start.
        auto half = relay::directory::parseDirectoryConfig("host = a.example\nweb_key = k.pem\n");
        QVERIFY(!half);
        QVERIFY(half.error().message.find("go together") != std::string::npos);
        config.webCertificate = "one.crt";
        config.webKey = "other.key";
        config.listenAddress = "127.0.0.1";
        config.port = 0;
        test::IoThreads io(1);
        core::SystemClock clock;
        auto store = relay::directory::DirectoryStore::open(folder / "directory.db");
        QVERIFY(store);
        relay::directory::DirectoryService service(
            io.io, config, std::move(relay::loadRelayIdentity(folder)).value(),
            std::move(store).value(), clock);
        auto started = service.start();
        QVERIFY(!started);
        QVERIFY(started.error().message.find("is not the key of the certificate") !=
                std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDirectoryWeb)
#include "test_directory_web.moc"
