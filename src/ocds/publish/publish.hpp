#pragma once

#include <ocds/publish/transfer.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ocds {

struct PublishOptions {
    std::string site_dir = "site";
    std::string target; ///< file:///path, http(s)://host/path (WebDAV) or s3://bucket/prefix
    TransferSettings transfer;
    unsigned jobs = 4; ///< uploads at once
};

struct PublishSummary {
    std::string version;
    std::string previous_version; ///< the target's current version before, "" for none
    std::uint64_t uploaded = 0;   ///< files sent (manifest, index.html and latest.json included)
    std::uint64_t skipped = 0;    ///< files the target had with the same sha256
    std::uint64_t bytes = 0;      ///< bytes sent
    double seconds = 0;
};

/// Progress of a publish or pull: files and bytes done so far, of `total_files`.
using TransferProgress = std::function<void(std::uint64_t files, std::uint64_t total_files, std::uint64_t bytes)>;

/// Publishes the site's current version (latest.json) to `target`, incrementally: it reads the
/// target's latest.json and manifest, and sends only files that are missing there or whose
/// sha256 differs. A release file (releases/...) that the target has with other bytes is never
/// replaced: that would rewrite history, so the publish stops before sending anything. Order,
/// so that readers never see a manifest naming a missing or partial file: content first, the
/// version's manifest next, index.html, latest.json last. An interrupted publish is completed
/// by running it again. @throws transfer_error, data_error, io_error
PublishSummary publish_site(const PublishOptions& options, const TransferProgress& progress = {});

} // namespace ocds
