#pragma once

// Small publication sites written by hand (not by `ocds build`), for the publish and pull tests:
// each version's manifest lists its files with the size and sha256 of the bytes read back.

#include "helpers.hpp"

#include <ocds/core/files.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/value.hpp>
#include <ocds/publish/publication.hpp>

#include <map>
#include <string>

namespace test {

using Tree = std::map<std::string, std::string>; ///< relative path → bytes

// Two versions of a site, in the order a build would make them.
inline const std::string v1 = "20240101T000000Z";
inline const std::string v2 = "20240201T000000Z";

/// Every regular file under `dir`, by path relative to it.
inline Tree read_tree(const std::string& dir, const std::string& prefix = "") {
    Tree tree;
    for (const auto& name : ocds::list_directory(dir)) {
        const std::string path = dir + "/" + name;
        if (ocds::is_regular_file(path)) {
            tree[prefix + name] = read_file(path);
        } else {
            for (auto& [below, bytes] : read_tree(path, prefix + name + "/")) {
                tree[below] = std::move(bytes);
            }
        }
    }
    return tree;
}

/// The manifest of `version` listing `paths` of the files under `site`.
inline std::string manifest_text(const std::string& site, const std::string& version, const Tree& files) {
    ocds::Value list = ocds::Value::array();
    for (const auto& entry : files) {
        const std::string& path = entry.first;
        const std::string bytes = read_file(site + "/" + path);
        ocds::Value file = ocds::Value::object();
        file.set("path", ocds::Value(path));
        file.set("size", ocds::Value::number(std::to_string(bytes.size())));
        file.set("sha256", ocds::Value(ocds::sha256_hex(bytes)));
        const char* kind = path.rfind("releases/", 0) == 0  ? "release"
                           : path.rfind("records/", 0) == 0 ? "record"
                                                            : "bulk";
        file.set("kind", ocds::Value(kind));
        list.push_back(std::move(file));
    }
    ocds::Value manifest = ocds::Value::object();
    manifest.set("version", ocds::Value(version));
    manifest.set("published", ocds::Value("2024-01-01T00:00:00Z"));
    manifest.set("files", std::move(list));
    return ocds::to_json(manifest, 2) + "\n";
}

/// Writes `files` into `site` as version `version`: the files, the manifest, index.html, and
/// latest.json pointing to the manifest. Returns the manifest's bytes.
inline std::string write_site_version(const std::string& site, const std::string& version, const Tree& files) {
    for (const auto& [path, bytes] : files) {
        ocds::make_directories(ocds::parent_directory(site + "/" + path));
        ocds::replace_file(site + "/" + path, bytes);
    }
    const std::string manifest = manifest_text(site, version, files);
    ocds::make_directories(site + "/v/" + version);
    ocds::replace_file(site + "/" + ocds::manifest_path(version), manifest);
    ocds::replace_file(site + "/index.html", "<!doctype html><title>" + version + "</title>\n");
    ocds::LatestPointer latest;
    latest.version = version;
    latest.published = "2024-01-01T00:00:00Z";
    latest.manifest = ocds::manifest_path(version);
    latest.sha256 = ocds::sha256_hex(read_file(site + "/" + latest.manifest));
    ocds::replace_file(site + "/latest.json", ocds::latest_json(latest));
    return manifest;
}

/// A version's files: two releases, a record, and bulk files under v/<version>/.
inline Tree first_version_files(const std::string& version) {
    const std::string bulk = "v/" + version + "/bulk/";
    return {{"releases/ocds-x-1/ocds-x-1-01.json", "{\"releases\":[{\"id\":\"1\"}]}\n"},
            {"releases/ocds-x-2/ocds-x-2-01.json", "{\"releases\":[{\"id\":\"2\"}]}\n"},
            {"records/ocds-x-1.json", "{\"records\":[{\"ocid\":\"ocds-x-1\",\"v\":1}]}\n"},
            {bulk + "all/releases.jsonl.gz", std::string("\x1f\x8b\x08\x00 one\0two", 13)},
            {bulk + "2024/releases.jsonl.gz", std::string(70000, 'r')},
            {bulk + "2024/csv/parties.csv.gz", "id,name\n1,Uno\n"},
            {"v/" + version + "/ocids.txt", "ocds-x-1\nocds-x-2\n"}};
}

} // namespace test
