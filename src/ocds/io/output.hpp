#pragma once

#include <ocds/core/files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/sink.hpp>
#include <ocds/io/gzip.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

struct OutputOptions {
    bool overwrite = false; ///< replace an existing file (else it is an error)
    bool fsync = false;     ///< fsync the file (and its folder) before it replaces the old one
    bool sha256 = false;    ///< hash the bytes as they go to the file (see Output::file_sha256)
    bool raw = false;       ///< never compress, even a ".gz" name (the caller writes gzip itself)
};

/// An output file that appears complete or not at all: bytes go to a temporary file beside it,
/// which commit() renames onto the final name; without commit() (an error, an exception) the
/// temporary file is removed and an existing file is left untouched. "-" is standard output,
/// and an existing device or pipe (/dev/null, a FIFO) is written directly. Names ending in
/// ".gz" are written gzip-compressed (unless OutputOptions::raw).
class Output : public Sink {
public:
    /// @throws io_error when the file exists (without overwrite) or cannot be created
    explicit Output(const std::string& path, OutputOptions options = {});
    ~Output() override;

    /// Flushes everything and closes the temporary file, without putting it in place yet: what
    /// a set of files that must appear together does for each before committing them all
    /// (an uncommitted Output still removes its temporary file). @throws io_error
    void finish();

    /// Flushes everything (finish()) and puts the file in place. @throws io_error
    void commit();

    /// Hands what is buffered on now (to standard output, or to the temporary file), e.g. so
    /// that a report reaches a terminal before a progress line is drawn again. @throws io_error
    void flush() { drain(); }

    bool is_stdout() const noexcept { return m_path.empty() || m_path == "-"; }

    /// Whether what was written can be read back and cut: a temporary file, not compressed.
    bool can_rewind() const noexcept { return !is_stdout() && !m_direct && !m_gzip; }

    /// Reads back bytes already written (flushing them first); only when can_rewind().
    std::size_t read_back(std::uint64_t offset, char* buffer, std::size_t size);

    /// Cuts what was written back to its first `offset` bytes; only when can_rewind().
    void truncate(std::uint64_t offset);
    const std::string& path() const noexcept { return m_path; }

    /// Bytes that reached the file so far (compressed, for a .gz name): a manifest's size.
    std::uint64_t file_bytes() const noexcept { return m_file_bytes; }

    /// The sha256 of the file's bytes (OutputOptions::sha256), once committed.
    std::string file_sha256() { return m_hash.hex(); }

protected:
    void deliver(const char* data, std::size_t size) override;

private:
    void write_fd(const char* data, std::size_t size);
    void discard() noexcept;
    void start_gzip_if_named();

    std::string m_path;
    std::string m_temp_path;
    OutputOptions m_options;
    int m_fd = -1;
    bool m_committed = false;
    bool m_finished = false; ///< closed (finish()); written no more
    bool m_direct = false;   ///< a device or pipe, written without a temporary file
    std::unique_ptr<GzipCompressor> m_gzip;
    Sha256 m_hash;
    std::uint64_t m_file_bytes = 0;
    std::uint64_t m_position = 0; ///< where the next byte goes in the file
    WritebackPacer m_writeback;
};

} // namespace ocds
