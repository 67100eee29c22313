// Publishing a built site to a file:// target: only what the target lacks is sent, the manifest,
// index.html and latest.json go last, and a target that says something hostile or contradicting
// stops the publish before anything changes there.

#include <doctest/doctest.h>

#include "publish/site_fixture.hpp"

#include <ocds/core/error.hpp>
#include <ocds/io/http_client.hpp>
#include <ocds/publish/publish.hpp>

#include <string>

namespace {

using test::v1;
using test::v2;

struct Publication {
    test::TempDir dir;
    std::string site = dir.path("site");
    std::string target = dir.path("target");

    ocds::PublishSummary publish(unsigned jobs = 2) const {
        ocds::PublishOptions options;
        options.site_dir = site;
        options.target = "file://" + target;
        options.jobs = jobs;
        return ocds::publish_site(options);
    }

    /// What a reader of the target finds: latest.json, its manifest, and every file it lists,
    /// each with the size and sha256 the manifest gives.
    void check_target_serves(const std::string& version) const {
        const ocds::LatestPointer latest = ocds::parse_latest(test::read_file(target + "/latest.json"), "latest.json");
        CHECK(latest.version == version);
        const std::string manifest_bytes = test::read_file(target + "/" + latest.manifest);
        CHECK(ocds::sha256_hex(manifest_bytes) == latest.sha256);
        for (const auto& file : ocds::parse_manifest(manifest_bytes, latest.manifest).files) {
            CAPTURE(file.path);
            const std::string bytes = test::read_file(target + "/" + file.path);
            CHECK(bytes.size() == file.size);
            CHECK(ocds::sha256_hex(bytes) == file.sha256);
        }
    }
};

} // namespace

TEST_CASE("publish: the first publish sends every file, a second sends nothing") {
    Publication publication;
    const test::Tree files = test::first_version_files(v1);
    test::write_site_version(publication.site, v1, files);
    std::uint64_t bytes = 0;
    for (const auto& [path, content] : files) {
        bytes += content.size();
    }

    const ocds::PublishSummary first = publication.publish();
    CHECK(first.version == v1);
    CHECK(first.previous_version == "");
    CHECK(first.uploaded == files.size() + 3); // the files, the manifest, index.html, latest.json
    CHECK(first.skipped == 0);
    CHECK(first.bytes == bytes + test::read_file(publication.site + "/" + ocds::manifest_path(v1)).size() +
                             test::read_file(publication.site + "/index.html").size() +
                             test::read_file(publication.site + "/latest.json").size());
    // The target holds the site byte for byte.
    CHECK(test::read_tree(publication.target) == test::read_tree(publication.site));
    publication.check_target_serves(v1);

    const ocds::PublishSummary again = publication.publish();
    CHECK(again.previous_version == v1);
    CHECK(again.uploaded == 0);
    CHECK(again.skipped == files.size() + 3);
    CHECK(again.bytes == 0);
}

TEST_CASE("publish: a new version sends only new and changed files, readers of the old one are not broken") {
    Publication publication;
    test::Tree files = test::first_version_files(v1);
    test::write_site_version(publication.site, v1, files);
    publication.publish();
    const test::Tree old_target = test::read_tree(publication.target);

    // Version 2: a new release, a changed record, the bulk files moved under v/<v2>/ (one of them
    // with the same bytes as before, at a new path), one bulk file gone.
    test::Tree next;
    next["releases/ocds-x-1/ocds-x-1-01.json"] = files["releases/ocds-x-1/ocds-x-1-01.json"];
    next["releases/ocds-x-2/ocds-x-2-01.json"] = files["releases/ocds-x-2/ocds-x-2-01.json"];
    next["releases/ocds-x-2/ocds-x-2-02.json"] = "{\"releases\":[{\"id\":\"2b\"}]}\n";
    next["records/ocds-x-1.json"] = "{\"records\":[{\"ocid\":\"ocds-x-1\",\"v\":2}]}\n";
    next["v/" + v2 + "/bulk/all/releases.jsonl.gz"] = "new bytes";
    next["v/" + v2 + "/ocids.txt"] = files["v/" + v1 + "/ocids.txt"];
    ocds::remove_tree(publication.site + "/v/" + v1); // the build keeps fewer versions than the target
    test::write_site_version(publication.site, v2, next);

    std::uint64_t calls = 0;
    std::uint64_t last_files = 0;
    std::uint64_t last_total = 0;
    ocds::PublishOptions options;
    options.site_dir = publication.site;
    options.target = "file://" + publication.target;
    const ocds::PublishSummary summary =
        ocds::publish_site(options, [&](std::uint64_t done, std::uint64_t total, std::uint64_t) {
            ++calls;
            CHECK(done >= last_files); // threads report as they finish: never backwards
            last_files = done;
            last_total = total;
        });
    CHECK(summary.previous_version == v1);
    // Sent: the new release, the record, both v2 files (new paths), and the three pointers.
    CHECK(summary.uploaded == 4 + 3);
    CHECK(summary.skipped == 2); // the two releases the target has
    CHECK(calls == summary.uploaded);
    CHECK(last_files == last_total);
    publication.check_target_serves(v2);
    // Every file of version 1 is still served as version 1's manifest lists it (the record
    // excepted: records are current files, replaced at their URL).
    const test::Tree target = test::read_tree(publication.target);
    for (const auto& file : old_target) {
        const std::string& path = file.first; // not a structured binding: clang 14 refuses one in CAPTURE
        if (path != "records/ocds-x-1.json" && path != "latest.json" && path != "index.html") {
            CAPTURE(path);
            REQUIRE(target.count(path) == 1);
            CHECK(target.at(path) == file.second);
        }
    }
    CHECK(target.at("records/ocds-x-1.json") == next["records/ocds-x-1.json"]);
}

TEST_CASE("publish: a failure while sending the content leaves the target's latest.json and manifests as they were") {
    Publication publication;
    test::Tree files = test::first_version_files(v1);
    test::write_site_version(publication.site, v1, files);
    publication.publish();
    const std::string latest_before = test::read_file(publication.target + "/latest.json");

    test::Tree next = files;
    next["releases/ocds-x-3/ocds-x-3-01.json"] = "{\"releases\":[{\"id\":\"3\"}]}\n";
    next["v/" + v2 + "/ocids.txt"] = "ocds-x-1\nocds-x-2\nocds-x-3\n";
    test::write_site_version(publication.site, v2, next);
    // The site changed after its build: a file differs from what the manifest says.
    ocds::replace_file(publication.site + "/v/" + v2 + "/ocids.txt", "ocds-x-1\n");
    CHECK_THROWS_WITH_AS(publication.publish(1), doctest::Contains("differs from the manifest"), ocds::error);
    CHECK(test::read_file(publication.target + "/latest.json") == latest_before);
    CHECK_FALSE(ocds::path_exists(publication.target + "/" + ocds::manifest_path(v2)));
    publication.check_target_serves(v1);

    // Built again, the publish completes; what the failed one sent is not sent again.
    test::write_site_version(publication.site, v2, next);
    const ocds::PublishSummary summary = publication.publish();
    CHECK(summary.previous_version == v1);
    CHECK(summary.uploaded + summary.skipped == next.size() + 3);
    CHECK(summary.skipped >= files.size());
    publication.check_target_serves(v2);
}

TEST_CASE("publish: history is never rewritten, and a hostile or newer target stops the publish before sending") {
    Publication publication;
    const test::Tree files = test::first_version_files(v1);
    test::write_site_version(publication.site, v1, files);
    const std::string release = "releases/ocds-x-2/ocds-x-2-01.json";

    SUBCASE("a release the target has, listed with other bytes") {
        publication.publish();
        const std::string manifest_path = publication.target + "/" + ocds::manifest_path(v1);
        std::string manifest = test::read_file(manifest_path);
        const std::string sha = ocds::sha256_hex(files.at(release));
        manifest.replace(manifest.find(sha), sha.size(), ocds::sha256_hex("other"));
        ocds::replace_file(manifest_path, manifest);
        const test::Tree before = test::read_tree(publication.target);
        test::Tree next = files;
        next["records/ocds-x-1.json"] = "changed";
        test::write_site_version(publication.site, v2, next);
        CHECK_THROWS_WITH_AS(publication.publish(), doctest::Contains("published releases are never replaced"),
                             ocds::error);
        CHECK(test::read_tree(publication.target) == before);
    }
    SUBCASE("a release the target has with other bytes, in no manifest") {
        ocds::make_directories(publication.target + "/releases/ocds-x-2");
        ocds::replace_file(publication.target + "/" + release, "rewritten history");
        const test::Tree before = test::read_tree(publication.target);
        CHECK_THROWS_WITH_AS(publication.publish(), doctest::Contains("published releases are never replaced"),
                             ocds::error);
        CHECK(test::read_tree(publication.target) == before); // not even the other files
    }
    SUBCASE("a target whose current version is later than the site's") {
        ocds::LatestPointer later{"20990101T000000Z", "2099-01-01T00:00:00Z", ocds::manifest_path("20990101T000000Z"),
                                  std::string(64, 'a')};
        ocds::make_directories(publication.target);
        ocds::replace_file(publication.target + "/latest.json", ocds::latest_json(later));
        CHECK_THROWS_WITH_AS(publication.publish(), doctest::Contains("later than this site's"), ocds::transfer_error);
        CHECK(test::read_tree(publication.target).size() == 1);
    }
    SUBCASE("a target manifest with a path outside the site") {
        ocds::make_directories(publication.target + "/v/" + v1);
        const std::string hostile = R"({"version":")" + v1 +
                                    R"(","files":[{"path":"../../escaped","size":1,"sha256":")" + std::string(64, 'a') +
                                    "\"}]}";
        ocds::replace_file(publication.target + "/" + ocds::manifest_path(v1), hostile);
        ocds::LatestPointer latest{v1, "", ocds::manifest_path(v1), ocds::sha256_hex(hostile)};
        ocds::replace_file(publication.target + "/latest.json", ocds::latest_json(latest));
        const test::Tree before = test::read_tree(publication.target);
        CHECK_THROWS_WITH_AS(publication.publish(), doctest::Contains("not a safe relative path"), ocds::data_error);
        CHECK(test::read_tree(publication.target) == before);
    }
    SUBCASE("a target latest.json naming a manifest outside the site") {
        ocds::make_directories(publication.target);
        ocds::replace_file(publication.target + "/latest.json", R"({"version":")" + v1 +
                                                                    R"(","manifest":"../manifest.json","sha256":")" +
                                                                    std::string(64, 'a') + "\"}");
        CHECK_THROWS_WITH(publication.publish(), doctest::Contains("safe manifest path"));
        CHECK(test::read_tree(publication.target).size() == 1);
    }
}

TEST_CASE("publish: a site that is not built, or damaged, is refused") {
    Publication publication;
    ocds::make_directories(publication.site);
    CHECK_THROWS_WITH_AS(publication.publish(), doctest::Contains("is not a built site"), ocds::precondition_error);
    test::write_site_version(publication.site, v1, test::first_version_files(v1));
    std::string manifest = test::read_file(publication.site + "/" + ocds::manifest_path(v1));
    ocds::replace_file(publication.site + "/" + ocds::manifest_path(v1), manifest + " ");
    CHECK_THROWS_WITH(publication.publish(), doctest::Contains("the site is damaged"));
    CHECK_FALSE(ocds::path_exists(publication.target + "/latest.json"));
}
