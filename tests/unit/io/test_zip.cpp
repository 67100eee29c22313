#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/zip.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <zlib.h>

namespace {

// A reader written from the format's description, independent of the writer: it finds the end
// record (and the Zip64 one when the end record points there), walks the central directory, and
// inflates each entry from its local header, checking every size and CRC on the way.
struct ZipEntryRead {
    std::string name;
    std::string content;
    bool zip64 = false;
};

std::uint64_t le(const std::string& bytes, std::size_t at, int width) {
    std::uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) {
        value = value << 8 | static_cast<unsigned char>(bytes.at(at + static_cast<std::size_t>(i)));
    }
    return value;
}

std::vector<ZipEntryRead> read_zip(const std::string& zip) {
    REQUIRE(zip.size() >= 22);
    const std::size_t end = zip.size() - 22;
    REQUIRE(le(zip, end, 4) == 0x06054b50);
    std::uint64_t count = le(zip, end + 10, 2);
    std::uint64_t directory_size = le(zip, end + 12, 4);
    std::uint64_t directory = le(zip, end + 16, 4);
    if (end >= 20 && le(zip, end - 20, 4) == 0x07064b50) {
        const std::size_t record = static_cast<std::size_t>(le(zip, end - 20 + 8, 8));
        REQUIRE(le(zip, record, 4) == 0x06064b50);
        count = le(zip, record + 32, 8);
        directory_size = le(zip, record + 40, 8);
        directory = le(zip, record + 48, 8);
    }
    std::vector<ZipEntryRead> entries;
    std::size_t at = static_cast<std::size_t>(directory);
    for (std::uint64_t i = 0; i < count; ++i) {
        REQUIRE(le(zip, at, 4) == 0x02014b50);
        CHECK(le(zip, at + 10, 2) == 8); // deflate
        const auto crc = static_cast<std::uint32_t>(le(zip, at + 16, 4));
        std::uint64_t compressed = le(zip, at + 20, 4);
        std::uint64_t size = le(zip, at + 24, 4);
        const std::size_t name_size = static_cast<std::size_t>(le(zip, at + 28, 2));
        const std::size_t extra_size = static_cast<std::size_t>(le(zip, at + 30, 2));
        const std::size_t comment_size = static_cast<std::size_t>(le(zip, at + 32, 2));
        std::uint64_t offset = le(zip, at + 42, 4);
        ZipEntryRead entry;
        entry.name = zip.substr(at + 46, name_size);
        std::size_t field = at + 46 + name_size;
        if (extra_size > 0) {
            REQUIRE(le(zip, field, 2) == 1);
            entry.zip64 = true;
            field += 4;
            for (std::uint64_t* value : {&size, &compressed, &offset}) {
                if (*value == 0xFFFFFFFFu) {
                    *value = le(zip, field, 8);
                    field += 8;
                }
            }
        }
        at += 46 + name_size + extra_size + comment_size;
        const std::size_t local = static_cast<std::size_t>(offset);
        REQUIRE(le(zip, local, 4) == 0x04034b50);
        CHECK(le(zip, local + 14, 4) == crc);
        CHECK(zip.substr(local + 30, le(zip, local + 26, 2)) == entry.name);
        const std::size_t data = local + 30 + static_cast<std::size_t>(le(zip, local + 26, 2) + le(zip, local + 28, 2));
        entry.content.resize(static_cast<std::size_t>(size));
        z_stream z{};
        REQUIRE(inflateInit2(&z, -MAX_WBITS) == Z_OK);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
        z.avail_in = static_cast<uInt>(compressed);
        z.next_out = reinterpret_cast<Bytef*>(entry.content.data());
        z.avail_out = static_cast<uInt>(entry.content.size());
        CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
        CHECK(z.total_out == size);
        CHECK(z.avail_in == 0);
        inflateEnd(&z);
        CHECK(crc32(0, reinterpret_cast<const Bytef*>(entry.content.data()), static_cast<uInt>(size)) == crc);
        entries.push_back(std::move(entry));
    }
    CHECK(at == directory + directory_size);
    return entries;
}

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
        table += "ocds-sp5p3d-" + std::to_string(i) + ",Banquetas y alumbrado de la colonia " + std::to_string(i % 37) + "\r\n";
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
    CHECK_THROWS_AS(zip.add_gzip_member("t.csv", gzip_file(dir, "t.csv", content), content.size() + 1), ocds::data_error);
}
