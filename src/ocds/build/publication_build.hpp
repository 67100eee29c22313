#pragma once

#include <ocds/build/bulk_files.hpp>
#include <ocds/publish/publication.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace ocds {

struct BuildOptions {
    std::string store_dir = "ocds-data";
    std::string site_dir = "site";
    std::string schemas_dir;
    std::string base_uri; ///< where the site is served: package URIs and linked-release URLs
    std::string now;      ///< RFC 3339 date of this version (its name is the UTC date)
    unsigned keep = 5;    ///< versions kept under v/ (the current one included)
    unsigned threads = 2;
    PackageLimits limits;
    std::string city;      ///< the dashboard's title ("" for the publisher's name)
    std::string time_zone; ///< the tz database's name the dashboard dates things in ("" for UTC)
};

struct BuildSummary {
    std::string version;
    bool unchanged = false; ///< this version existed already, byte for byte the same
    std::uint64_t projects = 0;
    std::uint64_t processes = 0;
    std::uint64_t releases = 0;
    std::uint64_t processes_reused = 0; ///< unchanged since the previous version: not built again
    std::uint64_t releases_written = 0; ///< release files new in the site
    std::uint64_t records_written = 0;  ///< record files new or changed
    std::uint64_t files = 0;            ///< files in the manifest
    std::uint64_t bytes = 0;            ///< their total size
    std::uint64_t bulk_files = 0;
    std::uint64_t chunks_compressed = 0;       ///< chunks of bulk files compressed
    std::uint64_t chunks_copied = 0;           ///< unchanged chunks copied compressed from the previous version
    std::uint64_t chunks_shared = 0;           ///< of those compressed, chunks another file had compressed
    std::uint64_t rows_read_back = 0;          ///< processes near a change whose rows the previous build kept
    std::vector<std::string> removed_versions; ///< old versions removed by keep
    std::string index_path;                    ///< the site's index.html
};

/// Builds (or updates) the publication tree in `site_dir` from the release store: a new version
/// under v/<version>/, new release files, changed record files, then index.html and latest.json
/// last. Everything is written to a staging folder first and moved into place only when the
/// whole version is built, so a failed build leaves the site as it was. Deterministic: the
/// same store, options and `now` give the same bytes. `progress` is called after each batch of
/// processes with how many are built of how many the store holds.
/// @throws data_error (a stored release that cannot be read or merged, a release file that
/// would change, a version that exists with other content), io_error, precondition_error
BuildSummary build_publication(const BuildOptions& options,
                               const std::function<void(std::uint64_t done, std::uint64_t total)>& progress = {});

} // namespace ocds
