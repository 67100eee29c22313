#pragma once

#include <ocds/schema/release_schema.hpp>

#include <string>

namespace ocds {

/// Limits of a download, to keep a hostile server from hanging or filling the machine.
struct FetchLimits {
    long connect_timeout_seconds = 10;
    long total_timeout_seconds = 30;
    std::size_t max_bytes = 8u << 20; ///< per file
};

/// Makes the extension whose extension.json is at `url` available offline: when neither the
/// bundled set nor the cache (`sources.extensions_dir`) has it, downloads extension.json and the
/// schema patches and codelists it lists (relative to it) into the cache, as the folder
/// find_extension_dir() looks for. Only https URLs are fetched (TLS verified). The folder appears
/// whole or not at all.
/// @return "" when the extension is available, else why not (for a warning)
std::string fetch_extension(const std::string& url, const ExtensionSources& sources, const FetchLimits& limits = {});

/// Downloads `url` (https only) into `body`; "" on success, else why not.
std::string fetch_url(const std::string& url, std::string& body, const FetchLimits& limits = {});

} // namespace ocds
