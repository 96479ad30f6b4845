#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::core::smp {

/// Reads SMP binary encodings from a byte view without ever reading past its end.
///
/// Failure is sticky: the first bad read records a reason and every later read returns an
/// empty value, so a parser can read a whole structure and check `ok()` once at the end.
class Decoder {
public:
    explicit Decoder(ByteView in) : m_in(in) {}

    std::uint8_t byte();
    char ch() { return static_cast<char>(byte()); }
    std::uint16_t word16();
    std::uint32_t word32();
    std::int64_t int64();
    bool boolean();
    Bytes shortString();
    Bytes large();
    /// Exactly n bytes.
    Bytes take(std::size_t n);
    /// Everything that is left.
    Bytes tail();
    /// `0` or `1`+shortString.
    std::optional<Bytes> maybeShortString();
    /// Bytes up to (not including) the next space or the end; consumes them.
    std::string word();
    /// Consumes one expected character or fails.
    void expect(char c);
    /// Consumes a literal string or fails.
    void expect(std::string_view literal);

    /// Records a failure (the first one wins).
    void fail(std::string reason);
    bool ok() const { return !m_failed; }
    bool atEnd() const { return m_pos == m_in.size(); }
    std::size_t remaining() const { return m_failed ? 0 : m_in.size() - m_pos; }
    /// Unread bytes without consuming them.
    ByteView rest() const { return m_failed ? ByteView{} : m_in.subspan(m_pos); }
    const std::string& failure() const { return m_reason; }
    /// Fails unless all input was consumed.
    void expectEnd();

private:
    bool need(std::size_t n);

    ByteView m_in;
    std::size_t m_pos = 0;
    bool m_failed = false;
    std::string m_reason;
};

} // namespace ferry::core::smp
