#include <ocds/map/budget_record.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/error.hpp>
#include <ocds/validate/fast_check.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/validate/schema_validation.hpp>
#include <ocds/core/string_formats.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <regex>
#include <set>

namespace ocds {

namespace {

std::string quoted(const Value& value) {
    std::string text = to_json(value);
    return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

/// Removes the `pattern` and `format` keywords of every subschema: RecordChecker checks them
/// itself. (Members of `properties` and `definitions` are names, not keywords.)
void strip_string_checks(Value& schema, bool is_name_map = false) {
    if (!schema.is_object()) {
        return;
    }
    if (!is_name_map) {
        schema.erase("pattern");
        schema.erase("format");
    }
    for (auto& member : schema.as_object()) {
        const bool names = !is_name_map && (member.key == "properties" || member.key == "definitions");
        strip_string_checks(member.value, names);
    }
}

/// valijson reports a failure at every level above it too ("Failed to validate item #0 in
/// array"); the innermost one says what is wrong.
bool is_echo(const std::string& message) {
    return message.rfind("Failed to validate item", 0) == 0 ||
           message.rfind("Failed to validate against schema associated with property", 0) == 0;
}

/// Enums are checked natively, to list the codes expected.
bool is_enum_failure(const std::string& message) {
    return message.rfind("Failed to match against any enum values", 0) == 0;
}

/// valijson's wording, said the way a person preparing an export needs it: what was found,
/// what was expected.
std::string plain_message(const Value& record, const SchemaIssue& issue) {
    const std::string& message = issue.message;
    const Value* found = find_pointer(record, issue.pointer);
    const std::string value = found ? quoted(*found) : std::string("the value");
    auto quoted_name = [&](std::size_t from) {
        const auto start = message.find('\'', from);
        const auto end = start == std::string::npos ? start : message.find('\'', start + 1);
        return end == std::string::npos ? std::string() : message.substr(start + 1, end - start - 1);
    };
    if (message.rfind("Missing required property", 0) == 0) {
        return "missing \"" + quoted_name(0) + "\", which is required";
    }
    if (message.find("could not be validated using 'properties' or 'additionalProperties'") != std::string::npos) {
        return "unknown member \"" + quoted_name(message.find("constraints")) +
               "\": the record format has no such field (a misspelt column?)";
    }
    if (message.rfind("Expected number greater than or equal to", 0) == 0) {
        return value + " is too small: expected " +
               (message.find(" 0.0") != std::string::npos ? "0 or more" : message.substr(9));
    }
    if (message.rfind("Expected number less than or equal to", 0) == 0) {
        return value + " is too large: e" + message.substr(1);
    }
    if (message.find("'type' constraint") != std::string::npos && found) {
        return "found " + std::string(type_name(found->type())) + " " + value + ": that type is not allowed here";
    }
    return message;
}

bool is_currency_code(const std::string& text) {
    return text.size() == 3 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

} // namespace

std::string budget_record_schema_path(const std::string& schemas_dir) {
    return schemas_dir + "/budget-project-record.schema.json";
}

class RecordChecker::Impl {
public:
    Impl(const std::string& schemas_dir, MunicipalParties municipal, bool has_time_zone)
        : m_municipal(std::move(municipal)), m_has_time_zone(has_time_zone) {
        const std::string path = budget_record_schema_path(schemas_dir);
        try {
            m_schema = read_json_file(path);
        } catch (const error& failure) {
            throw precondition_error("cannot read the budget-project record schema: " + std::string(failure.what()));
        }
        Value stripped = m_schema;
        strip_string_checks(stripped);
        m_validator = std::make_unique<SchemaValidator>(stripped, schemas_dir);
        m_fast_check = FastCheck::compile(stripped);
        for (const auto& member : m_schema.find("definitions")->as_object()) {
            m_definitions[member.key] = &member.value;
        }
    }

    std::vector<RecordProblem> check(const Value& record) const {
        std::vector<RecordProblem> problems;
        if (!record.is_object()) {
            problems.push_back({"", "expected a budget-project record (a JSON object), found " +
                                        std::string(type_name(record.type()))});
            return problems;
        }
        if (const Value* version = record.find("record_version"); version && *version != Value("1")) {
            // Say this alone: other complaints about a format we do not know would mislead.
            problems.push_back({"/record_version", "record_version " + quoted(*version) +
                                                       " is not known to this program (it reads version \"1\")"});
            return problems;
        }
        // The compiled check answers for valid records; valijson explains the others.
        std::string encoded;
        if (m_fast_check) {
            detail::encode(record, encoded);
        }
        const bool valid = m_fast_check && m_fast_check->valid(detail::BinaryView(encoded.data()));
        for (auto& issue : valid ? std::vector<SchemaIssue>() : m_validator->validate(record)) {
            if (!is_echo(issue.message) && !is_enum_failure(issue.message)) {
                problems.push_back({issue.pointer, plain_message(record, issue)});
            }
        }
        check_strings(m_schema, record, Path{}, problems);
        if (problems.empty()) {
            check_references(record, problems);
        }
        return problems;
    }

private:
    const Value& resolve(const Value& node, std::string* definition) const {
        if (const std::string* ref = node.find_string("$ref"); ref && ref->rfind("#/definitions/", 0) == 0) {
            const auto found = m_definitions.find(ref->substr(14));
            if (found != m_definitions.end()) {
                *definition = found->first;
                return *found->second;
            }
        }
        return node;
    }

    /// Where check_strings is: the JSON Pointer is only spelt out for a problem (building it for
    /// every value visited cost more than the checks).
    struct Path {
        const Path* parent = nullptr;
        const std::string* key = nullptr;
        std::size_t index = 0;

        std::string pointer() const {
            if (parent == nullptr) {
                return {};
            }
            return parent->pointer() + "/" + (key ? pointer_token(*key) : std::to_string(index));
        }
    };

    /// Patterns, formats, enums and dates, following the schema's properties, items and $refs.
    void check_strings(const Value& node, const Value& value, const Path& path,
                       std::vector<RecordProblem>& problems) const {
        std::string definition;
        const Value& schema = resolve(node, &definition);
        if (value.is_string()) {
            const std::string& text = value.as_string();
            if (definition == "date") {
                check_date(text, path, problems);
            } else if (const std::string* pattern = schema.find_string("pattern")) {
                const bool ok = *pattern == "^[A-Z]{3}$" ? is_currency_code(text) : matches(*pattern, text);
                if (!ok) {
                    problems.push_back(
                        {path.pointer(), quoted(value) + " does not match " + describe_pattern(*pattern)});
                }
            }
            check_enum(schema, value, path, problems);
            if (const std::string* format = schema.find_string("format")) {
                if ((*format == "uri" && !is_uri(text)) || (*format == "email" && !is_email(text))) {
                    problems.push_back({path.pointer(), quoted(value) + " is not a valid " + *format});
                }
            }
        } else if (value.is_object()) {
            const Value* properties = schema.find("properties");
            if (properties == nullptr) {
                return;
            }
            for (const auto& member : value.as_object()) {
                if (const Value* child = properties->find(member.key)) {
                    check_strings(*child, member.value, Path{&path, &member.key, 0}, problems);
                }
            }
        } else if (value.is_array()) {
            const Value* items = schema.find("items");
            if (items == nullptr) {
                return;
            }
            std::size_t index = 0;
            for (const auto& item : value.as_array()) {
                check_strings(*items, item, Path{&path, nullptr, index++}, problems);
            }
        }
    }

    static void check_enum(const Value& schema, const Value& value, const Path& path,
                           std::vector<RecordProblem>& problems) {
        const Value* codes = schema.find("enum");
        if (codes == nullptr || !codes->is_array()) {
            return;
        }
        std::string listed;
        for (const auto& code : codes->as_array()) {
            if (code == value) {
                return;
            }
            if (code.is_string()) {
                listed += (listed.empty() ? "" : ", ") + code.as_string();
            }
        }
        problems.push_back({path.pointer(), quoted(value) + " is not a known code: expected one of " + listed});
    }

    void check_date(const std::string& text, const Path& path, std::vector<RecordProblem>& problems) const {
        if (is_date_time(text)) {
            return;
        }
        if (is_date(text)) {
            if (!m_has_time_zone) {
                problems.push_back({path.pointer(), "date \"" + text +
                                                        "\" has no time or offset, and no time zone is configured to "
                                                        "place it (set time-zone, e.g. America/Monterrey)"});
            }
            return;
        }
        problems.push_back({path.pointer(), "\"" + text +
                                                "\" is not a date: expected RFC 3339 with an offset "
                                                "(2024-02-15T10:00:00-06:00) or a bare date (2024-02-15)"});
    }

    bool matches(const std::string& pattern, const std::string& text) const {
        std::lock_guard<std::mutex> lock(m_regex_mutex);
        auto found = m_regexes.find(pattern);
        if (found == m_regexes.end()) {
            found = m_regexes.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
        }
        return std::regex_search(text, found->second);
    }

    static std::string describe_pattern(const std::string& pattern) {
        if (pattern.find("A-Za-z0-9._-") != std::string::npos) {
            return "the identifier pattern (letters, digits, '.', '_' and '-', starting with a letter or digit)";
        }
        if (pattern == "^[A-Z]{3}$") {
            return "an ISO 4217 currency code (three capital letters)";
        }
        if (pattern.find("[A-ZÑ&]") != std::string::npos) {
            return "an RFC (3 or 4 letters, 6 digits of the date, 3 characters: 12 for companies, 13 for persons)";
        }
        return "the pattern " + pattern;
    }

    /// Ids referred to must exist; ids of a list must be unique (the merge would mix them up).
    void check_references(const Value& record, std::vector<RecordProblem>& problems) const {
        std::set<std::string> parties(m_municipal.ids.begin(), m_municipal.ids.end());
        std::map<std::string, std::string> rfcs;
        if (const Value* list = record.find("parties"); list && list->is_array()) {
            unique_ids(list, "id", "/parties", problems);
            for (std::size_t i = 0; i < list->as_array().size(); ++i) {
                const Value& party = list->as_array()[i];
                parties.insert(*party.find_string("id"));
                const std::string* rfc = party.find_string("rfc");
                const Value* publish = party.find("publish_identifier");
                if (rfc && !(publish && publish->is_bool() && !publish->as_bool())) {
                    const auto [at, added] = rfcs.emplace(*rfc, *party.find_string("id"));
                    if (!added) {
                        problems.push_back({"/parties/" + std::to_string(i) + "/rfc",
                                            "RFC " + *rfc + " is also the RFC of party " + at->second +
                                                ": one organization must be one party"});
                    }
                }
            }
        }
        auto refer = [&](const Value* id, const std::string& pointer) {
            if (id && id->is_string() && !parties.count(id->as_string())) {
                std::string municipal;
                for (const auto& known : m_municipal.ids) {
                    municipal += (municipal.empty() ? "" : ", ") + known;
                }
                problems.push_back({pointer, quoted(*id) +
                                                 " does not refer to a party: expected the id of an entry of "
                                                 "/parties or of a municipal party (" +
                                                 municipal + ")"});
            }
        };
        auto refer_all = [&](const Value* ids, const std::string& pointer) {
            if (ids && ids->is_array()) {
                for (std::size_t i = 0; i < ids->as_array().size(); ++i) {
                    refer(&ids->as_array()[i], pointer + "/" + std::to_string(i));
                }
            }
        };
        unique_ids(record.find("documents"), "id", "/documents", problems);
        unique_ids(record.find("milestones"), "id", "/milestones", problems);
        if (const Value* assessment = record.find("assessment")) {
            const Value* finished = assessment->find("valuation_finished");
            if (assessment->find_string("feasibility") && *assessment->find_string("feasibility") == "unfeasible" &&
                finished && finished->is_bool() && finished->as_bool() &&
                !assessment->find_string("unfeasibility_explanation")) {
                problems.push_back(
                    {"/assessment/unfeasibility_explanation",
                     "missing: an unfeasible project whose valuation is finished needs its explanation"});
            }
        }
        const Value* processes = record.find("procurement");
        if (processes == nullptr || !processes->is_array()) {
            return;
        }
        unique_ids(processes, "process_id", "/procurement", problems);
        for (std::size_t p = 0; p < processes->as_array().size(); ++p) {
            const Value& process = processes->as_array()[p];
            const std::string at = "/procurement/" + std::to_string(p);
            std::set<std::string> awards;
            if (const Value* tender = process.find("tender"); tender && tender->is_object()) {
                refer_all(tender->find("tenderer_ids"), at + "/tender/tenderer_ids");
                unique_ids(tender->find("items"), "id", at + "/tender/items", problems);
                unique_ids(tender->find("documents"), "id", at + "/tender/documents", problems);
            }
            if (const Value* list = process.find("awards"); list && list->is_array()) {
                unique_ids(list, "id", at + "/awards", problems);
                for (std::size_t a = 0; a < list->as_array().size(); ++a) {
                    const Value& award = list->as_array()[a];
                    awards.insert(*award.find_string("id"));
                    refer_all(award.find("supplier_ids"), at + "/awards/" + std::to_string(a) + "/supplier_ids");
                    unique_ids(award.find("documents"), "id", at + "/awards/" + std::to_string(a) + "/documents",
                               problems);
                }
            }
            const Value* contracts = process.find("contracts");
            if (contracts == nullptr || !contracts->is_array()) {
                continue;
            }
            unique_ids(contracts, "id", at + "/contracts", problems);
            for (std::size_t c = 0; c < contracts->as_array().size(); ++c) {
                const Value& contract = contracts->as_array()[c];
                const std::string here = at + "/contracts/" + std::to_string(c);
                if (!awards.count(*contract.find_string("award_id"))) {
                    problems.push_back({here + "/award_id", quoted(*contract.find("award_id")) +
                                                                " does not refer to an award of this process "
                                                                "(expected the id of an entry of " +
                                                                at + "/awards)"});
                }
                for (const char* list : {"documents", "amendments", "payments", "milestones"}) {
                    unique_ids(contract.find(list), "id", here + "/" + list, problems);
                }
                if (const Value* payments = contract.find("payments"); payments && payments->is_array()) {
                    for (std::size_t i = 0; i < payments->as_array().size(); ++i) {
                        const Value& payment = payments->as_array()[i];
                        const std::string there = here + "/payments/" + std::to_string(i);
                        refer(payment.find("payer_id"), there + "/payer_id");
                        refer(payment.find("payee_id"), there + "/payee_id");
                    }
                }
            }
        }
    }

    static void unique_ids(const Value* list, const char* key, const std::string& pointer,
                           std::vector<RecordProblem>& problems) {
        if (list == nullptr || !list->is_array()) {
            return;
        }
        std::map<std::string, std::size_t> seen;
        for (std::size_t i = 0; i < list->as_array().size(); ++i) {
            const std::string* id = list->as_array()[i].find_string(key);
            if (id == nullptr) {
                continue;
            }
            const auto [at, added] = seen.emplace(*id, i);
            if (!added) {
                problems.push_back({pointer + "/" + std::to_string(i) + "/" + key,
                                    "duplicate " + std::string(key) + " \"" + *id + "\" (also at " + pointer + "/" +
                                        std::to_string(at->second) + "): ids must be unique in a list"});
            }
        }
    }

    Value m_schema;
    std::unique_ptr<SchemaValidator> m_validator;
    std::unique_ptr<FastCheck> m_fast_check; ///< nullptr if the schema uses what it cannot check
    std::map<std::string, const Value*> m_definitions;
    MunicipalParties m_municipal;
    bool m_has_time_zone;
    mutable std::mutex m_regex_mutex;
    mutable std::map<std::string, std::regex> m_regexes;
};

RecordChecker::RecordChecker(const std::string& schemas_dir, MunicipalParties municipal, bool has_time_zone)
    : m_impl(std::make_unique<Impl>(schemas_dir, std::move(municipal), has_time_zone)) {}

RecordChecker::~RecordChecker() = default;

std::vector<RecordProblem> RecordChecker::check(const Value& record) const {
    return m_impl->check(record);
}

} // namespace ocds
