#include "crypto/double_ratchet.h"

#include "crypto/crypto_errc.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/sodium.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <sodium.h>
#include <utility>

namespace ferry::core::crypto {

namespace {

constexpr std::size_t kKeySize = 32;
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kMaxMessageLength = 1u << 24; // as RatchetState::deserialize accepts
constexpr std::uint8_t kMessageKeyConstant = 0x01;
constexpr std::uint8_t kChainKeyConstant = 0x02;

static_assert(kNonceSize == 24 && kTagSize == 16, "formats in double_ratchet.h assume these");

void putU32(std::uint8_t* out, std::uint32_t v) {
    out[0] = static_cast<std::uint8_t>(v >> 24);
    out[1] = static_cast<std::uint8_t>(v >> 16);
    out[2] = static_cast<std::uint8_t>(v >> 8);
    out[3] = static_cast<std::uint8_t>(v);
}

std::uint32_t getU32(ByteView in) {
    return (std::uint32_t{in[0]} << 24) | (std::uint32_t{in[1]} << 16) |
           (std::uint32_t{in[2]} << 8) | std::uint32_t{in[3]};
}

Error decryptError(const char* message) {
    return makeError(CryptoErrc::Ratchet, message);
}

// XChaCha20-Poly1305 (IETF): ciphertext ‖ tag.
Bytes aeadSeal(ByteView key, ByteView nonce, ByteView plaintext, ByteView ad) {
    Bytes out(plaintext.size() + kTagSize);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &written, plaintext.data(),
                                               plaintext.size(), ad.data(), ad.size(), nullptr,
                                               nonce.data(), key.data());
    out.resize(static_cast<std::size_t>(written));
    return out;
}

std::optional<SecretBytes> aeadOpen(ByteView key, ByteView nonce, ByteView sealed, ByteView ad) {
    if (sealed.size() < kTagSize) {
        return std::nullopt;
    }
    SecretBytes out(sealed.size() - kTagSize);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, sealed.data(),
                                                   sealed.size(), ad.data(), ad.size(),
                                                   nonce.data(), key.data()) != 0 ||
        written != out.size()) {
        return std::nullopt;
    }
    return out;
}

struct Header {
    Bytes dh;
    std::uint32_t pn = 0;
    std::uint32_t n = 0;
};

// HENCRYPT: random nonce ‖ XChaCha20-Poly1305(hk, nonce, DH ‖ PN ‖ N). The header AEAD has no
// associated data of its own: the message body's AD covers the encrypted header.
Bytes encryptHeader(const SecretBytes& hk, ByteView dh, std::uint32_t pn, std::uint32_t n) {
    std::uint8_t plain[kRatchetHeaderSize];
    std::copy(dh.begin(), dh.end(), plain);
    putU32(plain + kKeySize, pn);
    putU32(plain + kKeySize + 4, n);
    Bytes out = randomBytes(kNonceSize);
    append(out, aeadSeal(hk.view(), out, ByteView{plain, sizeof plain}, {}));
    return out;
}

std::optional<Header> decryptHeader(const SecretBytes& hk, ByteView encrypted) {
    if (hk.empty() || encrypted.size() != kRatchetEncryptedHeaderSize) {
        return std::nullopt;
    }
    auto plain =
        aeadOpen(hk.view(), encrypted.first(kNonceSize), encrypted.subspan(kNonceSize), {});
    if (!plain || plain->size() != kRatchetHeaderSize) {
        return std::nullopt;
    }
    const ByteView p = plain->view();
    return Header{Bytes(p.begin(), p.begin() + kKeySize), getU32(p.subspan(kKeySize, 4)),
                  getU32(p.subspan(kKeySize + 4, 4))};
}

// Body AEAD key and nonce from a message key: HKDF-SHA512(salt = empty, ikm = MK,
// "FerryRatchetMessage", 56) = key (32) ‖ nonce (24). A message key is used exactly once, so the
// derived nonce never repeats under its key.
Result<SecretBytes> messageKeyMaterial(const SecretBytes& mk) {
    return hkdfSha512({}, mk.view(), asBytes(kRatchetMessageInfo), kKeySize + kNonceSize);
}

Result<Bytes> sealBody(const SecretBytes& mk, ByteView padded, ByteView ad) {
    auto material = messageKeyMaterial(mk);
    if (!material) {
        return material.error();
    }
    const ByteView m = material->view();
    return aeadSeal(m.first(kKeySize), m.subspan(kKeySize), padded, ad);
}

Result<Bytes> openBody(const SecretBytes& mk, ByteView body, ByteView ad) {
    auto material = messageKeyMaterial(mk);
    if (!material) {
        return material.error();
    }
    const ByteView m = material->view();
    auto padded = aeadOpen(m.first(kKeySize), m.subspan(kKeySize), body, ad);
    if (!padded) {
        return decryptError("message authentication failed");
    }
    return unpadMessage(padded->view());
}

// The parts of a message; views into the caller's buffer.
struct ParsedMessage {
    ByteView prefix; ///< version ‖ header length ‖ encrypted header: authenticated as AD
    ByteView encryptedHeader;
    ByteView body;
};

std::optional<ParsedMessage> parseMessage(ByteView message) {
    if (message.size() < 3 || message[0] != kRatchetMessageVersion) {
        return std::nullopt;
    }
    const std::size_t headerLength = (std::size_t{message[1]} << 8) | message[2];
    if (headerLength != kRatchetEncryptedHeaderSize ||
        message.size() < 3 + headerLength + kTagSize) {
        return std::nullopt;
    }
    return ParsedMessage{message.first(3 + headerLength), message.subspan(3, headerLength),
                         message.subspan(3 + headerLength)};
}

Bytes bodyAssociatedData(const RatchetState& s, ByteView prefix) {
    Bytes ad = s.associatedData;
    append(ad, prefix);
    return ad;
}

// SkipMessageKeysHE: stores the keys of messages Nr..until-1 of the current receiving chain.
Result<void> skipMessageKeys(RatchetState& s, std::uint32_t until) {
    if (until > s.receiveCount && until - s.receiveCount > kRatchetMaxSkip) {
        return decryptError("message too far ahead in its chain");
    }
    if (s.receiveChainKey.empty()) {
        return {};
    }
    while (s.receiveCount < until) {
        ChainKdfOutput next = kdfChainKey(s.receiveChainKey.view());
        s.receiveChainKey = std::move(next.chainKey);
        s.skipped.push_back(
            SkippedMessageKey{s.receiveHeaderKey, s.receiveCount, std::move(next.messageKey)});
        while (s.skipped.size() > kRatchetMaxSkippedKeys) {
            s.skipped.pop_front();
        }
        ++s.receiveCount;
    }
    return {};
}

// DHRatchetHE.
Result<void> dhRatchetStep(RatchetState& s, const Header& header) {
    s.previousCount = s.sendCount;
    s.sendCount = 0;
    s.receiveCount = 0;
    s.sendHeaderKey = s.sendNextHeaderKey;
    s.receiveHeaderKey = s.receiveNextHeaderKey;
    s.dhRemote = header.dh;
    auto dhIn = s.dhSelf.dh(header.dh);
    if (!dhIn) {
        return dhIn.error();
    }
    auto receiving = kdfRootKey(s.rootKey.view(), dhIn->view());
    if (!receiving) {
        return receiving.error();
    }
    s.rootKey = std::move(receiving->rootKey);
    s.receiveChainKey = std::move(receiving->chainKey);
    s.receiveNextHeaderKey = std::move(receiving->nextHeaderKey);

    s.dhSelf = X25519KeyPair::generate();
    auto dhOut = s.dhSelf.dh(header.dh);
    if (!dhOut) {
        return dhOut.error();
    }
    auto sending = kdfRootKey(s.rootKey.view(), dhOut->view());
    if (!sending) {
        return sending.error();
    }
    s.rootKey = std::move(sending->rootKey);
    s.sendChainKey = std::move(sending->chainKey);
    s.sendNextHeaderKey = std::move(sending->nextHeaderKey);
    return {};
}

// TrySkippedMessageKeysHE. Tries each distinct stored header key once (there are few: one per
// receiving chain with gaps), then looks the (HK, N) pair up. nullopt: no skipped key applies.
std::optional<Result<Bytes>> trySkipped(RatchetState& s, const ParsedMessage& msg) {
    std::vector<const SecretBytes*> tried;
    for (const SkippedMessageKey& entry : s.skipped) {
        const bool seen = std::any_of(tried.begin(), tried.end(), [&](const SecretBytes* hk) {
            return *hk == entry.headerKey;
        });
        if (seen) {
            continue;
        }
        tried.push_back(&entry.headerKey);
        auto header = decryptHeader(entry.headerKey, msg.encryptedHeader);
        if (!header) {
            continue;
        }
        auto it = std::find_if(s.skipped.begin(), s.skipped.end(), [&](const SkippedMessageKey& e) {
            return e.n == header->n && e.headerKey == entry.headerKey;
        });
        if (it == s.skipped.end()) {
            return std::nullopt; // right chain, but not a skipped message
        }
        auto plain = openBody(it->messageKey, msg.body, bodyAssociatedData(s, msg.prefix));
        if (plain) {
            s.skipped.erase(it);
        }
        return plain;
    }
    return std::nullopt;
}

} // namespace

Result<RootKdfOutput> kdfRootKey(ByteView rootKey, ByteView dhOutput) {
    auto okm = hkdfSha512(rootKey, dhOutput, asBytes(kRatchetRootInfo), 3 * kKeySize);
    if (!okm) {
        return okm.error();
    }
    const ByteView all = okm->view();
    return RootKdfOutput{SecretBytes(all.first(kKeySize)),
                         SecretBytes(all.subspan(kKeySize, kKeySize)),
                         SecretBytes(all.subspan(2 * kKeySize, kKeySize))};
}

ChainKdfOutput kdfChainKey(ByteView chainKey) {
    const std::uint8_t mkConstant[1] = {kMessageKeyConstant};
    const std::uint8_t ckConstant[1] = {kChainKeyConstant};
    Bytes mk = hmacSha512(chainKey, ByteView{mkConstant, 1});
    Bytes ck = hmacSha512(chainKey, ByteView{ckConstant, 1});
    ChainKdfOutput out{SecretBytes(ByteView(ck).first(kKeySize)),
                       SecretBytes(ByteView(mk).first(kKeySize))};
    sodium_memzero(mk.data(), mk.size());
    sodium_memzero(ck.data(), ck.size());
    return out;
}

Result<SecretBytes> padMessage(ByteView plaintext, std::size_t paddedLength) {
    if (paddedLength < kPaddingOverhead || plaintext.size() > paddedLength - kPaddingOverhead ||
        plaintext.size() > std::numeric_limits<std::uint32_t>::max()) {
        return makeError(CryptoErrc::RatchetTooLong, "message is too long for the padded size");
    }
    SecretBytes out(paddedLength); // zero-filled: the padding
    putU32(out.data(), static_cast<std::uint32_t>(plaintext.size()));
    std::copy(plaintext.begin(), plaintext.end(), out.data() + kPaddingOverhead);
    return out;
}

Result<Bytes> unpadMessage(ByteView padded) {
    if (padded.size() < kPaddingOverhead) {
        return makeError(CryptoErrc::Padding, "padded message too short");
    }
    const std::uint32_t length = getU32(padded);
    if (length > padded.size() - kPaddingOverhead) {
        return makeError(CryptoErrc::Padding, "padded message length out of range");
    }
    const ByteView rest = padded.subspan(kPaddingOverhead + length);
    if (!std::all_of(rest.begin(), rest.end(), [](std::uint8_t b) { return b == 0; })) {
        return makeError(CryptoErrc::Padding, "non-zero padding");
    }
    const ByteView body = padded.subspan(kPaddingOverhead, length);
    return Bytes(body.begin(), body.end());
}

DoubleRatchet::DoubleRatchet(RatchetState state) : m_state(std::move(state)) {}

namespace {

Result<void> checkInit(const X3dhResult& x3dh, std::size_t messageLength) {
    if (x3dh.rootKey.size() != kKeySize || x3dh.sendHeaderKey.size() != kKeySize ||
        x3dh.receiveHeaderKey.size() != kKeySize ||
        x3dh.associatedData.size() > std::numeric_limits<std::uint16_t>::max()) {
        return makeError(CryptoErrc::Ratchet, "invalid X3DH result");
    }
    if (messageLength < kRatchetMessageOverhead + kPaddingOverhead ||
        messageLength > kMaxMessageLength) {
        return makeError(CryptoErrc::Ratchet, "ratchet message length out of range");
    }
    return {};
}

} // namespace

// RatchetInitAliceHE.
Result<DoubleRatchet> DoubleRatchet::initAlice(const X3dhResult& x3dh, ByteView bobRatchetPublic,
                                               std::size_t messageLength) {
    if (auto checked = checkInit(x3dh, messageLength); !checked) {
        return checked.error();
    }
    ensureSodium();
    X25519KeyPair dhSelf = X25519KeyPair::generate();
    auto dh = dhSelf.dh(bobRatchetPublic);
    if (!dh) {
        return dh.error();
    }
    auto sending = kdfRootKey(x3dh.rootKey.view(), dh->view());
    if (!sending) {
        return sending.error();
    }
    return DoubleRatchet(RatchetState{
        .dhSelf = std::move(dhSelf),
        .dhRemote = Bytes(bobRatchetPublic.begin(), bobRatchetPublic.end()),
        .rootKey = std::move(sending->rootKey),
        .sendChainKey = std::move(sending->chainKey),
        .receiveChainKey = {},
        .sendHeaderKey = x3dh.sendHeaderKey,
        .receiveHeaderKey = {},
        .sendNextHeaderKey = std::move(sending->nextHeaderKey),
        .receiveNextHeaderKey = x3dh.receiveHeaderKey,
        .skipped = {},
        .associatedData = x3dh.associatedData,
        .messageLength = static_cast<std::uint32_t>(messageLength),
    });
}

// RatchetInitBobHE.
Result<DoubleRatchet> DoubleRatchet::initBob(const X3dhResult& x3dh,
                                             const X25519KeyPair& ratchetKeyPair,
                                             std::size_t messageLength) {
    if (auto checked = checkInit(x3dh, messageLength); !checked) {
        return checked.error();
    }
    return DoubleRatchet(RatchetState{
        .dhSelf = ratchetKeyPair,
        .dhRemote = std::nullopt,
        .rootKey = x3dh.rootKey,
        .sendChainKey = {},
        .receiveChainKey = {},
        .sendHeaderKey = {},
        .receiveHeaderKey = {},
        .sendNextHeaderKey = x3dh.sendHeaderKey,
        .receiveNextHeaderKey = x3dh.receiveHeaderKey,
        .skipped = {},
        .associatedData = x3dh.associatedData,
        .messageLength = static_cast<std::uint32_t>(messageLength),
    });
}

bool DoubleRatchet::canEncrypt() const {
    return !m_state.sendChainKey.empty() && !m_state.sendHeaderKey.empty();
}

std::size_t DoubleRatchet::maxPlaintextLength() const {
    return m_state.messageLength - kRatchetMessageOverhead - kPaddingOverhead;
}

// RatchetEncryptHE. Every check comes before the first change to the state.
Result<Bytes> DoubleRatchet::encrypt(ByteView plaintext) {
    if (!canEncrypt()) {
        return makeError(CryptoErrc::Ratchet,
                         "cannot encrypt before the first message was received");
    }
    if (m_state.sendCount == std::numeric_limits<std::uint32_t>::max()) {
        return makeError(CryptoErrc::Ratchet, "sending chain exhausted");
    }
    auto padded = padMessage(plaintext, m_state.messageLength - kRatchetMessageOverhead);
    if (!padded) {
        return padded.error();
    }
    ChainKdfOutput next = kdfChainKey(m_state.sendChainKey.view());
    Bytes message{kRatchetMessageVersion, 0,
                  static_cast<std::uint8_t>(kRatchetEncryptedHeaderSize)};
    append(message, encryptHeader(m_state.sendHeaderKey, m_state.dhSelf.publicKeyRaw(),
                                  m_state.previousCount, m_state.sendCount));
    auto body = sealBody(next.messageKey, padded->view(), bodyAssociatedData(m_state, message));
    if (!body) {
        return body.error();
    }
    append(message, *body);
    m_state.sendChainKey = std::move(next.chainKey);
    ++m_state.sendCount;
    return message;
}

// RatchetDecryptHE on a copy of the state, committed only when the message decrypted.
Result<Bytes> DoubleRatchet::decrypt(ByteView message) {
    auto parsed = parseMessage(message);
    if (!parsed) {
        return decryptError("malformed ratchet message");
    }
    RatchetState s = m_state;
    if (auto fromSkipped = trySkipped(s, *parsed)) {
        if (*fromSkipped) {
            m_state = std::move(s);
        }
        return std::move(*fromSkipped);
    }

    bool stepRatchet = false;
    auto header = decryptHeader(s.receiveHeaderKey, parsed->encryptedHeader);
    if (!header) {
        header = decryptHeader(s.receiveNextHeaderKey, parsed->encryptedHeader);
        stepRatchet = header.has_value();
    }
    if (!header) {
        return decryptError("cannot decrypt message header");
    }
    if (stepRatchet) {
        if (auto skippedOld = skipMessageKeys(s, header->pn); !skippedOld) {
            return skippedOld.error();
        }
        if (auto stepped = dhRatchetStep(s, *header); !stepped) {
            return stepped.error();
        }
    }
    if (header->n < s.receiveCount) {
        return decryptError("duplicate or expired message");
    }
    if (header->n == std::numeric_limits<std::uint32_t>::max()) {
        return decryptError("receiving chain exhausted");
    }
    if (auto skipped = skipMessageKeys(s, header->n); !skipped) {
        return skipped.error();
    }
    if (s.receiveChainKey.empty()) {
        return decryptError("no receiving chain");
    }
    ChainKdfOutput next = kdfChainKey(s.receiveChainKey.view());
    s.receiveChainKey = std::move(next.chainKey);
    ++s.receiveCount;
    auto plain = openBody(next.messageKey, parsed->body, bodyAssociatedData(s, parsed->prefix));
    if (plain) {
        m_state = std::move(s);
    }
    return plain;
}

SecretBytes DoubleRatchet::serialize() const {
    return m_state.serialize();
}

Result<DoubleRatchet> DoubleRatchet::deserialize(ByteView blob) {
    auto state = RatchetState::deserialize(blob);
    if (!state) {
        return state.error();
    }
    if (state->messageLength < kRatchetMessageOverhead + kPaddingOverhead) {
        return makeError(CryptoErrc::RatchetState, "invalid ratchet state: message length");
    }
    return DoubleRatchet(std::move(state).value());
}

} // namespace ferry::core::crypto
