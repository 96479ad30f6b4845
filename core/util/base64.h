#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <string>
#include <string_view>

namespace ferry::core {

/// base64url with `=` padding, as SMP addresses and queue URIs print keys and hashes.
std::string base64UrlEncode(ByteView data);
/// Accepts base64url with or without padding; rejects any other character.
Result<Bytes> base64UrlDecode(std::string_view text);

/// Standard base64 with padding (PEM bodies, JSON).
std::string base64Encode(ByteView data);
Result<Bytes> base64Decode(std::string_view text);

} // namespace ferry::core
