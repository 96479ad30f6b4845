#include "util/error_table.h"

namespace ferry::core {

std::string errorTag(const std::error_code& code) {
    if (const auto* ours = dynamic_cast<const TaggedErrorCategory*>(&code.category()))
        return ours->tag(code.value());
    return std::string(code.category().name()) + ":" + std::to_string(code.value());
}

} // namespace ferry::core
