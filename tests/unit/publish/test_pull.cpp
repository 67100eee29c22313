// Pulling a publication from a file:// source: a version's files land below the output folder
// with the manifest last; only what changed is downloaded; a file whose bytes do not match the
// manifest is refused and the local copy stays whole as it was; a hostile manifest is refused.

#include <doctest/doctest.h>

#include "publish/site_fixture.hpp"

#include <ocds/core/error.hpp>
#include <ocds/io/http_client.hpp>
#include <ocds/publish/pull.hpp>

#include <iterator>
#include <string>

namespace {

using test::v1;
using test::v2;

struct Mirror {
    test::TempDir dir;
    std::string source = dir.path("source");
    std::string out = dir.path("out");

    ocds::PullSummary pull(const std::string& version = "") const {
        ocds::PullOptions options;
        options.url = "file://" + source;
        options.out_dir = out;
        options.version = version;
        return ocds::pull_publication(options);
    }

    /// The local copy, without the pull's own folder.
    test::Tree local() const {
        test::Tree tree = test::read_tree(out);
        for (auto it = tree.begin(); it != tree.end();) {
            it = it->first.rfind(".ocds-pull/", 0) == 0 ? tree.erase(it) : std::next(it);
        }
        return tree;
    }

    /// The local copy must be version `version` of the source: its manifest, and every file the
    /// manifest lists below v/<version>/, with the listed size and sha256, and nothing else.
    void check_local_is(const std::string& version) const {
        const std::string manifest = test::read_file(source + "/" + ocds::manifest_path(version));
        const test::Tree tree = local();
        REQUIRE(tree.count("manifest.json") == 1);
        CHECK(tree.at("manifest.json") == manifest);
        std::size_t listed = 0;
        const std::string prefix = "v/" + version + "/";
        for (const auto& file : ocds::parse_manifest(manifest, "manifest.json").files) {
            if (file.path.rfind(prefix, 0) != 0) {
                CHECK(tree.count(file.path) == 0); // releases and records are not pulled
                continue;
            }
            const std::string relative = file.path.substr(prefix.size());
            CAPTURE(relative);
            REQUIRE(tree.count(relative) == 1);
            CHECK(tree.at(relative).size() == file.size);
            CHECK(ocds::sha256_hex(tree.at(relative)) == file.sha256);
            ++listed;
        }
        CHECK(tree.size() == listed + 1);
    }
};

std::size_t files_below(const test::Tree& files, const std::string& version) {
    std::size_t count = 0;
    for (const auto& entry : files) {
        count += entry.first.rfind("v/" + version + "/", 0) == 0;
    }
    return count;
}

} // namespace

TEST_CASE("pull: a version's files, verified, a second pull downloads nothing") {
    Mirror mirror;
    const test::Tree files = test::first_version_files(v1);
    test::write_site_version(mirror.source, v1, files);
    const ocds::PullSummary first = mirror.pull();
    CHECK(first.errors.empty());
    CHECK(first.version == v1);
    CHECK(first.downloaded == files_below(files, v1));
    CHECK(first.skipped == 0);
    mirror.check_local_is(v1);

    const ocds::PullSummary again = mirror.pull();
    CHECK(again.errors.empty());
    CHECK(again.downloaded == 0);
    CHECK(again.skipped == files_below(files, v1));
    CHECK(again.bytes == 0);
    mirror.check_local_is(v1);
}

TEST_CASE("pull: the next version downloads only changed and new files and drops the old version's others") {
    Mirror mirror;
    const test::Tree files = test::first_version_files(v1);
    test::write_site_version(mirror.source, v1, files);
    mirror.pull();

    // Version 2 keeps two files' bytes at their relative paths, changes one, adds one, drops one.
    test::Tree next;
    for (const auto& [path, bytes] : files) {
        if (path.rfind("v/" + v1 + "/", 0) == 0) {
            next["v/" + v2 + "/" + path.substr(2 + v1.size() + 1)] = bytes;
        } else {
            next[path] = bytes;
        }
    }
    next["v/" + v2 + "/bulk/all/releases.jsonl.gz"] = "changed bytes";
    next["v/" + v2 + "/bulk/2025/releases.jsonl.gz"] = "a new year";
    next.erase("v/" + v2 + "/bulk/2024/csv/parties.csv.gz");
    test::write_site_version(mirror.source, v2, next);

    const ocds::PullSummary summary = mirror.pull();
    CHECK(summary.errors.empty());
    CHECK(summary.version == v2);
    CHECK(summary.downloaded == 2);
    CHECK(summary.skipped == files_below(next, v2) - 2);
    CHECK(summary.bytes == std::string("changed bytes").size() + std::string("a new year").size());
    mirror.check_local_is(v2); // the dropped file is gone, and so is its empty folder's content
    CHECK_FALSE(ocds::path_exists(mirror.out + "/bulk/2024/csv/parties.csv.gz"));

    // An older version by name.
    const ocds::PullSummary older = mirror.pull(v1);
    CHECK(older.errors.empty());
    CHECK(older.version == v1);
    mirror.check_local_is(v1);
}

TEST_CASE("pull: a file whose bytes differ from the manifest is refused, the local copy stays as it was") {
    Mirror mirror;
    const test::Tree files = test::first_version_files(v1);
    test::write_site_version(mirror.source, v1, files);
    mirror.pull();
    const test::Tree before = mirror.local();

    test::Tree next = files;
    next["v/" + v2 + "/bulk/all/releases.jsonl.gz"] = "version two";
    next["v/" + v2 + "/ocids.txt"] = "ocds-x-1\n";
    test::write_site_version(mirror.source, v2, next);
    // Corrupted on the server after the manifest was written: same size, other bytes.
    const std::string corrupted = mirror.source + "/v/" + v2 + "/bulk/all/releases.jsonl.gz";
    ocds::replace_file(corrupted, "version t0o");
    const ocds::PullSummary failed = mirror.pull();
    REQUIRE(failed.errors.size() == 1);
    CHECK(failed.errors[0].find("sha256 mismatch") != std::string::npos);
    CHECK(failed.errors[0].find("bulk/all/releases.jsonl.gz") != std::string::npos);
    CHECK(mirror.local() == before); // nothing of version 2, not even the file that was fine
    // Nothing of the bad download is kept to resume from.
    for (const auto& entry : test::read_tree(mirror.out)) {
        CHECK(entry.second != "version t0o");
    }

    // Repaired, the next pull completes (the good file is not downloaded again).
    ocds::replace_file(corrupted, "version two");
    const ocds::PullSummary repaired = mirror.pull();
    CHECK(repaired.errors.empty());
    CHECK(repaired.downloaded == 1);
    mirror.check_local_is(v2);
}

TEST_CASE("pull: a file longer than the manifest says is cut off and refused") {
    Mirror mirror;
    test::write_site_version(mirror.source, v1, test::first_version_files(v1));
    ocds::replace_file(mirror.source + "/v/" + v1 + "/ocids.txt", std::string(100000, 'x'));
    const ocds::PullSummary summary = mirror.pull();
    REQUIRE(summary.errors.size() == 1);
    CHECK(summary.errors[0].find("ocids.txt") != std::string::npos);
    CHECK(summary.errors[0].find("nothing was kept") != std::string::npos);
    CHECK(mirror.local().empty());
}

TEST_CASE("pull: hostile or contradicting manifests are refused before anything is written") {
    Mirror mirror;
    const test::Tree files = test::first_version_files(v1);
    test::write_site_version(mirror.source, v1, files);
    const std::string sha(64, 'a');
    auto serve = [&](const std::string& manifest) {
        ocds::replace_file(mirror.source + "/" + ocds::manifest_path(v1), manifest);
        ocds::LatestPointer latest{v1, "", ocds::manifest_path(v1), ocds::sha256_hex(manifest)};
        ocds::replace_file(mirror.source + "/latest.json", ocds::latest_json(latest));
    };
    SUBCASE("a path outside the folder") {
        serve(R"({"version":")" + v1 + R"(","files":[{"path":"v/)" + v1 + R"(/../../../escaped","size":1,"sha256":")" +
              sha + "\"}]}");
        CHECK_THROWS_WITH_AS(mirror.pull(), doctest::Contains("not a safe relative path"), ocds::data_error);
    }
    SUBCASE("the name the local copy keeps for its manifest") {
        serve(R"({"version":")" + v1 + R"(","files":[{"path":"v/)" + v1 + R"(/manifest.json","size":1,"sha256":")" +
              sha + "\"}]}");
        CHECK_THROWS_WITH_AS(mirror.pull(), doctest::Contains("keeps for its own use"), ocds::data_error);
    }
    SUBCASE("a path listed twice") {
        const std::string entry = R"({"path":"v/)" + v1 + R"(/ocids.txt","size":1,"sha256":")" + sha + "\"}";
        serve(R"({"version":")" + v1 + R"(","files":[)" + entry + "," + entry + "]}");
        CHECK_THROWS_WITH_AS(mirror.pull(), doctest::Contains("listed twice"), ocds::data_error);
    }
    SUBCASE("a manifest of another version than latest.json names") {
        serve(R"({"version":"20230101T000000Z","files":[]})");
        CHECK_THROWS_WITH_AS(mirror.pull(), doctest::Contains(("not " + v1).c_str()), ocds::data_error);
    }
    SUBCASE("a manifest that is not the one latest.json vouches for") {
        std::string manifest = test::read_file(mirror.source + "/" + ocds::manifest_path(v1));
        ocds::replace_file(mirror.source + "/" + ocds::manifest_path(v1), manifest + "\n");
        CHECK_THROWS_WITH(mirror.pull(), doctest::Contains("differs from latest.json's"));
    }
    SUBCASE("no publication there") {
        ocds::remove_tree(mirror.source);
        ocds::make_directories(mirror.source);
        CHECK_THROWS_WITH_AS(mirror.pull(), doctest::Contains("an ocds publication?"), ocds::transfer_error);
        CHECK_THROWS_AS(mirror.pull("20240301T000000Z"), ocds::transfer_error);
    }
    CHECK(mirror.local().empty());
}
