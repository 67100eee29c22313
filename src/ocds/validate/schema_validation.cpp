#include <ocds/core/detail/json.hpp> // first: valijson's adapter must come before RapidJSON

#include <ocds/validate/schema_validation.hpp>

#include <ocds/validate/detail/rapidjson_convert.hpp>
#include <ocds/validate/detail/valijson_schema.hpp>

#include <ocds/core/error.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/files.hpp>

#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace ocds {

namespace detail {

std::string context_pointer(const std::vector<std::string>& context) {
    std::string pointer;
    for (const auto& part : context) {
        if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
            pointer += '/' + pointer_token(part.substr(1, part.size() - 2));
        }
    }
    return pointer;
}

std::string parse_schema(const rapidjson::Document& document, valijson::Schema& schema, const std::string& schemas_dir,
                         const std::function<void(Value&)>& prepare) {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    std::string missing;
    try {
        parser.populateSchema(
            valijson::adapters::RapidJsonAdapter(document), schema,
            [&](const std::string& uri) -> const rapidjson::Document* {
                const std::string path = bundled_schema_path(uri, schemas_dir);
                if (path.empty()) {
                    missing = uri;
                    return nullptr; // valijson then throws; the message below says why
                }
                Value referenced = read_json_file(path);
                if (prepare) {
                    prepare(referenced);
                }
                return to_document(referenced).release();
            },
            [](const rapidjson::Document* referenced) { delete referenced; });
    } catch (const ocds::error&) {
        throw;
    } catch (const std::exception& e) {
        return missing.empty() ? std::string("the schema cannot be used: ") + e.what()
                               : "the schema refers to " + missing + ", which is not bundled";
    }
    return {};
}

} // namespace detail

std::string bundled_schema_path(const std::string& url, const std::string& schemas_dir) {
    const std::string marker = "standard.open-contracting.org/schema/";
    const auto at = url.find(marker);
    if (at == std::string::npos) {
        return {};
    }
    std::string rest = url.substr(at + marker.size()); // 1__1__5/release-schema.json#...
    rest = rest.substr(0, rest.find('#'));
    const auto slash = rest.find('/');
    if (slash == std::string::npos) {
        return {};
    }
    std::string version = rest.substr(0, slash);
    for (auto underscore = version.find("__"); underscore != std::string::npos; underscore = version.find("__")) {
        version.replace(underscore, 2, ".");
    }
    const std::string path = schemas_dir + "/" + version + "/" + rest.substr(slash + 1);
    return is_regular_file(path) ? path : std::string();
}

class SchemaValidator::Impl {
public:
    Impl(const Value& schema, const std::string& schemas_dir) : m_schema_document(detail::to_document(schema)) {
        const std::string problem = detail::parse_schema(*m_schema_document, m_schema, schemas_dir);
        if (!problem.empty()) {
            throw data_error(Location{}, problem);
        }
    }

    std::vector<SchemaIssue> validate(const Value& value) const {
        const auto document = detail::to_document(value);
        valijson::Validator validator;
        valijson::ValidationResults results;
        validator.validate(m_schema, valijson::adapters::RapidJsonAdapter(*document), &results);
        std::vector<SchemaIssue> issues;
        valijson::ValidationResults::Error error;
        while (results.popError(error)) {
            issues.push_back({detail::context_pointer(error.context), error.description});
        }
        return issues;
    }

private:
    std::unique_ptr<rapidjson::Document> m_schema_document;
    valijson::Schema m_schema;
};

SchemaValidator::SchemaValidator(const Value& schema, const std::string& schemas_dir)
    : m_impl(std::make_unique<Impl>(schema, schemas_dir)) {}

SchemaValidator::~SchemaValidator() = default;

std::vector<SchemaIssue> SchemaValidator::validate(const Value& document) const {
    return m_impl->validate(document);
}

} // namespace ocds
