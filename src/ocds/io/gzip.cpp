#include <ocds/io/gzip.hpp>

#include <ocds/core/error.hpp>

#include <cstring>
#include <vector>

#include <zlib.h>

namespace ocds {

struct GzipCompressor::Stream {
    z_stream z{};
    std::vector<char> out = std::vector<char>(1 << 16);
};

GzipCompressor::GzipCompressor(std::function<void(const char*, std::size_t)> write, std::string name)
    : m_write(std::move(write)), m_name(std::move(name)), m_stream(std::make_unique<Stream>()) {
    // windowBits 16+: a gzip wrapper, with no name and mtime 0.
    if (deflateInit2(&m_stream->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw io_error("cannot start gzip compression for '" + m_name + "'");
    }
}

GzipCompressor::~GzipCompressor() {
    deflateEnd(&m_stream->z);
}

void GzipCompressor::compress(const char* data, std::size_t size) {
    run(data, size, Z_NO_FLUSH);
}

void GzipCompressor::finish() {
    run(nullptr, 0, Z_FINISH);
}

void GzipCompressor::run(const char* data, std::size_t size, int flush) {
    z_stream& z = m_stream->z;
    std::vector<char>& out = m_stream->out;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    z.avail_in = static_cast<uInt>(size);
    do {
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        if (deflate(&z, flush) == Z_STREAM_ERROR) {
            throw io_error("gzip compression failed for '" + m_name + "'");
        }
        m_write(out.data(), out.size() - z.avail_out);
    } while (z.avail_out == 0 || z.avail_in > 0);
}

} // namespace ocds
