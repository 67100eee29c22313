#include <ocds/io/input_stream.hpp>

#include <cstring>

namespace ocds {

InputStream::InputStream(ByteSource& source, std::uint64_t max_token_bytes, std::size_t buffer_size,
                         std::uint64_t first_byte, std::uint64_t end_byte)
    : m_source(source), m_max_token_bytes(max_token_bytes), m_end_byte(end_byte), m_buffer(buffer_size + 1),
      m_base(first_byte), m_line_start(first_byte), m_token_start(first_byte) {
    m_end = m_buffer.data();
    m_current = m_end;
    m_line_cursor = m_end;
    m_buffer[0] = '\0';
    refill();
    // A UTF-8 byte order mark is not part of the JSON text.
    if (first_byte == 0 && m_end - m_current >= 3 && std::memcmp(m_current, "\xEF\xBB\xBF", 3) == 0) {
        m_current += 3;
        m_line_cursor = m_current;
        m_line_start = 3;
        m_token_start = 3;
    }
}

void InputStream::refill() {
    if (m_end_reached) {
        m_current = m_end;
        return;
    }
    // A long token's start is about to leave the buffer: remember its line for the error.
    if (m_token_start >= m_base) {
        m_token_start_position = locate(m_token_start);
    }
    if (m_end > m_buffer.data()) {
        m_previous_byte = m_base + static_cast<std::uint64_t>(m_end - m_buffer.data()) - 1;
        m_previous_byte_position = locate(m_previous_byte);
    }
    count_lines_to(m_end);
    const std::uint64_t next_base = m_base + static_cast<std::uint64_t>(m_end - m_buffer.data());

    std::size_t count = 0;
    try {
        count = m_source.read(m_buffer.data(), m_buffer.size() - 1);
    } catch (...) {
        m_read_error = std::current_exception();
        m_stop_offset = next_base;
        m_end_reached = true;
    }
    if (const void* nul = std::memchr(m_buffer.data(), '\0', count)) {
        count = static_cast<std::size_t>(static_cast<const char*>(nul) - m_buffer.data());
        stop(next_base + count, "a NUL byte (0x00) is not allowed in JSON text");
    }
    const std::size_t valid = valid_utf8_prefix(m_buffer.data(), count);
    if (valid < count) {
        // Stop where the bad sequence starts (it may have started in the previous buffer).
        const std::uint64_t start = next_base + valid - static_cast<std::uint64_t>(m_utf8_seen);
        count = start > next_base ? static_cast<std::size_t>(start - next_base) : 0;
        stop(start,
             "invalid UTF-8: expected text encoded as UTF-8 (is the file in another encoding, such as Latin-1?)");
    }
    if (m_max_token_bytes > 0 && next_base + count - m_token_start > m_max_token_bytes) {
        // Let the parser see up to the limit, then end; the error names the token's start.
        const std::uint64_t allowed = m_token_start + m_max_token_bytes;
        count = allowed > next_base ? static_cast<std::size_t>(allowed - next_base) : 0;
        stop(m_token_start,
             "a single string, number or run of whitespace is longer than " + std::to_string(m_max_token_bytes) +
                 " bytes",
             "max-token-bytes");
    }
    if (next_base + count > m_end_byte) {
        count = m_end_byte > next_base ? static_cast<std::size_t>(m_end_byte - next_base) : 0;
        m_end_reached = true;
    }
    if (count == 0) {
        // Keep the last buffer (for locating errors near the end); only mark the end.
        m_end_reached = true;
        m_buffer[static_cast<std::size_t>(m_end - m_buffer.data())] = '\0';
        m_current = m_last = m_end;
        return;
    }
    m_base = next_base;
    m_current = m_line_cursor = m_buffer.data();
    m_end = m_buffer.data() + count;
    m_buffer[count] = '\0';
    m_last = m_end - 1;
}

std::size_t InputStream::valid_utf8_prefix(const char* data, std::size_t size) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(data);
    std::size_t i = 0;
    while (i < size) {
        if (m_utf8_needed == 0) {
            // Plain ASCII, eight bytes at a time.
            while (i + 8 <= size) {
                std::uint64_t word;
                std::memcpy(&word, bytes + i, 8);
                if (word & 0x8080808080808080ull) {
                    break;
                }
                i += 8;
            }
            if (i >= size) {
                break;
            }
            const unsigned char lead = bytes[i];
            if (lead < 0x80) {
                ++i;
                continue;
            }
            m_utf8_low = 0x80;
            m_utf8_high = 0xBF;
            m_utf8_seen = 0;
            if (lead >= 0xC2 && lead <= 0xDF) {
                m_utf8_needed = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                m_utf8_needed = 2;
                m_utf8_low = lead == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
                m_utf8_high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                m_utf8_needed = 3;
                m_utf8_low = lead == 0xF0 ? 0x90 : 0x80;  // no overlong forms
                m_utf8_high = lead == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
            } else {
                return i;
            }
            m_utf8_seen = 1;
            ++i;
            continue;
        }
        const unsigned char next = bytes[i];
        if (next < m_utf8_low || next > m_utf8_high) {
            return i;
        }
        m_utf8_low = 0x80;
        m_utf8_high = 0xBF;
        --m_utf8_needed;
        ++m_utf8_seen;
        ++i;
    }
    return size;
}

void InputStream::stop(std::uint64_t offset, std::string reason, std::string setting) {
    if (m_stop_reason.empty()) {
        m_stop_offset = offset;
        m_stop_reason = std::move(reason);
        m_stop_setting = std::move(setting);
    }
    m_end_reached = true;
}

void InputStream::count_lines_to(const char* position) {
    while (m_line_cursor < position) {
        const void* newline = std::memchr(m_line_cursor, '\n', static_cast<std::size_t>(position - m_line_cursor));
        if (!newline) {
            m_line_cursor = position;
            break;
        }
        m_line_cursor = static_cast<const char*>(newline) + 1;
        ++m_line;
        m_line_start = m_base + static_cast<std::uint64_t>(m_line_cursor - m_buffer.data());
    }
}

InputStream::LineColumn InputStream::locate(std::uint64_t offset) {
    const std::uint64_t buffer_end = m_base + static_cast<std::uint64_t>(m_end - m_buffer.data());
    if (offset < m_base || offset > buffer_end) {
        if (offset == m_previous_byte) {
            return m_previous_byte_position;
        }
        return offset == m_token_start ? m_token_start_position : LineColumn{};
    }
    const char* position = m_buffer.data() + (offset - m_base);
    if (position >= m_line_cursor) {
        count_lines_to(position);
        return {m_line, offset - m_line_start + 1};
    }
    // Behind the cursor: count back from it.
    std::uint64_t line = m_line;
    for (const char* p = position; p < m_line_cursor; ++p) {
        line -= (*p == '\n');
    }
    const char* line_begin = position;
    while (line_begin > m_buffer.data() && line_begin[-1] != '\n') {
        --line_begin;
    }
    if (line_begin == m_buffer.data() && line == m_line) {
        return {line, offset - m_line_start + 1};
    }
    return {line, static_cast<std::uint64_t>(position - line_begin) + 1};
}

} // namespace ocds
