#pragma once

#include "smp/version.h"

#include <cstddef>

namespace ferry::bench {

/// Microseconds per delivered message of the relay's own cryptography on one core: Ed25519
/// verification of the SEND and the ACK, the crypto_box to the recipient, four 16 KB TLS
/// records and, from v11, two blocks opened and two sealed by the block cipher. Printed with
/// a breakdown; the least of three runs.
double measureCryptoBound(std::size_t bodySize, core::smp::Version version);

} // namespace ferry::bench
