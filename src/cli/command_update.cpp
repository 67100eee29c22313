#include "command_update.hpp"

#include "options.hpp"

#include <ocds/core/files.hpp>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace ocds::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Runs one stage; a library error becomes the stage's exit code.
template<typename Work>
auto stage(int exit_code, const char* name, const std::string& consequence, Work&& work) {
    try {
        return work();
    } catch (const ocds::error& failure) {
        throw stage_error(exit_code, std::string(name) + ": " + message_with_hints(failure) + "; " + consequence);
    }
}

} // namespace

void CommandUpdate::add_options(po::options_description& visible, po::positional_options_description& positional,
                                po::options_description& hidden) {
    po::options_description own("Update options (usually all in the --config file)");
    // clang-format off
    own.add_options()
        ("from-consul", po::value<std::string>(&m_from_consul)->value_name("CONNINFO"),
         "read the projects from CONSUL's database (see ocds map --help); without it, from INPUT.jsonl")
        ("store", po::value<std::string>(&m_store)->default_value("ocds-data")->value_name("DIR"), "the release store")
        ("out", po::value<std::string>(&m_site)->default_value("site")->value_name("SITE"), "the publication tree")
        ("to", po::value<std::string>(&m_target)->value_name("URL"),
         "where to publish: file:///path, http(s)://host/path (WebDAV) or s3://bucket/prefix")
        ("lock", po::value<std::string>(&m_lock)->value_name("FILE"),
         "the lock file that keeps two runs apart (default: STORE/.update-lock)")
        ("now", po::value<std::string>(&m_now)->value_name("DATE"),
         "the date of the new releases and version (RFC 3339; default: the current time)");
    // clang-format on
    visible.add(own);
    // clang-format off
    hidden.add_options()("input-filenames", po::value<std::vector<std::string>>(&m_inputs), "input files");
    // clang-format on
    positional.add("input-filenames", 1);
}

void CommandUpdate::check(const po::variables_map&) {
    if (config_path().empty()) {
        throw usage_error("give the publication's settings with --config FILE");
    }
    if (m_target.empty()) {
        throw usage_error("say where to publish: to = file:///path, http(s)://host/path or s3://bucket/prefix "
                          "in the configuration file (or --to)");
    }
    if (!m_from_consul.empty() && !m_inputs.empty()) {
        throw usage_error("the configuration reads the projects from CONSUL (from-consul): give no input file");
    }
    if (m_from_consul.empty() && m_inputs.empty()) {
        throw usage_error("say where the projects come from: from-consul = CONNINFO in the configuration file, "
                          "or a JSON Lines file");
    }
    check_now(m_now);
    if (m_lock.empty()) {
        m_lock = m_store + "/.update-lock";
    }
    // Each stage's own checks, on the same configuration file (the command line wins there too).
    const std::vector<std::string> common{"--config", config_path(), "--quiet"};
    std::vector<std::string> map_args = common;
    map_args.insert(map_args.end(), {"--store", m_store, "--now", m_now});
    if (!m_from_consul.empty()) {
        map_args.insert(map_args.end(), {"--from-consul", m_from_consul});
    } else {
        map_args.insert(map_args.end(), m_inputs.begin(), m_inputs.end());
    }
    if (!m_schemas_dir.empty()) {
        map_args.insert(map_args.end(), {"--schemas-dir", m_schemas_dir});
    }
    std::vector<std::string> build_args = common;
    build_args.insert(build_args.end(), {"--store", m_store, "--out", m_site, "--now", m_now});
    if (!m_schemas_dir.empty()) {
        build_args.insert(build_args.end(), {"--schemas-dir", m_schemas_dir});
    }
    std::vector<std::string> publish_args = common;
    publish_args.insert(publish_args.end(), {"--to", m_target, m_site});
    std::ostringstream no_help;
    m_map.setup(map_args, no_help);
    m_build.setup(build_args, no_help);
    m_publish.setup(publish_args, no_help);
}

void CommandUpdate::log(const char* stage, const std::string& text, double seconds) const {
    if (!quiet()) {
        std::cerr << "ocds update: " << stage << ": " << text << " (" << std::fixed << std::setprecision(1) << seconds
                  << " s)\n";
    }
}

bool CommandUpdate::run() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<FileLock> lock = stage(2, "lock", "nothing was done", [&] {
        make_directories(m_store);
        std::string holder;
        std::unique_ptr<FileLock> taken = FileLock::try_lock(m_lock, &holder);
        if (!taken) {
            throw stage_error(3, "another ocds update is running (" + m_lock +
                                     (holder.empty() ? std::string() : " is held by process " + holder) +
                                     "); nothing was done");
        }
        return taken;
    });

    auto begun = std::chrono::steady_clock::now();
    const MapSummary mapped = stage(4, "map", "nothing was built or published", [&] { return m_map.map(); });
    log("map", "from " + m_map.source_name() + ": " + m_map.summary_line(mapped), seconds_since(begun));

    begun = std::chrono::steady_clock::now();
    const BuildSummary built =
        stage(5, "build", "nothing was published; the site is as it was", [&] { return m_build.build(); });
    log("build", CommandBuild::summary_line(built), seconds_since(begun));

    begun = std::chrono::steady_clock::now();
    const PublishSummary published =
        stage(6, "publish", "the target still serves its previous version; the next run completes the publish",
              [&] { return m_publish.publish(); });
    log("publish", m_publish.summary_line(published), seconds_since(begun));

    if (mapped.projects_rejected) {
        log("done",
            "version " + published.version + " published to " + m_publish.target_name() + ", but " +
                count_of(mapped.projects_rejected, "project was", "projects were") + " rejected (see the errors above)",
            seconds_since(start));
        return false;
    }
    log("done", "version " + published.version + " published to " + m_publish.target_name(), seconds_since(start));
    return true;
}

} // namespace ocds::cli
