#include <ocds/validate/fast_check.hpp>

#include <ocds/core/detail/binary.hpp>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <cstdlib>
#include <set>
#include <string_view>

namespace ocds {

using detail::BinaryView;

namespace {

enum TypeBit : unsigned {
    null_bit = 1,
    boolean_bit = 2,
    integer_bit = 4,
    number_bit = 8,
    string_bit = 16,
    array_bit = 32,
    object_bit = 64,
};

unsigned type_bit(const std::string& name) {
    if (name == "null")
        return null_bit;
    if (name == "boolean")
        return boolean_bit;
    if (name == "integer")
        return integer_bit;
    if (name == "number")
        return number_bit | integer_bit;
    if (name == "string")
        return string_bit;
    if (name == "array")
        return array_bit;
    if (name == "object")
        return object_bit;
    return 0;
}

/// Keywords that carry no constraint here (annotations, OCDS's own keywords, the schema's id).
const std::set<std::string>& ignored_keywords() {
    static const std::set<std::string> names{
        "$schema",      "id",         "title",         "description",  "default",        "definitions",    "codelist",
        "openCodelist", "deprecated", "mergeStrategy", "mergeOptions", "omitWhenMerged", "wholeListMerge", "versionId"};
    return names;
}

bool is_integer_text(std::string_view text) {
    if (text.find_first_of(".eE") != std::string_view::npos) {
        return false;
    }
    const std::string copy(text);
    errno = 0;
    char* end = nullptr;
    if (copy[0] == '-') {
        std::strtoll(copy.c_str(), &end, 10);
    } else {
        std::strtoull(copy.c_str(), &end, 10);
    }
    return errno == 0 && *end == '\0';
}

std::size_t code_points(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    return count;
}

} // namespace

struct FastCheck::Node {
    unsigned types = 0; // 0: any
    std::map<std::string, const Node*, std::less<>> properties;
    std::vector<std::string> required;
    const Node* items = nullptr;
    std::size_t min_items = 0, min_length = 0, min_properties = 0;
    std::size_t max_length = 0; // 0: none
    bool has_minimum = false, has_maximum = false;
    double minimum = 0, maximum = 0;
    bool closed = false; // additionalProperties: false
    bool has_enum = false;
    std::vector<std::string> enum_strings;
    bool enum_null = false;
    bool has_pattern = false;
    std::regex pattern;

    bool valid(BinaryView value) const {
        const Value::Type type = value.type();
        if (types) {
            unsigned bit = 0;
            switch (type) {
            case Value::Type::null: bit = null_bit; break;
            case Value::Type::boolean: bit = boolean_bit; break;
            case Value::Type::number: bit = is_integer_text(value.text()) ? integer_bit : number_bit; break;
            case Value::Type::string: bit = string_bit; break;
            case Value::Type::array: bit = array_bit; break;
            case Value::Type::object: bit = object_bit; break;
            }
            if (!(types & bit)) {
                return false;
            }
        }
        if (has_enum) {
            if (type == Value::Type::null ? !enum_null
                : type != Value::Type::string
                    ? true
                    : std::find(enum_strings.begin(), enum_strings.end(), value.text()) == enum_strings.end()) {
                return false;
            }
        }
        switch (type) {
        case Value::Type::string:
            if ((min_length && code_points(value.text()) < min_length) ||
                (max_length && code_points(value.text()) > max_length)) {
                return false;
            }
            if (has_pattern) {
                const std::string_view text = value.text();
                if (!std::regex_search(text.begin(), text.end(), pattern)) {
                    return false;
                }
            }
            return true;
        case Value::Type::number: {
            if (!has_minimum && !has_maximum) {
                return true;
            }
            const double number = std::strtod(std::string(value.text()).c_str(), nullptr);
            return (!has_minimum || number >= minimum) && (!has_maximum || number <= maximum);
        }
        case Value::Type::array: {
            if (value.size() < min_items) {
                return false;
            }
            if (!items) {
                return true;
            }
            bool ok = true;
            value.for_each_item([&](std::size_t, BinaryView item) { ok = ok && items->valid(item); });
            return ok;
        }
        case Value::Type::object: {
            if (value.size() < min_properties) {
                return false;
            }
            for (const auto& name : required) {
                BinaryView found;
                if (!value.find(name, found)) {
                    return false;
                }
            }
            if (properties.empty() && !closed) {
                return true;
            }
            bool ok = true;
            value.for_each_member([&](std::string_view key, BinaryView member) {
                if (!ok) {
                    return;
                }
                const auto property = properties.find(key);
                if (property != properties.end()) {
                    ok = property->second->valid(member);
                } else {
                    ok = !closed;
                }
            });
            return ok;
        }
        default: return true;
        }
    }
};

std::unique_ptr<FastCheck> FastCheck::compile(const Value& schema) {
    std::unique_ptr<FastCheck> check(new FastCheck());
    std::map<std::string, const Node*> by_ref;
    bool supported = true;

    std::function<const Node*(const Value&)> build = [&](const Value& at) -> const Node* {
        const Value* target = &at;
        std::string ref;
        if (const std::string* found = at.find_string("$ref")) {
            ref = *found;
            if (const auto known = by_ref.find(ref); known != by_ref.end()) {
                return known->second;
            }
            if (ref.rfind("#/", 0) != 0) {
                supported = false; // an external reference: leave it to valijson
                return nullptr;
            }
            target = find_pointer(schema, std::string_view(ref).substr(1));
            if (!target) {
                supported = false;
                return nullptr;
            }
        }
        Node& node = *check->m_nodes.emplace_back(std::make_unique<Node>());
        if (!ref.empty()) {
            by_ref[ref] = &node;
        }
        if (!target->is_object()) {
            supported = false;
            return &node;
        }
        for (const auto& member : target->as_object()) {
            const std::string& key = member.key;
            const Value& value = member.value;
            if (key == "$ref" || ignored_keywords().count(key)) {
                continue;
            }
            if (key == "type") {
                if (value.is_string()) {
                    node.types = type_bit(value.as_string());
                } else if (value.is_array()) {
                    for (const auto& name : value.as_array()) {
                        node.types |= name.is_string() ? type_bit(name.as_string()) : 0;
                    }
                }
                supported = supported && node.types != 0;
            } else if (key == "properties" && value.is_object()) {
                for (const auto& property : value.as_object()) {
                    node.properties[property.key] = build(property.value);
                }
            } else if (key == "required" && value.is_array()) {
                for (const auto& name : value.as_array()) {
                    if (name.is_string()) {
                        node.required.push_back(name.as_string());
                    }
                }
            } else if (key == "items" && value.is_object()) {
                node.items = build(value);
            } else if ((key == "minItems" || key == "minLength" || key == "minProperties") && value.is_number()) {
                const auto number = static_cast<std::size_t>(std::strtoull(value.number_text().c_str(), nullptr, 10));
                (key == "minItems"    ? node.min_items
                 : key == "minLength" ? node.min_length
                                      : node.min_properties) = number;
            } else if (key == "maxLength" && value.is_number()) {
                node.max_length = static_cast<std::size_t>(std::strtoull(value.number_text().c_str(), nullptr, 10));
            } else if (key == "minimum" && value.is_number()) {
                node.has_minimum = true;
                node.minimum = std::strtod(value.number_text().c_str(), nullptr);
            } else if (key == "maximum" && value.is_number()) {
                node.has_maximum = true;
                node.maximum = std::strtod(value.number_text().c_str(), nullptr);
            } else if (key == "additionalProperties" && value.is_bool()) {
                node.closed = !value.as_bool();
            } else if (key == "enum" && value.is_array()) {
                node.has_enum = true;
                for (const auto& item : value.as_array()) {
                    if (item.is_string()) {
                        node.enum_strings.push_back(item.as_string());
                    } else if (item.is_null()) {
                        node.enum_null = true;
                    } else {
                        supported = false; // numbers or objects in an enum: valijson's equality decides
                    }
                }
            } else if (key == "pattern" && value.is_string()) {
                node.has_pattern = true;
                try {
                    node.pattern = std::regex(value.as_string());
                } catch (const std::regex_error&) {
                    supported = false;
                }
            } else {
                supported = false; // oneOf, exclusiveMinimum, ...: not implemented here
            }
        }
        return &node;
    };
    check->m_root = build(schema);
    if (!supported || !check->m_root) {
        return nullptr;
    }
    return check;
}

FastCheck::~FastCheck() = default;

bool FastCheck::valid(BinaryView value) const {
    return m_root->valid(value);
}

} // namespace ocds
