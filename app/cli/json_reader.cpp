#include "cli/json_reader.h"

#include <charconv>

namespace ferry::app::cli {

namespace {

constexpr int kMaxDepth = 32;

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    std::optional<JsonValue> document() {
        JsonValue v;
        if (!value(v, 0))
            return std::nullopt;
        skipSpace();
        if (m_pos != m_text.size())
            return std::nullopt;
        return v;
    }

private:
    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }

    bool literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    bool value(JsonValue& v, int depth) {
        if (depth > kMaxDepth)
            return false;
        skipSpace();
        if (m_pos >= m_text.size())
            return false;
        switch (m_text[m_pos]) {
        case '{':
            return object(v, depth);
        case '[':
            return array(v, depth);
        case '"':
            v.kind = JsonValue::Kind::String;
            return string(v.text);
        case 't':
            v.kind = JsonValue::Kind::Bool;
            v.flag = true;
            return literal("true");
        case 'f':
            v.kind = JsonValue::Kind::Bool;
            v.flag = false;
            return literal("false");
        case 'n':
            v.kind = JsonValue::Kind::Null;
            return literal("null");
        default:
            v.kind = JsonValue::Kind::Number;
            return number(v.number);
        }
    }

    bool number(std::int64_t& out) {
        const char* begin = m_text.data() + m_pos;
        const char* end = m_text.data() + m_text.size();
        auto [next, ec] = std::from_chars(begin, end, out);
        if (ec != std::errc{} || next == begin)
            return false;
        m_pos += std::size_t(next - begin);
        return m_pos >= m_text.size() ||
               (m_text[m_pos] != '.' && m_text[m_pos] != 'e' && m_text[m_pos] != 'E');
    }

    bool hex4(std::uint32_t& out) {
        if (m_pos + 4 > m_text.size())
            return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            out <<= 4;
            if (c >= '0' && c <= '9')
                out |= std::uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                out |= std::uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                out |= std::uint32_t(c - 'A' + 10);
            else
                return false;
        }
        return true;
    }

    static void appendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xc0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out += char(0xe0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3f));
            out += char(0x80 | (cp & 0x3f));
        } else {
            out += char(0xf0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3f));
            out += char(0x80 | ((cp >> 6) & 0x3f));
            out += char(0x80 | (cp & 0x3f));
        }
    }

    bool escape(std::string& out) {
        if (m_pos >= m_text.size())
            return false;
        const char c = m_text[m_pos++];
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out += c;
            return true;
        case 'b':
            out += '\b';
            return true;
        case 'f':
            out += '\f';
            return true;
        case 'n':
            out += '\n';
            return true;
        case 'r':
            out += '\r';
            return true;
        case 't':
            out += '\t';
            return true;
        case 'u':
            break;
        default:
            return false;
        }
        std::uint32_t cp = 0;
        if (!hex4(cp))
            return false;
        if (cp >= 0xd800 && cp <= 0xdbff) { // a surrogate pair spells one code point
            std::uint32_t low = 0;
            if (!literal("\\u") || !hex4(low) || low < 0xdc00 || low > 0xdfff)
                return false;
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            return false;
        }
        appendUtf8(out, cp);
        return true;
    }

    bool string(std::string& out) {
        ++m_pos; // opening quote
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return true;
            if (c == '\\') {
                if (!escape(out))
                    return false;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            } else {
                out += c;
            }
        }
        return false;
    }

    bool array(JsonValue& v, int depth) {
        v.kind = JsonValue::Kind::Array;
        ++m_pos;
        skipSpace();
        if (literal("]"))
            return true;
        for (;;) {
            JsonValue item;
            if (!value(item, depth + 1))
                return false;
            v.items.push_back(std::move(item));
            skipSpace();
            if (literal("]"))
                return true;
            if (!literal(","))
                return false;
        }
    }

    bool object(JsonValue& v, int depth) {
        v.kind = JsonValue::Kind::Object;
        ++m_pos;
        skipSpace();
        if (literal("}"))
            return true;
        for (;;) {
            skipSpace();
            std::string name;
            if (m_pos >= m_text.size() || m_text[m_pos] != '"' || !string(name))
                return false;
            skipSpace();
            if (!literal(":"))
                return false;
            JsonValue member;
            if (!value(member, depth + 1))
                return false;
            v.members.insert_or_assign(std::move(name), std::move(member));
            skipSpace();
            if (literal("}"))
                return true;
            if (!literal(","))
                return false;
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace

const JsonValue* JsonValue::find(std::string_view name) const {
    auto it = members.find(name);
    return it == members.end() ? nullptr : &it->second;
}

std::optional<JsonValue> parseJson(std::string_view text) {
    return Parser(text).document();
}

} // namespace ferry::app::cli
