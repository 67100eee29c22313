#pragma once

#include <ocds/io/byte_source.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

namespace ocds {

/// A RapidJSON input stream over a ByteSource with a fixed buffer, that also
/// - counts lines, so that any offset in the current buffer can be given as line and column;
/// - stops at a NUL byte (RapidJSON takes NUL for the end) and remembers where it was;
/// - stops when one token (or run of whitespace) grows beyond a limit, so that a 50 MB string
///   cannot make the parser buffer all of it;
/// - validates UTF-8 in bulk as it reads (ASCII eight bytes at a time), and stops at the first
///   byte that is not valid UTF-8, which is faster than checking each character in the parser;
/// - skips a UTF-8 byte order mark at the start.
/// Read failures are kept (see error()) rather than thrown through the parser.
class InputStream {
public:
    using Ch = char; // RapidJSON's stream concept

    /// To read a piece of a file: `first_byte` is the offset in the file of the source's first
    /// byte, at a line's start (lines are then counted from 1 there); the stream ends at
    /// `end_byte`, though every check is made on whole buffers as when the file is read whole.
    InputStream(ByteSource& source, std::uint64_t max_token_bytes, std::size_t buffer_size = 1 << 16,
                std::uint64_t first_byte = 0, std::uint64_t end_byte = UINT64_MAX);

    Ch Peek() const { return *m_current; }
    Ch Take() {
        const Ch c = *m_current;
        if (m_current < m_last) {
            ++m_current;
        } else {
            refill();
        }
        return c;
    }
    std::size_t Tell() const { return static_cast<std::size_t>(m_base + (m_current - m_buffer.data())); }

    // Writing is never used by the non-in-situ parser; RapidJSON only requires the names.
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    std::size_t PutEnd(Ch*) { return 0; }

    /// The unread bytes of the current buffer (for scanning a run at once), and skipping them.
    const char* buffered_begin() const noexcept { return m_current; }
    const char* buffered_end() const noexcept { return m_end; }
    void skip_buffered(std::size_t count) noexcept { m_current += count; }

    /// True once every byte has been read, or reading stopped (NUL, token too long, error).
    bool at_end() const { return m_end_reached && m_current == m_end; }

    /// Marks the current position as the end of a token (the limit counts from here).
    void mark_token() { m_token_start = Tell(); }

    /// Why reading stopped early, if it did: a NUL byte, an over-long token or a read failure.
    /// An empty reason and null exception mean the input simply ended.
    const std::string& stop_reason() const noexcept { return m_stop_reason; }
    /// The setting whose limit stopped the stream, if a limit did.
    const std::string& stop_setting() const noexcept { return m_stop_setting; }
    std::uint64_t stop_offset() const noexcept { return m_stop_offset; }
    std::exception_ptr read_error() const noexcept { return m_read_error; }
    /// Whether reading stopped early (stop_reason() or read_error()).
    bool stopped() const noexcept { return !m_stop_reason.empty() || m_read_error; }

    /// Line and column (1-based) of an absolute byte offset; {0, 0} when that offset is no longer
    /// in the buffer. Offsets must be asked for in increasing order, except within the buffer.
    struct LineColumn {
        std::uint64_t line = 0;
        std::uint64_t column = 0;
    };
    LineColumn locate(std::uint64_t offset);

    const std::string& name() const noexcept { return m_source.name(); }

    /// The line number at the end of what was read (1 + the newlines read).
    std::uint64_t line_at_end() {
        count_lines_to(m_end);
        return m_line;
    }

private:
    void refill();
    std::size_t valid_utf8_prefix(const char* data, std::size_t size);
    void count_lines_to(const char* position);
    void stop(std::uint64_t offset, std::string reason, std::string setting = {});

    ByteSource& m_source;
    std::uint64_t m_max_token_bytes;
    std::uint64_t m_end_byte;
    std::vector<char> m_buffer;
    const char* m_current = nullptr;
    const char* m_last = nullptr; // last readable byte
    const char* m_end = nullptr;  // one past it; holds a NUL sentinel
    std::uint64_t m_base = 0;     // absolute offset of m_buffer[0]
    bool m_end_reached = false;

    // Line counting: everything before m_line_cursor has been counted.
    const char* m_line_cursor = nullptr;
    std::uint64_t m_line = 1;
    std::uint64_t m_line_start = 0; // absolute offset where the current line starts

    // UTF-8 validation across buffers: continuation bytes still expected, and the range the next
    // one must be in (narrower after E0, ED, F0, F4).
    int m_utf8_needed = 0;
    int m_utf8_seen = 0; // bytes of the current sequence read so far
    unsigned char m_utf8_low = 0x80;
    unsigned char m_utf8_high = 0xBF;

    std::uint64_t m_token_start = 0;
    LineColumn m_token_start_position; // kept when the token's start leaves the buffer
    // The byte just before the buffer (the last one taken before a refill: often a value's
    // first or last byte), located while it was still in the buffer.
    std::uint64_t m_previous_byte = UINT64_MAX;
    LineColumn m_previous_byte_position;
    std::string m_stop_reason;
    std::string m_stop_setting;
    std::uint64_t m_stop_offset = 0;
    std::exception_ptr m_read_error;
};

} // namespace ocds
