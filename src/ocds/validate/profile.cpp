#include <ocds/core/detail/json.hpp> // first: valijson's adapter must come before RapidJSON

#include <ocds/validate/profile.hpp>

#include <ocds/schema/versioned_schema.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/validate/detail/rapidjson_convert.hpp>
#include <ocds/validate/detail/valijson_schema.hpp>
#include <ocds/core/error.hpp>
#include <ocds/validate/fast_check.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/files.hpp>

#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <set>

namespace ocds {

namespace {

std::atomic<bool> valijson_explains{false}; // ValidationProfile::explain_with_valijson

std::vector<std::string> strings_of(const Value* array) {
    std::vector<std::string> strings;
    if (array && array->is_array()) {
        for (const auto& item : array->as_array()) {
            if (item.is_string()) {
                strings.push_back(item.as_string());
            }
        }
    }
    return strings;
}

/// Removes from a schema what this program checks itself, faster and with better messages than
/// valijson would: `format` (valijson compiles a std::regex per date), `patternProperties` (a
/// std::regex per member name: 100× slower), `uniqueItems` (OCDS compares ids, not whole
/// objects) and the `enum` of codelist fields (closed-codelist check). Keyword-aware: a field
/// named "format" in `properties` stays. Also drops `"required": []`, which draft 4 forbids.
void strip_for_valijson(Value& schema, bool codelist_from_parent = false) {
    if (!schema.is_object()) {
        return;
    }
    const bool has_codelist = schema.find("codelist") != nullptr;
    schema.erase("format");
    schema.erase("patternProperties");
    schema.erase("uniqueItems");
    if (has_codelist || codelist_from_parent) {
        schema.erase("enum");
    }
    if (const Value* required = schema.find("required");
        required && required->is_array() && required->as_array().empty()) {
        schema.erase("required");
    }
    for (auto& member : schema.as_object()) {
        if (member.key == "properties" || member.key == "definitions") {
            if (member.value.is_object()) {
                for (auto& field : member.value.as_object()) {
                    strip_for_valijson(field.value);
                }
            }
        } else if (member.key == "items") {
            if (member.value.is_array()) {
                for (auto& item : member.value.as_array()) {
                    strip_for_valijson(item, has_codelist);
                }
            } else {
                strip_for_valijson(member.value, has_codelist);
            }
        } else if (member.key == "additionalProperties" || member.key == "not" || member.key == "additionalItems") {
            strip_for_valijson(member.value);
        } else if (member.key == "oneOf" || member.key == "anyOf" || member.key == "allOf") {
            if (member.value.is_array()) {
                for (auto& item : member.value.as_array()) {
                    strip_for_valijson(item);
                }
            }
        }
    }
}

std::string types_text(const Value* type) {
    if (!type) {
        return {};
    }
    if (type->is_string()) {
        return type->as_string();
    }
    std::string text;
    const auto names = strings_of(type);
    for (std::size_t i = 0; i < names.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    }
    return text;
}

/// The field names in a language pattern such as ^(title|description)_(...)$.
std::vector<std::string> language_fields_of(const std::string& pattern) {
    std::vector<std::string> names;
    if (pattern.rfind("^(", 0) != 0) {
        return names;
    }
    const auto close = pattern.find(")_");
    if (close == std::string::npos) {
        return names;
    }
    const std::string alternatives = pattern.substr(2, close - 2);
    std::size_t start = 0;
    while (start <= alternatives.size()) {
        const auto bar = alternatives.find('|', start);
        names.push_back(alternatives.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos) {
            break;
        }
        start = bar + 1;
    }
    return names;
}

/// Collects the names X of `#/definitions/X` references that `schema` does not define.
void collect_refs(const Value& value, const Value& definitions, std::set<std::string>& missing) {
    if (value.is_object()) {
        for (const auto& member : value.as_object()) {
            if (member.key == "$ref" && member.value.is_string()) {
                const std::string& ref = member.value.as_string();
                const std::string prefix = "#/definitions/";
                if (ref.rfind(prefix, 0) == 0 && ref.find('/', prefix.size()) == std::string::npos &&
                    !definitions.find(ref.substr(prefix.size()))) {
                    missing.insert(ref.substr(prefix.size()));
                }
            } else {
                collect_refs(member.value, definitions, missing);
            }
        }
    } else if (value.is_array()) {
        for (const auto& item : value.as_array()) {
            collect_refs(item, definitions, missing);
        }
    }
}

std::set<std::string> unresolved_definitions(const Value& schema) {
    std::set<std::string> missing;
    const Value* definitions = schema.find("definitions");
    if (definitions) {
        collect_refs(schema, *definitions, missing);
    }
    return missing;
}

} // namespace

class ValidationProfile::Impl {
public:
    /// Builds the SchemaNode tree of `schema` (whose `#/definitions/...` are in `root`).
    const SchemaNode* build(const Value& schema, const Value& root) {
        if (const std::string* ref = schema.find_string("$ref")) {
            const auto known = m_by_ref.find(ref_key(root, *ref));
            if (known != m_by_ref.end()) {
                return known->second;
            }
            const Value* target = resolve(root, *ref);
            SchemaNode& node = m_nodes.emplace_back();
            m_by_ref[ref_key(root, *ref)] = &node;
            if (target) {
                fill(node, *target, root);
            }
            return &node;
        }
        SchemaNode& node = m_nodes.emplace_back();
        fill(node, schema, root);
        return &node;
    }

    void fill(SchemaNode& node, const Value& schema, const Value& root) {
        if (!schema.is_object()) {
            return;
        }
        node.types = types_text(schema.find("type"));
        if (const Value* properties = schema.find("properties"); properties && properties->is_object()) {
            for (const auto& member : properties->as_object()) {
                SchemaProperty property;
                property.node = build(member.value, root);
                if (const Value* deprecated = member.value.find("deprecated"); deprecated && deprecated->is_object()) {
                    const std::string* version = deprecated->find_string("deprecatedVersion");
                    const std::string* note = deprecated->find_string("description");
                    property.deprecated_version = version ? *version : "?";
                    property.deprecated_note = note ? *note : "";
                }
                node.properties.emplace(member.key, property);
            }
        }
        if (const Value* patterns = schema.find("patternProperties"); patterns && patterns->is_object()) {
            for (const auto& member : patterns->as_object()) {
                for (auto& name : language_fields_of(member.key)) {
                    node.language_fields.push_back(std::move(name));
                }
            }
        }
        if (const Value* items = schema.find("items"); items && items->is_object()) {
            node.items = build(*items, root);
        }
        if (const std::string* codelist = schema.find_string("codelist")) {
            node.codelist = *codelist;
            const Value* open = schema.find("openCodelist");
            node.open_codelist = open && open->is_bool() && open->as_bool();
            node.codes = m_codelists.find(*codelist);
            const Value* values = schema.find("enum");
            if (!values) {
                if (const Value* items = schema.find("items")) {
                    values = items->find("enum");
                }
            }
            if (!node.open_codelist && values && values->is_array()) {
                node.closed_codes = &m_enums.emplace_back(strings_of(values));
            }
        }
        if (const std::string* format = schema.find_string("format")) {
            node.format = *format == "date-time" ? StringFormat::date_time
                          : *format == "date"    ? StringFormat::date
                          : *format == "uri"     ? StringFormat::uri
                          : *format == "email"   ? StringFormat::email
                                                 : StringFormat::none;
        }
        if (const Value* values = schema.find("enum"); values && values->is_array()) {
            std::size_t shown = 0;
            for (const auto& value : values->as_array()) {
                if (shown++ == 12) {
                    node.enum_text += ", ...";
                    break;
                }
                node.enum_text +=
                    (node.enum_text.empty() ? "" : ", ") + (value.is_string() ? value.as_string() : "null");
            }
        }
        if (const std::string* pattern = schema.find_string("pattern")) {
            node.pattern = *pattern;
        }
        const Value* unique = schema.find("uniqueItems");
        node.unique_items = unique && unique->is_bool() && unique->as_bool();
        const Value* whole = schema.find("wholeListMerge");
        node.whole_list_merge = whole && whole->is_bool() && whole->as_bool();
        node.has_id = node.properties.count("id") > 0;
        for (const auto& name : strings_of(schema.find("required"))) {
            node.id_required = node.id_required || name == "id";
        }
    }

    /// Compiles a (stripped) schema for valijson. External `$ref`s read the bundled schemas.
    void compile(ValidationProfile::Shape shape, const Value& schema, const std::string& schemas_dir) {
        auto& compiled = m_compiled[static_cast<int>(shape)];
        compiled.document = detail::to_document(schema);
        const std::string problem = detail::parse_schema(*compiled.document, compiled.schema, schemas_dir,
                                                         [](Value& referenced) { strip_for_valijson(referenced); });
        if (!problem.empty()) {
            throw precondition_error(problem);
        }
        compiled.fast = FastCheck::compile(schema);
        compiled.ready = true;
    }

    bool valijson_valid(ValidationProfile::Shape shape, detail::BinaryView view) const {
        const auto& compiled = m_compiled[static_cast<int>(shape)];
        thread_local valijson::Validator validator;
        rapidjson::Document document;
        detail::view_into(view, document, document.GetAllocator());
        return validator.validate(compiled.schema, valijson::adapters::RapidJsonAdapter(document), nullptr);
    }

    int fast_valid(ValidationProfile::Shape shape, detail::BinaryView view) const {
        const auto& compiled = m_compiled[static_cast<int>(shape)];
        return compiled.fast ? compiled.fast->valid(view) : -1;
    }

    std::vector<SchemaViolation> violations(ValidationProfile::Shape shape, detail::BinaryView view) const {
        const auto& compiled = m_compiled[static_cast<int>(shape)];
        std::vector<SchemaViolation> found;
        if (!compiled.ready) {
            return found;
        }
        if (!compiled.fast || valijson_explains.load(std::memory_order_relaxed)) {
            return valijson_violations(shape, view, true);
        }
        // The yes/no walk stops at the first error and valid data needs nothing more; explain()
        // walks everything, building pointers.
        if (!compiled.fast->valid(view)) {
            compiled.fast->explain(view, found);
        }
        return found;
    }

    /// valijson's violations; `check_first`: a quick pass without collecting, which answers
    /// valid data much faster.
    std::vector<SchemaViolation> valijson_violations(ValidationProfile::Shape shape, detail::BinaryView view,
                                                     bool check_first) const {
        const auto& compiled = m_compiled[static_cast<int>(shape)];
        std::vector<SchemaViolation> found;
        if (!compiled.ready) {
            return found;
        }
        // One validator and scratch document per thread: valijson caches regexes in the validator.
        thread_local valijson::Validator validator;
        thread_local rapidjson::Document document;
        document.SetNull();
        document.GetAllocator().Clear();
        detail::view_into(view, document, document.GetAllocator());
        const valijson::adapters::RapidJsonAdapter target(document);
        if (check_first && validator.validate(compiled.schema, target, nullptr)) {
            return found;
        }
        valijson::ValidationResults results;
        validator.validate(compiled.schema, target, &results);
        valijson::ValidationResults::Error error;
        while (results.popError(error)) {
            SchemaViolation violation = classify(error.description);
            if (violation.keyword.empty()) {
                continue; // "failed to validate item #2": the leaf error under it says what
            }
            violation.pointer = detail::context_pointer(error.context);
            found.push_back(std::move(violation));
        }
        return found;
    }

    Codelists m_codelists;
    std::map<ValidationProfile::Shape, const SchemaNode*> m_roots;

private:
    static std::string ref_key(const Value& root, const std::string& ref) {
        return std::to_string(reinterpret_cast<std::uintptr_t>(&root)) + ref;
    }

    static const Value* resolve(const Value& root, const std::string& ref) {
        if (ref.rfind("#/", 0) != 0) {
            return nullptr; // external: the package schemas' links to the release schema, handled apart
        }
        return find_pointer(root, std::string_view(ref).substr(1));
    }

    static SchemaViolation classify(const std::string& description) {
        SchemaViolation violation;
        const auto starts = [&](const char* prefix) { return description.rfind(prefix, 0) == 0; };
        if (starts("Missing required property '")) {
            violation.keyword = "required";
            const auto open = description.find('\'');
            violation.property = description.substr(open + 1, description.rfind('\'') - open - 1);
        } else if (starts("Value type not permitted")) {
            violation.keyword = "type";
        } else if (starts("Array should contain no fewer")) {
            violation.keyword = "minItems";
        } else if (starts("Array should contain no more")) {
            violation.keyword = "maxItems";
        } else if (starts("String should be no fewer")) {
            violation.keyword = "minLength";
        } else if (starts("String should be no more")) {
            violation.keyword = "maxLength";
        } else if (starts("Failed to match regex")) {
            violation.keyword = "pattern";
        } else if (starts("Failed to match against any enum")) {
            violation.keyword = "enum";
        } else if (starts("Object should have no fewer")) {
            violation.keyword = "minProperties";
        } else if (starts("Object should have no more")) {
            violation.keyword = "maxProperties";
        } else if (starts("Expected number greater")) {
            violation.keyword = "minimum";
        } else if (starts("Expected number less")) {
            violation.keyword = "maximum";
        } else if (starts("Object contains a property that could not be validated")) {
            violation.keyword = "additionalProperties";
        } else if (starts("Failed to validate against exactly one")) {
            violation.keyword = "oneOf";
        } else if (starts("Failed to validate against any schemas allowed by anyOf")) {
            violation.keyword = "anyOf";
        } else if (starts("Failed to validate") || starts("Cannot validate")) {
            return violation; // a wrapper around the errors below it
        } else {
            violation.keyword = "schema";
        }
        violation.detail = description;
        return violation;
    }

    struct Compiled {
        std::unique_ptr<rapidjson::Document> document;
        valijson::Schema schema;
        std::unique_ptr<FastCheck> fast; // nullptr when the schema is beyond it: then valijson alone
        bool ready = false;
    };
    Compiled m_compiled[6];
    std::deque<SchemaNode> m_nodes;
    std::deque<std::vector<std::string>> m_enums;
    std::map<std::string, const SchemaNode*> m_by_ref;
};

ValidationProfile::ValidationProfile() : m_impl(std::make_unique<Impl>()) {}

ValidationProfile::~ValidationProfile() = default;

std::shared_ptr<const ValidationProfile> ValidationProfile::build(const std::string& requested_version,
                                                                  const std::vector<std::string>& extensions,
                                                                  const ExtensionSources& sources) {
    std::shared_ptr<ValidationProfile> profile(new ValidationProfile());
    // Only a known version names a folder: the version comes from the data, and a name such as
    // "../../x" must not choose which schema files are read.
    profile->m_version = bundled_version(requested_version);
    if (profile->m_version.empty() && bundled_version(requested_version.substr(0, 3)) == requested_version) {
        profile->m_version = requested_version; // the full name of a bundled version: "1.1.5"
    }
    if (profile->m_version.empty()) {
        throw error("OCDS version '" + requested_version.substr(0, 100) + "' is not a known version (1.0 and 1.1 are)");
    }
    const std::string dir = sources.schemas_dir + "/" + profile->m_version;
    if (!is_regular_file(dir + "/release-schema.json")) {
        throw precondition_error("the bundled schemas have no " + profile->m_version + "/release-schema.json (in " +
                                 sources.schemas_dir + ")");
    }
    Value release = read_json_file(dir + "/release-schema.json");
    Value release_package = read_json_file(dir + "/release-package-schema.json");
    Value record_package = read_json_file(dir + "/record-package-schema.json");
    Impl& impl = *profile->m_impl;
    impl.m_codelists.add_folder(dir + "/codelists");

    // Extensions in order, each after the extensions it depends on (ocds_project_extension needs
    // Location from ocds_location_extension).
    std::vector<std::string> applied;
    std::function<void(const std::string&, bool)> apply = [&](const std::string& url, bool declared) {
        if (std::find(applied.begin(), applied.end(), url) != applied.end()) {
            return;
        }
        applied.push_back(url);
        const std::string folder = find_extension_dir(url, sources);
        if (folder.empty()) {
            profile->m_unavailable.emplace_back(
                url, declared ? "" : "a dependency of a declared extension, not available offline");
            return;
        }
        try {
            const Value metadata = read_json_file(folder + "/extension.json");
            for (const auto& dependency : strings_of(metadata.find("dependencies"))) {
                apply(dependency, false);
            }
            if (is_regular_file(folder + "/release-schema.json")) {
                merge_patch(release, read_json_file(folder + "/release-schema.json"));
            }
            if (is_regular_file(folder + "/release-package-schema.json")) {
                merge_patch(release_package, read_json_file(folder + "/release-package-schema.json"));
            }
            if (is_regular_file(folder + "/record-package-schema.json")) {
                merge_patch(record_package, read_json_file(folder + "/record-package-schema.json"));
            }
            impl.m_codelists.add_extension(folder, strings_of(metadata.find("codelists")));
            profile->m_extensions.push_back(url);
        } catch (const ocds::error& e) {
            profile->m_unavailable.emplace_back(url, e.what());
        }
    };
    for (const auto& url : extensions) {
        apply(url, true);
    }
    // A patch may refer to a definition that only a missing extension gives: accept anything
    // there rather than refuse the whole schema (the missing extension is reported).
    for (const auto& missing : unresolved_definitions(release)) {
        Value* definitions = release.find("definitions");
        if (definitions && definitions->is_object()) {
            definitions->set(missing, Value::object());
        }
    }
    profile->m_merge_rules = MergeRules::from_schema(release);

    // The package schemas without their items, which are validated one by one.
    Value release_shell = release_package;
    Value record_shell = record_package;
    for (auto* shell : {&release_shell, &record_shell}) {
        const char* items = shell == &release_shell ? "releases" : "records";
        if (Value* properties = shell->find("properties")) {
            properties->erase(items);
        }
        if (Value* required = shell->find("required"); required && required->is_array()) {
            auto& names = required->as_array();
            names.erase(std::remove(names.begin(), names.end(), Value(items)), names.end());
        }
    }

    // A record without its releases, compiled release and versioned release, validated apart.
    Value record = Value::object();
    Value linked = Value::object();
    if (const Value* definitions = record_package.find("definitions")) {
        if (const Value* found = definitions->find("record")) {
            record = *found;
            record.set("definitions", *definitions);
        }
    }
    if (Value* properties = record.find("properties")) {
        if (Value* releases = properties->find("releases")) {
            if (const Value* choices = releases->find("oneOf"); choices && choices->is_array()) {
                for (const auto& choice : choices->as_array()) {
                    const Value* items = choice.find("items");
                    if (items && !items->find("$ref")) {
                        linked = *items;
                    }
                }
            }
            *releases = Value::object();
            releases->set("type", Value("array"));
            releases->set("minItems", Value::number("1"));
        }
        for (const char* name : {"compiledRelease", "versionedRelease"}) {
            if (Value* field = properties->find(name)) {
                *field = Value::object();
                field->set("type", Value("object"));
            }
        }
    }

    impl.m_roots[Shape::release] = impl.build(release, release);
    impl.m_roots[Shape::release_package] = impl.build(release_shell, release_shell);
    impl.m_roots[Shape::record_package] = impl.build(record_shell, record_shell);
    impl.m_roots[Shape::record] = impl.build(record, record);
    impl.m_roots[Shape::linked_release] = impl.build(linked, linked);

    // The versioned release validation schema: for 1.1, made from the patched release schema as
    // the standard makes its own file (the same file when no extension applies), so that
    // extensions' fields inside versioned releases are known; 1.0's file was made by an older
    // generator from 1.0's merge keywords, and is taken as it is.
    Value versioned = Value::object();
    if (profile->m_version.rfind("1.0", 0) != 0) {
        versioned = versioned_release_schema(release);
    } else if (is_regular_file(dir + "/versioned-release-validation-schema.json")) {
        versioned = read_json_file(dir + "/versioned-release-validation-schema.json");
    }
    impl.m_roots[Shape::versioned_release] = impl.build(versioned, versioned);

    const std::pair<Shape, Value*> shapes[] = {
        {Shape::release, &release}, {Shape::release_package, &release_shell}, {Shape::record_package, &record_shell},
        {Shape::record, &record},   {Shape::linked_release, &linked},         {Shape::versioned_release, &versioned}};
    for (const auto& [shape, schema] : shapes) {
        strip_for_valijson(*schema);
        impl.compile(shape, *schema, sources.schemas_dir);
    }
    return profile;
}

bool ValidationProfile::valijson_valid(Shape shape, detail::BinaryView value) const {
    return m_impl->valijson_valid(shape, value);
}

int ValidationProfile::fast_valid(Shape shape, detail::BinaryView value) const {
    return m_impl->fast_valid(shape, value);
}

const SchemaNode& ValidationProfile::node(Shape shape) const {
    return *m_impl->m_roots.at(shape);
}

std::vector<SchemaViolation> ValidationProfile::violations(Shape shape, detail::BinaryView value) const {
    return m_impl->violations(shape, value);
}

std::vector<std::string> unavailable_extensions(const std::vector<std::string>& extensions,
                                                const ExtensionSources& sources) {
    std::vector<std::string> unavailable;
    for (const auto& url : extensions) {
        if (find_extension_dir(url, sources).empty()) {
            unavailable.push_back(url);
        }
    }
    return unavailable;
}

std::shared_ptr<const ValidationProfile> ValidationProfile::shared(const std::string& version,
                                                                   const std::vector<std::string>& extensions,
                                                                   const ExtensionSources& sources) {
    constexpr std::size_t kept = 8; // a file rarely mixes more extension lists than this
    static std::mutex mutex;
    static std::list<std::pair<std::string, std::shared_ptr<const ValidationProfile>>> recent; // most recent first
    std::vector<std::string> available;
    for (const auto& url : extensions) {
        if (!find_extension_dir(url, sources).empty()) {
            available.push_back(url);
        }
    }
    const std::string key = sources.schemas_dir + '\n' + sources.extensions_dir + '\n' + schema_key(version, available);
    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = recent.begin(); it != recent.end(); ++it) {
        if (it->first == key) {
            recent.splice(recent.begin(), recent, it);
            return recent.front().second;
        }
    }
    recent.emplace_front(key, build(version, available, sources));
    if (recent.size() > kept) {
        recent.pop_back();
    }
    return recent.front().second;
}

void ValidationProfile::explain_with_valijson(bool on) {
    valijson_explains.store(on);
}

std::vector<SchemaViolation> ValidationProfile::valijson_violations(Shape shape, detail::BinaryView value) const {
    return m_impl->valijson_violations(shape, value, false);
}

const SchemaNode* node_at(const SchemaNode& root, std::string_view pointer) {
    const SchemaNode* node = &root;
    for (const auto& token : pointer_tokens(pointer)) {
        if (const SchemaProperty* property = node->property(token)) {
            node = property->node;
        } else if (node->items && !token.empty() && token.find_first_not_of("0123456789") == std::string::npos) {
            node = node->items;
        } else {
            return nullptr;
        }
        if (!node) {
            return nullptr;
        }
    }
    return node;
}

} // namespace ocds
