#pragma once

#include "util/error_table.h"

namespace ferry::core::nat {

/// What can fail in nat; each code's tag and words are in nat_errc.cpp.
enum class NatErrc {
    Conflict = 1,
    NoGateway,
    Refused,
};
FERRY_DECLARE_ERROR_CODES(NatErrc, natErrorCategory)

} // namespace ferry::core::nat

FERRY_ERROR_CODE_ENUM(ferry::core::nat::NatErrc);
