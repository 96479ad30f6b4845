#pragma once

#include "util/error_table.h"

namespace ferry::core::node {

/// What can fail in node; each code's tag and words are in node_errc.cpp.
enum class NodeErrc {
    Identity = 1,
    Network,
    Syntax,
    Refused,
    Timeout,
    Config,
    Internal,
};
FERRY_DECLARE_ERROR_CODES(NodeErrc, nodeErrorCategory)

} // namespace ferry::core::node

FERRY_ERROR_CODE_ENUM(ferry::core::node::NodeErrc);
