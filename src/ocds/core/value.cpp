#include <ocds/core/value.hpp>

#include <algorithm>

namespace ocds {

const Value* Value::find(std::string_view key) const {
    if (!is_object()) {
        return nullptr;
    }
    for (const auto& member : as_object()) {
        if (member.key == key) {
            return &member.value;
        }
    }
    return nullptr;
}

Value* Value::find(std::string_view key) {
    return const_cast<Value*>(static_cast<const Value*>(this)->find(key));
}

const std::string* Value::find_string(std::string_view key) const {
    const Value* value = find(key);
    return value && value->is_string() ? &value->as_string() : nullptr;
}

Value& Value::set(std::string key, Value value) {
    if (Value* existing = find(key)) {
        *existing = std::move(value);
        return *existing;
    }
    auto& members = as_object();
    members.push_back(Member{std::move(key), std::move(value)});
    return members.back().value;
}

std::size_t Value::erase(std::string_view key) {
    auto& members = as_object();
    const auto old_size = members.size();
    members.erase(
        std::remove_if(members.begin(), members.end(), [key](const Member& member) { return member.key == key; }),
        members.end());
    return old_size - members.size();
}

Value& Value::push_back(Value value) {
    auto& items = as_array();
    items.push_back(std::move(value));
    return items.back();
}

bool operator==(const Value::Number& a, const Value::Number& b) {
    return a.text == b.text;
}

bool operator==(const Value::Member& a, const Value::Member& b) {
    return a.key == b.key && a.value == b.value;
}

bool operator==(const Value& a, const Value& b) {
    return a.m_data == b.m_data;
}

const char* type_name(Value::Type type) noexcept {
    switch (type) {
    case Value::Type::null: return "null";
    case Value::Type::boolean: return "boolean";
    case Value::Type::number: return "number";
    case Value::Type::string: return "string";
    case Value::Type::array: return "array";
    case Value::Type::object: return "object";
    }
    return "unknown";
}

std::string pointer_token(std::string_view key) {
    std::string token;
    token.reserve(key.size());
    append_pointer_token(token, key);
    return token;
}

void append_pointer_token(std::string& pointer, std::string_view key) {
    for (char c : key) {
        if (c == '~') {
            pointer += "~0";
        } else if (c == '/') {
            pointer += "~1";
        } else {
            pointer += c;
        }
    }
}

std::vector<std::string> pointer_tokens(std::string_view pointer) {
    std::vector<std::string> tokens;
    std::size_t start = 0;
    while (start < pointer.size() && pointer[start] == '/') {
        const auto end = pointer.find('/', start + 1);
        std::string token;
        for (std::size_t i = start + 1; i < std::min(end, pointer.size()); ++i) {
            if (pointer[i] == '~' && i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
                token += pointer[++i] == '1' ? '/' : '~';
            } else {
                token += pointer[i];
            }
        }
        tokens.push_back(std::move(token));
        start = end;
    }
    return tokens;
}

const Value* find_pointer(const Value& root, std::string_view pointer) {
    const Value* at = &root;
    for (const auto& token : pointer_tokens(pointer)) {
        if (at->is_object()) {
            at = at->find(token);
        } else if (at->is_array() && !token.empty() && token.find_first_not_of("0123456789") == std::string::npos &&
                   token.size() < 10 && std::stoul(token) < at->as_array().size()) {
            at = &at->as_array()[std::stoul(token)];
        } else {
            return nullptr;
        }
        if (!at) {
            return nullptr;
        }
    }
    return at;
}

} // namespace ocds
