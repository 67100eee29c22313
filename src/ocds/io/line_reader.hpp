#pragma once

#include <ocds/io/byte_source.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace ocds {

/// One line of a JSON Lines input, without its line break.
struct Line {
    std::uint64_t number = 0; ///< 1-based
    std::uint64_t byte = 0;   ///< offset of its first byte in the (uncompressed) input
    std::string text;
    bool too_long = false; ///< longer than the limit: `text` holds only its start
};

/// Reads a file (or standard input, gzip or not) line by line, for inputs where one bad line must
/// not stop the others from being read. A line longer than `max_line_bytes` is reported as such
/// and skipped whole, so memory stays bounded whatever the input.
class LineReader {
public:
    static constexpr std::size_t default_max_line_bytes = 64u << 20;

    /// @throws io_error when the input cannot be opened
    explicit LineReader(const std::string& path, std::size_t max_line_bytes = default_max_line_bytes);

    /// The next line; false at the end of the input.
    /// @throws io_error, parse_error (corrupt gzip) when reading fails
    bool next(Line& line);

    const std::string& name() const noexcept { return m_source->name(); }

private:
    bool fill();

    std::unique_ptr<ByteSource> m_source;
    std::size_t m_max_line_bytes;
    std::string m_buffer;
    std::size_t m_at = 0;
    std::uint64_t m_consumed = 0; ///< bytes of the input before m_buffer[0]
    std::uint64_t m_line = 0;
    bool m_eof = false;
};

} // namespace ocds
