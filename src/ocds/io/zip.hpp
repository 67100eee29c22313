#pragma once

#include <ocds/io/output.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

/// A .zip archive (PKWARE's APPNOTE) made of files that are compressed already: a gzip member
/// holds a deflate stream and its CRC-32, which is exactly what a zip entry holds, so an entry is
/// the gzip file's deflate bytes copied, not compressed a second time. Windows opens .zip files
/// without extra software, .gz files not. Entries or archives beyond 4 GiB use the Zip64
/// extensions. Deterministic: every entry carries the date given, and no other metadata.
class ZipWriter {
public:
    /// `path` is written like any Output (a temporary file until finish()); `date` is an RFC 3339
    /// date-time whose UTC date and time every entry carries.
    /// @throws io_error, precondition_error for a date that is not RFC 3339
    ZipWriter(const std::string& path, const std::string& date, OutputOptions options = {});

    /// Adds the file `name` (a relative path with '/') whose content, `size` bytes long, is the
    /// one gzip member at `gzip_path` (as GzipCompressor writes it: no name, no extra fields).
    /// Returns where the entry's deflate data starts in the archive (the gzip member's data
    /// starts 10 bytes into its file).
    /// @throws io_error, data_error when `gzip_path` is not such a member or not of `size` bytes
    std::uint64_t add_gzip_member(const std::string& name, const std::string& gzip_path, std::uint64_t size);

    /// Adds the file `name` holding `text`, compressed here (a small file: it is held in memory).
    void add_text(const std::string& name, std::string_view text);

    /// Writes the central directory and puts the archive in place.
    void finish();

    std::uint64_t file_bytes() const noexcept { return m_output.file_bytes(); }
    std::string file_sha256() { return m_output.file_sha256(); }

    /// Sizes and offsets from which Zip64 fields are used (0xFFFFFFFF, the format's limit; lower
    /// only to test the Zip64 layout with small files).
    void set_zip64_threshold(std::uint64_t bytes) noexcept { m_zip64_from = bytes; }

private:
    struct Entry {
        std::string name;
        std::uint32_t crc = 0;
        std::uint64_t compressed = 0;
        std::uint64_t size = 0;
        std::uint64_t offset = 0;
    };

    void put16(std::uint16_t value);
    void put32(std::uint32_t value);
    void put64(std::uint64_t value);
    /// The fields local and central headers share, from "version needed" to the name's length.
    void put_common_fields(const Entry& entry, bool zip64, bool big_sizes);
    /// The local header of `entry`, which then starts here.
    void put_local_header(Entry& entry);
    bool beyond(std::uint64_t value) const noexcept { return value >= m_zip64_from; }

    Output m_output;
    std::uint16_t m_dos_time = 0;
    std::uint16_t m_dos_date = 0;
    std::vector<Entry> m_entries;
    std::uint64_t m_zip64_from = 0xFFFFFFFFu;
};

} // namespace ocds
