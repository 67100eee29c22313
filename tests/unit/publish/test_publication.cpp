#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/publish/publication.hpp>
#include <ocds/publish/page.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/publish/transfer.hpp>

#include <doctest/doctest.h>

#include <string>

#include <sys/stat.h>
#include <unistd.h>

using namespace ocds;

TEST_CASE("sha256: the FIPS 180-4 examples, and pieces of any size give the same digest") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string million(1000000, 'a');
    CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // 55, 56 and 64 bytes: the padding's edge cases.
    for (const std::size_t size : {55u, 56u, 63u, 64u, 65u, 119u, 120u}) {
        const std::string text(size, 'x');
        Sha256 pieces;
        for (std::size_t i = 0; i < size; i += 7) {
            pieces.update(text.substr(i, 7));
        }
        CHECK(pieces.hex() == sha256_hex(text));
    }
}

TEST_CASE("site file names: clean URL segments, one to one, never a path") {
    CHECK(site_file_name("ocds-sp5p3d-pb-9001-AD-0042") == "ocds-sp5p3d-pb-9001-AD-0042");
    CHECK(site_file_name("../../etc") == "_2e_2e_2f_2e_2e_2fetc");
    CHECK(site_file_name("a_b") == "a_5fb"); // '_' itself is escaped, so decoding is unambiguous
    CHECK(site_file_name("a b") != site_file_name("a_b"));
    CHECK_THROWS_AS(site_file_name(""), ocds::error);
    CHECK_THROWS_AS(site_file_name(std::string(300, 'a')), ocds::error);
}

TEST_CASE("paths from a remote manifest must stay inside the output folder") {
    CHECK(is_safe_relative_path("v/20240101T000000Z/bulk/all/releases.jsonl.gz"));
    CHECK(is_safe_relative_path("extensions/x/codelists/+relatedProcess.csv"));
    for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a//b", "a/./b", "a/", "a\\b", "a\nb"}) {
        CHECK_MESSAGE(!is_safe_relative_path(bad), bad);
    }
}

TEST_CASE("manifests are read without a tree, hostile entries are refused") {
    const std::string sha(64, 'a');
    const std::string good = R"({"version":"20240101T000000Z","published":"2024-01-01T00:00:00Z",
        "counts":{"byYear":{"2024":{"files":[1]}}},
        "files":[{"path":"releases/x/y.json","size":12,"sha256":")" +
                             sha + R"(","kind":"release","extra":{"a":[1,2]}},
                 {"path":"v/20240101T000000Z/bulk/all/releases.jsonl.gz","size":34,"sha256":")" +
                             sha + R"(","kind":"bulk","year":"all","format":"releases.jsonl.gz"}]})";
    const Manifest manifest = parse_manifest(good, "m.json");
    CHECK(manifest.version == "20240101T000000Z");
    REQUIRE(manifest.files.size() == 2);
    CHECK(manifest.files[0].path == "releases/x/y.json");
    CHECK(manifest.files[0].size == 12);
    CHECK(manifest.files[1].year == "all");
    CHECK(manifest.files[1].format == "releases.jsonl.gz");

    const std::string hostile =
        R"({"version":"1","files":[{"path":"../../etc/passwd","size":1,"sha256":")" + sha + R"("}]})";
    CHECK_THROWS_WITH_AS(parse_manifest(hostile, "m.json"), doctest::Contains("not a safe relative path"), data_error);
    CHECK_THROWS_WITH_AS(parse_manifest(R"({"version":"1","files":[{"path":"a","size":1,"sha256":"zz"}]})", "m.json"),
                         doctest::Contains("not 64 hex digits"), data_error);
    CHECK_THROWS_AS(parse_manifest("{\"files\": [", "m.json"), data_error);
    CHECK_THROWS_WITH_AS(parse_manifest("{}", "m.json"), doctest::Contains("no \"version\""), error);
}

TEST_CASE("latest.json round trip") {
    LatestPointer latest{"20240101T000000Z", "2024-01-01T00:00:00Z", "v/20240101T000000Z/manifest.json",
                         std::string(64, 'b')};
    const LatestPointer back = parse_latest(latest_json(latest), "latest.json");
    CHECK(back.version == latest.version);
    CHECK(back.manifest == latest.manifest);
    CHECK(back.sha256 == latest.sha256);
    CHECK_THROWS(
        parse_latest(R"({"version":"1","manifest":"../m.json","sha256":")" + std::string(64, 'b') + "\"}", "l"));
}

TEST_CASE("manifests from a server are not trusted: one entry per path, a version that is a name") {
    const std::string sha(64, 'a');
    const std::string entry = R"({"path":"v/20240101T000000Z/ocids.txt","size":1,"sha256":")" + sha + "\"}";
    CHECK(parse_manifest(R"({"version":"20240101T000000Z","files":[)" + entry + "]}", "m").files.size() == 1);
    CHECK_THROWS_WITH_AS(parse_manifest(R"({"version":"20240101T000000Z","files":[)" + entry + "," + entry + "]}", "m"),
                         doctest::Contains("listed twice"), data_error);
    CHECK_THROWS_AS(parse_manifest(R"({"version":"../x","files":[]})", "m"), data_error);
}

TEST_CASE("URLs in messages never carry credentials") {
    CHECK(without_credentials("https://user:secret@host.example/ocds") == "https://host.example/ocds");
    CHECK(without_credentials("http://host.example/a@b") == "http://host.example/a@b");
    CHECK(without_credentials("s3://bucket/prefix") == "s3://bucket/prefix");
}

TEST_CASE("targets: known schemes open, others are usage errors") {
    TransferSettings settings;
    CHECK(open_remote("file:///tmp/x", settings) != nullptr);
    CHECK(open_remote("http://127.0.0.1:1/x", settings) != nullptr);
    CHECK_THROWS_AS(open_remote("ftp://example.org/x", settings), setting_error);
    CHECK_THROWS_AS(open_remote("file://relative", settings), setting_error);
    for (const char* url :
         {"https://user:pa/ss@host.example/x", "file://user:pa/ss@/tmp/x", "file://user:pa/ss@host/x"}) {
        std::string message;
        try {
            open_remote(url, settings);
        } catch (const setting_error& failure) {
            message = failure.what();
        }
        CHECK(!message.empty());
        CHECK(message.find("pa/ss") == std::string::npos);
    }
    CHECK_THROWS_WITH_AS(open_remote("s3://bucket/x", settings), doctest::Contains("needs credentials"), setting_error);
    settings.access_key = "id";
    settings.secret_key = "secret";
    CHECK(open_remote("s3://bucket/x", settings)->url("a.json") ==
          "https://s3.us-east-1.amazonaws.com/bucket/x/a.json");
    CHECK_THROWS_AS(open_remote("s3:///x", settings), setting_error);
}

TEST_CASE("the index page: sizes, both languages, links relative to where it stands") {
    PublicationPage page;
    page.version = "20240101T000000Z";
    page.published = "2024-01-01T00:00:00Z";
    page.publisher = "Municipio <de> prueba";
    page.base_uri = "https://example.org/ocds";
    page.counts["all"] = PublicationCounts{3, 5, 8};
    PublicationFile file;
    file.path = "v/20240101T000000Z/bulk/all/releases.jsonl.gz";
    file.size = 2048;
    file.year = "all";
    file.format = "releases.jsonl.gz";
    page.bulk_files.push_back(file);
    const std::string root = publication_page(page, "");
    CHECK(root.find("<html lang=\"es\">") != std::string::npos);
    CHECK(root.find("lang=\"en\"") != std::string::npos);
    CHECK(root.find("Municipio &lt;de&gt; prueba") != std::string::npos);
    CHECK(root.find("href=\"v/20240101T000000Z/bulk/all/releases.jsonl.gz\"") != std::string::npos);
    CHECK(root.find("3 proyectos, 5 procesos") != std::string::npos);
    CHECK(root.find("2.0 kB") != std::string::npos);
    const std::string versioned = publication_page(page, "v/20240101T000000Z/");
    CHECK(versioned.find("href=\"bulk/all/releases.jsonl.gz\"") != std::string::npos);
    CHECK(root.find("Por año de la primera entrega") != std::string::npos);
    CHECK(root.find("Por edición del presupuesto participativo</th>") == std::string::npos); // no editions

    // Editions come first in the table, each with its files; processes of no edition are said.
    PublicationEdition edition;
    edition.id = "11";
    edition.name = "Presupuesto Participativo 2023";
    edition.year = "2023";
    edition.folder = "edition-2023";
    edition.counts = PublicationCounts{2, 4, 6};
    page.editions.push_back(edition);
    page.without_edition = PublicationCounts{0, 1, 1};
    PublicationFile workbook;
    workbook.path = "v/20240101T000000Z/bulk/edition-2023/tables-edition-2023.xlsx";
    workbook.size = 5000;
    workbook.format = "xlsx";
    workbook.edition = "11";
    page.bulk_files.push_back(workbook);
    page.dashboard = "dashboard/index.html";
    const std::string with_editions = publication_page(page, "");
    const auto at = [&](const std::string& text) { return with_editions.find(text); };
    CHECK(at("Por edición del presupuesto participativo</th>") < at("Presupuesto Participativo 2023"));
    CHECK(at("Presupuesto Participativo 2023") < at("Por año"));
    CHECK(at("href=\"v/20240101T000000Z/bulk/edition-2023/tables-edition-2023.xlsx\"") < at("Por año"));
    CHECK(at("2 proyectos, 4 procesos") != std::string::npos);
    CHECK(at("1 procesos no pertenecen a ninguna edición") != std::string::npos);
    // The dashboards' link comes before the downloads.
    CHECK(at("href=\"dashboard/index.html\"") < at("<table"));

    // A version's page links outside its folder by full URL: a pulled copy has no dead link.
    CHECK(versioned.find("href=\"https://example.org/ocds/latest.json\"") != std::string::npos);
    CHECK(versioned.find("href=\"../") == std::string::npos);
}

TEST_CASE("a folder target on the same file system gets the built file itself, never changed in place") {
    test::TempDir dir;
    ocds::make_directories(dir.path("site/1"));
    ocds::make_directories(dir.path("site/2"));
    const std::string first = dir.write("site/1/c.json", "{\"version\":1}");
    std::unique_ptr<Remote> remote = open_remote("file://" + dir.path("target"), TransferSettings{});
    remote->put("c.json", first, sha256_hex("{\"version\":1}"));
    struct stat built {
    }, published{};
    REQUIRE(::stat(first.c_str(), &built) == 0);
    REQUIRE(::stat(dir.path("target/c.json").c_str(), &published) == 0);
    CHECK(built.st_ino == published.st_ino); // a link: no byte copied
    // The next version's file takes the name; the one published before stays as it was.
    const std::string second = dir.write("site/2/c.json", "{\"version\":2}");
    remote->put("c.json", second, sha256_hex("{\"version\":2}"));
    CHECK(ocds::read_file(dir.path("target/c.json")) == "{\"version\":2}");
    CHECK(ocds::read_file(first) == "{\"version\":1}");
}

TEST_CASE("a folder target: what a killed copy left behind is removed by the next publish") {
    test::TempDir dir;
    ocds::make_directories(dir.path("target/v"));
    // A temporary file of a process that is gone (pid above any pid_max), and one of this process.
    dir.write("target/v/a.json.tmp-99999999", "half");
    const std::string own = "target/v/b.json.tmp-" + std::to_string(::getpid());
    dir.write(own, "mine");
    const std::string local = dir.write("c.json", "{}");
    std::unique_ptr<Remote> remote = open_remote("file://" + dir.path("target"), TransferSettings{});
    remote->put("v/c.json", local, sha256_hex("{}"));
    CHECK_FALSE(ocds::path_exists(dir.path("target/v/a.json.tmp-99999999")));
    CHECK(ocds::path_exists(dir.path(own)));
    CHECK(ocds::read_file(dir.path("target/v/c.json")) == "{}");
}
