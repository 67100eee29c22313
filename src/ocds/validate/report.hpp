#pragma once

#include <ocds/validate/validation.hpp>

#include <iosfwd>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ocds {

/// The report people read: per file, findings grouped by severity and check, one line per kind
/// of finding (check, field, message) with its count and up to five examples. Memory is bounded
/// by the number of kinds, not of findings.
class TextReport : public FindingSink {
public:
    explicit TextReport(std::ostream& out, std::size_t examples = 5) : m_out(out), m_examples(examples) {}

    void begin_file(const std::string& file) override;
    void add(const Finding& finding) override;
    void end_file(const FileSummary& summary) override;

private:
    struct Example {
        std::string path, value;
        std::uint64_t line = 0;
        bool truncated = false;
    };
    struct Group {
        Finding first;
        std::uint64_t count = 0;
        std::vector<Example> examples;
    };
    std::ostream& m_out;
    std::size_t m_examples;
    std::vector<Group> m_groups;
    std::unordered_map<std::string, std::size_t> m_index;
    std::uint64_t m_ungrouped[3] = {0, 0, 0};
};

/// The report programs read: {"files": [{"file", "findings": [...], "summary": {...}}], "errors",
/// "warnings", "infos", "valid"}, streamed finding by finding.
class JsonReport : public FindingSink {
public:
    explicit JsonReport(std::ostream& out) : m_out(out) {}

    void begin_file(const std::string& file) override;
    void add(const Finding& finding) override;
    void end_file(const FileSummary& summary) override;
    /// Closes the document.
    void finish();

private:
    std::ostream& m_out;
    bool m_first_file = true;
    bool m_first_finding = true;
    std::uint64_t m_totals[3] = {0, 0, 0};
};

/// A finding as one JSON object.
std::string finding_to_json(const Finding& finding);

} // namespace ocds
