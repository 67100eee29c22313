#include <ocds/core/json_writer.hpp>

#include <ocds/core/detail/json_bytes.hpp>

#include <array>

namespace ocds {

namespace {

// 1 for the bytes a JSON string cannot hold as they are.
constexpr std::array<unsigned char, 256> needs_escape = [] {
    std::array<unsigned char, 256> table{};
    for (int c = 0; c < 0x20; ++c) {
        table[static_cast<std::size_t>(c)] = 1;
    }
    table['"'] = 1;
    table['\\'] = 1;
    return table;
}();

} // namespace

void JsonWriter::string(std::string_view text) {
    m_sink.put('"');
    const char* run = text.data();
    const char* const end = text.data() + text.size();
    for (const char* p = run; p < end; ++p) {
        while (end - p >= 8 && !detail::may_end_plain_run(p)) {
            p += 8;
        }
        if (p >= end) {
            break;
        }
        const auto c = static_cast<unsigned char>(*p);
        if (!needs_escape[c]) {
            continue;
        }
        m_sink.write(run, static_cast<std::size_t>(p - run));
        run = p + 1;
        switch (c) {
        case '"': m_sink.write("\\\"", 2); break;
        case '\\': m_sink.write("\\\\", 2); break;
        case '\b': m_sink.write("\\b", 2); break;
        case '\f': m_sink.write("\\f", 2); break;
        case '\n': m_sink.write("\\n", 2); break;
        case '\r': m_sink.write("\\r", 2); break;
        case '\t': m_sink.write("\\t", 2); break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            m_sink.write(escape, 6);
        }
        }
    }
    m_sink.write(run, static_cast<std::size_t>(end - run));
    m_sink.put('"');
}

void JsonWriter::newline(int level) {
    if (m_indent <= 0) {
        return;
    }
    m_sink.put('\n');
    for (int i = 0; i < level * m_indent; ++i) {
        m_sink.put(' ');
    }
}

void JsonWriter::value(const Value& value, int level) {
    switch (value.type()) {
    case Value::Type::null: m_sink.write("null", 4); break;
    case Value::Type::boolean: value.as_bool() ? m_sink.write("true", 4) : m_sink.write("false", 5); break;
    case Value::Type::number: raw(value.number_text()); break;
    case Value::Type::string: string(value.as_string()); break;
    case Value::Type::array: {
        const auto& items = value.as_array();
        m_sink.put('[');
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) {
                m_sink.put(',');
            }
            newline(level + 1);
            this->value(items[i], level + 1);
        }
        if (!items.empty()) {
            newline(level);
        }
        m_sink.put(']');
        break;
    }
    case Value::Type::object: {
        const auto& members = value.as_object();
        m_sink.put('{');
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i > 0) {
                m_sink.put(',');
            }
            newline(level + 1);
            string(members[i].key);
            colon();
            this->value(members[i].value, level + 1);
        }
        if (!members.empty()) {
            newline(level);
        }
        m_sink.put('}');
        break;
    }
    }
}

std::string to_json(const Value& value, int indent) {
    std::string text;
    StringSink sink(text);
    JsonWriter(sink, indent).value(value);
    sink.finish();
    return text;
}

} // namespace ocds
