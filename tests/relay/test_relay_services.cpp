// The relay port's services through a real relay: the ALPN name a client gets for what it
// offers, SMP v6 for a client without a shared name, the node service reached through the
// map, and the node service refusing in words a message it does not serve.
#include "node/node_wire.h"
#include "node/reachability_check.h"
#include "relay/server/tls_server_context.h"
#include "relay_fixture.h"
#include "smp/block.h"
#include "smp/handshake.h"

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

using namespace ferry;
using namespace ferry::test;
using namespace std::chrono_literals;
namespace node = core::node;
namespace msg = core::node::msg;

namespace {

// A blocking TLS client that offers the ALPN names it is given and nothing else of SMP.
class RawTlsClient {
public:
    ~RawTlsClient() {
        if (m_ssl)
            SSL_free(m_ssl);
        if (m_ctx)
            SSL_CTX_free(m_ctx);
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool connect(std::uint16_t port, const std::vector<std::string>& alpn) {
        std::signal(SIGPIPE, SIG_IGN);
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{5, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            return false;
        m_ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_min_proto_version(m_ctx, TLS1_3_VERSION);
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_NONE, nullptr);
        m_ssl = SSL_new(m_ctx);
        core::Bytes list;
        for (const std::string& name : alpn) {
            list.push_back(static_cast<std::uint8_t>(name.size()));
            list.insert(list.end(), name.begin(), name.end());
        }
        if (!list.empty())
            SSL_set_alpn_protos(m_ssl, list.data(), static_cast<unsigned>(list.size()));
        SSL_set_fd(m_ssl, m_fd);
        return SSL_connect(m_ssl) == 1;
    }

    std::string selectedAlpn() const {
        const unsigned char* name = nullptr;
        unsigned int length = 0;
        SSL_get0_alpn_selected(m_ssl, &name, &length);
        return std::string(reinterpret_cast<const char*>(name), length);
    }

    bool write(core::ByteView data) {
        return SSL_write(m_ssl, data.data(), static_cast<int>(data.size())) ==
               static_cast<int>(data.size());
    }

    /// Exactly `size` bytes, or nothing when the connection ends first.
    std::optional<core::Bytes> read(std::size_t size) {
        core::Bytes out(size);
        for (std::size_t done = 0; done < size;) {
            const int n = SSL_read(m_ssl, out.data() + done, static_cast<int>(size - done));
            if (n <= 0)
                return std::nullopt;
            done += static_cast<std::size_t>(n);
        }
        return out;
    }

    std::optional<node::NodeMessage> readNodeMessage() {
        auto prefix = read(2);
        if (!prefix)
            return std::nullopt;
        auto length = node::nodeFrameLength(*prefix);
        if (!length)
            return std::nullopt;
        auto payload = read(*length);
        if (!payload)
            return std::nullopt;
        auto message = node::decodeNodeMessage(*payload);
        return message ? std::optional(std::move(message).value()) : std::nullopt;
    }

    /// True when the relay closed the connection (no more data comes).
    bool closedByPeer() {
        std::uint8_t byte = 0;
        return SSL_read(m_ssl, &byte, 1) <= 0;
    }

private:
    int m_fd = -1;
    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
};

// The version range of the relay's SMP server hello on `client`.
std::optional<smp::VersionRange> smpOffer(RawTlsClient& client) {
    auto block = client.read(smp::kBlockSize);
    if (!block)
        return std::nullopt;
    auto hello = smp::decodeServerHelloBlock(*block);
    return hello ? std::optional(hello->versions) : std::nullopt;
}

} // namespace

class TestRelayServices : public QObject {
    Q_OBJECT

private slots:
    void theRelayOffersItsServicesInItsOrder() {
        RelayFixture relay;
        const std::uint16_t port = relay.server().port();
        RawTlsClient both;
        QVERIFY(both.connect(port, {"h2", node::kNodeServiceAlpn, relay::kSmpAlpn}));
        QCOMPARE(both.selectedAlpn(), std::string(relay::kSmpAlpn));
        auto offer = smpOffer(both);
        QVERIFY(offer);
        QCOMPARE(offer->min, smp::versions::kMinSupported);
        QCOMPARE(offer->max, smp::versions::kMaxSupported);

        RawTlsClient nodeOnly;
        QVERIFY(nodeOnly.connect(port, {"h2", node::kNodeServiceAlpn}));
        QCOMPARE(nodeOnly.selectedAlpn(), std::string(node::kNodeServiceAlpn));
    }

    void aClientWithoutASharedNameGetsSmpV6() {
        RelayFixture relay;
        for (const std::vector<std::string>& offered :
             {std::vector<std::string>{}, std::vector<std::string>{"h2", "ferry-dir/1"}}) {
            RawTlsClient client;
            QVERIFY(client.connect(relay.server().port(), offered));
            QCOMPARE(client.selectedAlpn(), std::string());
            auto offer = smpOffer(client);
            QVERIFY(offer);
            QCOMPARE(offer->min, smp::versions::kLegacy);
            QCOMPARE(offer->max, smp::versions::kLegacy);
        }
        // And such a client completes the SMP handshake at v6, as before the map.
        auto legacy = relay.connect({6, 6}, false);
        QCOMPARE(legacy->version(), smp::Version(6));
    }

    void theNodeServiceWorksThroughTheMap() {
        RelayFixture checker, nodeRelay;
        RawTlsClient client;
        QVERIFY(client.connect(checker.server().port(), {node::kNodeServiceAlpn}));
        QVERIFY(client.write(node::frameNodeMessage(msg::CheckRequest{"smp://nonsense"})));
        auto answer = client.readNodeMessage();
        QVERIFY(answer);
        auto* refused = std::get_if<msg::Refused>(&*answer);
        QVERIFY(refused);
        QVERIFY2(refused->reason.find("not a relay address") == 0, refused->reason.c_str());

        auto check = node::checkReachability(checker.server().address(),
                                             nodeRelay.server().address(), 5000ms);
        QVERIFY2(check, check ? "" : check.error().message.c_str());
        QVERIFY2(check->reachable, check->detail.c_str());
    }

    void theNodeServiceRefusesAnUnknownMessageInWords() {
        RelayFixture relay;
        // A message the relay knows but does not serve (an answer sent to it), and a frame of
        // a kind it does not know at all (a later version's message).
        const core::Bytes unknownKind{0x00, 0x01, 'Z'};
        for (const core::Bytes& frame : {node::frameNodeMessage(msg::Pong{}), unknownKind}) {
            RawTlsClient client;
            QVERIFY(client.connect(relay.server().port(), {node::kNodeServiceAlpn}));
            QVERIFY(client.write(frame));
            auto answer = client.readNodeMessage();
            QVERIFY(answer);
            auto* refused = std::get_if<msg::Refused>(&*answer);
            QVERIFY(refused);
            QCOMPARE(refused->reason, std::string("unknown message"));
            QVERIFY(client.closedByPeer());
        }
    }
};

QTEST_GUILESS_MAIN(TestRelayServices)
#include "test_relay_services.moc"
