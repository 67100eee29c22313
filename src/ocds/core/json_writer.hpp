#pragma once

#include <ocds/core/sink.hpp>
#include <ocds/core/value.hpp>

#include <string>
#include <string_view>

namespace ocds {

/// Writes Values as deterministic JSON: members in their stored order, numbers as their exact
/// text, UTF-8 kept as is (only `"`, `\` and control characters are escaped). Compact by default
/// (`{"a":1}`); with an indent, formatted as `json.dumps(indent=N)` would (`"a": 1`, `[]` for empty).
class JsonWriter {
public:
    explicit JsonWriter(Sink& sink, int indent = 0) : m_sink(sink), m_indent(indent) {}

    /// Writes `value` as if it stood `level` levels deep (indentation of its inner lines).
    void value(const Value& value, int level = 0);

    /// Writes a JSON string with the needed escapes.
    void string(std::string_view text);

    /// Starts a new line at `level` when indenting; nothing when compact.
    void newline(int level);

    /// The separator between a member name and its value: ":" or ": ".
    void colon() { m_indent > 0 ? m_sink.write(": ", 2) : m_sink.put(':'); }

    void raw(std::string_view text) { m_sink.write(text.data(), text.size()); }
    void raw(char c) { m_sink.put(c); }

    int indent() const noexcept { return m_indent; }
    Sink& sink() noexcept { return m_sink; }

private:
    Sink& m_sink;
    int m_indent;
};

/// Serialises one value to a string (compact unless `indent` > 0), without a final newline.
std::string to_json(const Value& value, int indent = 0);

} // namespace ocds
