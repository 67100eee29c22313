#include <doctest/doctest.h>

#include "helpers.hpp"
#include "zip_reader.hpp"

#include <ocds/core/error.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/zip.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using test::le;
using test::read_zip;
using test::ZipEntryRead;

std::string gzip_file(test::TempDir& dir, const std::string& name, const std::string& content) {
    ocds::Output output(dir.path(name + ".gz"), {true, false});
    output.write(content);
    output.commit();
    return dir.path(name + ".gz");
}

} // namespace

TEST_CASE("zip: entries are the gzip files' deflate data, readable as a zip archive") {
    test::TempDir dir;
    std::string table = "\xEF\xBB\xBFocid,title\r\n";
    for (int i = 0; i < 5000; ++i) {
        table += "ocds-sp5p3d-" + std::to_string(i) + ",Banquetas y alumbrado de la colonia " + std::to_string(i % 37) +
                 "\r\n";
    }
    const std::string small = "ocid\r\n";
    for (const std::uint64_t threshold : {std::uint64_t{0xFFFFFFFFu}, std::uint64_t{0}}) {
        CAPTURE(threshold);
        {
            ocds::ZipWriter zip(dir.path("tables.zip"), "2024-09-27T19:00:00Z", {true, false});
            zip.set_zip64_threshold(threshold);
            zip.add_gzip_member("processes.csv", gzip_file(dir, "processes.csv", table), table.size());
            zip.add_gzip_member("años/parties.csv", gzip_file(dir, "parties.csv", small), small.size());
            zip.finish();
        }
        const std::string bytes = test::read_file(dir.path("tables.zip"));
        const std::vector<ZipEntryRead> entries = read_zip(bytes);
        REQUIRE(entries.size() == 2);
        CHECK(entries[0].name == "processes.csv");
        CHECK(entries[0].content == table);
        CHECK(entries[1].name == "años/parties.csv");
        CHECK(entries[1].content == small);
        CHECK(entries[0].zip64 == (threshold == 0));
        // DOS date and time of 2024-09-27 19:00:00 UTC in every header.
        CHECK(le(bytes, 10, 2) == (19u << 11));
        CHECK(le(bytes, 12, 2) == ((44u << 9) | (9u << 5) | 27u));
    }
}

TEST_CASE("zip: the same input gives the same bytes") {
    test::TempDir dir;
    const std::string content = "a,b\r\n1,2\r\n";
    std::string first;
    for (int run = 0; run < 2; ++run) {
        ocds::ZipWriter zip(dir.path("t.zip"), "2024-01-01T00:00:00Z", {true, false});
        zip.add_gzip_member("t.csv", gzip_file(dir, "t.csv", content), content.size());
        zip.finish();
        const std::string bytes = test::read_file(dir.path("t.zip"));
        if (run == 0) {
            first = bytes;
        } else {
            CHECK(bytes == first);
        }
    }
}

TEST_CASE("zip: a file that is not a gzip member, or not of the size given, is refused") {
    test::TempDir dir;
    dir.write("plain.csv", "ocid\r\nocds-1\r\n");
    ocds::ZipWriter zip(dir.path("t.zip"), "2024-01-01T00:00:00Z");
    CHECK_THROWS_AS(zip.add_gzip_member("plain.csv", dir.path("plain.csv"), 14), ocds::data_error);
    const std::string content = "ocid\r\n";
    CHECK_THROWS_AS(zip.add_gzip_member("t.csv", gzip_file(dir, "t.csv", content), content.size() + 1),
                    ocds::data_error);
}
