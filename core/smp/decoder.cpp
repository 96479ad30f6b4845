#include "smp/decoder.h"

namespace ferry::core::smp {

bool Decoder::need(std::size_t n) {
    if (m_failed)
        return false;
    if (m_in.size() - m_pos < n) {
        fail("unexpected end of input");
        return false;
    }
    return true;
}

void Decoder::fail(std::string reason) {
    if (!m_failed) {
        m_failed = true;
        m_reason = std::move(reason);
    }
}

std::uint8_t Decoder::byte() {
    if (!need(1))
        return 0;
    return m_in[m_pos++];
}

std::uint16_t Decoder::word16() {
    if (!need(2))
        return 0;
    auto v = static_cast<std::uint16_t>(m_in[m_pos] << 8 | m_in[m_pos + 1]);
    m_pos += 2;
    return v;
}

std::uint32_t Decoder::word32() {
    if (!need(4))
        return 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v = v << 8 | m_in[m_pos++];
    return v;
}

std::int64_t Decoder::int64() {
    std::uint64_t high = word32();
    std::uint64_t low = word32();
    return static_cast<std::int64_t>(high << 32 | low);
}

bool Decoder::boolean() {
    char c = ch();
    if (c == 'T')
        return true;
    if (c != 'F')
        fail("invalid Bool");
    return false;
}

Bytes Decoder::take(std::size_t n) {
    if (!need(n))
        return {};
    Bytes out(m_in.begin() + static_cast<std::ptrdiff_t>(m_pos),
              m_in.begin() + static_cast<std::ptrdiff_t>(m_pos + n));
    m_pos += n;
    return out;
}

Bytes Decoder::shortString() {
    std::size_t n = byte();
    return take(n);
}

Bytes Decoder::large() {
    std::size_t n = word16();
    return take(n);
}

Bytes Decoder::tail() {
    return take(remaining());
}

std::optional<Bytes> Decoder::maybeShortString() {
    char tag = ch();
    if (tag == '0')
        return std::nullopt;
    if (tag != '1') {
        fail("invalid Maybe tag");
        return std::nullopt;
    }
    return shortString();
}

std::string Decoder::word() {
    if (m_failed)
        return {};
    std::size_t end = m_pos;
    while (end < m_in.size() && m_in[end] != ' ')
        ++end;
    std::string out(m_in.begin() + static_cast<std::ptrdiff_t>(m_pos),
                    m_in.begin() + static_cast<std::ptrdiff_t>(end));
    m_pos = end;
    return out;
}

void Decoder::expect(char c) {
    if (m_failed)
        return;
    if (ch() != c && ok())
        fail(std::string("expected '") + c + "'");
}

void Decoder::expect(std::string_view literal) {
    for (char c : literal)
        expect(c);
}

void Decoder::expectEnd() {
    if (!m_failed && m_pos != m_in.size())
        fail("trailing bytes");
}

} // namespace ferry::core::smp
