#pragma once

#include <ocds/publish/publish.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ocds {

struct PullOptions {
    std::string url;             ///< the publication's base: https://host/ocds, file:///path
    std::string out_dir = ".";
    std::string version;         ///< "" for the current one (latest.json)
    TransferSettings transfer;
    unsigned jobs = 2;
};

struct PullSummary {
    std::string version;
    std::uint64_t downloaded = 0;
    std::uint64_t skipped = 0;     ///< present already and verified
    std::uint64_t bytes = 0;
    std::vector<std::string> errors; ///< one line per file that could not be fetched or verified
    double seconds = 0;
};

/// Downloads a version's bulk files and lists (everything the manifest lists under v/<version>/)
/// into `out_dir`, keeping their paths below v/<version>/ (bulk/2024/releases.jsonl.gz), with the
/// manifest as manifest.json. Each file goes to <name>.part first, resumed with a Range request
/// when a .part is there, and is renamed into place only when its sha256 matches the manifest;
/// a mismatch removes the .part. Files already present and verified are skipped.
/// @throws transfer_error (latest.json or the manifest unreachable), data_error (not a manifest)
PullSummary pull_publication(const PullOptions& options, const TransferProgress& progress = {});

} // namespace ocds
