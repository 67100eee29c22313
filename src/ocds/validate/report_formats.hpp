#pragma once

// The report formats by name. Apart from report.hpp so that the base class does not depend on
// the formats derived from it.

#include <ocds/core/sink.hpp>
#include <ocds/validate/report.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace ocds {

enum class ReportFormat { text, json, jsonl, html };

/// "text", "json", "jsonl", "html"; false for another name.
bool report_format_named(const std::string& name, ReportFormat& format);

/// The report of `format` writing to `out`, with `examples` examples per kind of finding.
std::unique_ptr<Report> make_report(ReportFormat format, Sink& out, std::size_t examples);

} // namespace ocds
