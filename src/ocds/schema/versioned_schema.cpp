#include <ocds/schema/versioned_schema.hpp>

#include <ocds/core/error.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

// The steps and their order follow ocdsextensionregistry's versioned_release_schema.py, so that
// the result is the standard's own file for the standard's own release schema (a unit test holds
// them equal); each function names the step it mirrors.

namespace ocds {

namespace {

constexpr int max_depth = 64; // OCDS nests about 10 deep; this stops $ref cycles

// As the standard's own generator had it for 1.1 (versionId included; ocdsextensionregistry
// dropped it after 1.1, whose release schema no longer has it).
const char* const removed_keywords[] = {"title",          "description",    "default",
                                        "omitWhenMerged", "wholeListMerge", "versionId"};

bool truthy(const Value* value) {
    if (!value || value->is_null()) {
        return false;
    }
    if (value->is_bool()) {
        return value->as_bool();
    }
    if (value->is_string()) {
        return !value->as_string().empty();
    }
    if (value->is_array()) {
        return !value->as_array().empty();
    }
    if (value->is_object()) {
        return !value->as_object().empty();
    }
    return value->number_text().find_first_not_of("0.-+eE") != std::string::npos;
}

/// `type` as a list, "null" last (_cast_as_list).
std::vector<std::string> types_of(const Value& schema) {
    std::vector<std::string> types;
    const Value* type = schema.find("type");
    if (type && type->is_string()) {
        types.push_back(type->as_string());
    } else if (type && type->is_array()) {
        for (const auto& entry : type->as_array()) {
            if (entry.is_string()) {
                types.push_back(entry.as_string());
            }
        }
        std::sort(types.begin(), types.end(), [](const std::string& a, const std::string& b) {
            return (a == "null" ? std::string("~") : a) < (b == "null" ? std::string("~") : b);
        });
    }
    return types;
}

bool is_types(const std::vector<std::string>& types, std::initializer_list<const char*> expected) {
    return types.size() == expected.size() && std::equal(types.begin(), types.end(), expected.begin());
}

Value versioned_template() {
    Value release_date = Value::object();
    release_date.set("format", Value("date-time"));
    release_date.set("type", Value("string"));
    Value release_id = Value::object();
    release_id.set("type", Value("string"));
    Value tag_items = Value::object();
    tag_items.set("type", Value("string"));
    Value release_tag = Value::object();
    release_tag.set("type", Value("array"));
    release_tag.set("items", std::move(tag_items));
    Value properties = Value::object();
    properties.set("releaseDate", std::move(release_date));
    properties.set("releaseID", std::move(release_id));
    properties.set("value", Value::object());
    properties.set("releaseTag", std::move(release_tag));
    Value items = Value::object();
    items.set("type", Value("object"));
    items.set("properties", std::move(properties));
    Value versioned = Value::object();
    versioned.set("type", Value("array"));
    versioned.set("items", std::move(items));
    return versioned;
}

Value versioned(Value value) {
    Value result = versioned_template();
    *result.find("items")->find("properties")->find("value") = std::move(value);
    return result;
}

/// The shared definitions that plain string fields point to (_COMMON_VERSIONED_DEFINITIONS).
struct CommonDefinition {
    const char* name;
    const char* format; // nullptr: none
};
const CommonDefinition common_definitions[] = {
    {"StringNullUriVersioned", "uri"},
    {"StringNullDateTimeVersioned", "date-time"},
    {"StringNullVersioned", nullptr},
};

/// The common definition a field's schema is, if it adds nothing to it (_get_common_definition_ref).
const char* common_definition(const Value& schema) {
    const Value* type = schema.find("type");
    if (!type || !type->is_array() || type->as_array().size() != 2 || type->as_array()[0] != Value("string") ||
        type->as_array()[1] != Value("null")) {
        return nullptr;
    }
    for (const auto& definition : common_definitions) {
        const Value* format = schema.find("format");
        const bool same_format = definition.format
                                     ? format && format->is_string() && format->as_string() == definition.format
                                     : !format || format->is_null();
        if (!same_format) {
            continue;
        }
        bool adds_nothing = true;
        for (const auto& member : schema.as_object()) {
            adds_nothing = adds_nothing &&
                           (member.key == "type" || member.key == "format" ||
                            std::find_if(std::begin(removed_keywords), std::end(removed_keywords),
                                         [&](const char* k) { return member.key == k; }) != std::end(removed_keywords));
        }
        if (adds_nothing) {
            return definition.name;
        }
    }
    return nullptr;
}

/// _remove_omit_when_merged
void remove_omit_when_merged(Value& schema) {
    if (schema.is_array()) {
        for (auto& item : schema.as_array()) {
            remove_omit_when_merged(item);
        }
        return;
    }
    if (!schema.is_object()) {
        return;
    }
    if (Value* properties = schema.find("properties"); properties && properties->is_object()) {
        std::vector<std::string> omitted;
        for (const auto& member : properties->as_object()) {
            if (member.value.is_object() && truthy(member.value.find("omitWhenMerged"))) {
                omitted.push_back(member.key);
            }
        }
        for (const auto& name : omitted) {
            properties->erase(name);
            if (Value* required = schema.find("required"); required && required->is_array()) {
                auto& names = required->as_array();
                const auto found = std::find(names.begin(), names.end(), Value(name));
                if (found != names.end()) {
                    names.erase(found);
                }
            }
        }
    }
    for (auto& member : schema.as_object()) {
        remove_omit_when_merged(member.value);
    }
}

/// _update_refs_to_unversioned_definitions (objects only, as there).
void refer_to_unversioned(Value& schema) {
    for (auto& member : schema.as_object()) {
        if (member.key == "$ref" && member.value.is_string()) {
            member.value = Value(member.value.as_string() + "Unversioned");
        } else if (member.value.is_object()) {
            refer_to_unversioned(member.value);
        }
    }
}

/// What a local "$ref" points at; the value itself when it is not one.
const Value& dereference(const Value& schema, const Value& root, std::string* reference = nullptr) {
    const Value* current = &schema;
    for (int hops = 0; hops < max_depth && current->is_object(); ++hops) {
        const std::string* ref = current->find_string("$ref");
        if (!ref || ref->rfind("#/", 0) != 0) {
            break;
        }
        const Value* target = find_pointer(root, std::string_view(*ref).substr(1));
        if (!target) {
            break;
        }
        if (reference) {
            *reference = ref->substr(1);
        }
        current = target;
    }
    return *current;
}

/// _get_unversioned_pointers: the `id` fields of objects in arrays merged by id, which stay
/// unversioned; walked through `$ref`s as if they were replaced.
void unversioned_pointers(const Value& node, const Value& root, std::set<std::string>& fields,
                          const std::string& pointer, int depth) {
    if (depth > max_depth) {
        return;
    }
    const Value& schema = dereference(node, root);
    if (schema.is_array()) {
        std::size_t index = 0;
        for (const auto& item : schema.as_array()) {
            unversioned_pointers(item, root, fields, pointer + "/" + std::to_string(index++), depth + 1);
        }
        return;
    }
    if (!schema.is_object()) {
        return;
    }
    const auto types = types_of(schema);
    const bool array = std::find(types.begin(), types.end(), "array") != types.end();
    if (array && truthy(schema.find("wholeListMerge"))) {
        return;
    }
    if (array) {
        if (const Value* items_ref = schema.find("items");
            items_ref && items_ref->is_object() && !items_ref->as_object().empty()) {
            std::string reference;
            const Value& items = dereference(*items_ref, root, &reference);
            for (const auto& type : types_of(items)) {
                if (type != "object") {
                    return;
                }
            }
            const Value* properties = items.find("properties");
            if (properties && properties->find("id")) {
                fields.insert((reference.empty() ? pointer : reference) + "/properties/id");
            }
        }
    }
    for (const auto& member : schema.as_object()) {
        unversioned_pointers(member.value, root, fields, pointer + "/" + member.key, depth + 1);
    }
}

void add_versioned_fields(Value& schema, const std::set<std::string>& unversioned, const std::string& pointer);

/// _add_versioned_field
void add_versioned_field(Value& schema, const std::set<std::string>& unversioned, const std::string& pointer,
                         const std::string& key) {
    if (unversioned.count(pointer)) {
        return;
    }
    Value& value = *schema.find("properties")->find(key);
    if (!value.is_object()) {
        return;
    }
    auto types = types_of(value);
    if (value.find("properties") && (types.empty() || is_types(types, {"array"}))) {
        types = {"object"};
    }
    if (types.empty()) {
        const std::string* ref = value.find_string("$ref");
        if (!value.find("deprecated") && ref && ref->rfind("#", 0) == 0 &&
            unversioned.count(ref->substr(1) + "/properties/id")) {
            value.set("$ref", Value(*ref + "VersionedId"));
        }
        return;
    }
    if (const char* name = common_definition(value)) {
        Value ref = Value::object();
        ref.set("$ref", Value(std::string("#/definitions/") + name));
        value = std::move(ref);
        return;
    }
    if (is_types(types, {"object"}) && value.find("properties")) {
        add_versioned_fields(value, unversioned, pointer);
        return;
    }
    Value new_value = value;
    if (is_types(types, {"array"})) {
        const Value* items = value.find("items");
        if (items && items->is_object() && !items->as_object().empty()) {
            const std::string* item_ref = items->find_string("$ref");
            if (truthy(value.find("wholeListMerge"))) {
                if (item_ref) {
                    new_value.find("items")->set("$ref", Value(*item_ref + "Unversioned"));
                }
            } else if (item_ref) {
                return; // an array of versioned objects
            } else if (is_types(types_of(*items), {"object"}) &&
                       pointer == "/definitions/Amendment/properties/changes") {
                return;
            }
        }
    }
    value = versioned(std::move(new_value));
}

/// _add_versioned_fields
void add_versioned_fields(Value& schema, const std::set<std::string>& unversioned, const std::string& pointer) {
    if (Value* properties = schema.find("properties"); properties && properties->is_object()) {
        std::vector<std::string> keys;
        for (const auto& member : properties->as_object()) {
            keys.push_back(member.key);
        }
        for (const auto& key : keys) {
            add_versioned_field(schema, unversioned, pointer + "/properties/" + key, key);
        }
    }
    if (Value* definitions = schema.find("definitions"); definitions && definitions->is_object()) {
        for (auto& member : definitions->as_object()) {
            if (member.value.is_object()) {
                add_versioned_fields(member.value, unversioned, pointer + "/definitions/" + member.key);
            }
        }
    }
}

/// The first local "$ref" whose definition is missing; empty when none is.
std::string missing_definition(const Value& node, const Value& definitions) {
    if (node.is_array()) {
        for (const auto& item : node.as_array()) {
            std::string missing = missing_definition(item, definitions);
            if (!missing.empty()) {
                return missing;
            }
        }
    } else if (node.is_object()) {
        for (const auto& member : node.as_object()) {
            if (member.key == "$ref" && member.value.is_string() &&
                member.value.as_string().rfind("#/definitions/", 0) == 0) {
                std::string name = member.value.as_string().substr(14);
                if (!definitions.find(name)) {
                    return name;
                }
            }
            std::string missing = missing_definition(member.value, definitions);
            if (!missing.empty()) {
                return missing;
            }
        }
    }
    return {};
}

/// _remove_metadata_and_extended_keywords
void remove_metadata(Value& schema) {
    if (schema.is_array()) {
        for (auto& item : schema.as_array()) {
            remove_metadata(item);
        }
        return;
    }
    if (!schema.is_object()) {
        return;
    }
    for (auto& member : schema.as_object()) {
        if ((member.key == "definitions" || member.key == "properties") && member.value.is_object()) {
            for (auto& sub : member.value.as_object()) {
                if (sub.value.is_object()) {
                    for (const char* keyword : removed_keywords) {
                        sub.value.erase(keyword);
                    }
                }
            }
        }
        remove_metadata(member.value);
    }
}

} // namespace

Value versioned_release_schema(const Value& release_schema) {
    Value schema = release_schema;
    if (!schema.is_object() || !schema.find("properties") || !schema.find("properties")->is_object() ||
        !schema.find("definitions") || !schema.find("definitions")->is_object()) {
        throw data_error(Location{}, "the release schema has no 'properties' and 'definitions' objects to version");
    }
    if (const std::string* id = schema.find_string("id")) {
        const std::string file = "release-schema.json";
        if (id->size() >= file.size() && id->compare(id->size() - file.size(), file.size(), file) == 0) {
            schema.set("id",
                       Value(id->substr(0, id->size() - file.size()) + "versioned-release-validation-schema.json"));
        }
    }
    schema.set("title", Value("Schema for a compiled, versioned Open Contracting Release."));
    remove_omit_when_merged(schema);

    Value unversioned_definitions = Value::object();
    for (const auto& member : schema.find("definitions")->as_object()) {
        Value copy = member.value;
        if (copy.is_object()) {
            refer_to_unversioned(copy);
        }
        unversioned_definitions.as_object().push_back({member.key + "Unversioned", std::move(copy)});
    }

    std::set<std::string> unversioned;
    unversioned_pointers(schema, schema, unversioned, "", 0);

    Value ocid;
    const bool has_ocid = schema.find("properties")->find("ocid") != nullptr;
    if (has_ocid) {
        ocid = *schema.find("properties")->find("ocid");
        schema.find("properties")->erase("ocid");
    }
    add_versioned_fields(schema, unversioned, "");
    if (has_ocid) {
        schema.find("properties")->set("ocid", std::move(ocid));
    }

    Value& definitions = *schema.find("definitions");
    for (const auto& common : common_definitions) {
        Value value = Value::object();
        value.set("type", Value(Value::Array{Value("string"), Value("null")}));
        if (common.format) {
            value.set("format", Value(common.format));
        }
        definitions.set(common.name, versioned(std::move(value)));
    }

    // Definitions that the versioned fields refer to: unversioned copies, and copies whose `id`
    // is versioned (for objects outside arrays, like `buyer`).
    for (;;) {
        const std::string name = missing_definition(schema, definitions);
        if (name.empty()) {
            break;
        }
        const std::string suffix = "VersionedId";
        Value definition;
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const std::string base = name.substr(0, name.size() - suffix.size());
            const Value* original = definitions.find(base);
            if (!original || !original->find("properties") || !original->find("properties")->find("id")) {
                break; // nothing to make it from: leave the reference dangling
            }
            definition = *original;
            std::set<std::string> others = unversioned;
            const std::string id_pointer = "/definitions/" + base + "/properties/id";
            others.erase(id_pointer);
            add_versioned_field(definition, others, id_pointer, "id");
        } else if (const Value* copy = unversioned_definitions.find(name)) {
            definition = *copy;
        } else {
            break;
        }
        definitions.set(name, std::move(definition));
    }

    remove_metadata(schema);
    return schema;
}

} // namespace ocds
