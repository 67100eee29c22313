// A build after one project changed: the bulk files' unchanged chunks are copied compressed from
// the previous version, only those holding the changed process are compressed again, and the
// site equals a fresh build of the same store byte for byte, bulk files (compressed bytes and
// their text) included.

#include <doctest/doctest.h>

#include "build/build_fixture.hpp"
#include "helpers.hpp"
#include "map/san_pedro.hpp"
#include "publish/site_fixture.hpp"

#include <ocds/build/publication_build.hpp>
#include <ocds/core/files.hpp>

#include <csignal>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

ocds::BuildOptions options(const std::string& store, const std::string& site, const std::string& now) {
    ocds::BuildOptions built;
    built.store_dir = store;
    built.site_dir = site;
    built.schemas_dir = OCDS_SCHEMAS_DIR;
    built.base_uri = "https://datos.sanpedro.gob.mx/ocds/";
    built.now = now;
    built.threads = 2;
    return built;
}

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

/// A site file's bytes as two builds of the same store must agree on: the process cache names
/// each site file's stamp (its inode and time), which only the file system decides.
std::string comparable(const std::string& path, const std::string& bytes) {
    if (path.rfind(".process-cache/", 0) != 0) {
        return bytes;
    }
    static const std::regex stamp("\"[0-9]+:[0-9]+:[0-9]+\\.[0-9]+\"");
    const std::string stamped = std::regex_replace(bytes, stamp, "\"stamp\"");
    CHECK(stamped != bytes); // there were stamps
    // Facts kept from an earlier version say the date they were read for (the same facts).
    static const std::regex as_of("\"factsAsOf\":\"[^\"]*\"");
    return std::regex_replace(stamped, as_of, "\"factsAsOf\":\"\"");
}

} // namespace

TEST_CASE("incremental build: after one project changed only its chunks are compressed, and the site equals a "
          "fresh build") {
    test::TempDir dir;
    const std::string store = dir.path("store");
    std::vector<ocds::Value> records = test::read_records(test::san_pedro_examples + "export-1.jsonl");
    REQUIRE(records.size() > 50);
    test::map_records(dir, store, records, "2024-09-06T18:00:00Z");
    const std::string site = dir.path("site");
    const ocds::BuildSummary first = ocds::build_publication(options(store, site, "2024-09-06T18:00:00Z"));
    CHECK(first.chunks_copied == 0);
    REQUIRE(first.chunks_compressed > 100);
    // Every process began in 2024: bulk/all holds what bulk/2024 does. Its packages' and tables'
    // chunks are compressed once for both, and its JSON Lines are one file, linked.
    CHECK(first.chunks_shared * 3 > first.chunks_compressed);
    struct stat all_lines {};
    struct stat year_lines {};
    const std::string bulk = site + "/v/20240906T180000Z/bulk/";
    REQUIRE(::stat((bulk + "all/records.jsonl.gz").c_str(), &all_lines) == 0);
    REQUIRE(::stat((bulk + "2024/records.jsonl.gz").c_str(), &year_lines) == 0);
    CHECK(all_lines.st_ino == year_lines.st_ino);

    // A later version of the same store: every chunk copied.
    const ocds::BuildSummary same = ocds::build_publication(options(store, site, "2024-09-07T18:00:00Z"));
    CHECK(same.chunks_compressed == 0);
    CHECK(same.chunks_copied == first.chunks_compressed);

    // One project renamed, one that buys nothing: a new release of its planning process alone.
    std::size_t changed_index = 40;
    while (changed_index < records.size()) {
        const ocds::Value* procurement = records[changed_index].find("procurement");
        if (!procurement || !procurement->is_array() || procurement->as_array().empty()) {
            break;
        }
        ++changed_index;
    }
    REQUIRE(changed_index < records.size());
    ocds::Value& project = *records[changed_index].find("project");
    const std::string mark = " (corregido)"; // in the changed process's new text only
    project.set("title", ocds::Value(*project.find_string("title") + mark));
    project.set("updated_at", ocds::Value("2024-09-08T10:00:00-06:00"));
    test::map_records(dir, store, records, "2024-09-08T18:00:00Z");
    const char* now = "2024-09-08T18:00:00Z";
    const ocds::BuildSummary changed = ocds::build_publication(options(store, site, now));
    CHECK(changed.releases_written == 1);
    // Its neighbours' rows (the title is in the processes table) read back from the previous
    // build's file of rows, not flattened again.
    CHECK(changed.rows_read_back > 0);
    const std::string version = "v/" + changed.version + "/";

    // The chunks compressed again are those holding the changed process: at most four (its own,
    // two when a boundary moved, and the next, whose dictionary is its end) in each stream of
    // chunks that holds it. The streams
    // are the version's gzip files, a JSON Lines cell counted once (the editions' and all's
    // JSON Lines files join the years').
    const test::Tree tree = test::read_tree(site);
    std::uint64_t streams = 0;
    for (const auto& entry : tree) {
        const std::string& path = entry.first;
        if (path.rfind(version, 0) != 0 || !ends_with(path, ".gz")) {
            continue;
        }
        const bool joined = ends_with(path, ".jsonl.gz") && (path.find("/bulk/all/") != std::string::npos ||
                                                             path.find("/edition-") != std::string::npos);
        const std::string text = test::gunzip_file(site + "/" + path);
        streams += !joined && text.find(mark) != std::string::npos;
    }
    CAPTURE(streams);
    CHECK(streams >= 8); // releases and records: JSON Lines once, packages in three groups
    CHECK(changed.chunks_compressed >= streams);
    CHECK(changed.chunks_compressed <= 4 * streams);
    CHECK(changed.chunks_copied > 5 * changed.chunks_compressed);

    // A fresh build of the same store on the same date: the same bytes, file for file.
    const std::string fresh_site = dir.path("fresh");
    const ocds::BuildSummary fresh = ocds::build_publication(options(store, fresh_site, now));
    CHECK(fresh.chunks_copied == 0);
    const test::Tree fresh_tree = test::read_tree(fresh_site);
    std::size_t compared = 0;
    for (const auto& entry : fresh_tree) {
        const std::string& path = entry.first; // not a binding: clang 14 refuses one in doctest macros
        CAPTURE(path);
        REQUIRE(tree.count(path) == 1);
        CHECK(comparable(path, tree.at(path)) == comparable(path, entry.second));
        if (ends_with(path, ".gz")) {
            CHECK(test::gunzip_file(site + "/" + path) == test::gunzip_file(fresh_site + "/" + path));
        }
        ++compared;
    }
    CHECK(compared > 100);
    // The incrementally built site has only the earlier versions beyond these (the rows of the
    // current version alone: the next build reads no others).
    for (const auto& entry : tree) {
        const std::string& path = entry.first;
        if (fresh_tree.count(path) == 0) {
            CAPTURE(path);
            CHECK((path.rfind("v/", 0) == 0 || path.rfind(".bulk-segments/", 0) == 0 ||
                   path.rfind(".process-cache/", 0) == 0));
            CHECK(path.find(changed.version) == std::string::npos);
        }
    }
}

namespace {

/// Builds the store afresh into `fresh` and checks that `site` has every file of that build with
/// the same bytes; returns the fresh build's summary.
ocds::BuildSummary check_equals_fresh(const ocds::BuildOptions& built, const std::string& fresh) {
    ocds::BuildOptions again = built;
    again.site_dir = fresh;
    const ocds::BuildSummary summary = ocds::build_publication(again);
    CHECK(summary.processes_reused == 0);
    const test::Tree fresh_tree = test::read_tree(fresh);
    const test::Tree tree = test::read_tree(built.site_dir);
    for (const auto& entry : fresh_tree) {
        const std::string& path = entry.first; // not a binding: clang 14 refuses one in doctest macros
        CAPTURE(path);
        REQUIRE(tree.count(path) == 1);
        CHECK(comparable(path, tree.at(path)) == comparable(path, entry.second));
    }
    CHECK(fresh_tree.size() > 100);
    ocds::remove_tree(fresh);
    return summary;
}

/// The store folders and how many releases each holds.
std::map<std::string, std::size_t> store_folders(const std::string& store) {
    std::map<std::string, std::size_t> folders;
    for (const auto& folder : ocds::list_directory(store + "/releases")) {
        folders[folder] = ocds::list_directory(store + "/releases/" + folder).size();
    }
    return folders;
}

} // namespace

TEST_CASE("incremental build: unchanged processes are taken from the previous build, and the site equals a fresh "
          "build") {
    test::TempDir dir;
    const std::string store = dir.path("store");
    const std::string site = dir.path("site");
    const std::string fresh = dir.path("fresh");
    std::vector<ocds::Value> records = test::read_records(test::san_pedro_examples + "export-1.jsonl");
    REQUIRE(records.size() > 50);
    // The last project comes later: a new process.
    test::map_records(dir, store, std::vector<ocds::Value>(records.begin(), records.end() - 1), "2024-09-06T18:00:00Z");
    const ocds::BuildSummary first = ocds::build_publication(options(store, site, "2024-09-06T18:00:00Z"));
    CHECK(first.processes_reused == 0);
    REQUIRE(first.processes > 50);

    // The same store a day later: every process reused, and the same site as a fresh build.
    const ocds::BuildSummary same = ocds::build_publication(options(store, site, "2024-09-07T18:00:00Z"));
    CHECK(same.processes_reused == same.processes);
    CHECK(same.releases_written == 0);
    CHECK(same.records_written == 0);
    check_equals_fresh(options(store, site, "2024-09-07T18:00:00Z"), fresh);

    // One project changed, one new, and one process removed from the store.
    const std::map<std::string, std::size_t> before = store_folders(store);
    ocds::Value& project = *records[3].find("project");
    project.set("title", ocds::Value(*project.find_string("title") + " (corregido)"));
    project.set("updated_at", ocds::Value("2024-09-08T10:00:00-06:00"));
    test::map_records(dir, store, records, "2024-09-08T18:00:00Z");
    std::map<std::string, std::size_t> after = store_folders(store);
    std::size_t changed_folders = 0;
    std::string removed;
    for (const auto& [folder, releases] : after) {
        const auto old = before.find(folder);
        changed_folders += old == before.end() || old->second != releases;
        if (removed.empty() && old != before.end() && old->second == releases && releases == 1) {
            removed = folder;
        }
    }
    REQUIRE(changed_folders >= 2); // the new project's and the changed one's (and any process it has)
    REQUIRE(!removed.empty());
    ocds::remove_tree(store + "/releases/" + removed);
    const ocds::BuildSummary changed = ocds::build_publication(options(store, site, "2024-09-08T18:00:00Z"));
    CHECK(changed.processes == after.size() - 1);
    CHECK(changed.processes_reused == changed.processes - changed_folders);
    const ocds::BuildSummary changed_fresh = check_equals_fresh(options(store, site, "2024-09-08T18:00:00Z"), fresh);
    CHECK(changed_fresh.processes == changed.processes);

    // Store metadata that the files do not show: still nothing reused.
    const std::string metadata_path = store + "/package-metadata.json";
    std::string metadata = ocds::read_file(metadata_path);
    REQUIRE(metadata.rfind("{", 0) == 0);
    ocds::replace_file(metadata_path, "{\"x-note\":\"nota\"," + metadata.substr(1));
    const ocds::BuildSummary noted = ocds::build_publication(options(store, site, "2024-09-09T18:00:00Z"));
    CHECK(noted.processes_reused == 0);
    check_equals_fresh(options(store, site, "2024-09-09T18:00:00Z"), fresh);

    // Metadata or a base URL that the release files show: the same refusal as without the cache.
    ocds::replace_file(metadata_path, "{\"publicationPolicy\":\"https://example.org/policy\"," + metadata.substr(1));
    const test::Tree kept = test::read_tree(site);
    CHECK_THROWS_WITH(ocds::build_publication(options(store, site, "2024-09-10T18:00:00Z")),
                      doctest::Contains("exists with other content"));
    ocds::replace_file(metadata_path, metadata);
    ocds::BuildOptions moved = options(store, site, "2024-09-10T18:00:00Z");
    moved.base_uri = "https://datos.example.org/ocds/";
    CHECK_THROWS_WITH(ocds::build_publication(moved), doctest::Contains("exists with other content"));
    CHECK(test::read_tree(site) == kept);

    // The previous version's cache file: an entry that disagrees with the site, a record file changed
    // by hand in the site (same size), and a file that is not a cache.
    const std::string cache = site + "/.process-cache/" + noted.version;
    ocds::replace_file(metadata_path, metadata); // as the cached version's store
    ocds::replace_file(metadata_path, "{\"x-note\":\"nota\"," + metadata.substr(1));
    std::string entries = ocds::read_file(cache);
    const std::size_t sha = entries.find("\"records/");
    REQUIRE(sha != std::string::npos);
    entries.replace(entries.find(',', sha) + 1, 1, "9"); // the first record's size
    ocds::replace_file(cache, entries);
    const std::string record = site + "/records/" + after.rbegin()->first + ".json";
    std::string record_text = ocds::read_file(record);
    REQUIRE(record_text.find("\"ocid\"") != std::string::npos);
    record_text.replace(record_text.find("\"ocid\""), 6, "\"ocjd\"");
    ocds::replace_file(record, record_text);
    const ocds::BuildSummary repaired = ocds::build_publication(options(store, site, "2024-09-11T18:00:00Z"));
    CHECK(repaired.processes_reused == repaired.processes - 2);
    CHECK(repaired.records_written == 1);
    check_equals_fresh(options(store, site, "2024-09-11T18:00:00Z"), fresh);
    ocds::replace_file(site + "/.process-cache/" + repaired.version, "ocds-process-cache 1 x\nnot\ta\tcache\n");
    const ocds::BuildSummary ignored = ocds::build_publication(options(store, site, "2024-09-12T18:00:00Z"));
    CHECK(ignored.processes_reused == 0);
    check_equals_fresh(options(store, site, "2024-09-12T18:00:00Z"), fresh);

    // Killed (SIGKILL) half way: the site as it was, and the next build as a fresh one.
    const test::Tree whole = test::read_tree(site);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ocds::build_publication(options(store, site, "2024-09-13T18:00:00Z"),
                                [](std::uint64_t, std::uint64_t) { ::kill(::getpid(), SIGKILL); });
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    test::Tree left = test::read_tree(site);
    for (auto entry = left.begin(); entry != left.end();) {
        entry = entry->first.rfind(".staging-", 0) == 0 ? left.erase(entry) : std::next(entry);
    }
    CHECK(left == whole);
    const ocds::BuildSummary resumed = ocds::build_publication(options(store, site, "2024-09-13T18:00:00Z"));
    CHECK(resumed.processes_reused == resumed.processes);
    check_equals_fresh(options(store, site, "2024-09-13T18:00:00Z"), fresh);
}
