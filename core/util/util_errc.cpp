#include "util/util_errc.h"

namespace ferry::core {

namespace {

constexpr std::array<ErrorRow<UtilErrc>, 2> kRows{{
    {UtilErrc::Base64, "base64", "malformed base64 text"},
    {UtilErrc::QrTooLong, "qr_too_long", "the text is too long for a QR code"},
}};

} // namespace

FERRY_ERROR_CATEGORY(utilErrorCategory, "util", kRows, UtilErrc::QrTooLong)

} // namespace ferry::core
