#pragma once

#include "util/error_table.h"

namespace ferry::core::smp {

/// What can fail in smp; each code's tag and words are in smp_errc.cpp.
enum class SmpErrc {
    Block = 1,
    Handshake,
    LargeMessage,
    Message,
    Padding,
    Syntax,
    Unknown,
    Address,
    QueueUri,
};
FERRY_DECLARE_ERROR_CODES(SmpErrc, smpErrorCategory)

} // namespace ferry::core::smp

FERRY_ERROR_CODE_ENUM(ferry::core::smp::SmpErrc);
