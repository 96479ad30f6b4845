#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::app::cli {

/// Appends `text` to `out` as a JSON string literal: quotes, backslashes and control
/// characters escaped, valid UTF-8 passed through, invalid bytes replaced by U+FFFD.
void appendJsonString(std::string& out, std::string_view text);

/// A tiny streaming JSON writer: values, objects and arrays with commas placed for you.
/// Produces compact single-line JSON, so one value is one line of output.
class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    /// The name of the next member (inside an object).
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(std::int64_t(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();
    template <typename T> JsonWriter& value(const std::optional<T>& maybe) {
        return maybe ? value(*maybe) : null();
    }

    /// Shorthand for key(name).value(v).
    template <typename T> JsonWriter& member(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

    const std::string& text() const { return m_out; }

private:
    void beforeValue();

    std::string m_out;
    std::vector<bool> m_first; ///< per open container: no element written yet
    bool m_afterKey = false;
};

} // namespace ferry::app::cli
