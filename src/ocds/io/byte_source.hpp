#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ocds {

/// Where input bytes come from: a file, standard input, or either one through gzip.
class ByteSource {
public:
    virtual ~ByteSource() = default;

    /// Reads up to `size` bytes into `buffer`; returns 0 only at the end of the input.
    /// @throws io_error when the underlying file cannot be read
    /// @throws parse_error when compressed data is corrupt or cut short
    virtual std::size_t read(char* buffer, std::size_t size) = 0;

    /// The name used in messages ("<stdin>" for standard input).
    virtual const std::string& name() const noexcept = 0;

    /// Bytes taken from the file so far (compressed bytes, for gzip input), for progress reports;
    /// may be read from another thread.
    virtual std::uint64_t file_position() const noexcept = 0;

    /// The file's size in bytes; 0 when it is not known (standard input, a pipe).
    virtual std::uint64_t file_size() const noexcept = 0;
};

/// Opens `path` ("-" or "" for standard input); gzip input, recognised by its magic bytes rather
/// than by its name, is decompressed transparently.
/// @throws io_error for a missing, unreadable or non-regular (directory) file
std::unique_ptr<ByteSource> open_source(const std::string& path);

/// The size of `path` when it is a regular file that is not gzip-compressed, so that it can be
/// read in ranges (open_file_range); 0 otherwise (standard input, a pipe, gzip, a missing file).
std::uint64_t plain_file_size(const std::string& path);

/// A regular file from its byte `begin` on, named `path` as open_source names it. Each read ends
/// where it would if the file had been read from its start in reads of the size asked for, so
/// that a reader's buffers hold the same bytes either way. file_position() counts from the
/// start of the file. @throws io_error when the file cannot be opened
std::unique_ptr<ByteSource> open_file_from(const std::string& path, std::uint64_t begin);

} // namespace ocds
