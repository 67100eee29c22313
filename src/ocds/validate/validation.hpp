#pragma once

#include <ocds/io/reader.hpp>
#include <ocds/validate/findings.hpp>
#include <ocds/schema/release_schema.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ocds {

struct ValidateOptions {
    ExtensionSources sources;
    std::string schema_version;          ///< forces a version ("1.0", "1.1", "1.1.5"); "" reads `version`
    std::vector<std::string> extensions; ///< applied to data outside packages (bare releases, records)
    bool fetch_extensions = false;       ///< download missing extensions into sources.extensions_dir
    ReadOptions read;
    unsigned threads = 0; ///< validating threads; 0: one per core
    /// How findings name a setting that changes them ("schema-version"): the library says "the
    /// schema-version setting", a command line its option.
    std::function<std::string(const std::string& setting)> setting_name = [](const std::string& setting) {
        return "the " + setting + " setting";
    };
    /// Called on the reading thread after each item with the reader (how far it is in the file)
    /// and the releases and records read so far.
    std::function<void(const Reader& reader, std::uint64_t items)> progress;
};

/// Validates one input file (any shape, "-" for standard input) as the OCDS Data Review Tool
/// does and further, streaming: memory is bounded by the largest release or record. Findings
/// reach `sink` in input order. JSON that cannot be read is reported as a finding of check
/// `json`, and the summary is marked incomplete.
/// @throws io_error when the file cannot be opened
FileSummary validate_file(const std::string& path, const ValidateOptions& options, FindingSink& sink);

} // namespace ocds
