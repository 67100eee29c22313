#include <ocds/validate/report.hpp>

#include <ocds/core/json_writer.hpp>

#include <algorithm>
#include <ostream>

namespace ocds {

namespace {

constexpr std::size_t max_groups = 10000;

std::string quoted(const std::string& text) {
    return to_json(Value(text));
}

std::string with_commas(std::uint64_t number) {
    std::string digits = std::to_string(number);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
        digits.insert(static_cast<std::size_t>(at), ",");
    }
    return digits;
}

std::string count_of(std::uint64_t count, const char* singular, const char* plural) {
    return with_commas(count) + " " + (count == 1 ? singular : plural);
}

} // namespace

std::string finding_to_json(const Finding& finding) {
    std::string json = "{\"severity\":\"" + std::string(severity_name(finding.severity)) + "\",\"check\":" +
                       quoted(finding.check) + ",\"keyword\":" + quoted(finding.keyword) + ",\"path\":" +
                       quoted(finding.path) + ",\"field\":" + quoted(finding.field);
    if (!finding.value.empty()) {
        json += ",\"value\":" + (finding.truncated ? quoted(finding.value + "…") + ",\"truncated\":true" : finding.value);
    }
    json += ",\"message\":" + quoted(finding.message);
    if (finding.line) {
        json += ",\"line\":" + std::to_string(finding.line);
    }
    json += ",\"document\":" + std::to_string(finding.document) + "}";
    return json;
}

void TextReport::begin_file(const std::string&) {
    m_groups.clear();
    m_index.clear();
    std::fill(std::begin(m_ungrouped), std::end(m_ungrouped), 0);
}

void TextReport::add(const Finding& finding) {
    const std::string key = std::to_string(static_cast<int>(finding.severity)) + '\0' + finding.check + '\0' +
                            finding.field + '\0' + finding.message;
    auto found = m_index.find(key);
    if (found == m_index.end()) {
        if (m_groups.size() >= max_groups) {
            ++m_ungrouped[static_cast<int>(finding.severity)];
            return;
        }
        found = m_index.emplace(key, m_groups.size()).first;
        m_groups.push_back(Group{finding, 0, {}});
    }
    Group& group = m_groups[found->second];
    ++group.count;
    if (group.examples.size() < m_examples) {
        group.examples.push_back(Example{finding.path, finding.value, finding.line, finding.truncated});
    }
}

void TextReport::end_file(const FileSummary& summary) {
    std::string counts;
    if (summary.packages) {
        counts += count_of(summary.packages, "package", "packages") + ", ";
    }
    if (summary.releases || !summary.records) {
        counts += count_of(summary.releases, "release", "releases") + ", ";
    }
    if (summary.records) {
        counts += count_of(summary.records, "record", "records") + ", ";
    }
    counts += count_of(summary.ocids, "ocid", "ocids");
    std::string versions;
    for (const auto& [version, items] : summary.schema_versions) {
        versions += (versions.empty() ? "OCDS " : ", ") + version;
    }
    m_out << summary.file << ": " << counts;
    if (!versions.empty()) {
        m_out << "; " << versions;
    }
    if (!summary.extensions.empty()) {
        m_out << " with " << count_of(summary.extensions.size(), "extension", "extensions");
    }
    m_out << '\n';

    // Errors first, then warnings, then infos; within each, the check with most findings first.
    std::vector<const Group*> order;
    for (const auto& group : m_groups) {
        order.push_back(&group);
    }
    std::map<std::pair<int, std::string>, std::uint64_t> per_check;
    for (const auto* group : order) {
        per_check[{static_cast<int>(group->first.severity), group->first.check}] += group->count;
    }
    std::stable_sort(order.begin(), order.end(), [&](const Group* a, const Group* b) {
        const int severity_a = static_cast<int>(a->first.severity), severity_b = static_cast<int>(b->first.severity);
        if (severity_a != severity_b) {
            return severity_a < severity_b;
        }
        const auto total_a = per_check[{severity_a, a->first.check}], total_b = per_check[{severity_b, b->first.check}];
        if (a->first.check != b->first.check) {
            return total_a != total_b ? total_a > total_b : a->first.check < b->first.check;
        }
        return a->count > b->count;
    });
    std::string current_check;
    int current_severity = -1;
    for (const auto* group : order) {
        const Finding& first = group->first;
        const int severity = static_cast<int>(first.severity);
        if (severity != current_severity || first.check != current_check) {
            current_severity = severity;
            current_check = first.check;
            m_out << "  " << severity_name(first.severity) << " " << first.check << " ("
                  << with_commas(per_check[{severity, first.check}]) << ")\n";
        }
        m_out << "    " << (first.field.empty() ? "(top level)" : first.field) << ": " << first.message;
        if (group->count > 1) {
            m_out << " ×" << with_commas(group->count);
        }
        m_out << '\n';
        for (const auto& example : group->examples) {
            m_out << "      " << (example.path.empty() ? "/" : example.path);
            if (example.line) {
                m_out << " (line " << example.line << ")";
            }
            if (!example.value.empty()) {
                m_out << " = " << example.value << (example.truncated ? "…" : "");
            }
            m_out << '\n';
        }
        if (group->count > group->examples.size()) {
            m_out << "      ... and " << with_commas(group->count - group->examples.size()) << " more\n";
        }
    }
    for (int severity = 0; severity < 3; ++severity) {
        if (m_ungrouped[severity]) {
            m_out << "  " << severity_name(static_cast<Severity>(severity)) << ": " << with_commas(m_ungrouped[severity])
                  << " more findings of other kinds (too many kinds to list)\n";
        }
    }
    if (!summary.complete) {
        m_out << "  the file could not be read to its end: what follows the JSON error was not validated\n";
    }
    m_out << (summary.errors ? "  INVALID: " : "  valid: ") << count_of(summary.errors, "error", "errors") << ", "
          << count_of(summary.warnings, "warning", "warnings") << ", " << count_of(summary.infos, "info", "infos")
          << '\n';
}

void JsonReport::begin_file(const std::string& file) {
    m_out << (m_first_file ? "{\"files\":[\n" : ",\n") << "{\"file\":" << quoted(file) << ",\"findings\":[";
    m_first_file = false;
    m_first_finding = true;
}

void JsonReport::add(const Finding& finding) {
    m_out << (m_first_finding ? "\n" : ",\n") << finding_to_json(finding);
    m_first_finding = false;
    ++m_totals[static_cast<int>(finding.severity)];
}

void JsonReport::end_file(const FileSummary& summary) {
    m_out << "],\n\"summary\":{\"releases\":" << summary.releases << ",\"records\":" << summary.records
          << ",\"packages\":" << summary.packages << ",\"ocids\":" << summary.ocids << ",\"schema_versions\":{";
    bool first = true;
    for (const auto& [version, items] : summary.schema_versions) {
        m_out << (first ? "" : ",") << quoted(version) << ":" << items;
        first = false;
    }
    m_out << "},\"extensions\":[";
    first = true;
    for (const auto& url : summary.extensions) {
        m_out << (first ? "" : ",") << quoted(url);
        first = false;
    }
    m_out << "],\"unavailable_extensions\":[";
    first = true;
    for (const auto& url : summary.unavailable_extensions) {
        m_out << (first ? "" : ",") << quoted(url);
        first = false;
    }
    m_out << "],\"errors\":" << summary.errors << ",\"warnings\":" << summary.warnings << ",\"infos\":" << summary.infos
          << ",\"complete\":" << (summary.complete ? "true" : "false") << "}}";
}

void JsonReport::finish() {
    if (m_first_file) {
        m_out << "{\"files\":[";
    }
    m_out << "\n],\"errors\":" << m_totals[0] << ",\"warnings\":" << m_totals[1] << ",\"infos\":" << m_totals[2]
          << ",\"valid\":" << (m_totals[0] == 0 ? "true" : "false") << "}\n";
}

} // namespace ocds
