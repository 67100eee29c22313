#include <ocds/schema/merge_rules.hpp>

#include <ocds/core/error.hpp>

#include <vector>

namespace ocds {

namespace {

constexpr int max_schema_depth = 32; // OCDS nests about 8 deep; this stops $ref cycles

std::vector<std::string> types_of(const Value& property) {
    std::vector<std::string> types;
    const Value* type = property.find("type");
    if (!type) {
        return types;
    }
    if (type->is_string()) {
        types.push_back(type->as_string());
    } else if (type->is_array()) {
        for (const auto& entry : type->as_array()) {
            if (entry.is_string()) {
                types.push_back(entry.as_string());
            }
        }
    }
    return types;
}

bool contains(const std::vector<std::string>& types, const char* type) {
    for (const auto& entry : types) {
        if (entry == type) {
            return true;
        }
    }
    return false;
}

bool is_true(const Value* value) {
    return value && value->is_bool() && value->as_bool();
}

bool strategy_is(const Value& property, const char* strategy) {
    const std::string* text = property.find_string("mergeStrategy");
    return text && *text == strategy;
}

/// Follows a local "$ref" ("#/definitions/Name") to what it points at.
const Value& resolve(const Value& property, const Value& schema) {
    const Value* current = &property;
    for (int hops = 0; hops < max_schema_depth; ++hops) {
        const std::string* ref = current->find_string("$ref");
        if (!ref || ref->rfind("#/", 0) != 0) {
            return *current;
        }
        const Value* target = find_pointer(schema, std::string_view(*ref).substr(1));
        if (!target) {
            return *current; // a dangling reference adds no rules
        }
        current = target;
    }
    return *current;
}

void walk(const Value& properties, MergeRules::Node& node, const Value& schema, int depth) {
    if (!properties.is_object() || depth > max_schema_depth) {
        return;
    }
    for (const auto& member : properties.as_object()) {
        const Value& property = resolve(member.value, schema);
        if (!property.is_object()) {
            continue;
        }
        auto child = std::make_unique<MergeRules::Node>();
        const auto types = types_of(property);
        if (is_true(property.find("omitWhenMerged")) || strategy_is(property, "ocdsOmit")) {
            child->rule = MergeRule::omit;
        } else if (contains(types, "array") &&
                   (is_true(property.find("wholeListMerge")) || strategy_is(property, "ocdsVersion"))) {
            child->rule = MergeRule::whole_list;
        } else if (contains(types, "object") && property.find("properties")) {
            walk(*property.find("properties"), *child, schema, depth + 1);
        } else if (contains(types, "array") && property.find("items")) {
            const Value& items = resolve(*property.find("items"), schema);
            const auto item_types = types_of(items);
            bool non_object = false;
            for (const auto& type : item_types) {
                non_object = non_object || type != "object";
            }
            const Value* item_properties = items.find("properties");
            if (non_object) {
                child->rule = MergeRule::whole_list;
            } else if (contains(item_types, "object") && item_properties) {
                if (!item_properties->find("id")) {
                    child->rule = MergeRule::whole_list;
                } else {
                    walk(*item_properties, *child, schema, depth + 1);
                }
            }
        }
        if (child->rule != MergeRule::none || !child->children.empty()) {
            node.children[member.key] = std::move(child);
        }
    }
}

void describe_node(const MergeRules::Node& node, const std::string& path, std::map<std::string, std::string>& out) {
    for (const auto& [key, child] : node.children) {
        const std::string child_path = path.empty() ? key : path + "." + key;
        if (child->rule == MergeRule::omit) {
            out[child_path] = "omitWhenMerged";
        } else if (child->rule == MergeRule::whole_list) {
            out[child_path] = "wholeListMerge";
        }
        describe_node(*child, child_path, out);
    }
}

} // namespace

MergeRules MergeRules::from_schema(const Value& schema) {
    const Value* properties = schema.find("properties");
    if (!properties || !properties->is_object()) {
        throw data_error(Location{}, "the release schema has no 'properties' object to take merge rules from");
    }
    MergeRules rules;
    walk(*properties, *rules.m_root, schema, 0);
    return rules;
}

MergeRules::Node& MergeRules::node_at(const std::string& dotted_path) {
    Node* node = m_root.get();
    std::size_t start = 0;
    while (start <= dotted_path.size()) {
        const auto end = dotted_path.find('.', start);
        const std::string key = dotted_path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        auto& child = node->children[key];
        if (!child) {
            child = std::make_unique<Node>();
        }
        node = child.get();
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return *node;
}

void MergeRules::set_override(const std::string& dotted_path, ArrayOverride override) {
    node_at(dotted_path).override = override;
}

std::map<std::string, std::string> MergeRules::describe() const {
    std::map<std::string, std::string> out;
    describe_node(*m_root, "", out);
    return out;
}

ArrayOverride parse_array_override(const std::string& text) {
    if (text == "append" || text == "APPEND") {
        return ArrayOverride::append;
    }
    if (text == "merge-by-position" || text == "MERGE_BY_POSITION") {
        return ArrayOverride::merge_by_position;
    }
    throw setting_error("merge-rule", "unknown merge rule '" + text + "': expected append or merge-by-position");
}

} // namespace ocds
