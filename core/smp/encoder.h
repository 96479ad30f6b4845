#pragma once

#include "util/bytes.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace ferry::core::smp {

/// Appends SMP binary encodings (simplexmq Encoding.hs) to a growing buffer.
///
/// Lengths that do not fit their prefix are a programming error: callers validate sizes
/// (a shortString is at most 255 bytes, a Large at most 65535) before encoding.
class Encoder {
public:
    Encoder() = default;
    explicit Encoder(std::size_t reserve) { m_out.reserve(reserve); }

    Encoder& byte(std::uint8_t b);
    Encoder& ch(char c) { return byte(static_cast<std::uint8_t>(c)); }
    Encoder& space() { return ch(' '); }
    Encoder& word16(std::uint16_t v);
    Encoder& word32(std::uint32_t v);
    Encoder& int64(std::int64_t v);
    /// `T` or `F`.
    Encoder& boolean(bool v);
    /// 1-byte length then the bytes.
    Encoder& shortString(ByteView s);
    Encoder& shortString(std::string_view s) { return shortString(asBytes(s)); }
    /// Word16 length then the bytes.
    Encoder& large(ByteView s);
    /// Raw bytes with no prefix (SMP `Tail`, or literal tags).
    Encoder& raw(ByteView s);
    Encoder& raw(std::string_view s) { return raw(asBytes(s)); }
    /// `0`, or `1` followed by a shortString.
    Encoder& maybeShortString(const std::optional<Bytes>& s);

    const Bytes& bytes() const& { return m_out; }
    Bytes bytes() && { return std::move(m_out); }
    std::size_t size() const { return m_out.size(); }

private:
    Bytes m_out;
};

} // namespace ferry::core::smp
