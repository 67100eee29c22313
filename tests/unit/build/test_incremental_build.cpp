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

#include <string>
#include <vector>

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
    const std::string version = "v/" + changed.version + "/";

    // The chunks compressed again are those holding the changed process: at most three (its own,
    // the next, compressed after it, and one more when a boundary moved) in each stream of
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
    CHECK(changed.chunks_compressed <= 3 * streams);
    CHECK(changed.chunks_copied > 10 * changed.chunks_compressed);

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
        CHECK(tree.at(path) == entry.second);
        if (ends_with(path, ".gz")) {
            CHECK(test::gunzip_file(site + "/" + path) == test::gunzip_file(fresh_site + "/" + path));
        }
        ++compared;
    }
    CHECK(compared > 100);
    // The incrementally built site has only the earlier versions beyond these.
    for (const auto& entry : tree) {
        const std::string& path = entry.first;
        if (fresh_tree.count(path) == 0) {
            CAPTURE(path);
            CHECK((path.rfind("v/", 0) == 0 || path.rfind(".bulk-segments/", 0) == 0));
            CHECK(path.find(changed.version) == std::string::npos);
        }
    }
}
