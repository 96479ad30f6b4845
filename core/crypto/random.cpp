#include "crypto/random.h"

#include "crypto/sodium.h"

#include <sodium.h>

namespace ferry::core::crypto {

Bytes randomBytes(std::size_t size) {
    Bytes out(size);
    randomFill({out.data(), out.size()});
    return out;
}

void randomFill(std::span<std::uint8_t> out) {
    ensureSodium();
    if (!out.empty()) {
        randombytes_buf(out.data(), out.size());
    }
}

bool constantTimeEqual(ByteView a, ByteView b) {
    if (a.size() != b.size()) {
        return false;
    }
    if (a.empty()) {
        return true;
    }
    ensureSodium();
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace ferry::core::crypto
