#pragma once

#include "util/bytes.h"

#include <string_view>

namespace ferry::test {

using core::Bytes;

/// Bytes of a text literal (protocol tags and other ASCII on the wire).
inline Bytes ascii(std::string_view s) {
    return core::toBytes(s);
}

/// Bytes of a hex literal; spaces allowed for readability.
inline Bytes hex(std::string_view h) {
    return core::fromHex(h);
}

/// n copies of a byte.
inline Bytes repeat(std::uint8_t b, std::size_t n) {
    return Bytes(n, b);
}

/// Concatenation, so expected wire bytes read left to right like the encoding.
template <typename... Parts> Bytes cat(const Parts&... parts) {
    Bytes out;
    // Reserved first: GCC 12's -O2 -Wstringop-overflow misreads growing a one-byte vector.
    out.reserve((std::size(parts) + ... + 0));
    (core::append(out, parts), ...);
    return out;
}

/// shortString: one length byte, then the bytes.
inline Bytes shortStr(const Bytes& b) {
    return cat(Bytes{static_cast<std::uint8_t>(b.size())}, b);
}

} // namespace ferry::test
