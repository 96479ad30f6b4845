#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core {

/// Owned byte string: the unit every codec and crypto function works on.
using Bytes = std::vector<std::uint8_t>;
/// Borrowed view of bytes.
using ByteView = std::span<const std::uint8_t>;

inline Bytes toBytes(std::string_view s) {
    return Bytes(s.begin(), s.end());
}

inline std::string toString(ByteView b) {
    return std::string(b.begin(), b.end());
}

inline ByteView asBytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline void append(Bytes& out, ByteView b) {
    out.insert(out.end(), b.begin(), b.end());
}

inline bool equal(ByteView a, ByteView b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

/// Lower-case hex, for tests and diagnostics (never for secrets in logs).
std::string toHex(ByteView b);
/// Parses hex (whitespace ignored); returns an empty vector on odd length or a bad digit.
Bytes fromHex(std::string_view hex);

} // namespace ferry::core
