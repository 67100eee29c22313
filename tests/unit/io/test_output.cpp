#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/io/output.hpp>
#include <ocds/core/files.hpp>

#include <sys/stat.h>

TEST_CASE("output: a file appears only when committed") {
    test::TempDir dir;
    {
        ocds::Output output(dir.path("out.json"));
        output.write("[1]\n");
        CHECK(dir.files().size() == 1); // the temporary file
        CHECK(dir.files().front() != "out.json");
        output.commit();
    }
    CHECK(dir.files() == std::vector<std::string>{"out.json"});
    CHECK(test::read_file(dir.path("out.json")) == "[1]\n");
}

TEST_CASE("output: without commit nothing is left, and an old file is untouched") {
    test::TempDir dir;
    dir.write("out.json", "old");
    {
        ocds::Output output(dir.path("out.json"), {true, false});
        output.write("new");
        // destroyed without commit, as when an exception unwinds
    }
    CHECK(dir.files() == std::vector<std::string>{"out.json"});
    CHECK(test::read_file(dir.path("out.json")) == "old");
}

TEST_CASE("output: an existing file is kept unless overwrite is asked for") {
    test::TempDir dir;
    dir.write("out.json", "old");
    try {
        ocds::Output refused(dir.path("out.json"));
        FAIL("an existing file was opened for writing");
    } catch (const ocds::io_error& e) {
        CHECK(std::string(e.what()).find("exists already") != std::string::npos);
        CHECK(e.settings() == std::vector<std::string>{"overwrite"}); // the CLI's hint: --overwrite (-O)
    }
    ocds::Output output(dir.path("out.json"), {true, true});
    output.write("new");
    output.commit();
    CHECK(test::read_file(dir.path("out.json")) == "new");
}

TEST_CASE("output: committed files get ordinary permissions, not the temporary file's 0600") {
    test::TempDir dir;
    ocds::Output output(dir.path("out.json"));
    output.commit();
    struct stat info {};
    REQUIRE(::stat(dir.path("out.json").c_str(), &info) == 0);
    CHECK((info.st_mode & 0044) != 0);
}

TEST_CASE("output: names ending in .gz are compressed, large writes included") {
    test::TempDir dir;
    const std::string big(3u << 20, 'z');
    {
        ocds::Output output(dir.path("out.json.gz"));
        output.write("start ");
        output.write(big);
        output.commit();
    }
    const std::string compressed = test::read_file(dir.path("out.json.gz"));
    CHECK(static_cast<unsigned char>(compressed[0]) == 0x1f);
    CHECK(compressed.size() < big.size() / 100);
    auto items = test::read_items(dir.write("wrapped.json", "[1]")); // reader sanity
    CHECK(items.size() == 1);
}

TEST_CASE("output: a missing folder is an io_error naming it") {
    test::TempDir dir;
    CHECK_THROWS_WITH_AS(ocds::Output(dir.path("no/such/out.json")), doctest::Contains("no/such"), ocds::io_error);
}

TEST_CASE("output: the spool file gives back what was written, then starts again") {
    test::TempDir dir;
    ocds::SpoolFile spool(dir.path());
    CHECK(dir.files().empty()); // removed as soon as created
    spool.write("abc");
    ocds::Output output(dir.path("copy"));
    spool.copy_to(output);
    spool.write("d");
    spool.copy_to(output);
    output.commit();
    CHECK(test::read_file(dir.path("copy")) == "abcd");
}

TEST_CASE("output: parent_directory") {
    CHECK(ocds::parent_directory("a/b/c.json") == "a/b");
    CHECK(ocds::parent_directory("c.json") == ".");
    CHECK(ocds::parent_directory("/c.json") == "/");
}

TEST_CASE("output: a device is written directly, never replaced") {
    {
        ocds::Output output("/dev/null");
        output.write("gone");
        output.commit();
    }
    struct stat info {};
    REQUIRE(::stat("/dev/null", &info) == 0);
    CHECK(S_ISCHR(info.st_mode));
}
