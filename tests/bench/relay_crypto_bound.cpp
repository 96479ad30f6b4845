// What the relay's own cryptography costs per delivered message, measured on one thread: the
// bound bench_relay_load compares the relay's throughput with.
#include "relay_crypto_bound.h"

#include "crypto/crypto_box.h"
#include "crypto/ed25519_key_pair.h"
#include "crypto/random.h"
#include "crypto/transmission_auth.h"
#include "smp/block.h"
#include "smp/block_cipher.h"
#include "smp/command.h"
#include "smp/message_body.h"
#include "smp/transmission.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <openssl/evp.h>
#include <optional>

namespace ferry::bench {

using namespace ferry::core;
using Clock = std::chrono::steady_clock;

namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

/// One TLS 1.3 ChaCha20-Poly1305 record of a 16 KB block, as the record layer does it:
/// per-record nonce, the 5-byte header as associated data, 16-byte tag.
class RecordCipher {
public:
    RecordCipher()
        : m_enc(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free),
          m_dec(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free) {
        const Bytes key = core::crypto::randomBytes(32);
        EVP_EncryptInit_ex(m_enc.get(), EVP_chacha20_poly1305(), nullptr, key.data(), nullptr);
        EVP_DecryptInit_ex(m_dec.get(), EVP_chacha20_poly1305(), nullptr, key.data(), nullptr);
        m_plain = core::crypto::randomBytes(smp::kBlockSize);
        m_sealed.resize(m_plain.size() + 16);
        encrypt(m_sealed.data(), m_sealed.data() + m_plain.size());
    }

    /// Encrypts a block (a block out); returns false on an OpenSSL failure.
    bool encrypt() { return encrypt(m_out.data(), m_tag.data()); }
    /// Decrypts and authenticates the block sealed at construction (a block in).
    bool decrypt() {
        int len = 0;
        EVP_DecryptInit_ex(m_dec.get(), nullptr, nullptr, nullptr, m_nonce.data());
        EVP_DecryptUpdate(m_dec.get(), nullptr, &len, m_header.data(), int(m_header.size()));
        EVP_DecryptUpdate(m_dec.get(), m_out.data(), &len, m_sealed.data(), int(m_plain.size()));
        EVP_CIPHER_CTX_ctrl(m_dec.get(), EVP_CTRL_AEAD_SET_TAG, 16,
                            m_sealed.data() + m_plain.size());
        return EVP_DecryptFinal_ex(m_dec.get(), m_out.data() + len, &len) == 1;
    }

private:
    bool encrypt(std::uint8_t* out, std::uint8_t* tag) {
        int len = 0;
        EVP_EncryptInit_ex(m_enc.get(), nullptr, nullptr, nullptr, m_nonce.data());
        EVP_EncryptUpdate(m_enc.get(), nullptr, &len, m_header.data(), int(m_header.size()));
        EVP_EncryptUpdate(m_enc.get(), out, &len, m_plain.data(), int(m_plain.size()));
        return EVP_EncryptFinal_ex(m_enc.get(), out + len, &len) == 1 &&
               EVP_CIPHER_CTX_ctrl(m_enc.get(), EVP_CTRL_AEAD_GET_TAG, 16, tag) == 1;
    }

    CipherCtx m_enc;
    CipherCtx m_dec;
    std::array<std::uint8_t, 12> m_nonce{};
    std::array<std::uint8_t, 5> m_header{0x17, 0x03, 0x03, 0x40, 0x11};
    std::array<std::uint8_t, 16> m_tag{};
    Bytes m_plain;
    Bytes m_sealed;
    Bytes m_out = Bytes(smp::kBlockSize + 16);
};

/// What the relay computes for one delivered message, prepared once.
struct MessageCrypto {
    crypto::Ed25519KeyPair senderKey = crypto::Ed25519KeyPair::generate();
    crypto::Ed25519KeyPair recipientKey = crypto::Ed25519KeyPair::generate();
    Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
    Bytes sendAuthorized, sendSignature, ackAuthorized, ackSignature;
    Bytes rcvDhSecret = crypto::randomBytes(32);
    Bytes msgId = crypto::randomBytes(24);
    Bytes padded;
    RecordCipher tls;
    /// From v11, the relay's side of a session's block cipher (null below).
    std::optional<smp::BlockCipher> blocks;
    Bytes plainBlock = Bytes(smp::kBlockSize, '#');
    smp::BlockCipher clientBlocks = agreedBlockCipher(smp::BlockCipher::Side::Client);

    static smp::BlockCipher agreedBlockCipher(smp::BlockCipher::Side side) {
        static const Bytes secret = crypto::randomBytes(32), sessionId = crypto::randomBytes(32);
        return std::move(smp::BlockCipher::create(side, sessionId, secret)).value();
    }

    MessageCrypto(std::size_t bodySize, smp::Version version) {
        if (version >= smp::versions::kEncryptedBlock)
            blocks = agreedBlockCipher(smp::BlockCipher::Side::Server);
        const Bytes sessionId = crypto::randomBytes(32);
        const Bytes queueId = crypto::randomBytes(24);
        const Bytes body = crypto::randomBytes(bodySize);
        sendAuthorized = smp::authorizedBytes(
            sessionId, corrId, queueId, smp::encodeCommand(version, smp::cmd::Send{false, body}));
        sendSignature = senderKey.sign(sendAuthorized);
        ackAuthorized = smp::authorizedBytes(sessionId, corrId, queueId,
                                             smp::encodeCommand(version, smp::cmd::Ack{msgId}));
        ackSignature = recipientKey.sign(ackAuthorized);
        padded = std::move(smp::encodeReceivedMessage({1700000000, false, false, body})).value();
    }

    bool verifySend() const {
        return crypto::verifyTransmissionAuth(senderKey.publicKey(), sendSignature, sendAuthorized,
                                              corrId, nullptr)
            .ok();
    }
    bool verifyAck() const {
        return crypto::verifyTransmissionAuth(recipientKey.publicKey(), ackSignature, ackAuthorized,
                                              corrId, nullptr)
            .ok();
    }
    bool seal() const {
        auto box = crypto::CryptoBox::fromSharedSecret(rcvDhSecret);
        return box && box->seal(crypto::cbNonce(msgId), padded).ok();
    }
    // SEND and ACK blocks in; the SEND's OK and the MSG blocks out.
    bool records() { return tls.decrypt() && tls.decrypt() && tls.encrypt() && tls.encrypt(); }
    // The same four blocks through the block cipher (v11+): two opened, two sealed. An open
    // needs a block the peer sealed, so the client's seal is part of the step; it costs what
    // an open costs (one HKDF step and secretbox over the block), and the result subtracts it.
    bool blockPair() {
        auto sealed = clientBlocks.seal(plainBlock);
        return sealed && blocks->open(*sealed).ok();
    }
    bool blockSeal() { return blocks->seal(plainBlock).ok(); }
    bool all() {
        bool ok = verifySend() && seal() && verifyAck() && records();
        if (ok && blocks)
            ok = blockPair() && blockPair() && blockSeal() && blockSeal();
        return ok;
    }
};

// Runs `step` for at least `seconds`; returns microseconds per call, or -1 if a step failed.
template <typename Step> double timePerCall(double seconds, Step step) {
    long calls = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    while (elapsed < seconds) {
        for (int i = 0; i < 16; ++i, ++calls)
            if (!step())
                return -1;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return elapsed * 1e6 / static_cast<double>(calls);
}

} // namespace

double measureCryptoBound(std::size_t bodySize, smp::Version version) {
    MessageCrypto m(bodySize, version);
    const double verifySend = timePerCall(0.25, [&] { return m.verifySend(); });
    const double seal = timePerCall(0.25, [&] { return m.seal(); });
    const double verifyAck = timePerCall(0.25, [&] { return m.verifyAck(); });
    const double records = timePerCall(0.25, [&] { return m.records(); });
    // The least of three runs: the cost of the work itself, not of whatever else ran then.
    double all = timePerCall(1.0, [&] { return m.all(); });
    for (int i = 0; i < 2; ++i)
        all = std::min(all, timePerCall(1.0, [&] { return m.all(); }));
    std::printf("relay crypto per message (1 thread, in-process): Ed25519 verify SEND %.1f us, "
                "crypto_box seal %zu B %.1f us,\n  Ed25519 verify ACK %.1f us, 4 TLS records "
                "(ChaCha20-Poly1305, 2 in + 2 out x 16 KB) %.1f us",
                verifySend, smp::kRcvMessagePaddedSize, seal, verifyAck, records);
    if (m.blocks) {
        const double blockSeal = timePerCall(0.25, [&] { return m.blockSeal(); });
        const double pair = timePerCall(0.25, [&] { return m.blockPair(); });
        // Last: sealing without the relay opening puts the two chains out of step.
        const double clientSeal =
            timePerCall(0.25, [&] { return m.clientBlocks.seal(m.plainBlock).ok(); });
        const double blockOpen = pair - clientSeal;
        all -= 2 * clientSeal; // the client's seals that all() makes for its two opens
        std::printf(",\n  block cipher (v11+, HKDF step + secretbox x 16 KB): 2 opened %.1f us, "
                    "2 sealed %.1f us",
                    2 * blockOpen, 2 * blockSeal);
    }
    std::printf("; all together %.1f us\n", all);
    return all;
}

} // namespace ferry::bench
