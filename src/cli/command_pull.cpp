#include "command_pull.hpp"

#include "options.hpp"
#include "progress.hpp"

#include <iomanip>
#include <iostream>
#include <regex>

namespace ocds::cli {

void CommandPull::add_options(po::options_description& visible, po::positional_options_description& positional,
                              po::options_description& hidden) {
    po::options_description own("Pull options");
    // clang-format off
    own.add_options()
        ("out", po::value<std::string>(&m_options.out_dir)->default_value(".")->value_name("DIR"), "where the files go")
        ("version", po::value<std::string>(&m_options.version)->value_name("VERSION"),
         "a version listed under v/ (default: the current one)")
        ("jobs", po::value<unsigned>(&m_options.jobs)->default_value(2)->value_name("N"), "downloads at once");
    // clang-format on
    visible.add(own);
    add_transfer_options(visible, m_options.transfer, false);
    // clang-format off
    hidden.add_options()("pull-url", po::value<std::string>(&m_options.url));
    // clang-format on
    positional.add("pull-url", 1);
}

void CommandPull::check(const po::variables_map& values) {
    if (m_options.url.empty()) {
        throw usage_error("say which publication: ocds pull https://host/path");
    }
    static const std::regex version(R"(\d{8}T\d{6}Z)");
    if (!m_options.version.empty() && !std::regex_match(m_options.version, version)) {
        throw usage_error("--version '" + m_options.version + "' is not a version name such as 20240927T180000Z");
    }
    if (m_options.jobs == 0 || m_options.jobs > 16) {
        throw usage_error("--jobs must be between 1 and 16");
    }
    finish_transfer_options(m_options.transfer, values["timeout"].as<double>(), "pull");
    open_remote(m_options.url, m_options.transfer);
}

bool CommandPull::run() {
    Progress progress(quiet(), "pull");
    const PullSummary summary =
        pull_publication(m_options, [&](std::uint64_t files, std::uint64_t total_files, std::uint64_t bytes) {
            progress.transfer(files, total_files, bytes);
        });
    progress.done();
    for (const auto& error : summary.errors) {
        std::cerr << "ocds pull: error: " << error << '\n';
    }
    if (!quiet()) {
        std::cerr << "ocds pull: version " << summary.version << " into " << m_options.out_dir << ": "
                  << with_commas(summary.downloaded) << " downloaded, " << with_commas(summary.skipped)
                  << " already there and verified";
        if (!summary.errors.empty()) {
            std::cerr << ", " << count_of(summary.errors.size(), "file failed", "files failed")
                      << " (the folder keeps the version it had; run again to resume)";
        }
        std::cerr << "; " << size_text(summary.bytes) << " in " << std::fixed << std::setprecision(1) << summary.seconds
                  << " s\n";
    }
    return summary.errors.empty();
}

} // namespace ocds::cli
