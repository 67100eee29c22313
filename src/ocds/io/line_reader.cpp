#include <ocds/io/line_reader.hpp>

#include <cstring>

namespace ocds {

namespace {
constexpr std::size_t chunk_size = 1 << 20;
} // namespace

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes)
    : m_source(open_source(path)), m_max_line_bytes(max_line_bytes) {}

bool LineReader::fill() {
    if (m_eof) {
        return false;
    }
    // Drop what was consumed, then append a chunk.
    m_consumed += m_at;
    m_buffer.erase(0, m_at);
    m_at = 0;
    const std::size_t old_size = m_buffer.size();
    m_buffer.resize(old_size + chunk_size);
    const std::size_t got = m_source->read(&m_buffer[old_size], chunk_size);
    m_buffer.resize(old_size + got);
    m_eof = got == 0;
    return got > 0;
}

bool LineReader::next(Line& line) {
    line.text.clear();
    line.too_long = false;
    std::size_t scanned = m_at;
    for (;;) {
        // NOLINTNEXTLINE(bugprone-not-null-terminated-result): a search in bytes, not in a C string
        const void* newline = std::memchr(m_buffer.data() + scanned, '\n', m_buffer.size() - scanned);
        if (newline != nullptr) {
            const std::size_t end = static_cast<const char*>(newline) - m_buffer.data();
            line.number = ++m_line;
            line.byte = m_consumed + m_at;
            if (!line.too_long) {
                line.text.assign(m_buffer, m_at, end - m_at);
            }
            m_at = end + 1;
            break;
        }
        scanned = m_buffer.size();
        if (scanned - m_at > m_max_line_bytes) {
            // Keep the start for the message; forget the rest of this line as it streams by.
            if (!line.too_long) {
                line.too_long = true;
                line.text.assign(m_buffer, m_at, 200);
                line.byte = m_consumed + m_at;
            }
            m_consumed += m_buffer.size();
            m_buffer.clear();
            m_at = scanned = 0;
        }
        const std::size_t offset = scanned - m_at;
        if (!fill()) {
            if (m_at == m_buffer.size() && !line.too_long) {
                return false; // clean end (or a final line break)
            }
            line.number = ++m_line;
            if (!line.too_long) {
                line.byte = m_consumed + m_at;
                line.text.assign(m_buffer, m_at, std::string::npos);
            }
            m_at = m_buffer.size();
            break;
        }
        scanned = m_at + offset;
    }
    if (!line.text.empty() && line.text.back() == '\r') {
        line.text.pop_back();
    }
    return true;
}

} // namespace ocds
