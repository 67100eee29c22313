// Fetching an extension for offline use: what is refused before any request (anything but
// https, a URL that gives no safe folder name), what needs no request (bundled or cached
// extensions), and that a failed download leaves nothing behind. No test reaches beyond 127.0.0.1.

#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/files.hpp>
#include <ocds/schema/extension_fetch.hpp>
#include <ocds/schema/release_schema.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace {

/// A port on 127.0.0.1 with nothing listening: a request to it fails at once, off the network.
/// Port 1 (tcpmux) is privileged and never served in a test machine.
const std::string closed_port = "https://127.0.0.1:1";

ocds::FetchLimits quick() {
    ocds::FetchLimits limits;
    limits.connect_timeout_seconds = 2;
    limits.total_timeout_seconds = 2;
    return limits;
}

} // namespace

TEST_CASE("extension fetch: only https URLs are fetched, anything else is refused before a request") {
    for (const std::string url : {"http://127.0.0.1:1/a/b/extension.json", "file:///etc/passwd", "ftp://127.0.0.1/x",
                                  "HTTP://127.0.0.1:1/x", "//127.0.0.1/x", "", "127.0.0.1:1/x"}) {
        CAPTURE(url);
        std::string body = "left over";
        CHECK(ocds::fetch_url(url, body, quick()) == "only https:// URLs are fetched");
        CHECK(body.empty()); // never what an earlier call left
    }
    std::string body = "left over";
    const std::string failure = ocds::fetch_url(closed_port + "/extension.json", body, quick());
    CHECK(failure.rfind("download failed: ", 0) == 0);
    CHECK(body.empty());
}

TEST_CASE("extension fetch: a bundled or cached extension needs no download") {
    test::TempDir dir;
    const std::string cache = dir.path("cache");
    ocds::make_directories(cache);
    const ocds::ExtensionSources sources{OCDS_SCHEMAS_DIR, cache};
    // Bundled (schemas/extensions/<repository>_<ref>): found, though the URL's host is unreachable.
    const std::string bundled =
        "https://127.0.0.1:1/open-contracting-extensions/ocds_location_extension/master/extension.json";
    REQUIRE_FALSE(ocds::find_extension_dir(bundled, sources).empty());
    CHECK(ocds::fetch_extension(bundled, sources, quick()) == "");
    CHECK(ocds::fetch_extension(bundled, ocds::ExtensionSources{OCDS_SCHEMAS_DIR, ""}, quick()) == "");
    // Cached under the folder name fetch_extension gives a download: <repository>_<ref>.
    const std::string cached = closed_port + "/someone/ocds_cached_extension/v1.2/extension.json";
    CHECK(ocds::fetch_extension(cached, sources, quick()).rfind("extension.json: download failed", 0) == 0);
    ocds::make_directories(cache + "/ocds_cached_extension_v1.2");
    std::ofstream(cache + "/ocds_cached_extension_v1.2/extension.json") << "{}";
    CHECK(ocds::fetch_extension(cached, sources, quick()) == "");
    CHECK(ocds::find_extension_dir(cached, sources) == cache + "/ocds_cached_extension_v1.2");
    CHECK(ocds::list_directory(cache) == std::vector<std::string>{"ocds_cached_extension_v1.2"});
}

TEST_CASE("extension fetch: URLs that give no safe folder are refused, and nothing is written") {
    test::TempDir dir;
    const std::string cache = dir.path("cache");
    ocds::make_directories(cache);
    const ocds::ExtensionSources sources{OCDS_SCHEMAS_DIR, cache};
    const std::string unknown = closed_port + "/someone/ocds_unknown_extension/master/extension.json";
    CHECK(ocds::fetch_extension(unknown, ocds::ExtensionSources{OCDS_SCHEMAS_DIR, ""}, quick()) ==
          "no folder to keep downloaded extensions in");
    for (const std::string& url :
         {closed_port + "/someone/ocds_unknown_extension/master/release-schema.json",
          closed_port + "/someone/ocds_unknown_extension/master/extension.json?x=1", std::string("extension.json")}) {
        CAPTURE(url);
        CHECK(ocds::fetch_extension(url, sources, quick()) == "the URL does not end in /extension.json");
    }
    CHECK(ocds::fetch_extension("a/extension.json", sources, quick()) ==
          "the URL has no repository and version in its path");
    for (const std::string& url :
         {closed_port + "/someone/ocds_x/../extension.json", closed_port + "/someone/../master/extension.json",
          closed_port + "/someone/ocds_x/./extension.json", closed_port + "/someone/ocds_x\\y/master/extension.json",
          closed_port + "//extension.json", std::string("/extension.json"), std::string("https:///extension.json")}) {
        CAPTURE(url);
        CHECK(ocds::fetch_extension(url, sources, quick()) ==
              "the URL's repository or version is not a usable folder name");
    }
    // Nor is an extension looked for outside the folders: the data's URL names no "..".
    std::ofstream(dir.path("extension.json")) << "{}"; // beside the cache, not in it
    for (const std::string& url :
         {closed_port + "/someone/../extension.json", closed_port + "/../master/extension.json",
          closed_port + "/someone/./extension.json"}) {
        CAPTURE(url);
        CHECK(ocds::find_extension_dir(url, sources).empty());
    }
    // A download that fails leaves no folder, whole or partial.
    CHECK(ocds::fetch_extension(unknown, sources, quick()).rfind("extension.json: download failed", 0) == 0);
    CHECK(ocds::list_directory(cache).empty());
    CHECK(ocds::find_extension_dir(unknown, sources).empty());
}
