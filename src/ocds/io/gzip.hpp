#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace ocds {

/// Gzip compression of a stream into one gzip member with no file name and mtime 0, so that the
/// same bytes always give the same file (builds are reproducible) and members can be joined
/// into one file. Output uses it for every name ending in ".gz"; a build's bulk files are
/// written in segments that can be copied from the previous version (SegmentedGzipFile).
class GzipCompressor {
public:
    /// Compressed bytes go to `write`; `name` names the file in errors.
    /// @throws io_error when zlib cannot start
    GzipCompressor(std::function<void(const char* data, std::size_t size)> write, std::string name);
    ~GzipCompressor();
    GzipCompressor(const GzipCompressor&) = delete;
    GzipCompressor& operator=(const GzipCompressor&) = delete;

    void compress(const char* data, std::size_t size);

    /// Ends the member; nothing may be compressed after.
    void finish();

private:
    struct Stream;
    void run(const char* data, std::size_t size, int flush);

    std::function<void(const char*, std::size_t)> m_write;
    std::string m_name;
    std::unique_ptr<Stream> m_stream;
};

} // namespace ocds
