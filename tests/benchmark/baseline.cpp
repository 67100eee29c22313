// ocds_bench_baseline: the reference the `ocds` commands are measured against. It does the least
// any tool must do with the same bytes: parse every top-level JSON value into a RapidJSON
// Document and write it back out compactly, one value per line. A single JSON document, JSON
// Lines and concatenated JSON are all read the same way (kParseStopWhenDoneFlag in a loop);
// gzip input is inflated on the fly with zlib.

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/filewritestream.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <zlib.h>

namespace {

constexpr std::size_t buffer_size = 64 * 1024;

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "ocds_bench_baseline: %s\n", message.c_str());
    std::exit(1);
}

/// A RapidJSON input stream that inflates gzip (concatenated members too) into a fixed buffer,
/// behaving like FileReadStream: a NUL after the last byte marks the end.
class GzipReadStream {
public:
    using Ch = char;

    GzipReadStream(std::FILE* file, std::size_t size) : m_file(file), m_input(size), m_output(size) {
        std::memset(&m_zlib, 0, sizeof m_zlib);
        if (inflateInit2(&m_zlib, 16 + MAX_WBITS) != Z_OK) {
            die("cannot start zlib");
        }
        refill();
    }
    ~GzipReadStream() { inflateEnd(&m_zlib); }
    GzipReadStream(const GzipReadStream&) = delete;
    GzipReadStream& operator=(const GzipReadStream&) = delete;

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
    std::size_t Tell() const {
        return static_cast<std::size_t>(m_base + static_cast<std::uint64_t>(m_current - m_output.data()));
    }

    // Output functions RapidJSON names but never calls for a read stream.
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    std::size_t PutEnd(Ch*) { return 0; }

private:
    void refill() {
        m_base += m_produced;
        m_produced = 0;
        m_current = m_last = m_output.data();
        m_output[0] = '\0';
        if (m_done) {
            return;
        }
        // One byte is kept for the NUL sentinel.
        m_zlib.next_out = reinterpret_cast<Bytef*>(m_output.data());
        m_zlib.avail_out = static_cast<uInt>(m_output.size() - 1);
        while (m_zlib.avail_out > 0) {
            if (m_zlib.avail_in == 0) {
                const std::size_t count = std::fread(m_input.data(), 1, m_input.size(), m_file);
                if (count == 0) {
                    if (std::ferror(m_file)) {
                        die(std::string("read failed: ") + std::strerror(errno));
                    }
                    if (m_in_member) {
                        die("the gzip data is cut short");
                    }
                    break;
                }
                m_zlib.next_in = reinterpret_cast<Bytef*>(m_input.data());
                m_zlib.avail_in = static_cast<uInt>(count);
            }
            m_in_member = true;
            const int status = inflate(&m_zlib, Z_NO_FLUSH);
            if (status == Z_STREAM_END) {
                // Another gzip member may follow, as gzip(1) allows.
                m_in_member = false;
                inflateReset(&m_zlib);
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                die(std::string("corrupt gzip data: ") + (m_zlib.msg ? m_zlib.msg : "unknown zlib error"));
            }
        }
        m_produced = m_output.size() - 1 - m_zlib.avail_out;
        if (m_produced == 0) {
            m_done = true;
            return;
        }
        m_last = m_output.data() + m_produced - 1;
        m_output[m_produced] = '\0';
    }

    std::FILE* m_file;
    std::vector<char> m_input;
    std::vector<char> m_output;
    z_stream m_zlib;
    char* m_current = nullptr;
    char* m_last = nullptr;     // the last readable byte (or the sentinel when none)
    std::size_t m_produced = 0; // bytes in m_output
    std::uint64_t m_base = 0;   // uncompressed offset of m_output[0]
    bool m_done = false;
    bool m_in_member = false;
};

struct Totals {
    std::uint64_t values = 0;
    std::uint64_t bytes = 0;
};

/// Parses each top-level value into its own Document (so memory is that of one value at a time)
/// and writes it back with a newline after it.
template<typename InputStream>
Totals copy_values(InputStream& in, rapidjson::FileWriteStream& out) {
    Totals totals;
    rapidjson::Writer<rapidjson::FileWriteStream> writer(out);
    for (;;) {
        rapidjson::Document document;
        document.ParseStream<rapidjson::kParseStopWhenDoneFlag>(in);
        if (document.HasParseError()) {
            if (document.GetParseError() == rapidjson::kParseErrorDocumentEmpty && totals.values > 0) {
                break; // only whitespace after the last value
            }
            die("parse error at byte " + std::to_string(document.GetErrorOffset()) + ": " +
                rapidjson::GetParseError_En(document.GetParseError()));
        }
        writer.Reset(out);
        document.Accept(writer);
        out.Put('\n');
        ++totals.values;
    }
    out.Flush();
    totals.bytes = in.Tell();
    return totals;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3 || std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0) {
        std::fprintf(argc == 2 ? stdout : stderr,
                     "Usage: ocds_bench_baseline INPUT OUTPUT\n"
                     "Parses every top-level JSON value of INPUT (JSON, JSON Lines, concatenated JSON; gzip\n"
                     "or not) with RapidJSON and writes each back to OUTPUT on its own line. OUTPUT may be\n"
                     "/dev/null; '-' is standard output.\n");
        return argc == 2 ? 0 : 2;
    }
    std::FILE* input = std::fopen(argv[1], "rb");
    if (!input) {
        die(std::string("cannot open '") + argv[1] + "': " + std::strerror(errno));
    }
    std::FILE* output = std::strcmp(argv[2], "-") == 0 ? stdout : std::fopen(argv[2], "wb");
    if (!output) {
        die(std::string("cannot create '") + argv[2] + "': " + std::strerror(errno));
    }

    unsigned char magic[2] = {0, 0};
    const std::size_t magic_size = std::fread(magic, 1, 2, input);
    std::rewind(input);
    const bool gzip = magic_size == 2 && magic[0] == 0x1f && magic[1] == 0x8b;

    std::vector<char> write_buffer(buffer_size);
    rapidjson::FileWriteStream out(output, write_buffer.data(), write_buffer.size());
    Totals totals;
    if (gzip) {
        GzipReadStream in(input, buffer_size);
        totals = copy_values(in, out);
    } else {
        std::vector<char> read_buffer(buffer_size);
        rapidjson::FileReadStream in(input, read_buffer.data(), read_buffer.size());
        totals = copy_values(in, out);
    }
    std::fclose(input);
    if (std::fflush(output) != 0 || (output != stdout && std::fclose(output) != 0)) {
        die(std::string("write failed: ") + std::strerror(errno));
    }
    std::fprintf(stderr, "ocds_bench_baseline: %" PRIu64 " values, %" PRIu64 " bytes parsed\n", totals.values,
                 totals.bytes);
    return 0;
}
