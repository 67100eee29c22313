#include "command_publish.hpp"

#include "options.hpp"
#include "progress.hpp"

#include <iomanip>
#include <iostream>
#include <sstream>

namespace ocds::cli {

void CommandPublish::add_options(po::options_description& visible, po::positional_options_description& positional,
                                 po::options_description& hidden) {
    po::options_description own("Publish options");
    // clang-format off
    own.add_options()
        ("to", po::value<std::string>(&m_options.target)->value_name("URL"),
         "where: file:///path, http(s)://host/path (WebDAV) or s3://bucket/prefix")
        ("jobs", po::value<unsigned>(&m_options.jobs)->default_value(4)->value_name("N"), "uploads at once");
    // clang-format on
    visible.add(own);
    add_transfer_options(visible, m_options.transfer, true);
    // clang-format off
    hidden.add_options()("site", po::value<std::string>(&m_options.site_dir)->default_value("site"));
    // clang-format on
    positional.add("site", 1);
}

void CommandPublish::check(const po::variables_map& values) {
    if (m_options.target.empty()) {
        throw usage_error("say where to publish: --to file:///path, http(s)://host/path or s3://bucket/prefix");
    }
    if (m_options.jobs == 0 || m_options.jobs > 64) {
        throw usage_error("--jobs must be between 1 and 64");
    }
    finish_transfer_options(m_options.transfer, values["timeout"].as<double>(), "publish");
    open_remote(m_options.target, m_options.transfer); // a bad URL or missing S3 credentials: exit 2
}

bool CommandPublish::run() {
    const PublishSummary summary = publish();
    if (!quiet()) {
        std::cerr << "ocds publish: " << summary_line(summary) << '\n';
    }
    return true;
}

PublishSummary CommandPublish::publish() {
    Progress progress(quiet(), "publish");
    PublishSummary summary =
        publish_site(m_options, [&](std::uint64_t files, std::uint64_t total_files, std::uint64_t bytes) {
            progress.transfer(files, total_files, bytes);
        });
    progress.done();
    return summary;
}

std::string CommandPublish::summary_line(const PublishSummary& summary) const {
    std::ostringstream line;
    line << "version " << summary.version << " to " << target_name()
         << (summary.previous_version.empty() ? " (first publish)" : " (it had " + summary.previous_version + ")")
         << ": " << with_commas(summary.uploaded) << " uploaded, " << with_commas(summary.skipped) << " already there; "
         << size_text(summary.bytes) << " in " << std::fixed << std::setprecision(1) << summary.seconds << " s";
    return line.str();
}

std::string CommandPublish::target_name() const {
    return without_credentials(m_options.target);
}

} // namespace ocds::cli
