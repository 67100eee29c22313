#pragma once

#include <ocds/validate/findings.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ocds {

/// The findings of one file gathered by kind, as every report shows them: one kind per severity,
/// check, field (the path without array indexes) and message, with its count and its first
/// examples; and, for codelist findings, the codes found and how often. Memory is bounded by the
/// number of kinds (at most `max_kinds`; findings of further kinds are only counted), never by
/// the number of findings.
class FindingGroups {
public:
    static constexpr std::size_t default_max_kinds = 10000;
    static constexpr std::size_t codes_listed = 50; ///< codes listed per codelist field

    struct Example {
        std::string path, value; ///< JSON Pointer; the value as JSON (cut, when `truncated`)
        std::uint64_t line = 0;
        std::uint64_t document = 0;
        bool truncated = false;
    };
    struct Group {
        Finding first;
        std::uint64_t count = 0;
        std::vector<Example> examples;
    };
    /// Codes found outside one codelist at one field.
    struct CodelistUse {
        std::string field, codelist;
        bool open = false;
        std::uint64_t count = 0;
        std::vector<std::pair<std::string, std::uint64_t>>
            codes;                     ///< the code (as JSON) and its count, most frequent first
        std::uint64_t other_codes = 0; ///< findings of codes beyond the first `codes_listed`
    };

    explicit FindingGroups(std::size_t examples = 5, std::size_t max_kinds = default_max_kinds)
        : m_examples(examples), m_max_kinds(max_kinds) {}

    void clear();
    void add(const Finding& finding);

    /// Errors first, then warnings, then infos; within each, the check with most findings first
    /// (then by name), and within a check the kinds with most findings first.
    std::vector<const Group*> in_report_order() const;
    /// Findings of a check at a severity.
    std::uint64_t check_total(Severity severity, const std::string& check) const;
    /// Findings of kinds beyond `max_kinds`, by severity (only counted).
    std::uint64_t uncounted_kinds(Severity severity) const { return m_ungrouped[static_cast<int>(severity)]; }
    /// Codelist fields in report order: closed codelists first, then by count.
    std::vector<CodelistUse> codelists() const;
    std::size_t examples() const noexcept { return m_examples; }

private:
    std::size_t m_examples, m_max_kinds;
    std::vector<Group> m_groups;
    std::unordered_map<std::string, std::size_t> m_index;
    std::map<std::pair<int, std::string>, std::uint64_t> m_check_totals;
    std::uint64_t m_ungrouped[3] = {0, 0, 0};
    struct CodeCounts {
        CodelistUse use;
        std::map<std::string, std::uint64_t> codes;
    };
    std::map<std::string, CodeCounts> m_codelists; ///< by field and codelist
};

/// The codelist a finding of check closed-codelist or open-codelist is about ("" for others).
std::string codelist_of(const Finding& finding);

} // namespace ocds
