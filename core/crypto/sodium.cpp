#include "crypto/sodium.h"

#include <cstdio>
#include <cstdlib>
#include <sodium.h>

namespace ferry::core::crypto {

void ensureSodium() {
    // 0 = initialised now, 1 = already initialised, -1 = failure.
    if (sodium_init() < 0) {
        std::fputs("ferry: libsodium failed to initialise; refusing to continue\n", stderr);
        std::abort();
    }
}

} // namespace ferry::core::crypto
