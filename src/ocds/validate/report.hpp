#pragma once

#include <ocds/core/number_format.hpp>
#include <ocds/core/sink.hpp>
#include <ocds/validate/finding_groups.hpp>
#include <ocds/validate/validation.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace ocds {

/// A validation report, written as files are validated.
class Report : public FindingSink {
public:
    /// A file that could not be opened or read at all (`why` says what happened).
    virtual void unreadable_file(const std::string& file, const std::string& why);
    /// Ends the report (after the last file).
    virtual void finish() {}
};

/// The report people read in a terminal: per file, findings grouped by severity and check, one
/// line per kind of finding (check, field, message) with its count and the first examples.
/// Memory is bounded by the number of kinds, not of findings.
class TextReport : public Report {
public:
    explicit TextReport(Sink& out, std::size_t examples = 5) : m_out(out), m_groups(examples) {}

    void unreadable_file(const std::string& file, const std::string& why) override;
    void begin_file(const std::string& file) override;
    void add(const Finding& finding) override;
    void end_file(const FileSummary& summary) override;

private:
    Sink& m_out;
    FindingGroups m_groups;
};

} // namespace ocds
