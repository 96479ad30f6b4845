#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

/// The small pieces of reading relay.ini and directory.ini: `key = value` lines.
namespace ferry::relay::ini {

inline std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r");
    return std::string(s.substr(first, last - first + 1));
}

/// A whole decimal number within [min, max]; nothing for anything else.
template <typename T> std::optional<T> parseNumber(const std::string& text, T min, T max) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
        return std::nullopt;
    return value;
}

/// "on" or "off".
inline std::optional<bool> parseSwitch(const std::string& text) {
    if (text == "on")
        return true;
    if (text == "off")
        return false;
    return std::nullopt;
}

} // namespace ferry::relay::ini
