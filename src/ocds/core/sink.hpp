#pragma once

#include <algorithm>
#include <atomic>
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
    // The buffer is left uninitialised: sinks are made often (one per value serialised), and
    // zeroing a buffer that is overwritten anyway showed in profiles.
    explicit Sink(std::size_t buffer_size = 1 << 18)
        : m_buffer(new char[std::max<std::size_t>(1, buffer_size)]), m_capacity(std::max<std::size_t>(1, buffer_size)) {
    }
    virtual ~Sink() = default;
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;

    void put(char c) {
        if (m_used == m_capacity) {
            drain();
        }
        m_buffer[m_used++] = c;
    }

    void write(const char* data, std::size_t size) {
        if (size > m_capacity - m_used) {
            drain();
            if (size >= m_capacity) {
                deliver(data, size);
                m_total += size;
                return;
            }
        }
        std::copy(data, data + size, m_buffer.get() + m_used);
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
            deliver(m_buffer.get(), m_used);
            m_total += m_used;
            m_used = 0;
        }
    }

    /// Takes bytes out of the buffer for good. @throws io_error
    virtual void deliver(const char* data, std::size_t size) = 0;

private:
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_capacity;
    std::size_t m_used = 0;
    std::uint64_t m_total = 0;
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

/// One anonymous scratch file that many ScratchStreams share, so that hundreds of streams cost
/// one file (creating and removing a file costs more than writing a few megabytes to it).
/// Streams on several threads may append at once: each append reserves its own range.
class ScratchFile {
public:
    explicit ScratchFile(const std::string& directory);
    ~ScratchFile();
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    /// Writes the bytes at the end of the file; returns where they went. Thread-safe.
    std::uint64_t append(const char* data, std::size_t size);

    /// Reads up to `size` bytes at `offset`; returns the count.
    std::size_t read_at(std::uint64_t offset, char* buffer, std::size_t size) const;

private:
    int m_fd = -1;
    std::atomic<std::uint64_t> m_end{0};
};

/// A stream of bytes kept in a ScratchFile, as the chunks its buffer delivered (adjacent chunks
/// as one). Read back as if it were a file of its own: read_at counts from the stream's start.
class ScratchStream : public Sink {
public:
    ScratchStream(std::shared_ptr<ScratchFile> file, std::size_t buffer_size);
    ~ScratchStream() override = default;

    /// Hands buffered bytes to the file, so that read_at and read_all see them.
    void flush() { drain(); }

    /// Bytes delivered to the file (after flush(): all that was written).
    std::uint64_t size() const noexcept { return m_size; }

    /// Reads up to `size` bytes at `offset` of the stream (after flush()); returns the count.
    std::size_t read_at(std::uint64_t offset, char* buffer, std::size_t size) const;

    /// Everything written so far, in memory.
    std::string read_all();

protected:
    void deliver(const char* data, std::size_t size) override;

private:
    struct Chunk {
        std::uint64_t start;       // in the stream
        std::uint64_t file_offset; // in the file
        std::uint64_t size;
    };
    std::shared_ptr<ScratchFile> m_file;
    std::vector<Chunk> m_chunks;
    std::uint64_t m_size = 0;
};

/// A Sink that appends to a string (for serialising in memory).
class StringSink : public Sink {
public:
    // A small buffer: the string is the real buffer, and one StringSink is made per value.
    explicit StringSink(std::string& target, std::size_t buffer_size = 1 << 9) : Sink(buffer_size), m_target(target) {}
    ~StringSink() override { drain(); }

    /// Hands the buffered bytes to the string; call before reading it.
    void finish() { drain(); }

protected:
    void deliver(const char* data, std::size_t size) override { m_target.append(data, size); }

private:
    std::string& m_target;
};

} // namespace ocds
