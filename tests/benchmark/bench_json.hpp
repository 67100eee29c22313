#pragma once

// The benchmark generators' JSON writer: compact text built into a string, fast, and exactly
// the same bytes on every machine.

#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace bench {

// ---------------------------------------------------------------------------------------------
// Compact JSON text, built into a string. Commas are placed automatically.

class JsonText {
public:
    /// Escape every non-ASCII character as \uXXXX (as Python's json.dumps does by default).
    bool ascii_only = false;

    void clear() {
        m_text.clear();
        m_first = true;
        m_after_key = false;
    }
    const std::string& text() const noexcept { return m_text; }
    /// Appends text as it is (a line break between values).
    void raw(std::string_view text) { m_text += text; }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    void key(std::string_view name) {
        separate();
        quote(name);
        m_text += ':';
        m_after_key = true;
    }

    void string(std::string_view text) {
        separate();
        quote(text);
    }

    /// A number already in JSON syntax.
    void number(std::string_view text) {
        separate();
        m_text += text;
    }

    void integer(std::int64_t number) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%" PRId64, number);
        this->number(buffer);
    }

    void boolean(bool value) { number(value ? "true" : "false"); }
    void null() { number("null"); }

    void member(std::string_view name, std::string_view text) {
        key(name);
        string(text);
    }
    void member_integer(std::string_view name, std::int64_t number) {
        key(name);
        integer(number);
    }
    void member_number(std::string_view name, std::string_view text) {
        key(name);
        number(text);
    }
    void member_boolean(std::string_view name, bool value) {
        key(name);
        boolean(value);
    }
    void member_null(std::string_view name) {
        key(name);
        null();
    }

private:
    void separate() {
        if (m_after_key) {
            m_after_key = false;
        } else if (!m_first) {
            m_text += ',';
        }
        m_first = false;
    }

    void open(char bracket) {
        separate();
        m_text += bracket;
        m_first = true;
    }

    void close(char bracket) {
        m_text += bracket;
        m_first = false;
    }

    void quote(std::string_view text) {
        static const char hex[] = "0123456789abcdef";
        m_text += '"';
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            switch (c) {
            case '"': m_text += "\\\""; continue;
            case '\\': m_text += "\\\\"; continue;
            case '\n': m_text += "\\n"; continue;
            case '\t': m_text += "\\t"; continue;
            case '\r': m_text += "\\r"; continue;
            default: break;
            }
            if (c < 0x20) {
                m_text += "\\u00";
                m_text += hex[c >> 4];
                m_text += hex[c & 0xF];
            } else if (c >= 0x80 && ascii_only) {
                i += escape_utf8(text, i) - 1;
            } else {
                m_text += static_cast<char>(c);
            }
        }
        m_text += '"';
    }

    /// Writes the code point starting at text[i] as \uXXXX (a surrogate pair beyond U+FFFF);
    /// returns how many bytes it had. The vocabulary is valid UTF-8.
    std::size_t escape_utf8(std::string_view text, std::size_t i) {
        const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]) & 0x3Fu; };
        const auto lead = static_cast<unsigned char>(text[i]);
        std::uint32_t code = 0;
        std::size_t length = 1;
        if (lead >= 0xF0) {
            code = ((lead & 0x07u) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3);
            length = 4;
        } else if (lead >= 0xE0) {
            code = ((lead & 0x0Fu) << 12) | (byte(1) << 6) | byte(2);
            length = 3;
        } else {
            code = ((lead & 0x1Fu) << 6) | byte(1);
            length = 2;
        }
        char buffer[16];
        if (code >= 0x10000) {
            code -= 0x10000;
            std::snprintf(buffer, sizeof buffer, "\\u%04x\\u%04x", 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF));
        } else {
            std::snprintf(buffer, sizeof buffer, "\\u%04x", code);
        }
        m_text += buffer;
        return length;
    }

    std::string m_text;
    bool m_first = true;
    bool m_after_key = false;
};

} // namespace bench
