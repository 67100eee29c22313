#include <ocds/validate/report.hpp>

namespace ocds {

void Report::unreadable_file(const std::string& file, const std::string&) {
    FileSummary summary;
    summary.file = file;
    summary.complete = false;
    end_file(summary);
}

void TextReport::unreadable_file(const std::string&, const std::string&) {
    // Said on stderr by the caller; the text report lists what was validated.
}

void TextReport::begin_file(const std::string&) {
    m_groups.clear();
}

void TextReport::add(const Finding& finding) {
    m_groups.add(finding);
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
    std::string text = summary.file + ": " + counts;
    if (!versions.empty()) {
        text += "; " + versions;
    }
    if (!summary.extensions.empty()) {
        text += " with " + count_of(summary.extensions.size(), "extension", "extensions");
    }
    text += '\n';

    std::string current_check;
    int current_severity = -1;
    for (const auto* group : m_groups.in_report_order()) {
        const Finding& first = group->first;
        const int severity = static_cast<int>(first.severity);
        if (severity != current_severity || first.check != current_check) {
            current_severity = severity;
            current_check = first.check;
            text += std::string("  ") + severity_name(first.severity) + " " + first.check + " (" +
                    with_commas(m_groups.check_total(first.severity, first.check)) + ")\n";
        }
        text += "    " + (first.field.empty() ? std::string("(top level)") : first.field) + ": " + first.message;
        if (group->count > 1) {
            text += " ×" + with_commas(group->count);
        }
        text += '\n';
        for (const auto& example : group->examples) {
            text += "      " + (example.path.empty() ? std::string("/") : example.path);
            if (example.line) {
                text += " (line " + std::to_string(example.line) + ")";
            }
            if (!example.value.empty()) {
                text += " = " + example.value + (example.truncated ? "…" : "");
            }
            text += '\n';
        }
        if (group->count > group->examples.size()) {
            text += "      ... and " + with_commas(group->count - group->examples.size()) + " more\n";
        }
        m_out.write(text);
        text.clear();
    }
    for (const Severity severity : {Severity::error, Severity::warning, Severity::info}) {
        if (const auto more = m_groups.uncounted_kinds(severity)) {
            text += std::string("  ") + severity_name(severity) + ": " + with_commas(more) +
                    " more findings of other kinds (too many kinds to list)\n";
        }
    }
    if (!summary.complete) {
        text += "  the file could not be read to its end: what follows the JSON error was not validated\n";
    }
    text += std::string(summary.errors ? "  INVALID: " : "  valid: ") + count_of(summary.errors, "error", "errors") +
            ", " + count_of(summary.warnings, "warning", "warnings") + ", " + count_of(summary.infos, "info", "infos") +
            '\n';
    m_out.write(text);
}

} // namespace ocds
