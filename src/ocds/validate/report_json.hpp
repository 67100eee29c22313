#pragma once

#include <ocds/core/sink.hpp>
#include <ocds/validate/finding_groups.hpp>
#include <ocds/validate/report.hpp>
#include <ocds/validate/validation.hpp>

#include <cstdint>
#include <string>

namespace ocds {

/// The report programs read (`--format json`), grouped as the text report is, so its size is
/// bounded by the number of kinds of finding, not by the input:
///
///     {"files": [{"file", "valid", "complete", "errors", "warnings", "infos",
///                 "facts": {...what the file holds: counts, versions, extensions, publishers,
///                           dates, tags, tenders, awards and contracts with values by currency},
///                 "checks": [{"severity", "check", "count"}],
///                 "findings": [{"severity", "check", "keyword", "field", "message", "count",
///                               "examples": [{"path", "line", "document", "value"}]}],
///                 "codelists": [{"field", "codelist", "open", "count", "codes": [{"code", "count"}]}]}],
///      "examples", "errors", "warnings", "infos", "valid"}
///
/// Each file's part is written when the file is done.
class JsonReport : public Report {
public:
    explicit JsonReport(Sink& out, std::size_t examples = 5) : m_out(out), m_groups(examples) {}

    void begin_file(const std::string& file) override;
    void add(const Finding& finding) override;
    void end_file(const FileSummary& summary) override;
    /// Closes the document.
    void finish() override;

private:
    Sink& m_out;
    FindingGroups m_groups;
    bool m_first_file = true;
    std::uint64_t m_totals[3] = {0, 0, 0};
};

/// Every finding as it is made, one JSON object a line (`--format jsonl`), with its file.
class JsonLinesReport : public Report {
public:
    explicit JsonLinesReport(Sink& out) : m_out(out) {}

    void begin_file(const std::string& file) override;
    void add(const Finding& finding) override;
    void end_file(const FileSummary&) override {}

private:
    Sink& m_out;
    std::string m_file_member; ///< "\"file\":\"...\"," of the file being validated
};

/// A finding as one JSON object (after `prefix`, members written first, such as the file).
std::string finding_to_json(const Finding& finding, const std::string& prefix = {});

/// The facts of a file as a JSON object: what `JsonReport` writes under "facts".
std::string facts_to_json(const FileSummary& summary);

} // namespace ocds
