#include <ocds/validate/fast_check.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/string_formats.hpp>

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

} // namespace

struct FastCheck::Node {
    unsigned types = 0; // 0: any
    std::map<std::string, const Node*, std::less<>> properties;
    std::vector<std::string> required; // sorted, without repeats (valijson keeps a set)
    const Node* items = nullptr;
    std::size_t min_items = 0, min_length = 0, min_properties = 0;
    bool has_max_length = false;
    std::size_t max_length = 0;
    bool has_minimum = false, has_maximum = false;
    double minimum = 0, maximum = 0;
    bool closed = false; // additionalProperties: false
    bool has_enum = false;
    std::vector<std::string> enum_strings;
    bool enum_null = false;
    bool has_pattern = false;
    std::regex pattern;

    bool type_allowed(BinaryView value, Value::Type type) const {
        if (!types) {
            return true;
        }
        unsigned bit = 0;
        switch (type) {
        case Value::Type::null: bit = null_bit; break;
        case Value::Type::boolean: bit = boolean_bit; break;
        case Value::Type::number: bit = is_integer_text(value.text()) ? integer_bit : number_bit; break;
        case Value::Type::string: bit = string_bit; break;
        case Value::Type::array: bit = array_bit; break;
        case Value::Type::object: bit = object_bit; break;
        }
        return (types & bit) != 0;
    }

    bool in_enum(BinaryView value, Value::Type type) const {
        if (type == Value::Type::null) {
            return enum_null;
        }
        return type == Value::Type::string &&
               std::find(enum_strings.begin(), enum_strings.end(), value.text()) != enum_strings.end();
    }

    bool matches_pattern(BinaryView value) const {
        const std::string_view text = value.text();
        return std::regex_search(text.begin(), text.end(), pattern);
    }

    static double number_of(BinaryView value) { return std::strtod(std::string(value.text()).c_str(), nullptr); }

    bool valid(BinaryView value) const {
        const Value::Type type = value.type();
        if (!type_allowed(value, type) || (has_enum && !in_enum(value, type))) {
            return false;
        }
        switch (type) {
        case Value::Type::string:
            if ((min_length && code_points(value.text()) < min_length) ||
                (has_max_length && code_points(value.text()) > max_length)) {
                return false;
            }
            return !has_pattern || matches_pattern(value);
        case Value::Type::number: {
            if (!has_minimum && !has_maximum) {
                return true;
            }
            const double number = number_of(value);
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

    /// What explain() carries down the value: where it is, the members of the objects it is
    /// inside of (one buffer for every level), and what it found.
    struct Walk {
        std::string pointer;
        struct Member {
            std::map<std::string, const Node*, std::less<>>::const_iterator property;
            BinaryView value;
        };
        std::vector<Member> members;
        std::vector<SchemaViolation>& out;
    };

    /// valijson's leaf errors for `value` at `walk.pointer` (restored on return), in its order:
    /// the constraints as its draft 4 parser adds them to a schema, each checked whatever the
    /// others say.
    void explain(BinaryView value, Walk& walk) const {
        const Value::Type type = value.type();
        const auto fail = [&](const char* keyword, std::string detail, std::string property = {}) {
            walk.out.push_back({walk.pointer, keyword, std::move(property), std::move(detail)});
        };
        const auto count = [](std::size_t n) { return std::to_string(n); };
        if (has_enum && !in_enum(value, type)) {
            fail("enum", "Failed to match against any enum values.");
        }
        if (type == Value::Type::array && items) {
            const std::size_t length = walk.pointer.size();
            value.for_each_item([&](std::size_t index, BinaryView item) {
                walk.pointer += '/';
                walk.pointer += std::to_string(index);
                items->explain(item, walk);
                walk.pointer.resize(length);
            });
        }
        if (type == Value::Type::number && has_maximum && number_of(value) > maximum) {
            fail("maximum", "Expected number less than or equal to " + std::to_string(maximum));
        }
        if (type == Value::Type::string && has_max_length && code_points(value.text()) > max_length) {
            fail("maxLength", "String should be no more than " + count(max_length) + " characters in length.");
        }
        if (type == Value::Type::number && has_minimum && number_of(value) < minimum) {
            fail("minimum", "Expected number greater than or equal to " + std::to_string(minimum));
        }
        if (type == Value::Type::array && value.size() < min_items) {
            fail("minItems", "Array should contain no fewer than " + count(min_items) + " elements.");
        }
        if (type == Value::Type::string && min_length && code_points(value.text()) < min_length) {
            fail("minLength", "String should be no fewer than " + count(min_length) + " characters in length.");
        }
        if (type == Value::Type::object && value.size() < min_properties) {
            fail("minProperties", "Object should have no fewer than " + count(min_properties) + " properties.");
        }
        if (type == Value::Type::string && has_pattern && !matches_pattern(value)) {
            fail("pattern", "Failed to match regex specified by 'pattern' constraint.");
        }
        if (type == Value::Type::object) {
            explain_members(value, walk);
            for (const auto& name : required) {
                BinaryView found;
                if (!value.find(name, found)) {
                    fail("required", "Missing required property '" + name + "'.", name);
                }
            }
        }
        if (!type_allowed(value, type)) {
            fail("type", "Value type not permitted by 'type' constraint.");
        }
    }

    /// `properties` (by name, each member the first of that name) then `additionalProperties:
    /// false`, which names the first member in document order that no property describes. One
    /// pass over the members, rather than a search of the object for each property.
    void explain_members(BinaryView object, Walk& walk) const {
        const std::size_t length = walk.pointer.size();
        const std::size_t first = walk.members.size();
        std::string_view unwanted;
        bool has_unwanted = false;
        object.for_each_member([&](std::string_view key, BinaryView member) {
            const auto property = properties.find(key);
            if (property != properties.end()) {
                walk.members.push_back({property, member});
            } else if (!has_unwanted) {
                unwanted = key;
                has_unwanted = true;
            }
        });
        const auto begin = walk.members.begin() + static_cast<std::ptrdiff_t>(first);
        std::stable_sort(begin, walk.members.end(), [](const Walk::Member& a, const Walk::Member& b) {
            return a.property->first < b.property->first;
        });
        walk.members.erase(
            std::unique(begin, walk.members.end(),
                        [](const Walk::Member& a, const Walk::Member& b) { return a.property == b.property; }),
            walk.members.end());
        const std::size_t matched = walk.members.size() - first;
        for (std::size_t i = first; i < first + matched; ++i) {
            const Walk::Member member = walk.members[i]; // a copy: the walk below grows the buffer
            walk.pointer += '/';
            append_pointer_token(walk.pointer, member.property->first);
            member.property->second->explain(member.value, walk);
            walk.pointer.resize(length);
        }
        walk.members.resize(first);
        if (!closed || matched == object.size()) {
            return;
        }
        walk.out.push_back({walk.pointer,
                            "additionalProperties",
                            {},
                            "Object contains a property that could not be validated using 'properties' or "
                            "'additionalProperties' constraints: '" +
                                std::string(unwanted) + "'."});
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
                node.has_max_length = true;
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
    for (auto& node : check->m_nodes) {
        std::sort(node->required.begin(), node->required.end());
        node->required.erase(std::unique(node->required.begin(), node->required.end()), node->required.end());
    }
    if (!supported || !check->m_root) {
        return nullptr;
    }
    return check;
}

FastCheck::~FastCheck() = default;

bool FastCheck::valid(BinaryView value) const {
    return m_root->valid(value);
}

void FastCheck::explain(BinaryView value, std::vector<SchemaViolation>& violations) const {
    Node::Walk walk{{}, {}, violations};
    m_root->explain(value, walk);
}

} // namespace ocds
