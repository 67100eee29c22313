#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ocds {

/// A JSON value that keeps what OCDS data needs kept: object members in input order (duplicates
/// included) and numbers as their exact input text, so that `0.10`, `1e400` and
/// `12345678901234567890` survive any round trip unchanged.
class Value {
public:
    enum class Type { null, boolean, number, string, array, object };

    struct Member;
    using Array = std::vector<Value>;
    using Object = std::vector<Member>;

    /// A number as written in the input (always valid JSON number syntax).
    struct Number {
        std::string text;
    };

    Value() = default; ///< null
    explicit Value(bool boolean) : m_data(boolean) {}
    explicit Value(std::string text) : m_data(std::move(text)) {}
    explicit Value(const char* text) : m_data(std::string(text)) {}
    explicit Value(Number number) : m_data(std::move(number)) {}
    explicit Value(Array array) : m_data(std::move(array)) {}
    explicit Value(Object object) : m_data(std::move(object)) {}

    static Value number(std::string text) { return Value(Number{std::move(text)}); }
    static Value array() { return Value(Array{}); }
    static Value object() { return Value(Object{}); }

    Type type() const noexcept { return static_cast<Type>(m_data.index()); }
    bool is_null() const noexcept { return type() == Type::null; }
    bool is_bool() const noexcept { return type() == Type::boolean; }
    bool is_number() const noexcept { return type() == Type::number; }
    bool is_string() const noexcept { return type() == Type::string; }
    bool is_array() const noexcept { return type() == Type::array; }
    bool is_object() const noexcept { return type() == Type::object; }

    /// Accessors; each throws std::bad_variant_access when the value is of another type.
    bool as_bool() const { return std::get<bool>(m_data); }
    const std::string& number_text() const { return std::get<Number>(m_data).text; }
    const std::string& as_string() const { return std::get<std::string>(m_data); }
    const Array& as_array() const { return std::get<Array>(m_data); }
    Array& as_array() { return std::get<Array>(m_data); }
    const Object& as_object() const { return std::get<Object>(m_data); }
    Object& as_object() { return std::get<Object>(m_data); }

    /// The first member named `key` of an object; nullptr when absent or not an object.
    const Value* find(std::string_view key) const;
    Value* find(std::string_view key);

    /// The string value of member `key`, or nullptr when absent or not a string.
    const std::string* find_string(std::string_view key) const;

    /// Sets member `key` of an object: replaces the first one of that name, else appends.
    Value& set(std::string key, Value value);

    /// Removes every member named `key`; returns how many there were.
    std::size_t erase(std::string_view key);

    /// Appends to an array.
    Value& push_back(Value value);

    /// Deep equality; numbers compare by their text, objects by members in order.
    friend bool operator==(const Value& a, const Value& b);
    friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

private:
    // The index order matches Type.
    std::variant<std::monostate, bool, Number, std::string, Array, Object> m_data;
};

struct Value::Member {
    std::string key;
    Value value;
};

bool operator==(const Value::Number& a, const Value::Number& b);
bool operator==(const Value::Member& a, const Value::Member& b);

/// The name of a type, as used in messages: "null", "boolean", "number", "string", "array", "object".
const char* type_name(Value::Type type) noexcept;

/// Escapes one reference token of a JSON Pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
std::string pointer_token(std::string_view key);
/// Appends `key` as a JSON Pointer token to `pointer`, without a string of its own (for walks
/// that build pointers at every member).
void append_pointer_token(std::string& pointer, std::string_view key);

/// The reference tokens of a JSON Pointer, unescaped ("/a~1b/0" → "a/b", "0"; "" → none).
std::vector<std::string> pointer_tokens(std::string_view pointer);

/// The value at a JSON Pointer (object members by name, array items by index); nullptr when
/// there is none.
const Value* find_pointer(const Value& root, std::string_view pointer);

} // namespace ocds
