#include "test_smp_client.h"

#include "crypto/cb_authenticator.h"
#include "crypto/crypto_box.h"
#include "crypto/random.h"
#include "net/smp_client_handshake.h"
#include "smp/block.h"
#include "smp/padding.h"
#include "smp/transmission.h"

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace ferry::test {

using core::makeError;

namespace {

constexpr std::array<core::ErrorRow<TestClientErrc>, 7> kTestClientRows{{
    {TestClientErrc::Connect, "connect", "cannot connect to the relay"},
    {TestClientErrc::Tls, "tls", "the TLS handshake failed"},
    {TestClientErrc::Response, "response", "undecodable response"},
    {TestClientErrc::Read, "read", "the connection closed or timed out while reading"},
    {TestClientErrc::Write, "write", "the connection closed while writing"},
    {TestClientErrc::Refused, "refused", "the relay answered with something else"},
    {TestClientErrc::NoAnswer, "no_answer", "the handler was not called"},
}};

} // namespace

FERRY_ERROR_CATEGORY(testClientErrorCategory, "test_client", kTestClientRows,
                     TestClientErrc::NoAnswer)

struct TestSmpClient::Tls {
    int fd = -1;
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    ~Tls() {
        if (ssl)
            SSL_free(ssl);
        if (ctx)
            SSL_CTX_free(ctx);
        if (fd >= 0)
            ::close(fd);
    }
};

namespace {

int openSocket(std::uint16_t port, std::chrono::milliseconds timeout, int buffer,
               const std::string& source) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (!source.empty()) {
        sockaddr_in from{};
        from.sin_family = AF_INET;
        if (::inet_pton(AF_INET, source.c_str(), &from.sin_addr) != 1 ||
            ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
            ::close(fd);
            return -1;
        }
    }
    if (buffer > 0) {
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    }
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::vector<Bytes> peerChain(SSL* ssl) {
    std::vector<Bytes> chain;
    STACK_OF(X509)* stack = SSL_get_peer_cert_chain(ssl);
    for (int i = 0; stack && i < sk_X509_num(stack); ++i) {
        unsigned char* der = nullptr;
        const int len = i2d_X509(sk_X509_value(stack, i), &der);
        if (len > 0)
            chain.emplace_back(der, der + len);
        OPENSSL_free(der);
    }
    return chain;
}

} // namespace

core::Result<std::unique_ptr<TestSmpClient>>
TestSmpClient::connect(const TestClientOptions& options) {
    // Tests close connections under each other; a write to a closed socket must fail, not
    // end the test process with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    std::unique_ptr<TestSmpClient> client(new TestSmpClient);
    client->m_tls = std::make_unique<Tls>();
    Tls& tls = *client->m_tls;
    tls.fd = openSocket(options.port, options.timeout, options.socketBuffer, options.sourceAddress);
    if (tls.fd < 0)
        return makeError(TestClientErrc::Connect,
                         "cannot connect to 127.0.0.1:" + std::to_string(options.port));
    tls.ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(tls.ctx, TLS1_3_VERSION);
    SSL_CTX_set_ciphersuites(tls.ctx, "TLS_CHACHA20_POLY1305_SHA256");
    SSL_CTX_set1_groups_list(tls.ctx, "X25519");
    // SMP pins the server identity itself, so the TLS layer does no CA validation.
    SSL_CTX_set_verify(tls.ctx, SSL_VERIFY_NONE, nullptr);
    tls.ssl = SSL_new(tls.ctx);
    if (options.alpn) {
        static const unsigned char kAlpn[] = {5, 's', 'm', 'p', '/', '1'};
        SSL_set_alpn_protos(tls.ssl, kAlpn, sizeof kAlpn);
    }
    SSL_set_fd(tls.ssl, tls.fd);
    if (SSL_connect(tls.ssl) != 1)
        return makeError(TestClientErrc::Tls, "TLS handshake failed");

    std::array<std::uint8_t, 64> finished{};
    const std::size_t length = SSL_get_finished(tls.ssl, finished.data(), finished.size());
    client->m_sessionId.assign(finished.begin(), finished.begin() + static_cast<long>(length));

    auto helloBlock = client->readExact(smp::kBlockSize);
    if (!helloBlock)
        return helloBlock.error();
    const crypto::X25519KeyPair& clientKey = client->m_helloKey;
    auto session = core::net::clientHandshake(*helloBlock, peerChain(tls.ssl), client->m_sessionId,
                                              options.identity, options.versions, clientKey,
                                              options.proxyServer);
    if (!session)
        return session.error();
    client->m_version = session->version;
    client->m_serverSessionKey = session->serverSessionKey;
    Bytes reply = session->clientHelloBlock;
    if (options.helloKeyHash || options.offerService) {
        smp::ClientHello hello{session->version, options.helloKeyHash.value_or(options.identity),
                               std::nullopt, options.proxyServer};
        if (session->version >= smp::versions::kAuthCommands)
            hello.authKey = clientKey.publicKey();
        Bytes content = smp::encodeClientHello(hello);
        if (options.offerService && session->version >= smp::versions::kServiceCerts) {
            content.back() = '1'; // Maybe(client service): a role and a chain would follow
            content.push_back('M');
        }
        reply = *smp::pad(content, smp::kBlockSize);
    }
    if (auto sent = client->writeAll(reply); !sent)
        return sent.error();
    if (session->encryptBlocks && session->serverSessionKey && !options.helloKeyHash &&
        !options.offerService) {
        auto cipher = smp::BlockCipher::agree(smp::BlockCipher::Side::Client, client->m_sessionId,
                                              clientKey, session->serverSessionKey->raw);
        if (!cipher)
            return cipher.error();
        client->m_cipher = std::move(cipher).value();
    }
    return client;
}

TestSmpClient::~TestSmpClient() = default;

core::Result<crypto::CryptoBox> TestSmpClient::helloBox() const {
    if (!m_serverSessionKey)
        return core::makeError(TestClientErrc::Response, "no session key below v7");
    return crypto::CryptoBox::fromDh(m_serverSessionKey->raw, m_helloKey);
}

Bytes TestSmpClient::transmission(const Bytes& entityId, const smp::Command& command,
                                  std::optional<Signer> signer, Bytes* corrIdOut) {
    const Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
    if (corrIdOut)
        *corrIdOut = corrId;
    return transmissionWith(corrId, entityId, command, signer);
}

Bytes TestSmpClient::transmissionWith(const Bytes& corrId, const Bytes& entityId,
                                      const smp::Command& command, std::optional<Signer> signer) {
    const Bytes encoded = smp::encodeCommand(m_version, command);
    smp::Transmission t{{}, m_sessionId, corrId, entityId, encoded};
    if (signer) {
        const Bytes authorized = smp::authorizedBytes(m_sessionId, corrId, entityId, encoded);
        if (auto* ed = std::get_if<const crypto::Ed25519KeyPair*>(&*signer)) {
            t.authorization = (*ed)->sign(authorized);
        } else if (m_serverSessionKey) {
            auto* x = std::get<const crypto::X25519KeyPair*>(*signer);
            auto auth = crypto::cbAuthenticate(m_serverSessionKey->raw, *x, corrId, authorized);
            if (auth)
                t.authorization = *auth;
        }
    }
    return smp::encodeTransmission(m_version, t);
}

core::Result<void> TestSmpClient::sendBlock(const std::vector<Bytes>& transmissions) {
    auto block = smp::encodeBlock(transmissions);
    if (block && m_cipher)
        block = m_cipher->seal(*block);
    if (!block)
        return block.error();
    return writeAll(*block);
}

core::Result<void> TestSmpClient::sendRaw(ByteView bytes) {
    return writeAll(bytes);
}

core::Result<smp::Response> TestSmpClient::call(const Bytes& entityId, const smp::Command& command,
                                                std::optional<Signer> signer) {
    Bytes corrId;
    const Bytes t = transmission(entityId, command, signer, &corrId);
    if (auto sent = sendBlock({t}); !sent)
        return sent.error();
    return awaitAnswer(corrId);
}

core::Result<smp::Response> TestSmpClient::awaitAnswer(const Bytes& corrId) {
    for (;;) {
        for (auto it = m_inbox.begin(); it != m_inbox.end(); ++it) {
            if (it->corrId == corrId) {
                smp::Response r = std::move(it->response);
                m_inbox.erase(it);
                return r;
            }
        }
        if (auto read = readBlockInto(m_inbox); !read)
            return read.error();
    }
}

core::Result<Received> TestSmpClient::awaitPush() {
    for (;;) {
        for (auto it = m_inbox.begin(); it != m_inbox.end(); ++it) {
            if (it->corrId.empty()) {
                Received r = std::move(*it);
                for (auto earlier = m_inbox.begin(); earlier != it; ++earlier)
                    r.earlierAnswers.push_back(earlier->corrId);
                m_inbox.erase(it);
                return r;
            }
        }
        if (auto read = readBlockInto(m_inbox); !read)
            return read.error();
    }
}

bool TestSmpClient::closedByPeer() {
    std::uint8_t byte;
    for (;;) {
        const int n = SSL_read(m_tls->ssl, &byte, 1);
        if (n > 0)
            continue; // drain whatever was still in flight
        const int err = SSL_get_error(m_tls->ssl, n);
        return err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL || err == SSL_ERROR_SSL;
    }
}

core::Result<std::vector<Received>> TestSmpClient::readBlock() {
    std::deque<Received> items;
    if (auto read = readBlockInto(items); !read)
        return read.error();
    return std::vector<Received>(std::make_move_iterator(items.begin()),
                                 std::make_move_iterator(items.end()));
}

core::Result<void> TestSmpClient::readBlockInto(std::deque<Received>& out) {
    auto block = readExact(smp::kBlockSize);
    if (block && m_cipher)
        block = m_cipher->open(*block);
    if (!block)
        return block.error();
    auto items = smp::decodeBlock(*block);
    if (!items)
        return items.error();
    for (const Bytes& item : *items) {
        auto t = smp::decodeTransmission(m_version, item);
        if (!t)
            return t.error();
        auto response = smp::decodeResponse(m_version, t->command);
        if (!response)
            return makeError(TestClientErrc::Response,
                             "undecodable response: " + response.error().message);
        out.push_back({t->corrId, t->entityId, std::move(response).value()});
    }
    return {};
}

core::Result<Bytes> TestSmpClient::readExact(std::size_t n) {
    Bytes out(n);
    std::size_t got = 0;
    while (got < n) {
        const int r = SSL_read(m_tls->ssl, out.data() + got, static_cast<int>(n - got));
        if (r <= 0)
            return makeError(TestClientErrc::Read, "connection closed or timed out");
        got += static_cast<std::size_t>(r);
    }
    return out;
}

core::Result<void> TestSmpClient::writeAll(ByteView bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const int w =
            SSL_write(m_tls->ssl, bytes.data() + sent, static_cast<int>(bytes.size() - sent));
        if (w <= 0)
            return makeError(TestClientErrc::Write, "connection closed");
        sent += static_cast<std::size_t>(w);
    }
    return {};
}

smp::cmd::New TestQueue::newCommand(bool subscribe, bool senderCanSecure) const {
    smp::cmd::New c;
    c.rcvAuthKey = recipientKey.publicKey();
    c.rcvDhKey = recipientDh.publicKey();
    c.subMode = subscribe ? smp::SubscriptionMode::Subscribe : smp::SubscriptionMode::OnlyCreate;
    c.queueRequest = smp::QueueRequest{
        senderCanSecure ? smp::QueueMode::Messaging : smp::QueueMode::Contact, std::nullopt};
    return c;
}

core::Result<smp::ReceivedMessage> TestQueue::open(const smp::rsp::Msg& msg) const {
    auto box = crypto::CryptoBox::fromDh(serverDhKey.raw, recipientDh);
    if (!box)
        return box.error();
    auto padded = box->open(crypto::cbNonce(msg.msgId), msg.encryptedBody);
    if (!padded)
        return padded.error();
    return smp::decodeReceivedMessage(*padded);
}

core::Result<void> createQueue(TestSmpClient& client, TestQueue& queue, bool subscribe, bool secure,
                               bool senderCanSecure) {
    auto r =
        client.call({}, queue.newCommand(subscribe, senderCanSecure), Signer{&queue.recipientKey});
    if (!r)
        return r.error();
    auto* ids = std::get_if<smp::rsp::Ids>(&*r);
    if (!ids)
        return makeError(TestClientErrc::Refused,
                         std::string("NEW answered ") + smp::responseTag(*r));
    queue.recipientId = ids->recipientId;
    queue.senderId = ids->senderId;
    queue.serverDhKey = ids->serverDhKey;
    if (secure) {
        auto k = client.call(queue.recipientId, smp::cmd::Key{queue.senderKey.publicKey()},
                             Signer{&queue.recipientKey});
        if (!k)
            return k.error();
        if (!std::holds_alternative<smp::rsp::Ok>(*k))
            return makeError(TestClientErrc::Refused,
                             std::string("KEY answered ") + smp::responseTag(*k));
    }
    return {};
}

} // namespace ferry::test
