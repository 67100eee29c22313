#include <ocds/validate/report_formats.hpp>

#include <ocds/validate/report_html.hpp>
#include <ocds/validate/report_json.hpp>

#include <utility>

namespace ocds {

bool report_format_named(const std::string& name, ReportFormat& format) {
    static const std::pair<const char*, ReportFormat> names[] = {{"text", ReportFormat::text},
                                                                 {"json", ReportFormat::json},
                                                                 {"jsonl", ReportFormat::jsonl},
                                                                 {"html", ReportFormat::html}};
    for (const auto& [known, value] : names) {
        if (name == known) {
            format = value;
            return true;
        }
    }
    return false;
}

std::unique_ptr<Report> make_report(ReportFormat format, Sink& out, std::size_t examples) {
    switch (format) {
    case ReportFormat::json: return std::make_unique<JsonReport>(out, examples);
    case ReportFormat::jsonl: return std::make_unique<JsonLinesReport>(out);
    case ReportFormat::html: return std::make_unique<HtmlReport>(out, examples);
    case ReportFormat::text: break;
    }
    return std::make_unique<TextReport>(out, examples);
}

} // namespace ocds
