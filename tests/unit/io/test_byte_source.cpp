#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/io/byte_source.hpp>
#include <ocds/core/error.hpp>
#include <ocds/io/output.hpp>

namespace {

std::string read_source(ocds::ByteSource& source) {
    std::string content;
    char buffer[7]; // small on purpose: many calls, each boundary crossed
    while (std::size_t count = source.read(buffer, sizeof buffer)) {
        content.append(buffer, count);
    }
    return content;
}

std::string gzip(const test::TempDir& dir, const std::string& name, const std::string& content) {
    ocds::Output output(dir.path(name));
    output.write(content);
    output.commit();
    return dir.path(name);
}

} // namespace

TEST_CASE("byte source: plain files are read as they are") {
    test::TempDir dir;
    auto source = ocds::open_source(dir.write("a.json", "{\"a\": 1}\n"));
    CHECK(read_source(*source) == "{\"a\": 1}\n");
    CHECK(source->name() == dir.path("a.json"));
}

TEST_CASE("byte source: gzip is recognised by its magic bytes, not its name") {
    test::TempDir dir;
    const std::string content(100000, 'x');
    const std::string path = gzip(dir, "data.gz", content);
    std::rename(path.c_str(), dir.path("data.json").c_str());
    auto source = ocds::open_source(dir.path("data.json"));
    CHECK(read_source(*source) == content);
}

TEST_CASE("byte source: concatenated gzip members are read one after the other") {
    test::TempDir dir;
    const std::string first = test::read_file(gzip(dir, "1.gz", "[1]\n"));
    const std::string second = test::read_file(gzip(dir, "2.gz", "[2]\n"));
    auto source = ocds::open_source(dir.write("both", first + second));
    CHECK(read_source(*source) == "[1]\n[2]\n");
}

TEST_CASE("byte source: a gzip file cut in the middle is an error, not a short read") {
    test::TempDir dir;
    std::string content;
    for (int i = 0; i < 20000; ++i) {
        content += "{\"ocid\":\"ocds-abc123-" + std::to_string(i) + "\"}\n";
    }
    const std::string whole = test::read_file(gzip(dir, "whole.gz", content));
    auto source = ocds::open_source(dir.write("cut.gz", whole.substr(0, whole.size() / 2)));
    CHECK_THROWS_WITH_AS(read_source(*source), doctest::Contains("cut short"), ocds::parse_error);
}

TEST_CASE("byte source: corrupt gzip data is an error") {
    test::TempDir dir;
    std::string whole = test::read_file(gzip(dir, "whole.gz", std::string(5000, 'y')));
    for (std::size_t i = 20; i < 40; ++i) {
        whole[i] = static_cast<char>(whole[i] ^ 0x5a);
    }
    auto source = ocds::open_source(dir.write("bad.gz", whole));
    CHECK_THROWS_AS(read_source(*source), ocds::parse_error);
}

TEST_CASE("byte source: missing files and directories are io errors that name the path") {
    test::TempDir dir;
    CHECK_THROWS_WITH_AS(ocds::open_source(dir.path("missing.json")), doctest::Contains("missing.json"),
                         ocds::io_error);
    CHECK_THROWS_WITH_AS(ocds::open_source(dir.path()), doctest::Contains("directory"), ocds::io_error);
}
