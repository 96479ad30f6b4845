#include "util/base64.h"

#include "util/util_errc.h"

#include <sodium.h>

namespace ferry::core {

namespace {

std::string encode(ByteView data, int variant) {
    std::string out(sodium_base64_encoded_len(data.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), variant);
    out.resize(out.size() - 1); // drop the terminating NUL libsodium writes
    return out;
}

Result<Bytes> decode(std::string_view text, int variant, const char* what) {
    Bytes out(text.size() / 4 * 3 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    // Passing "=" as ignorable characters lets the unpadded form through too.
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), "=", &len, &end,
                          variant) != 0 ||
        end != text.data() + text.size())
        return makeError(UtilErrc::Base64, std::string("invalid ") + what + " text");
    out.resize(len);
    return out;
}

} // namespace

std::string base64UrlEncode(ByteView data) {
    return encode(data, sodium_base64_VARIANT_URLSAFE);
}

Result<Bytes> base64UrlDecode(std::string_view text) {
    return decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING, "base64url");
}

std::string base64Encode(ByteView data) {
    return encode(data, sodium_base64_VARIANT_ORIGINAL);
}

Result<Bytes> base64Decode(std::string_view text) {
    return decode(text, sodium_base64_VARIANT_ORIGINAL_NO_PADDING, "base64");
}

} // namespace ferry::core
