#pragma once

// The benchmark generators' output: a plain file or gzip, with the uncompressed byte count, and
// the size argument they share (100M, 1G...).

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <zlib.h>

namespace bench {

class Output {
public:
    /// `program` names the generator in messages. Exits 1 when the file cannot be created.
    Output(const std::string& path, bool gzip, const char* program) : m_gzip(gzip), m_program(program) {
        if (gzip) {
            m_gz = path == "-" ? gzdopen(1, "wb") : gzopen(path.c_str(), "wb");
            if (m_gz) {
                gzbuffer(m_gz, 1 << 20);
            }
        } else {
            m_file = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
            if (m_file) {
                std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
            }
        }
        if (!m_gz && !m_file) {
            std::fprintf(stderr, "%s: cannot create '%s': %s\n", program, path.c_str(), std::strerror(errno));
            std::exit(1);
        }
    }

    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    void write(std::string_view text) {
        if (text.empty()) {
            return;
        }
        const bool ok =
            m_gzip ? gzwrite(m_gz, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size())
                   : std::fwrite(text.data(), 1, text.size(), m_file) == text.size();
        if (!ok) {
            fail();
        }
        m_bytes += text.size();
    }

    std::uint64_t bytes() const noexcept { return m_bytes; }

    void close() {
        const bool ok = m_gzip ? gzclose(m_gz) == Z_OK : std::fclose(m_file) == 0;
        m_gz = nullptr;
        m_file = nullptr;
        if (!ok) {
            fail();
        }
    }

private:
    [[noreturn]] void fail() {
        std::fprintf(stderr, "%s: write failed: %s\n", m_program, std::strerror(errno));
        std::exit(1);
    }

    bool m_gzip;
    const char* m_program;
    gzFile m_gz = nullptr;
    std::FILE* m_file = nullptr;
    std::uint64_t m_bytes = 0;
};

/// "100M", "1G", "512K" or a byte count, in powers of 1024; 0 when the text is not a size.
inline std::uint64_t parse_size(const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const double number = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || errno != 0 || number <= 0) {
        return 0;
    }
    double factor = 1;
    const std::string suffix = end;
    if (suffix == "K" || suffix == "k" || suffix == "KiB") {
        factor = 1024.0;
    } else if (suffix == "M" || suffix == "MiB") {
        factor = 1024.0 * 1024;
    } else if (suffix == "G" || suffix == "GiB") {
        factor = 1024.0 * 1024 * 1024;
    } else if (!suffix.empty()) {
        return 0;
    }
    return static_cast<std::uint64_t>(number * factor);
}

} // namespace bench
