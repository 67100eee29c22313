#pragma once

#include <ocds/core/sink.hpp>
#include <ocds/validate/finding_groups.hpp>
#include <ocds/validate/report.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ocds {

/// The report an auditor reads and sends (`--format html`): one self-contained page (styles and
/// script inline, nothing fetched, works from file://), in Spanish with an English switch. Per
/// file: the verdict, the key facts (publisher, dates, licence, policy, versions, extensions,
/// counts, tags, tenders, awards and contracts with values by currency), the findings grouped
/// by check with plain-language explanations and expandable examples (line, JSON Pointer,
/// value), the codelist table, additional and deprecated fields, and the checks beyond the Data
/// Review Tool. Every number carries its value in a data- attribute, equal to the JSON report's.
///
/// Size is bounded whatever the input: at most `kinds_shown` kinds per check (the rest are
/// counted), `examples` examples per kind, values cut at 200 characters.
class HtmlReport : public Report {
public:
    static constexpr std::size_t kinds_shown = 100;

    explicit HtmlReport(Sink& out, std::size_t examples = 5) : m_out(out), m_groups(examples) {}

    void begin_file(const std::string& file) override;
    void add(const Finding& finding) override;
    void end_file(const FileSummary& summary) override;
    void unreadable_file(const std::string& file, const std::string& why) override;
    /// Writes the page: the headline needs every file's counts, so sections wait until here.
    void finish() override;

private:
    struct FileEntry {
        std::string id, name;
        std::uint64_t errors = 0, warnings = 0, infos = 0;
        bool complete = true;
        bool readable = true;
        std::string verdict, body; ///< the file's rendered verdict and sections
    };
    Sink& m_out;
    FindingGroups m_groups;
    std::vector<FileEntry> m_files;
};

} // namespace ocds
