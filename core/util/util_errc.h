#pragma once

#include "util/error_table.h"

namespace ferry::core {

/// What can fail in util; each code's tag and words are in util_errc.cpp.
enum class UtilErrc {
    Base64 = 1,
    QrTooLong,
};
FERRY_DECLARE_ERROR_CODES(UtilErrc, utilErrorCategory)

} // namespace ferry::core

FERRY_ERROR_CODE_ENUM(ferry::core::UtilErrc);
