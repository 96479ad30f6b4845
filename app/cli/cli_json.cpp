#include "cli/cli_json.h"

#include <boost/json/serialize.hpp>
#include <boost/locale/utf.hpp>

namespace ferry::app::cli {

namespace {

namespace utf = boost::locale::utf;

// `text` with every byte that does not begin a valid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are not valid) replaced by U+FFFD.
std::string validUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (auto next = text.begin(); next != text.end();) {
        const auto start = next;
        const utf::code_point cp = utf::utf_traits<char>::decode(next, text.end());
        if (cp == utf::illegal || cp == utf::incomplete) {
            out += "\xef\xbf\xbd";
            next = start + 1;
        } else {
            out.append(start, next);
        }
    }
    return out;
}

void makeValidUtf8(boost::json::value& value) {
    if (auto* text = value.if_string()) {
        *text = validUtf8(std::string_view(text->data(), text->size()));
    } else if (auto* array = value.if_array()) {
        for (auto& item : *array)
            makeValidUtf8(item);
    } else if (auto* object = value.if_object()) {
        for (auto& member : *object)
            makeValidUtf8(member.value());
    }
}

} // namespace

std::string jsonText(boost::json::value value) {
    makeValidUtf8(value);
    const std::string text = boost::json::serialize(value);
    // Boost.JSON escapes only what JSON requires; DEL stays escaped as ferry-cli always wrote it,
    // so a line shown on a terminal holds no raw control byte. 0x7f can only be inside a string
    // here (never part of a UTF-8 sequence or of JSON's syntax).
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\x7f')
            out += "\\u007f";
        else
            out += c;
    }
    return out;
}

} // namespace ferry::app::cli
