#include "smp/encoder.h"

#include <cassert>

namespace ferry::core::smp {

Encoder& Encoder::byte(std::uint8_t b) {
    m_out.push_back(b);
    return *this;
}

Encoder& Encoder::word16(std::uint16_t v) {
    m_out.push_back(static_cast<std::uint8_t>(v >> 8));
    m_out.push_back(static_cast<std::uint8_t>(v));
    return *this;
}

Encoder& Encoder::word32(std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        m_out.push_back(static_cast<std::uint8_t>(v >> shift));
    return *this;
}

Encoder& Encoder::int64(std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    word32(static_cast<std::uint32_t>(u >> 32));
    return word32(static_cast<std::uint32_t>(u));
}

Encoder& Encoder::boolean(bool v) {
    return ch(v ? 'T' : 'F');
}

Encoder& Encoder::shortString(ByteView s) {
    assert(s.size() <= 255);
    m_out.push_back(static_cast<std::uint8_t>(s.size()));
    return raw(s);
}

Encoder& Encoder::large(ByteView s) {
    assert(s.size() <= 65535);
    word16(static_cast<std::uint16_t>(s.size()));
    return raw(s);
}

Encoder& Encoder::raw(ByteView s) {
    m_out.insert(m_out.end(), s.begin(), s.end());
    return *this;
}

Encoder& Encoder::maybeShortString(const std::optional<Bytes>& s) {
    if (!s)
        return ch('0');
    ch('1');
    return shortString(*s);
}

} // namespace ferry::core::smp
