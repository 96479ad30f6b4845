#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::app::cli {

/// A parsed JSON value: enough of JSON for the listen-socket protocol (objects, arrays,
/// strings, integers, booleans, null). Numbers with a fraction or exponent are refused.
struct JsonValue {
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    bool flag = false;
    std::int64_t number = 0;
    std::string text;
    std::vector<JsonValue> items;
    std::map<std::string, JsonValue, std::less<>> members;

    /// The member `name` of an object, or nullptr.
    const JsonValue* find(std::string_view name) const;
};

/// Parses one JSON document (surrounding whitespace allowed); nullopt if it is not valid.
std::optional<JsonValue> parseJson(std::string_view text);

} // namespace ferry::app::cli
