#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

/// The publication tree that `ocds build` writes and `ocds publish`/`ocds pull` transfer:
///
///   releases/<ocid>/<release id>.json   a single-release package per release, never changed
///   records/<ocid>.json                 the current record package of each process
///   extensions/<name>/...               the publisher's own extensions, at the URL packages declare
///   v/<version>/manifest.json           this version: counts, and every file with size and sha256
///   v/<version>/bulk/<year|edition-<year>|all>/...  bulk files: JSON Lines, packages, CSV, zip, xlsx
///   v/<version>/ocids.txt, index.html   the list of processes; a page listing the downloads
///   index.html, latest.json             the current version's page, and which version is current
///
/// Names in the tree use site_file_name; <version> is the build's UTC date (20240927T180000Z).

/// One file of a version, as the manifest lists it.
struct PublicationFile {
    std::string path; ///< relative to the site root: "releases/ocds-x-1/ocds-x-1-20240101T000000Z.json"
    std::uint64_t size = 0;
    std::string sha256;  ///< 64 lower-case hex digits
    std::string kind;    ///< release, record, bulk, list, page, extension
    std::string year;    ///< bulk files by year: "2024", or "all"; "" for an edition's
    std::string format;  ///< bulk files: releases.jsonl.gz, records.jsonl.gz, release-package.json.gz,
                         ///< record-package.json.gz, <table>.csv.gz, csv.zip, xlsx
    std::string edition; ///< bulk files of a budget edition: its id
};

/// What a reader needs from a manifest: its version and its files.
struct Manifest {
    std::string version;
    std::string published;
    std::vector<PublicationFile> files;
};

/// latest.json: which version is current.
struct LatestPointer {
    std::string version;
    std::string published;
    std::string manifest; ///< path of the manifest, relative to the site root
    std::string sha256;   ///< of the manifest's bytes
};

/// Reads a manifest without building a tree (a large publication lists hundreds of thousands of
/// files). @throws data_error naming `source` for anything that is not a manifest
Manifest parse_manifest(std::string_view json, const std::string& source);

/// @throws data_error naming `source`
LatestPointer parse_latest(std::string_view json, const std::string& source);

/// latest.json's bytes.
std::string latest_json(const LatestPointer& latest);

/// A release id or ocid as a file name that is also a clean URL path segment: letters, digits and
/// '-' stay; every other byte becomes '_' and two hex digits. One to one, and never a path.
/// @throws error (without a location: the caller says where the id is) for an empty id or one
/// too long for a file name
std::string site_file_name(const std::string& id);

/// Whether `path` (from a manifest) is a safe relative path: no "..", no absolute path, no
/// empty segment, no control bytes or backslash. Remote manifests are not trusted.
bool is_safe_relative_path(std::string_view path);

/// "v/<version>/manifest.json"
std::string manifest_path(const std::string& version);

} // namespace ocds
