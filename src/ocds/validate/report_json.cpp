#include <ocds/validate/report_json.hpp>

#include <ocds/core/json_writer.hpp>

namespace ocds {

namespace {

std::string quoted(const std::string& text) {
    return to_json(Value(text));
}

Value number(std::uint64_t count) {
    return Value::number(std::to_string(count));
}

Value texts(const std::vector<std::string>& list) {
    Value array = Value::array();
    for (const auto& text : list) {
        array.push_back(Value(text));
    }
    return array;
}

/// A list of distinct texts; "<name>_unlisted" counts the others, when there were some.
void put_texts(Value& object, const std::string& name, const PublicationFacts::Texts& list) {
    object.set(name, texts(list.values));
    if (list.others) {
        object.set(name + "_unlisted", number(list.others));
    }
}

Value date_range(const PublicationFacts::DateRange& range) {
    if (range.count == 0) {
        return Value();
    }
    Value object = Value::object();
    object.set("first", Value(range.first));
    object.set("last", Value(range.last));
    return object;
}

Value stage(const PublicationFacts::Stage& stage) {
    Value object = Value::object();
    object.set("count", number(stage.count));
    Value values = Value::object();
    for (const auto& [currency, sum] : stage.values) {
        values.set(currency, Value::number(sum));
    }
    object.set("values", std::move(values));
    object.set("without_value", number(stage.without_value));
    return object;
}

/// An example's value: the JSON as found, or, cut at its limit, a string ending in "…".
std::string example_value(const std::string& value, bool truncated) {
    return truncated ? quoted(value + "…") + ",\"truncated\":true" : value;
}

void count_severity(std::uint64_t totals[3], const FileSummary& summary) {
    totals[0] += summary.errors;
    totals[1] += summary.warnings;
    totals[2] += summary.infos;
}

} // namespace

std::string finding_to_json(const Finding& finding, const std::string& prefix) {
    std::string json = "{" + prefix + "\"severity\":\"" + std::string(severity_name(finding.severity)) +
                       "\",\"check\":" + quoted(finding.check) + ",\"keyword\":" + quoted(finding.keyword) +
                       ",\"path\":" + quoted(finding.path) + ",\"field\":" + quoted(finding.field);
    if (!finding.value.empty()) {
        json += ",\"value\":" + example_value(finding.value, finding.truncated);
    }
    json += ",\"message\":" + quoted(finding.message);
    if (finding.line) {
        json += ",\"line\":" + std::to_string(finding.line);
    }
    json += ",\"document\":" + std::to_string(finding.document) + "}";
    return json;
}

std::string facts_to_json(const FileSummary& summary) {
    const PublicationFacts& facts = summary.facts;
    Value object = Value::object();
    object.set("packages", number(summary.packages));
    object.set("releases", number(summary.releases));
    object.set("records", number(summary.records));
    object.set("ocids", number(summary.ocids));
    Value versions = Value::object();
    for (const auto& [version, items] : summary.schema_versions) {
        versions.set(version, number(items));
    }
    object.set("schema_versions", std::move(versions));
    object.set("extensions", texts(summary.extensions));
    object.set("unavailable_extensions", texts(summary.unavailable_extensions));
    put_texts(object, "publishers", facts.publishers);
    object.set("published_dates", date_range(facts.published));
    put_texts(object, "licenses", facts.licenses);
    put_texts(object, "publication_policies", facts.publication_policies);
    object.set("release_dates", date_range(facts.release_dates));
    Value tags = Value::object();
    for (const auto& [tag, count] : facts.tags) {
        tags.set(tag, number(count));
    }
    object.set("tags", std::move(tags));
    if (facts.other_tags) {
        object.set("tags_unlisted", number(facts.other_tags));
    }
    object.set("tenders", stage(facts.tenders));
    object.set("awards", stage(facts.awards));
    object.set("contracts", stage(facts.contracts));
    return to_json(object);
}

void JsonReport::begin_file(const std::string&) {
    m_groups.clear();
}

void JsonReport::add(const Finding& finding) {
    m_groups.add(finding);
}

void JsonReport::end_file(const FileSummary& summary) {
    count_severity(m_totals, summary);
    std::string json = m_first_file ? "{\"files\":[\n" : ",\n";
    m_first_file = false;
    json += "{\"file\":" + quoted(summary.file) + ",\"valid\":" + (summary.errors == 0 ? "true" : "false") +
            ",\"complete\":" + (summary.complete ? "true" : "false") + ",\"errors\":" + std::to_string(summary.errors) +
            ",\"warnings\":" + std::to_string(summary.warnings) + ",\"infos\":" + std::to_string(summary.infos) +
            ",\n\"facts\":" + facts_to_json(summary) + ",\n\"checks\":[";
    const auto order = m_groups.in_report_order();
    std::string previous_check;
    int previous_severity = -1;
    for (const auto* group : order) {
        const Finding& first = group->first;
        if (static_cast<int>(first.severity) == previous_severity && first.check == previous_check) {
            continue;
        }
        json += std::string(previous_severity < 0 ? "" : ",") + "{\"severity\":\"" + severity_name(first.severity) +
                "\",\"check\":" + quoted(first.check) +
                ",\"count\":" + std::to_string(m_groups.check_total(first.severity, first.check)) + "}";
        previous_severity = static_cast<int>(first.severity);
        previous_check = first.check;
    }
    json += "],\n\"findings\":[";
    bool first_group = true;
    for (const auto* group : order) {
        const Finding& first = group->first;
        json += std::string(first_group ? "\n" : ",\n") + "{\"severity\":\"" + severity_name(first.severity) +
                "\",\"check\":" + quoted(first.check) + ",\"keyword\":" + quoted(first.keyword) +
                ",\"field\":" + quoted(first.field) + ",\"message\":" + quoted(first.message) +
                ",\"count\":" + std::to_string(group->count) + ",\"examples\":[";
        first_group = false;
        bool first_example = true;
        for (const auto& example : group->examples) {
            json += std::string(first_example ? "" : ",") + "{\"path\":" + quoted(example.path);
            first_example = false;
            if (example.line) {
                json += ",\"line\":" + std::to_string(example.line);
            }
            json += ",\"document\":" + std::to_string(example.document);
            if (!example.value.empty()) {
                json += ",\"value\":" + example_value(example.value, example.truncated);
            }
            json += "}";
        }
        json += "]}";
        m_out.write(json);
        json.clear();
    }
    json += "],\n\"unlisted_kinds\":{\"errors\":" + std::to_string(m_groups.uncounted_kinds(Severity::error)) +
            ",\"warnings\":" + std::to_string(m_groups.uncounted_kinds(Severity::warning)) +
            ",\"infos\":" + std::to_string(m_groups.uncounted_kinds(Severity::info)) + "},\n\"codelists\":[";
    bool first_use = true;
    for (const auto& use : m_groups.codelists()) {
        json += std::string(first_use ? "\n" : ",\n") + "{\"field\":" + quoted(use.field) +
                ",\"codelist\":" + quoted(use.codelist) + ",\"open\":" + (use.open ? "true" : "false") +
                ",\"count\":" + std::to_string(use.count) + ",\"codes\":[";
        first_use = false;
        bool first_code = true;
        for (const auto& [code, count] : use.codes) {
            json +=
                std::string(first_code ? "" : ",") + "{\"code\":" + code + ",\"count\":" + std::to_string(count) + "}";
            first_code = false;
        }
        json += "],\"other_codes\":" + std::to_string(use.other_codes) + "}";
    }
    json += "]}";
    m_out.write(json);
}

void JsonReport::finish() {
    std::string json = m_first_file ? "{\"files\":[" : "";
    json += "\n],\"examples\":" + std::to_string(m_groups.examples()) + ",\"errors\":" + std::to_string(m_totals[0]) +
            ",\"warnings\":" + std::to_string(m_totals[1]) + ",\"infos\":" + std::to_string(m_totals[2]) +
            ",\"valid\":" + (m_totals[0] == 0 ? "true" : "false") + "}\n";
    m_out.write(json);
}

void JsonLinesReport::begin_file(const std::string& file) {
    m_file_member = "\"file\":" + quoted(file) + ",";
}

void JsonLinesReport::add(const Finding& finding) {
    m_out.write(finding_to_json(finding, m_file_member));
    m_out.put('\n');
}

} // namespace ocds
