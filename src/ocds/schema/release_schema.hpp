#pragma once

#include <ocds/core/value.hpp>

#include <string>
#include <vector>

namespace ocds {

namespace detail {
class BinaryView;
} // namespace detail

/// Applies a JSON Merge Patch (RFC 7386) to `target`: members of `patch` that are null remove,
/// objects merge recursively, anything else replaces.
void merge_patch(Value& target, const Value& patch);

/// Where extensions are looked for, offline: an optional cache folder first, then the bundled ones.
struct ExtensionSources {
    std::string schemas_dir;    ///< the bundled schemas (its extensions/ folder)
    std::string extensions_dir; ///< --extensions-dir: folders named <repository> or <repository>_<ref>
};

/// The local folder of the extension whose extension.json is at `url`, or "" when there is none.
/// A URL .../<repository>/<ref>/extension.json maps to a folder <repository>_<ref>, else
/// <repository>, else <ref> (a publisher's own extension at .../extensions/<name>/extension.json).
std::string find_extension_dir(const std::string& url, const ExtensionSources& sources);

/// A release schema ready to derive merge rules from (or validate with).
struct ReleaseSchema {
    Value schema;
    std::string version;                         ///< the schema's full version, e.g. "1.1.5"
    std::vector<std::string> missing_extensions; ///< declared extensions not available offline
};

/// The bundled release schema of `version` ("1.0" or "1.1"; a package without a version is 1.0),
/// patched with the release-schema.json of each extension in `extension_urls`, in order.
/// @throws data_error for a version that is not bundled
ReleaseSchema build_release_schema(const std::string& version, const std::vector<std::string>& extension_urls,
                                   const ExtensionSources& sources);

/// The extension URLs that package metadata declares (its `extensions` strings), in order,
/// without repeats.
std::vector<std::string> declared_extensions(const Value& package_metadata);

/// One text per (version, extensions) pair: the key under which what is built from a release
/// schema (merge rules, validation profiles) is kept and reused.
std::string schema_key(const std::string& version, const std::vector<std::string>& extensions);

/// The one version rule of every command, for data that declares no version: OCDS Kit's rule.
/// A package without `version` is 1.0 (as the standard says); releases and records outside
/// packages are 1.1 when a release has `parties` (a field 1.1 added), else 1.0. A version asked
/// for (--schema-version) overrides it everywhere.
const char* undeclared_version(bool has_parties) noexcept;

/// Why data outside packages got undeclared_version(has_parties), for reports.
std::string undeclared_version_reason(bool has_parties);

/// Whether a release (or a record's embedded releases, or a compiled or versioned release) has
/// `parties`, for undeclared_version.
bool has_parties(const Value& release_or_record);
bool has_parties(const detail::BinaryView& release_or_record);

/// The full bundled version for a package's major.minor version ("1.1" → "1.1.5"); "" if none.
std::string bundled_version(const std::string& version);

} // namespace ocds
