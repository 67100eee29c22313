#pragma once

// Reads a .zip archive back for tests, written from the format's description and independent of
// ocds's ZipWriter: it finds the end record (and the Zip64 one when the end record points
// there), walks the central directory, and inflates each entry from its local header, checking
// every size and CRC on the way. Used for the zip writer and for .xlsx workbooks.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <zlib.h>

namespace test {

struct ZipEntryRead {
    std::string name;
    std::string content;
    bool zip64 = false;
};

inline std::uint64_t le(const std::string& bytes, std::size_t at, int width) {
    std::uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) {
        value = value << 8 | static_cast<unsigned char>(bytes.at(at + static_cast<std::size_t>(i)));
    }
    return value;
}

inline std::vector<ZipEntryRead> read_zip(const std::string& zip) {
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

/// The content of the entry `name`, or "" when there is none.
inline std::string zip_entry(const std::vector<ZipEntryRead>& entries, const std::string& name) {
    for (const auto& entry : entries) {
        if (entry.name == name) {
            return entry.content;
        }
    }
    return "";
}

} // namespace test
