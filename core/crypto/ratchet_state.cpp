#include "crypto/ratchet_state.h"

#include "crypto/crypto_errc.h"

#include <algorithm>
#include <string>
#include <utility>

namespace ferry::core::crypto {

namespace {

constexpr std::size_t kKeySize = 32;
constexpr std::size_t kSkippedEntrySize = kKeySize + 4 + kKeySize;
constexpr std::uint32_t kMaxMessageLength = 1u << 24;

// Writes into a buffer sized in advance, so the secret never lives in a reallocated vector.
class Writer {
public:
    explicit Writer(SecretBytes& out) : m_out(out) {}

    void u8(std::uint8_t v) { m_out.data()[m_pos++] = v; }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v >> 8));
        u8(static_cast<std::uint8_t>(v));
    }
    void u32(std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            u8(static_cast<std::uint8_t>(v >> shift));
        }
    }
    void raw(ByteView bytes) {
        std::copy(bytes.begin(), bytes.end(), m_out.data() + m_pos);
        m_pos += bytes.size();
    }
    void optionalKey(ByteView key) {
        u8(key.empty() ? 0 : 1);
        raw(key);
    }

private:
    SecretBytes& m_out;
    std::size_t m_pos = 0;
};

class Reader {
public:
    explicit Reader(ByteView in) : m_in(in) {}

    bool failed() const { return m_failed; }
    bool atEnd() const { return m_pos == m_in.size(); }

    ByteView take(std::size_t n) {
        if (m_failed || m_in.size() - m_pos < n) {
            m_failed = true;
            return {};
        }
        ByteView part = m_in.subspan(m_pos, n);
        m_pos += n;
        return part;
    }
    std::uint8_t u8() {
        ByteView b = take(1);
        return b.empty() ? 0 : b[0];
    }
    std::uint16_t u16() {
        ByteView b = take(2);
        return b.empty() ? 0 : static_cast<std::uint16_t>((b[0] << 8) | b[1]);
    }
    std::uint32_t u32() {
        ByteView b = take(4);
        if (b.empty()) {
            return 0;
        }
        return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
               (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
    }
    SecretBytes key() { return SecretBytes(take(kKeySize)); }
    SecretBytes optionalKey() {
        const std::uint8_t flag = u8();
        if (flag > 1) {
            m_failed = true;
        }
        return flag == 1 ? key() : SecretBytes();
    }

private:
    ByteView m_in;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

std::size_t optionalKeySize(const SecretBytes& key) {
    return 1 + key.size();
}

bool validOptionalKey(const SecretBytes& key) {
    return key.empty() || key.size() == kKeySize;
}

} // namespace

SecretBytes RatchetState::serialize() const {
    const std::size_t size = 1 + 4 + kKeySize + 1 + (dhRemote ? kKeySize : 0) + kKeySize +
                             optionalKeySize(sendChainKey) + optionalKeySize(receiveChainKey) +
                             optionalKeySize(sendHeaderKey) + optionalKeySize(receiveHeaderKey) +
                             optionalKeySize(sendNextHeaderKey) +
                             optionalKeySize(receiveNextHeaderKey) + 3 * 4 + 2 +
                             associatedData.size() + 4 + skipped.size() * kSkippedEntrySize;
    SecretBytes out(size);
    Writer w(out);
    w.u8(kRatchetStateVersion);
    w.u32(messageLength);
    w.raw(dhSelf.secretKey().view());
    w.optionalKey(dhRemote ? ByteView(*dhRemote) : ByteView{});
    w.raw(rootKey.view());
    w.optionalKey(sendChainKey.view());
    w.optionalKey(receiveChainKey.view());
    w.optionalKey(sendHeaderKey.view());
    w.optionalKey(receiveHeaderKey.view());
    w.optionalKey(sendNextHeaderKey.view());
    w.optionalKey(receiveNextHeaderKey.view());
    w.u32(sendCount);
    w.u32(receiveCount);
    w.u32(previousCount);
    w.u16(static_cast<std::uint16_t>(associatedData.size()));
    w.raw(associatedData);
    w.u32(static_cast<std::uint32_t>(skipped.size()));
    for (const SkippedMessageKey& entry : skipped) {
        w.raw(entry.headerKey.view());
        w.u32(entry.n);
        w.raw(entry.messageKey.view());
    }
    return out;
}

Result<RatchetState> RatchetState::deserialize(ByteView blob) {
    const auto bad = [](const char* what) {
        return makeError(CryptoErrc::RatchetState, std::string("invalid ratchet state: ") + what);
    };
    Reader r(blob);
    if (r.u8() != kRatchetStateVersion || r.failed()) {
        return bad("unknown version");
    }
    const std::uint32_t messageLength = r.u32();
    SecretBytes dhSecret = r.key();
    std::optional<Bytes> dhRemote;
    const std::uint8_t hasRemote = r.u8();
    if (hasRemote == 1) {
        ByteView remote = r.take(kKeySize);
        dhRemote = Bytes(remote.begin(), remote.end());
    } else if (hasRemote != 0) {
        return bad("DHr flag");
    }
    SecretBytes rootKey = r.key();
    SecretBytes keys[6];
    for (SecretBytes& key : keys) {
        key = r.optionalKey();
    }
    const std::uint32_t ns = r.u32();
    const std::uint32_t nr = r.u32();
    const std::uint32_t pn = r.u32();
    ByteView ad = r.take(r.u16());
    const std::uint32_t skippedCount = r.u32();
    if (r.failed() || skippedCount > kRatchetMaxSkippedKeys) {
        return bad(r.failed() ? "truncated" : "too many skipped keys");
    }
    std::deque<SkippedMessageKey> skipped;
    for (std::uint32_t i = 0; i < skippedCount && !r.failed(); ++i) {
        SecretBytes hk = r.key();
        const std::uint32_t n = r.u32();
        SecretBytes mk = r.key();
        skipped.push_back(SkippedMessageKey{std::move(hk), n, std::move(mk)});
    }
    if (r.failed() || !r.atEnd()) {
        return bad(r.failed() ? "truncated" : "trailing bytes");
    }
    if (messageLength == 0 || messageLength > kMaxMessageLength) {
        return bad("message length");
    }
    for (const SecretBytes& key : keys) {
        if (!validOptionalKey(key)) {
            return bad("key length");
        }
    }
    auto pair = X25519KeyPair::fromSecret(dhSecret.view());
    if (!pair) {
        return pair.error();
    }
    return RatchetState{
        .dhSelf = std::move(pair).value(),
        .dhRemote = std::move(dhRemote),
        .rootKey = std::move(rootKey),
        .sendChainKey = std::move(keys[0]),
        .receiveChainKey = std::move(keys[1]),
        .sendHeaderKey = std::move(keys[2]),
        .receiveHeaderKey = std::move(keys[3]),
        .sendNextHeaderKey = std::move(keys[4]),
        .receiveNextHeaderKey = std::move(keys[5]),
        .sendCount = ns,
        .receiveCount = nr,
        .previousCount = pn,
        .skipped = std::move(skipped),
        .associatedData = Bytes(ad.begin(), ad.end()),
        .messageLength = messageLength,
    };
}

} // namespace ferry::core::crypto
