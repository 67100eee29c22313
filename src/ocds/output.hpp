#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

/// A buffered byte sink. Subclasses say where full buffers go.
class Sink {
public:
    explicit Sink(std::size_t buffer_size = 1 << 18) : m_buffer(buffer_size) {}
    virtual ~Sink() = default;
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;

    void put(char c) {
        if (m_used == m_buffer.size()) {
            drain();
        }
        m_buffer[m_used++] = c;
    }

    void write(const char* data, std::size_t size) {
        if (size > m_buffer.size() - m_used) {
            drain();
            if (size >= m_buffer.size()) {
                deliver(data, size);
                m_total += size;
                return;
            }
        }
        std::copy(data, data + size, m_buffer.data() + m_used);
        m_used += size;
    }

    void write(std::string_view text) { write(text.data(), text.size()); }

    /// Bytes accepted so far (before any compression).
    std::uint64_t bytes_written() const noexcept { return m_total + m_used; }

protected:
    /// For subclasses that cut what was written: the count starts again at `total`.
    void restart_count(std::uint64_t total) noexcept { m_total = total; }

    /// Hands the buffered bytes to deliver().
    void drain() {
        if (m_used > 0) {
            deliver(m_buffer.data(), m_used);
            m_total += m_used;
            m_used = 0;
        }
    }

    /// Takes bytes out of the buffer for good. @throws io_error
    virtual void deliver(const char* data, std::size_t size) = 0;

private:
    std::vector<char> m_buffer;
    std::size_t m_used = 0;
    std::uint64_t m_total = 0;
};

struct OutputOptions {
    bool overwrite = false; ///< replace an existing file (else it is an error)
    bool fsync = false;     ///< fsync the file (and its folder) before it replaces the old one
};

/// An output file that appears complete or not at all: bytes go to a temporary file beside it,
/// which commit() renames onto the final name; without commit() (an error, an exception) the
/// temporary file is removed and an existing file is left untouched. "-" is standard output,
/// and an existing device or pipe (/dev/null, a FIFO) is written directly. Names ending in
/// ".gz" are written gzip-compressed.
class Output : public Sink {
public:
    /// @throws io_error when the file exists (without overwrite) or cannot be created
    explicit Output(const std::string& path, OutputOptions options = {});
    ~Output() override;

    /// Flushes everything and puts the file in place. @throws io_error
    void commit();

    bool is_stdout() const noexcept { return m_path.empty() || m_path == "-"; }

    /// Whether what was written can be read back and cut: a temporary file, not compressed.
    bool can_rewind() const noexcept { return !is_stdout() && !m_direct && !m_gzip; }

    /// Reads back bytes already written (flushing them first); only when can_rewind().
    std::size_t read_back(std::uint64_t offset, char* buffer, std::size_t size);

    /// Cuts what was written back to its first `offset` bytes; only when can_rewind().
    void truncate(std::uint64_t offset);
    const std::string& path() const noexcept { return m_path; }

protected:
    void deliver(const char* data, std::size_t size) override;

private:
    class Gzip;
    void write_fd(const char* data, std::size_t size);
    void discard() noexcept;
    void start_gzip_if_named();

    std::string m_path;
    std::string m_temp_path;
    OutputOptions m_options;
    int m_fd = -1;
    bool m_committed = false;
    bool m_direct = false; ///< a device or pipe, written without a temporary file
    std::unique_ptr<Gzip> m_gzip;
};

/// An anonymous scratch file (removed as soon as it is created) to hold bytes that must be
/// written later, after something that is only known at the end of the input.
class SpoolFile : public Sink {
public:
    /// Creates the file in `directory` (the output's folder, so the copy stays on one disk).
    explicit SpoolFile(const std::string& directory, std::size_t buffer_size = 1 << 18);
    ~SpoolFile() override;

    /// Copies everything written so far to `sink`, then empties the spool.
    void copy_to(Sink& sink);

    /// Everything written so far, in memory.
    std::string read_all();

    /// Reads up to `size` bytes at `offset` of what was written (after flush()); returns the count.
    std::size_t read_at(std::uint64_t offset, char* buffer, std::size_t size);

    /// Hands buffered bytes to the file, so that read_at sees them.
    void flush() { drain(); }

    std::uint64_t size() const noexcept { return m_size; }

protected:
    void deliver(const char* data, std::size_t size) override;

private:
    int m_fd = -1;
    std::uint64_t m_size = 0;
};

/// A Sink that appends to a string (for serialising in memory).
class StringSink : public Sink {
public:
    explicit StringSink(std::string& target, std::size_t buffer_size = 1 << 14) : Sink(buffer_size), m_target(target) {}
    ~StringSink() override { drain(); }

    /// Hands the buffered bytes to the string; call before reading it.
    void finish() { drain(); }

protected:
    void deliver(const char* data, std::size_t size) override { m_target.append(data, size); }

private:
    std::string& m_target;
};

/// Where scratch files go when nothing else is said: $TMPDIR, else /tmp.
std::string temporary_directory();

/// The folder part of a path ("." when there is none).
std::string parent_directory(const std::string& path);

} // namespace ocds
