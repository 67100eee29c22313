#include "command_build.hpp"

#include "options.hpp"
#include "progress.hpp"

#include <ocds/io/package.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/string_formats.hpp>

#include <iostream>

namespace ocds::cli {

void CommandBuild::add_options(po::options_description& visible, po::positional_options_description&,
                               po::options_description& hidden) {
    po::options_description own("Build options");
    // clang-format off
    own.add_options()
        ("store", po::value<std::string>(&m_options.store_dir)->default_value("ocds-data")->value_name("DIR"),
         "the release store to publish")
        ("out", po::value<std::string>(&m_options.site_dir)->default_value("site")->value_name("SITE"),
         "the publication tree (created or updated)")
        ("base-uri", po::value<std::string>(&m_options.base_uri)->value_name("URI"),
         "where the site is served (package URIs, linked releases); usually in the --config file")
        ("now", po::value<std::string>(&m_options.now)->value_name("DATE"),
         "the date of this version (RFC 3339; default: the current time), for reproducible builds")
        ("keep", po::value<unsigned>(&m_options.keep)->default_value(5)->value_name("N"),
         "versions kept under v/, the new one included")
        ("threads", po::value<unsigned>(&m_options.threads)->default_value(2)->value_name("N"),
         "threads that compile records")
        ("city", po::value<std::string>(&m_options.city)->value_name("NAME"),
         "the city the dashboard is about, in its title (default: the publisher's name)")
        ("time-zone", po::value<std::string>(&m_options.time_zone)->value_name("ZONE"),
         "the tz database zone the dashboard dates the data in (default: UTC), e.g. America/Monterrey");
    // For tests of the splitting: the OCDS guidance's limits are the defaults.
    // clang-format off
    hidden.add_options()
        ("package-max-bytes", po::value<std::uint64_t>(&m_options.limits.max_bytes))
        ("package-max-zipped-bytes", po::value<std::uint64_t>(&m_options.limits.max_zipped_bytes))
        ("package-max-awards-contracts", po::value<std::uint64_t>(&m_options.limits.max_awards_contracts));
    // clang-format on
    // clang-format on
    visible.add(own);
}

void CommandBuild::check(const po::variables_map&) {
    if (m_options.base_uri.empty()) {
        throw usage_error("set --base-uri (in the configuration file: base-uri = https://...)");
    }
    if (!is_uri(m_options.base_uri)) {
        throw usage_error("--base-uri '" + m_options.base_uri + "' is not an absolute URI");
    }
    check_now(m_options.now);
    if (m_options.threads == 0 || m_options.threads > 64) {
        throw usage_error("--threads must be between 1 and 64");
    }
    if (m_options.keep == 0) {
        throw usage_error("--keep must be at least 1 (the new version)");
    }
    if (m_options.store_dir.empty() || m_options.site_dir.empty()) {
        throw usage_error("--store and --out must name folders");
    }
}

bool CommandBuild::run() {
    const BuildSummary summary = build();
    if (!quiet()) {
        std::cerr << "ocds build: " << summary_line(summary) << '\n';
    }
    std::cout << summary.index_path << '\n';
    return true;
}

BuildSummary CommandBuild::build() {
    m_options.schemas_dir = find_schemas_dir(m_schemas_dir);
    Progress progress(quiet(), "build");
    BuildSummary summary = build_publication(m_options, [&](std::uint64_t done, std::uint64_t total) {
        progress.stage("", Progress::Unit::items, total, "processes");
        progress.update(done);
    });
    progress.done();
    return summary;
}

std::string CommandBuild::summary_line(const BuildSummary& summary) {
    std::string line =
        "version " + summary.version + (summary.unchanged ? " (unchanged)" : "") + ": " +
        count_of(summary.projects, "project", "projects") + ", " + count_of(summary.processes, "process", "processes") +
        ", " + count_of(summary.releases, "release", "releases") + "; " + with_commas(summary.releases_written) +
        " release files and " + with_commas(summary.records_written) + " record files written (" +
        with_commas(summary.processes_reused) + " unchanged processes not built again); " +
        count_of(summary.bulk_files, "bulk file", "bulk files") + "; " + count_of(summary.files, "file", "files") +
        " (" + size_text(summary.bytes) + ") in the manifest";
    if (!summary.removed_versions.empty()) {
        line += "; removed " + count_of(summary.removed_versions.size(), "old version", "old versions");
    }
    return line;
}

} // namespace ocds::cli
