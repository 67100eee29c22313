#pragma once

#include <ocds/publish/publish.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ocds {

struct PullOptions {
    std::string url; ///< the publication's base: https://host/ocds, file:///path
    std::string out_dir = ".";
    std::string version; ///< "" for the current one (latest.json)
    TransferSettings transfer;
    unsigned jobs = 2;
};

struct PullSummary {
    std::string version;
    std::uint64_t downloaded = 0;
    std::uint64_t skipped = 0; ///< present already and verified
    std::uint64_t bytes = 0;
    std::vector<std::string> errors; ///< one line per file that could not be fetched or verified
    double seconds = 0;
};

/// Downloads a version's bulk files and lists (everything the manifest lists under v/<version>/)
/// into `out_dir`, keeping their paths below v/<version>/ (bulk/2024/releases.jsonl.gz), with the
/// manifest as manifest.json. The server is not trusted: latest.json and the manifest must agree
/// on the version, a manifest may list a path once, and no file may be longer than its entry
/// says (the download stops there). The next version is put together in out_dir/.ocds-pull/
/// <version>/: each file is downloaded to partial/ (resumed with a Range request when a part is
/// there) and moved to verified/ when its sha256 matches; files the local copy has already with
/// the right sha256 are not downloaded. Only when every file is verified does the local copy
/// switch to the new version (changed files renamed into place, files of the old version only
/// removed, manifest.json last; an interrupted switch is finished by the next pull). A pull that
/// fails leaves the local copy as it was, and what arrived to resume from.
/// @throws transfer_error (latest.json or the manifest unreachable), data_error (not a manifest,
///         or one the server should not have sent), io_error (another pull into the same folder)
PullSummary pull_publication(const PullOptions& options, const TransferProgress& progress = {});

} // namespace ocds
