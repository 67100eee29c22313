#include "command_indicators.hpp"

#include "progress.hpp"

#include <ocds/merge/compiler.hpp>
#include <ocds/merge/release_feed.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/indicators/indicators.hpp>
#include <ocds/indicators/indicators_csv.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/package.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/validate/profile.hpp>
#include <ocds/core/files.hpp>

#include <algorithm>
#include <iostream>

namespace ocds::cli {

void CommandIndicators::add_options(po::options_description& visible, po::positional_options_description& positional,
                                    po::options_description& hidden) {
    po::options_description own("Indicators options");
    // clang-format off
    own.add_options()
        ("as-of", po::value<std::string>(&m_as_of)->value_name("DATE"),
         "the date the figures are for: milestones due before it and not met are late (default: now)")
        ("format", po::value<std::string>(&m_format)->default_value("json")->value_name("json|csv"),
         "json: everything (groups and projects); csv: one row per group, one column per figure")
        ("no-quality", po::bool_switch(&m_no_quality), "skip validating each process (the data-quality counts stay 0)")
        ("threads", po::value<unsigned>(&m_threads)->default_value(2)->value_name("N"), "threads that compile releases");
    // clang-format on
    visible.add(own);
    m_output.add_to(visible, false);
    m_input.add_to(visible, positional, hidden);
}

void CommandIndicators::check(const po::variables_map&) {
    if (m_format != "json" && m_format != "csv") {
        throw usage_error("--format must be json or csv");
    }
    if (m_as_of.empty()) {
        m_as_of = utc_now();
    }
    if (!is_date_time(m_as_of)) {
        throw usage_error("--as-of '" + m_as_of + "' is not an RFC 3339 date-time such as 2024-09-30T00:00:00Z");
    }
    m_output.check();
}

bool CommandIndicators::run() {
    Indicators indicators(m_as_of);
    const ExtensionSources sources{find_schemas_dir(m_schemas_dir), ""};
    // The profile follows the packages' version and extensions (bare data: the one version rule,
    // once the input is read). Profiles give the merge rules too, so one is built even with --no-quality.
    std::shared_ptr<const ValidationProfile> profile = ValidationProfile::shared("1.1", {}, sources);
    std::string profile_key = schema_key("1.1", {});
    std::shared_ptr<const ValidationProfile> release_profile; // for releases compiled at the end

    CompileSettings settings;
    settings.merge.compiled = true;
    settings.scratch_dir = temporary_directory();
    settings.threads = m_threads;
    Compiler compiler(settings);
    Progress progress(quiet(), "indicators");
    ReleaseFeed::Handlers handlers;
    handlers.compiled = [&](const Value& compiled) {
        indicators.add(process_facts(compiled, m_as_of, m_no_quality ? nullptr : profile.get()));
    };
    bool any_package = false;
    handlers.package_start = [&](const Value& metadata, const Location& where) {
        any_package = true;
        const std::string* declared = metadata.find_string("version");
        if (declared && bundled_version(*declared).empty()) {
            // Looked up among the bundled versions only: never a folder name taken from the data.
            Location at = where;
            at.pointer = "/version";
            throw data_error(at, "\"" + declared->substr(0, 100) + "\" is not a known OCDS version (1.0 and 1.1 are)");
        }
        const std::string version = declared ? *declared : "1.0";
        const std::vector<std::string> extensions = declared_extensions(metadata);
        if (schema_key(version, extensions) != profile_key) {
            profile = ValidationProfile::shared(version, extensions, sources);
            profile_key = schema_key(version, extensions);
        }
    };
    std::size_t releases_seen = 0;
    handlers.progress = [&](const Reader& reader, std::uint64_t items) {
        if (compiler.releases() > releases_seen) { // releases are merged with the profile they came under
            releases_seen = compiler.releases();
            release_profile = profile;
        }
        progress.reading(reader, items, "items");
    };
    ReleaseFeed feed(compiler, m_input.read, handlers);
    for (const auto& path : m_input.paths_to_read("indicators", quiet())) {
        feed.read(path);
    }
    if (compiler.releases() > 0 && !any_package) {
        // Releases outside packages: the version the one version rule gives the whole input.
        release_profile = ValidationProfile::shared(feed.declared().version(), {}, sources);
    }
    if (compiler.releases() > 0) {
        const ValidationProfile* checks = m_no_quality ? nullptr : release_profile.get();
        std::uint64_t written = 0;
        compiler.finish(
            release_profile->merge_rules(),
            [&](std::string_view json) {
                Value compiled;
                JsonTextError failure;
                if (parse_json_text(std::string(json), compiled, failure)) {
                    indicators.add(process_facts(compiled, m_as_of, checks));
                }
                progress.writing(++written, compiler.processes());
            },
            [&](std::size_t done, std::size_t total) { progress.merging(done, total); });
        progress.done();
        for (const auto& line : compiler.errors()) {
            std::cerr << "ocds indicators: " << line << "\n";
        }
    }
    progress.done();
    Output output(m_output.path, m_output.options);
    if (m_format == "csv") {
        output.write(indicators_csv(indicators.summary()));
    } else {
        indicators.write_json(output, m_output.indent > 0 ? m_output.indent : 2);
        output.put('\n');
    }
    output.commit();
    if (!quiet()) {
        std::cerr << "ocds indicators: " << count_of(indicators.processes(), "process", "processes") << "\n";
    }
    return compiler.errors().empty();
}

} // namespace ocds::cli
