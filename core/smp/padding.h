#pragma once

#include "util/bytes.h"
#include "util/result.h"

namespace ferry::core::smp {

/// Word16 length ‖ content ‖ `#` fill up to `paddedSize` (simplexmq Crypto.pad).
Result<Bytes> pad(ByteView content, std::size_t paddedSize);
/// Reverses pad(); fill bytes are not inspected, as in the reference.
Result<Bytes> unpad(ByteView padded);

} // namespace ferry::core::smp
