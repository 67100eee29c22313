#include <ocds/io/zip.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/core/time_zone.hpp>
#include <ocds/io/segmented_gzip.hpp>

#include <cerrno>
#include <algorithm>
#include <cstdio>
#include <memory>

namespace ocds {

namespace {

constexpr std::uint32_t local_header_signature = 0x04034b50;
constexpr std::uint32_t central_header_signature = 0x02014b50;
constexpr std::uint32_t zip64_end_signature = 0x06064b50;
constexpr std::uint32_t zip64_locator_signature = 0x07064b50;
constexpr std::uint32_t end_signature = 0x06054b50;
constexpr std::uint16_t deflated = 8;
constexpr std::uint16_t version_deflate = 20;  // 2.0: deflate
constexpr std::uint16_t version_zip64 = 45;    // 4.5: Zip64
constexpr std::uint16_t made_on_unix = 3 << 8; // the high byte of "version made by"
constexpr std::uint16_t utf8_names = 1 << 11;  // general purpose flag 11: names are UTF-8

std::uint32_t little_endian32(const unsigned char* bytes) {
    return static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
           static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24;
}

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

} // namespace

ZipWriter::ZipWriter(const std::string& path, const std::string& date, OutputOptions options)
    : m_output(path, OutputOptions{options.overwrite, options.fsync, true}) {
    Instant instant;
    if (!is_date_time(date, &instant)) {
        throw precondition_error("the date of a zip archive's entries is not an RFC 3339 date-time: '" + date + "'");
    }
    // MS-DOS date and time (2-second steps, years from 1980): what every zip reader shows.
    const std::string utc = format_utc(instant.seconds); // YYYY-MM-DDTHH:MM:SSZ
    const int year = std::max(1980, std::stoi(utc.substr(0, 4)));
    m_dos_date =
        static_cast<std::uint16_t>((year - 1980) << 9 | std::stoi(utc.substr(5, 2)) << 5 | std::stoi(utc.substr(8, 2)));
    m_dos_time = static_cast<std::uint16_t>(std::stoi(utc.substr(11, 2)) << 11 | std::stoi(utc.substr(14, 2)) << 5 |
                                            std::stoi(utc.substr(17, 2)) / 2);
}

void ZipWriter::put16(std::uint16_t value) {
    m_output.put(static_cast<char>(value & 0xff));
    m_output.put(static_cast<char>(value >> 8));
}

void ZipWriter::put32(std::uint32_t value) {
    put16(static_cast<std::uint16_t>(value & 0xffff));
    put16(static_cast<std::uint16_t>(value >> 16));
}

void ZipWriter::put64(std::uint64_t value) {
    put32(static_cast<std::uint32_t>(value & 0xffffffffu));
    put32(static_cast<std::uint32_t>(value >> 32));
}

void ZipWriter::put_common_fields(const Entry& entry, bool zip64, bool big_sizes) {
    bool non_ascii = false;
    for (const char c : entry.name) {
        non_ascii |= static_cast<unsigned char>(c) >= 0x80;
    }
    put16(zip64 ? version_zip64 : version_deflate); // version needed to extract
    put16(non_ascii ? utf8_names : 0);
    put16(deflated);
    put16(m_dos_time);
    put16(m_dos_date);
    put32(entry.crc);
    put32(big_sizes ? 0xFFFFFFFFu : static_cast<std::uint32_t>(entry.compressed));
    put32(big_sizes ? 0xFFFFFFFFu : static_cast<std::uint32_t>(entry.size));
    put16(static_cast<std::uint16_t>(entry.name.size()));
}

void ZipWriter::put_local_header(Entry& entry) {
    entry.offset = m_output.bytes_written();
    const bool zip64 = beyond(entry.size) || beyond(entry.compressed);
    put32(local_header_signature);
    put_common_fields(entry, zip64, zip64);
    put16(zip64 ? 20 : 0);
    m_output.write(entry.name);
    if (zip64) { // the local header's Zip64 field has both sizes, the original first
        put16(1);
        put16(16);
        put64(entry.size);
        put64(entry.compressed);
    }
}

std::uint64_t ZipWriter::add_gzip_member(const std::string& name, const std::string& gzip_path, std::uint64_t size) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(gzip_path.c_str(), "rb"));
    if (!file) {
        throw io_error(system_message("cannot open", gzip_path, errno));
    }
    const std::int64_t length = file_size(gzip_path);
    unsigned char header[10];
    // ID1 ID2, CM = 8 (deflate), FLG = 0: no name, comment, extra field or header CRC to skip.
    if (length < 18 || std::fread(header, 1, sizeof header, file.get()) != sizeof header || header[0] != 0x1f ||
        header[1] != 0x8b || header[2] != 8 || header[3] != 0) {
        throw data_error(in_file(gzip_path),
                         "not a gzip member as ocds writes them (deflate, no name or extra fields)");
    }
    unsigned char trailer[8];
    if (std::fseek(file.get(), static_cast<long>(length - 8), SEEK_SET) != 0 ||
        std::fread(trailer, 1, sizeof trailer, file.get()) != sizeof trailer) {
        throw io_error(system_message("cannot read", gzip_path, errno));
    }
    Entry entry;
    entry.name = name;
    entry.crc = little_endian32(trailer);
    entry.compressed = static_cast<std::uint64_t>(length) - 18;
    entry.size = size;
    if (little_endian32(trailer + 4) != static_cast<std::uint32_t>(size & 0xffffffffu)) {
        throw data_error(in_file(gzip_path), "the gzip member does not hold " + std::to_string(size) + " bytes");
    }
    put_local_header(entry);
    const std::uint64_t data_offset = m_output.bytes_written();
    // The deflate data: everything between the gzip header and its trailer.
    if (std::fseek(file.get(), 10, SEEK_SET) != 0) {
        throw io_error(system_message("cannot read", gzip_path, errno));
    }
    std::vector<char> buffer(1 << 16);
    std::uint64_t left = entry.compressed;
    while (left > 0) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
        if (std::fread(buffer.data(), 1, want, file.get()) != want) {
            throw io_error(system_message("cannot read", gzip_path, errno));
        }
        m_output.write(buffer.data(), want);
        left -= want;
    }
    m_entries.push_back(std::move(entry));
    return data_offset;
}

void ZipWriter::add_text(const std::string& name, std::string_view text) {
    // One segment, then the final block that ends a deflate stream.
    CompressedSegment segment = SegmentCompressor().compress(text);
    segment.bytes += deflate_final_block;
    Entry entry;
    entry.name = name;
    entry.crc = segment.crc;
    entry.compressed = segment.bytes.size();
    entry.size = segment.size;
    put_local_header(entry);
    m_output.write(segment.bytes);
    m_entries.push_back(std::move(entry));
}

void ZipWriter::finish() {
    const std::uint64_t directory_offset = m_output.bytes_written();
    bool any_zip64 = false;
    for (const Entry& entry : m_entries) {
        const bool big_size = beyond(entry.size) || beyond(entry.compressed);
        const bool big_offset = beyond(entry.offset);
        // In the central directory the Zip64 field holds only the values that overflow, in this order.
        std::uint16_t extra = 0;
        if (big_size) {
            extra += 16;
        }
        if (big_offset) {
            extra += 8;
        }
        any_zip64 |= extra > 0;
        put32(central_header_signature);
        put16(made_on_unix | version_zip64);
        put_common_fields(entry, extra > 0, big_size);
        put16(extra ? static_cast<std::uint16_t>(extra + 4) : 0);
        put16(0);              // comment
        put16(0);              // disk
        put16(0);              // internal attributes
        put32(0100644u << 16); // a regular file, rw-r--r--
        put32(big_offset ? 0xFFFFFFFFu : static_cast<std::uint32_t>(entry.offset));
        m_output.write(entry.name);
        if (extra) {
            put16(1);
            put16(extra);
            if (big_size) {
                put64(entry.size);
                put64(entry.compressed);
            }
            if (big_offset) {
                put64(entry.offset);
            }
        }
    }
    const std::uint64_t directory_end = m_output.bytes_written();
    const std::uint64_t directory_size = directory_end - directory_offset;
    const bool zip64_end =
        any_zip64 || m_entries.size() >= 0xFFFF || beyond(directory_offset) || beyond(directory_size);
    if (zip64_end) {
        put32(zip64_end_signature);
        put64(44); // the record's size after this field
        put16(made_on_unix | version_zip64);
        put16(version_zip64);
        put32(0);
        put32(0);
        put64(m_entries.size());
        put64(m_entries.size());
        put64(directory_size);
        put64(directory_offset);
        put32(zip64_locator_signature);
        put32(0);
        put64(directory_end);
        put32(1);
    }
    put32(end_signature);
    put16(0);
    put16(0);
    // Values that overflow are all ones: readers then take them from the Zip64 record.
    const auto count = static_cast<std::uint16_t>(std::min<std::size_t>(m_entries.size(), 0xFFFF));
    put16(count);
    put16(count);
    put32(beyond(directory_size) ? 0xFFFFFFFFu : static_cast<std::uint32_t>(directory_size));
    put32(beyond(directory_offset) ? 0xFFFFFFFFu : static_cast<std::uint32_t>(directory_offset));
    put16(0); // comment
    m_output.commit();
}

} // namespace ocds
