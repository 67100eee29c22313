#pragma once

#include "command.hpp"

#include <ocds/core/number_format.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/package.hpp>
#include <ocds/io/package_series.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/publish/transfer.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ocds::cli {

/// Input files (positional; none or "-" = standard input) and the reader's safety limits.
struct InputOptions {
    std::vector<std::string> files;
    ReadOptions read;

    void add_to(po::options_description& visible, po::positional_options_description& positional,
                po::options_description& hidden);
    /// The files to read, "-" when none were given.
    std::vector<std::string> paths() const;
    /// paths(), saying first on a terminal that standard input is being read (a command run
    /// without a file otherwise seems to hang): "ocds validate: reading standard input...".
    std::vector<std::string> paths_to_read(const char* command, bool quiet) const;
};

/// -o/--output, -O/--overwrite, --fsync, --indent.
struct OutputSettings : PackageTarget {

    void add_to(po::options_description& visible, bool numbered);
    void check() const;
};

/// The package metadata options (--uri, --publisher-name, ...); without `with_content_options`,
/// not --ocds-version and --extension (for a command that decides those itself).
void add_package_options(po::options_description& visible, bool with_content_options = true);
/// @throws usage_error for a malformed value (e.g. a date that is not RFC 3339)
PackageSettings read_package_options(const po::variables_map& values);

/// Item and byte counts for progress and summaries.
/// Where credentials and network behaviour of publish and pull come from (--user, --region,
/// --retries...); the environment fills what the options and the config file leave empty.
void add_transfer_options(po::options_description& visible, TransferSettings& settings, bool uploads);

/// Checks the transfer options and reads the environment's credentials; warns when TLS
/// verification is off, and names what a transfer waits for. @throws usage_error
void finish_transfer_options(TransferSettings& settings, double timeout, const std::string& command);

/// --now: the current time when empty, else an RFC 3339 date-time. @throws usage_error
void check_now(std::string& now);

} // namespace ocds::cli
