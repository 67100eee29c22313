#include "command_validate.hpp"

#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/validate/report_formats.hpp>

#include "progress.hpp"

#include <cstdlib>
#include <iostream>

#include <unistd.h>

namespace ocds::cli {

namespace {

/// Where downloaded extensions are kept when no --extensions-dir is given.
std::string default_cache_dir() {
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache) {
        return std::string(cache) + "/ocds/extensions";
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        return std::string(home) + "/.cache/ocds/extensions";
    }
    return {};
}

/// Passes findings to the report, clearing the progress line before the report writes a file's
/// part (which, on a terminal, shares the screen with it) and handing that part on at once.
class ReportBesideProgress : public Report {
public:
    ReportBesideProgress(Report& report, Progress& progress, Output& output)
        : m_report(report), m_progress(progress), m_output(output) {}

    void begin_file(const std::string& file) override { m_report.begin_file(file); }
    void add(const Finding& finding) override { m_report.add(finding); }
    void end_file(const FileSummary& summary) override {
        m_progress.done();
        m_report.end_file(summary);
        m_output.flush();
    }
    void unreadable_file(const std::string& file, const std::string& why) override {
        m_progress.done();
        m_report.unreadable_file(file, why);
    }
    void finish() override { m_report.finish(); }

private:
    Report& m_report;
    Progress& m_progress;
    Output& m_output;
};

} // namespace

void CommandValidate::add_options(po::options_description& visible, po::positional_options_description& positional,
                                  po::options_description& hidden) {
    po::options_description own("Validate options");
    // clang-format off
    own.add_options()
        ("format", po::value<std::string>(&m_format)->default_value("text")->value_name("text|json|jsonl|html"),
         "text: findings grouped by check, with counts and examples; json: the same grouped report with the "
         "file's facts, for programs; jsonl: every finding, one JSON object a line; html: one self-contained "
         "page to read or send (Spanish, with an English switch)")
        ("examples", po::value<std::size_t>(&m_examples)->default_value(5)->value_name("N"),
         "examples kept per kind of finding (text, json, html)")
        ("output,o", po::value<std::string>(&m_output_path)->value_name("FILE"),
         "write the report to FILE (default: standard output)")
        ("overwrite,O", po::bool_switch(&m_output_options.overwrite), "replace an existing report file")
        ("schema-version", po::value<std::string>(&m_options.schema_version)->value_name("X.Y"),
         "validate against this OCDS version (1.0, 1.1), whatever the data says")
        ("extension", po::value<std::vector<std::string>>(&m_options.extensions)->value_name("URL"),
         "apply this extension (extension.json URL) to data outside packages; repeatable")
        ("extensions-dir", po::value<std::string>(&m_options.sources.extensions_dir)->value_name("DIR"),
         "a folder of extensions (<repository>[_<ref>]/extension.json), looked at before the bundled ones; "
         "where --fetch-extensions keeps what it downloads (default: ~/.cache/ocds/extensions)")
        ("fetch-extensions", po::bool_switch(&m_options.fetch_extensions),
         "download declared extensions that are neither bundled nor in --extensions-dir (https only)")
        ("threads", po::value<unsigned>(&m_options.threads)->default_value(0)->value_name("N"),
         "threads that validate (0: one per core)");
    // clang-format on
    visible.add(own);
    m_input.add_to(visible, positional, hidden);
}

void CommandValidate::check(const po::variables_map&) {
    ReportFormat format;
    if (!report_format_named(m_format, format)) {
        throw usage_error("--format must be text, json, jsonl or html");
    }
    if (m_examples > 1000) {
        throw usage_error("--examples must be at most 1000");
    }
    if (!m_options.schema_version.empty() && bundled_version(m_options.schema_version).empty() &&
        m_options.schema_version != "1.0.3" && m_options.schema_version != "1.1.5") {
        throw usage_error("--schema-version must be 1.0 or 1.1");
    }
    if (m_options.fetch_extensions && m_options.sources.extensions_dir.empty()) {
        m_options.sources.extensions_dir = default_cache_dir();
    }
}

bool CommandValidate::run() {
    m_options.sources.schemas_dir = find_schemas_dir(m_schemas_dir);
    m_options.read = m_input.read;
    m_options.setting_name = [](const std::string& setting) { return "--" + setting; };
    ReportFormat format = ReportFormat::text;
    report_format_named(m_format, format);
    Output output(m_output_path, m_output_options);
    const auto chosen = make_report(format, output, m_examples);
    // A stream of findings to a terminal would be broken up by the progress line: none then.
    const bool streams_to_terminal = format == ReportFormat::jsonl && output.is_stdout() && ::isatty(STDOUT_FILENO);
    Progress progress(quiet() || streams_to_terminal, "validate");
    ReportBesideProgress report(*chosen, progress, output);
    m_options.progress = [&](const Reader& reader, std::uint64_t items) { progress.reading(reader, items, "items"); };
    bool valid = true;
    std::vector<std::string> unreadable;
    for (const auto& path : m_input.paths_to_read("validate", quiet())) {
        try {
            const FileSummary summary = validate_file(path, m_options, report);
            valid = valid && summary.errors == 0;
        } catch (const io_error& e) {
            report.unreadable_file(path, e.what());
            std::cerr << "ocds validate: error: " << message_with_hints(e) << '\n';
            unreadable.push_back(path);
        }
    }
    report.finish();
    output.commit();
    throw_if_unreadable(unreadable);
    return valid;
}

} // namespace ocds::cli
