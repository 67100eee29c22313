// Building a publication from a release store that the map library writes: the manifest lists
// every file with its size and sha256, a rebuild of an unchanged store writes nothing new, and
// the bulk files of each year and budget edition hold exactly that group's processes.

#include <doctest/doctest.h>

#include "build/build_fixture.hpp"
#include "helpers.hpp"
#include "map/san_pedro.hpp"
#include "publish/site_fixture.hpp"

#include <ocds/build/manifest.hpp>
#include <ocds/build/process_files.hpp>
#include <ocds/build/publication_build.hpp>
#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/map/map_run.hpp>
#include <ocds/map/release_store.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

const char* first_run = "2023-11-15T18:00:00Z";
const char* second_run = "2024-09-06T18:00:00Z";

/// A store of a few projects of both example editions, mapped in two runs a year apart, so that
/// processes fall in two years and an edition spans both. Made once: every test reads it only.
struct Store {
    test::TempDir dir;
    std::string path = dir.path("store");
    std::map<std::string, std::string> edition_of; ///< ocid → its project's budget edition (from the records)
    std::map<std::string, std::string> year_of;    ///< ocid → year of its first release
    std::size_t releases = 0;

    Store() {
        std::vector<ocds::Value> early, late;
        std::map<std::string, int> with_procurement, without;
        for (const auto& record : test::read_records(test::san_pedro_examples + "export-1.jsonl")) {
            const std::string edition = *record.find("budget")->find_string("id");
            const ocds::Value* procurement = record.find("procurement");
            const bool buys = procurement && procurement->is_array() && !procurement->as_array().empty();
            int& taken = buys ? with_procurement[edition] : without[edition];
            if (taken >= 2) {
                continue;
            }
            ++taken;
            // The first edition's buying projects are published in the first run, the rest later.
            (buys && edition == "11" ? early : late).push_back(record);
        }
        // Edition 11 (2023) has processes that buy; edition 12 (2024) is in its vote.
        REQUIRE(with_procurement["11"] == 2);
        REQUIRE(without["11"] == 2);
        REQUIRE(without["12"] == 2);
        map(early, first_run);
        std::vector<ocds::Value> all = early;
        all.insert(all.end(), late.begin(), late.end());
        map(all, second_run); // the early ones again, unchanged: no new release for them
        for (const auto& [records, year] :
             {std::pair<const std::vector<ocds::Value>*, std::string>{&early, "2023"}, {&late, "2024"}}) {
            for (const auto& record : *records) {
                for (const auto& process : ocds::map_project(record, test::san_pedro())) {
                    const std::string ocid = *process.find_string("ocid");
                    edition_of[ocid] = *record.find("budget")->find_string("id");
                    year_of[ocid] = year;
                }
            }
        }
        releases = ocds::ReleaseStore(path).release_files().size();
        REQUIRE(releases == edition_of.size()); // one release per process: nothing changed in between
    }

    void map(const std::vector<ocds::Value>& records, const char* now) { test::map_records(dir, path, records, now); }
};

const Store& store() {
    static const Store made;
    return made;
}

ocds::BuildOptions options(const std::string& site, const std::string& now) {
    ocds::BuildOptions built;
    built.store_dir = store().path;
    built.site_dir = site;
    built.schemas_dir = OCDS_SCHEMAS_DIR;
    built.base_uri = "https://datos.sanpedro.gob.mx/ocds/";
    built.now = now;
    built.threads = 2;
    built.time_zone = "America/Monterrey";
    return built;
}

/// One site built from the store, for the tests that only read it.
struct BuiltSite {
    test::TempDir dir;
    std::string site = dir.path("site");
    ocds::BuildSummary summary = ocds::build_publication(options(site, second_run));
};

const BuiltSite& built_site() {
    static const BuiltSite built;
    return built;
}

/// The ocids of the releases (or records) of a bulk file.
std::multiset<std::string> ocids_in(const std::string& path) {
    std::multiset<std::string> ocids;
    for (const auto& item : test::read_items(path)) {
        ocids.insert(*item.value.find_string("ocid"));
    }
    return ocids;
}

} // namespace

TEST_CASE("publication build: the manifest lists every file of the version with its size and sha256") {
    const std::string& site = built_site().site;
    const ocds::BuildSummary& summary = built_site().summary;
    CHECK(summary.version == "20240906T180000Z");
    CHECK_FALSE(summary.unchanged);
    CHECK(summary.processes == store().edition_of.size());
    CHECK(summary.releases == store().releases);
    CHECK(summary.releases_written == store().releases);
    CHECK(summary.records_written == summary.processes);
    CHECK(summary.bulk_files > 0);

    const test::Tree tree = test::read_tree(site);
    const ocds::LatestPointer latest = ocds::parse_latest(tree.at("latest.json"), "latest.json");
    CHECK(latest.version == summary.version);
    CHECK(latest.manifest == ocds::manifest_path(summary.version));
    const std::string& manifest_bytes = tree.at(latest.manifest);
    CHECK(ocds::sha256_hex(manifest_bytes) == latest.sha256);
    const ocds::Manifest manifest = ocds::parse_manifest(manifest_bytes, latest.manifest);
    CHECK(manifest.version == summary.version);
    CHECK(manifest.files.size() == summary.files);
    std::set<std::string> listed;
    std::uint64_t bytes = 0;
    std::map<std::string, std::size_t> kinds;
    for (const auto& file : manifest.files) {
        CAPTURE(file.path);
        REQUIRE(tree.count(file.path) == 1);
        CHECK(tree.at(file.path).size() == file.size);
        CHECK(ocds::sha256_hex(tree.at(file.path)) == file.sha256);
        bytes += file.size;
        listed.insert(file.path);
        ++kinds[file.kind];
    }
    CHECK(listed.size() == manifest.files.size());
    CHECK(bytes == summary.bytes);
    CHECK(kinds["release"] == store().releases);
    CHECK(kinds["record"] == store().edition_of.size());
    CHECK(kinds["bulk"] == summary.bulk_files);
    // And the site has no file the manifest forgets: only the pointers to it are outside, and the
    // build's own lists of the version's compressed chunks and processes (and their rows), which
    // are not published.
    CHECK(tree.count(".bulk-segments/" + summary.version) == 1);
    CHECK(tree.count(".process-cache/" + summary.version) == 1);
    CHECK(tree.count(".process-rows/" + summary.version) == 1);
    for (const auto& entry : tree) {
        const auto& path = entry.first; // not a binding: clang 14 refuses one in doctest macros
        if (path != "latest.json" && path != "index.html" && path != latest.manifest &&
            path != ".bulk-segments/" + summary.version && path != ".process-cache/" + summary.version &&
            path != ".process-rows/" + summary.version) {
            CHECK_MESSAGE(listed.count(path) == 1, path);
        }
    }
    // Each release file is a package of one release of a process of the store.
    for (const auto& file : manifest.files) {
        if (file.kind == "release") {
            const auto ocids = ocids_in(site + "/" + file.path);
            REQUIRE(ocids.size() == 1);
            CHECK(store().edition_of.count(*ocids.begin()) == 1);
        }
    }
}

TEST_CASE("publication build: a rebuild of an unchanged store writes nothing new") {
    test::TempDir dir;
    const std::string site = dir.path("site");
    ocds::build_publication(options(site, second_run));
    const test::Tree before = test::read_tree(site);

    const ocds::BuildSummary same = ocds::build_publication(options(site, second_run));
    CHECK(same.unchanged);
    CHECK(same.releases_written == 0);
    CHECK(same.records_written == 0);
    CHECK(test::read_tree(site) == before);

    // A later build: a new version with the same processes, and not one release or record file rewritten.
    const ocds::BuildSummary later = ocds::build_publication(options(site, "2024-09-07T18:00:00Z"));
    CHECK_FALSE(later.unchanged);
    CHECK(later.version == "20240907T180000Z");
    CHECK(later.releases_written == 0);
    CHECK(later.records_written == 0);
    CHECK(later.processes == same.processes);
    const test::Tree after = test::read_tree(site);
    for (const auto& entry : before) {
        const auto& path = entry.first; // not a binding: clang 14 refuses one in doctest macros
        const auto& bytes = entry.second;
        if (path.rfind("releases/", 0) == 0 || path.rfind("records/", 0) == 0 || path.rfind("v/", 0) == 0) {
            CAPTURE(path);
            REQUIRE(after.count(path) == 1);
            CHECK(after.at(path) == bytes); // the earlier version stays whole
        }
    }
    // Going back in time is refused, and leaves the site as it was.
    CHECK_THROWS_AS(ocds::build_publication(options(site, first_run)), ocds::setting_error);
    CHECK(test::read_tree(site) == after);
}

TEST_CASE("publication build: the bulk files of each year and edition hold that group's processes") {
    const std::string& site = built_site().site;
    const ocds::BuildSummary& summary = built_site().summary;
    const std::string manifest_path = ocds::manifest_path(summary.version);
    const ocds::Manifest manifest = ocds::parse_manifest(test::read_file(site + "/" + manifest_path), manifest_path);

    // What each group must hold, from the records and the dates of the two map runs.
    std::map<std::string, std::multiset<std::string>> expected; // "year:2023", "edition:11", "year:all"
    for (const auto& [ocid, edition] : store().edition_of) {
        expected["edition:" + edition].insert(ocid);
        expected["year:" + store().year_of.at(ocid)].insert(ocid);
        expected["year:all"].insert(ocid);
    }
    REQUIRE(expected.count("year:2023") == 1);
    REQUIRE(expected.count("year:2024") == 1);
    std::map<std::string, std::multiset<std::string>> releases, release_packages, records;
    for (const auto& file : manifest.files) {
        if (file.kind != "bulk") {
            continue;
        }
        const std::string group = file.edition.empty() ? "year:" + file.year : "edition:" + file.edition;
        const std::string path = site + "/" + file.path;
        if (file.format == "releases.jsonl.gz") {
            REQUIRE_MESSAGE(releases.count(group) == 0, group);
            releases[group] = ocids_in(path);
        } else if (file.format == "release-package.json.gz") {
            for (const auto& ocid : ocids_in(path)) { // split in parts within the limits
                release_packages[group].insert(ocid);
            }
        } else if (file.format == "records.jsonl.gz") {
            records[group] = ocids_in(path);
        }
    }
    std::map<std::string, std::set<std::string>> expected_sets;
    for (const auto& [group, ocids] : expected) {
        expected_sets[group] = std::set<std::string>(ocids.begin(), ocids.end());
    }
    CHECK(releases.size() == expected.size());
    for (const auto& entry : expected) {
        const auto& group = entry.first; // not a binding: clang 14 refuses one in doctest macros
        const auto& ocids = entry.second;
        CAPTURE(group);
        // One release per process in this store, so each group holds each of its ocids once.
        CHECK(releases[group] == ocids);
        CHECK(release_packages[group] == ocids);
        CHECK(records[group] == ocids);
    }
    // The manifest's counts agree.
    const ocds::Value counts = *test::json(test::read_file(site + "/" + manifest_path)).find("counts");
    CHECK(counts.find("processes")->number_text() == std::to_string(store().edition_of.size()));
    CHECK(counts.find("releases")->number_text() == std::to_string(store().releases));
    for (const std::string year : {"2023", "2024"}) {
        CHECK(counts.find("byYear")->find(year)->find("processes")->number_text() ==
              std::to_string(expected["year:" + year].size()));
    }
}

TEST_CASE("manifest writer: every file once, in path order, with the sha256 of the bytes written") {
    test::TempDir dir;
    const std::string sha(64, 'c');
    for (const bool with_version_files : {true, false}) {
        CAPTURE(with_version_files);
        ocds::ManifestWriter writer("https://example.com/ocds", dir.path());
        writer.add_site_file("records/ocds-x-1.json", 10, sha, "record");
        writer.add_site_file("releases/ocds-x-1/r1.json", 20, sha, "release");
        writer.add_site_file("releases/ocds-x-1/r2.json", 30, sha, "release");
        if (with_version_files) {
            writer.add(ocds::PublicationFile{"v/1/ocids.txt", 4, sha, "list", "", "", ""});
            writer.add(ocds::PublicationFile{"v/1/bulk/all/releases.jsonl.gz", 5, sha, "bulk", "all",
                                             "releases.jsonl.gz", ""});
        }
        writer.add(ocds::PublicationFile{"extensions/pb/extension.json", 6, sha, "extension", "", "", ""});
        writer.add(ocds::PublicationFile{"dashboard/index.html", 7, sha, "dashboard", "", "", ""});
        ocds::Value header = ocds::Value::object();
        header.set("version", ocds::Value("1"));
        const std::string path = dir.path(with_version_files ? "m1.json" : "m2.json");
        const std::string written_sha = writer.write(path, header);
        const std::string bytes = test::read_file(path);
        CHECK(written_sha == ocds::sha256_hex(bytes));
        const ocds::Manifest manifest = ocds::parse_manifest(bytes, path);
        std::vector<std::string> paths;
        std::uint64_t total = 0;
        for (const auto& file : manifest.files) {
            paths.push_back(file.path);
            total += file.size;
        }
        CHECK(paths.size() == writer.file_count());
        CHECK(total == writer.byte_count());
        CHECK(std::is_sorted(paths.begin(), paths.end()));
        const ocds::Value json = test::json(bytes);
        CHECK(*json.find("files")->as_array().at(0).find_string("url") == "https://example.com/ocds/" + paths.at(0));
    }
}

TEST_CASE("process files: awards and contracts counted for the package limits, packages hold the items as given") {
    CHECK(ocds::awards_contracts(test::json(R"({"awards":[{"id":"1"},{"id":"2"}],"contracts":[{"id":"1"}]})")) == 3);
    CHECK(ocds::awards_contracts(test::json(R"({"tender":{"id":"1"}})")) == 0);
    CHECK(ocds::awards_contracts(test::json(R"({"awards":null,"contracts":"x"})")) == 0);
    const std::string first = R"({"ocid":"a","id":"1","amount":1.10})";
    const std::string second = R"({"ocid":"b","id":"2"})";
    ocds::Value metadata = ocds::Value::object();
    metadata.set("uri", ocds::Value("https://example.com/p.json"));
    metadata.set("version", ocds::Value("1.1"));
    const std::string text = ocds::package_text(metadata, "releases", {&first, &second});
    const ocds::Value package = test::json(text);
    CHECK(*package.find_string("uri") == "https://example.com/p.json");
    const auto& releases = package.find("releases")->as_array();
    REQUIRE(releases.size() == 2);
    CHECK(ocds::to_json(releases[0]) == first); // the number's text too
    CHECK(ocds::to_json(releases[1]) == second);
    CHECK(test::json(ocds::package_text(metadata, "records", {})).find("records")->as_array().empty());
}

TEST_CASE("publication build: bulk packages are split within the limits and together hold their group") {
    test::TempDir dir;
    const std::string site = dir.path("site");
    ocds::BuildOptions limited = options(site, second_run);
    limited.limits.max_bytes = 40000;
    limited.limits.max_awards_contracts = 2;
    const ocds::BuildSummary summary = ocds::build_publication(limited);
    const std::string manifest_path = ocds::manifest_path(summary.version);
    const ocds::Manifest manifest = ocds::parse_manifest(test::read_file(site + "/" + manifest_path), manifest_path);

    std::map<std::string, std::vector<const ocds::PublicationFile*>> parts; // group → its release package parts
    for (const auto& file : manifest.files) {
        if (file.kind == "bulk" && file.format == "release-package.json.gz") {
            parts[file.edition.empty() ? "year:" + file.year : "edition:" + file.edition].push_back(&file);
        }
    }
    REQUIRE(parts.count("year:all") == 1);
    CHECK(parts["year:all"].size() > 1); // the limits are small enough to split
    std::multiset<std::string> all;
    for (const auto& entry : parts) {
        const auto& group = entry.first; // not a binding: clang 14 refuses one in doctest macros
        const auto& files = entry.second;
        CAPTURE(group);
        for (std::size_t i = 0; i < files.size(); ++i) {
            const std::string path = files[i]->path;
            CAPTURE(path);
            // Parts are numbered from 1, and each package's uri is where it is served.
            const std::string suffix = "releases-" + std::to_string(i + 1) + ".json.gz";
            CHECK(path.size() > suffix.size());
            CHECK(path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0);
            const std::string bytes = test::gunzip_file(site + "/" + path);
            const ocds::Value package = test::json(bytes);
            CHECK(*package.find_string("uri") == "https://datos.sanpedro.gob.mx/ocds/" + path);
            const auto& releases = package.find("releases")->as_array();
            REQUIRE_FALSE(releases.empty());
            std::uint64_t awards_contracts = 0;
            for (const auto& release : releases) {
                awards_contracts += ocds::awards_contracts(release);
                if (group == "year:all") {
                    all.insert(*release.find_string("ocid"));
                }
            }
            // A part over a limit holds a single release (one release is never cut).
            if (releases.size() > 1) {
                CHECK(bytes.size() <= limited.limits.max_bytes);
                CHECK(awards_contracts <= limited.limits.max_awards_contracts);
            }
        }
    }
    std::multiset<std::string> expected;
    for (const auto& entry : store().edition_of) {
        expected.insert(entry.first);
    }
    CHECK(all == expected);
}
