#include "command_indicators.hpp"

#include "progress.hpp"

#include <ocds/merge/compiler.hpp>
#include <ocds/core/detail/binary.hpp>
#include <ocds/indicators/indicators.hpp>
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
    std::shared_ptr<const ValidationProfile> profile;
    std::string profile_key = "none";
    const ExtensionSources sources{find_schemas_dir(m_schemas_dir), ""};
    // The profile follows the packages' version and extensions (bare data: 1.1, none).
    auto use_profile = [&](const Value& metadata) {
        const std::string* version = metadata.find_string("version");
        std::vector<std::string> extensions;
        if (const Value* list = metadata.find("extensions"); list && list->is_array()) {
            for (const auto& url : list->as_array()) {
                if (url.is_string()) {
                    extensions.push_back(url.as_string());
                }
            }
        }
        std::string key = version ? *version : "1.0";
        for (const auto& url : extensions) {
            key += " " + url;
        }
        if (key != profile_key) {
            profile = ValidationProfile::build(version ? *version : "1.0", extensions, sources);
            profile_key = key;
        }
    };
    // Profiles give the merge rules too, so one is built even with --no-quality.
    profile = ValidationProfile::build("1.1", {}, sources);
    profile_key = "1.1";

    CompileSettings settings;
    settings.merge.compiled = true;
    settings.scratch_dir = temporary_directory();
    settings.threads = m_threads;
    Compiler compiler(settings);
    std::shared_ptr<const ValidationProfile> release_profile; // for releases compiled at the end
    Progress progress(quiet());
    for (const auto& path : m_input.paths()) {
        Reader reader(path, m_input.read);
        while (auto entry = reader.next()) {
            if (auto* start = std::get_if<PackageStart>(&*entry)) {
                use_profile(start->metadata);
                continue;
            }
            auto* item = std::get_if<Item>(&*entry);
            if (!item) {
                continue;
            }
            const Value* compiled = nullptr;
            if (item->kind == Kind::record) {
                compiled = item->value.find("compiledRelease");
                if (!compiled || !compiled->is_object()) {
                    compiled = nullptr;
                    bool embedded = false;
                    const Value* releases = item->value.find("releases");
                    for (std::size_t i = 0; releases && releases->is_array() && i < releases->as_array().size(); ++i) {
                        const Value& release = releases->as_array()[i];
                        if (release.find("ocid")) { // linked releases have none
                            compiler.add(release, item->location);
                            embedded = true;
                        }
                    }
                    if (!embedded) {
                        throw data_error(item->location, "a record without a compiled release or embedded releases: "
                                                         "its process cannot be counted");
                    }
                    release_profile = profile;
                }
            } else if (item->kind == Kind::compiled_release) {
                compiled = &item->value;
            } else if (item->kind == Kind::release || (item->kind == Kind::other && item->value.is_object())) {
                compiler.add(item->value, item->location);
                release_profile = profile;
            } else {
                throw data_error(item->location, std::string("expected a record, a compiled release or a release, found a ") +
                                                     kind_name(item->kind));
            }
            if (compiled) {
                indicators.add(process_facts(*compiled, m_as_of, m_no_quality ? nullptr : profile.get()));
            }
            progress.update(indicators.processes() + compiler.releases(), reader.bytes_read());
        }
    }
    if (compiler.releases() > 0) {
        const ValidationProfile* checks = m_no_quality ? nullptr : release_profile.get();
        compiler.finish(release_profile->merge_rules(), [&](std::string_view json) {
            Value compiled;
            JsonTextError failure;
            if (parse_json_text(std::string(json), compiled, failure)) {
                indicators.add(process_facts(compiled, m_as_of, checks));
            }
        });
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
        std::cerr << "ocds indicators: " << indicators.processes() << " processes\n";
    }
    return compiler.errors().empty();
}

} // namespace ocds::cli
