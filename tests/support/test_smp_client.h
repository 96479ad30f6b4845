#pragma once

#include "crypto/crypto_box.h"
#include "crypto/ed25519_key_pair.h"
#include "crypto/x25519_key_pair.h"
#include "smp/block_cipher.h"
#include "smp/command.h"
#include "smp/message_body.h"
#include "smp/response.h"
#include "util/bytes.h"
#include "util/result.h"

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace ferry::test {

/// What the test client's own steps report (the relay's and core's failures keep their codes).
enum class TestClientErrc {
    Connect = 1,
    Tls,
    Response,
    Read,
    Write,
    Refused,
    NoAnswer,
};
FERRY_DECLARE_ERROR_CODES(TestClientErrc, testClientErrorCategory)

} // namespace ferry::test

FERRY_ERROR_CODE_ENUM(ferry::test::TestClientErrc);

namespace ferry::test {

using core::Bytes;
using core::ByteView;
namespace smp = core::smp;
namespace crypto = core::crypto;

/// How a command is authorized: an Ed25519 signature or (v7+) the crypto_box authenticator
/// with an X25519 key.
using Signer = std::variant<const crypto::Ed25519KeyPair*, const crypto::X25519KeyPair*>;

/// Connection settings of the test client.
struct TestClientOptions {
    std::uint16_t port = 0;
    Bytes identity; ///< the relay's fingerprint
    smp::VersionRange versions{6, 9};
    bool alpn = true;                  ///< offer ALPN smp/1
    std::optional<Bytes> helloKeyHash; ///< send this keyHash instead of the identity
    bool proxyServer = false;          ///< say "private routing proxy" in the hello (v14+)
    bool offerService = false;         ///< offer a service certificate in the hello (v16+)
    std::chrono::milliseconds timeout{5000};
    /// SO_RCVBUF and SO_SNDBUF set before connecting (0: the system's), so that a client
    /// that stops reading fills the relay's socket soon.
    int socketBuffer = 0;
    /// Connect from this loopback address (127.0.0.2 is another host to the relay's
    /// per-address limits); empty: the system's choice.
    std::string sourceAddress;
};

/// A transmission received from the relay.
struct Received {
    Bytes corrId;
    Bytes entityId;
    smp::Response response;
    /// For a push from awaitPush(): the corrIds of answers that arrived before it and are
    /// still unread (the relay's order, which reading pushes first hides).
    std::vector<Bytes> earlierAnswers = {};
};

/// A blocking SMP client for tests and benchmarks: TLS with plain sockets and OpenSSL, the
/// client handshake from core/net, and commands built with the codec. One thread only.
class TestSmpClient {
public:
    static core::Result<std::unique_ptr<TestSmpClient>> connect(const TestClientOptions& options);
    ~TestSmpClient();

    smp::Version version() const { return m_version; }
    const Bytes& sessionId() const { return m_sessionId; }
    /// The relay's X25519 key of this connection (v7+), from its hello.
    const std::optional<crypto::PublicKey>& serverSessionKey() const { return m_serverSessionKey; }
    /// DH of this client's hello key and the relay's session key: what a private routing
    /// proxy seals RFWD with (v7+).
    core::Result<crypto::CryptoBox> helloBox() const;

    /// Encodes a transmission with a fresh corrId (returned through `corrId` if asked).
    Bytes transmission(const Bytes& entityId, const smp::Command& command,
                       std::optional<Signer> signer = std::nullopt, Bytes* corrId = nullptr);
    /// The same with a corrId of the caller's (RFWD seals with it).
    Bytes transmissionWith(const Bytes& corrId, const Bytes& entityId, const smp::Command& command,
                           std::optional<Signer> signer = std::nullopt);
    /// Sends transmissions in one block.
    core::Result<void> sendBlock(const std::vector<Bytes>& transmissions);
    /// Sends raw bytes (malformed-input tests), not encrypted even at v11.
    core::Result<void> sendRaw(ByteView bytes);
    /// Whether blocks are encrypted (v11+, smp/block_cipher.h).
    bool encrypted() const { return m_cipher.has_value(); }
    /// Sends a command and waits for the answer with its corrId; pushed messages and other
    /// answers that arrive first are kept for later.
    core::Result<smp::Response> call(const Bytes& entityId, const smp::Command& command,
                                     std::optional<Signer> signer = std::nullopt);
    /// Waits for the answer to a corrId sent earlier.
    core::Result<smp::Response> awaitAnswer(const Bytes& corrId);
    /// Waits for a pushed transmission (empty corrId): MSG after SUB, END.
    core::Result<Received> awaitPush();
    /// True if the relay closes the connection within the timeout.
    bool closedByPeer();
    /// Reads the next block and gives its transmissions (not kept for awaitAnswer()).
    core::Result<std::vector<Received>> readBlock();

private:
    TestSmpClient() = default;
    core::Result<void> readBlockInto(std::deque<Received>& out);
    core::Result<Bytes> readExact(std::size_t n);
    core::Result<void> writeAll(ByteView bytes);

    struct Tls;
    std::unique_ptr<Tls> m_tls;
    smp::Version m_version = 0;
    Bytes m_sessionId;
    std::optional<crypto::PublicKey> m_serverSessionKey;
    crypto::X25519KeyPair m_helloKey = crypto::X25519KeyPair::generate();
    std::optional<smp::BlockCipher> m_cipher;
    std::deque<Received> m_inbox;
};

/// A queue as its recipient knows it, with the keys to use it.
struct TestQueue {
    crypto::Ed25519KeyPair recipientKey = crypto::Ed25519KeyPair::generate();
    crypto::X25519KeyPair recipientDh = crypto::X25519KeyPair::generate();
    crypto::Ed25519KeyPair senderKey = crypto::Ed25519KeyPair::generate();
    Bytes recipientId;
    Bytes senderId;
    crypto::PublicKey serverDhKey;

    /// NEW for this queue.
    smp::cmd::New newCommand(bool subscribe = true, bool senderCanSecure = false) const;
    /// Opens a MSG body with the recipient's DH key.
    core::Result<smp::ReceivedMessage> open(const smp::rsp::Msg& msg) const;
};

/// Creates a queue with NEW and fills in its ids; secures it with KEY when asked; lets the
/// sender secure it (SKEY, v9) when asked.
core::Result<void> createQueue(TestSmpClient& client, TestQueue& queue, bool subscribe = true,
                               bool secure = false, bool senderCanSecure = false);

} // namespace ferry::test
