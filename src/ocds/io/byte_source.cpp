#include <ocds/io/byte_source.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace ocds {

namespace {

/// A file descriptor read with read(2); the first bytes can be looked at before they are read.
class FileSource : public ByteSource {
public:
    explicit FileSource(const std::string& path) : m_name(path.empty() || path == "-" ? "<stdin>" : path) {
        if (path.empty() || path == "-") {
            m_fd = STDIN_FILENO;
            m_owned = false;
        } else {
            m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (m_fd < 0) {
                throw io_error(system_message("cannot open", path, errno));
            }
        }
        struct stat info {};
        if (::fstat(m_fd, &info) == 0 && S_ISDIR(info.st_mode)) {
            close_fd();
            throw io_error("cannot read '" + path + "': it is a directory, not a file");
        }
        if (S_ISREG(info.st_mode)) {
            m_size = static_cast<std::uint64_t>(info.st_size);
        }
    }

    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    ~FileSource() override { close_fd(); }

    /// Reads (and keeps, to be returned again by read()) up to `size` first bytes.
    const std::vector<char>& peek(std::size_t size) {
        m_head.resize(size);
        m_head.resize(raw_read(m_head.data(), size));
        return m_head;
    }

    std::size_t read(char* buffer, std::size_t size) override {
        std::size_t count = 0;
        if (m_head_used < m_head.size()) {
            count = std::min(size, m_head.size() - m_head_used);
            std::memcpy(buffer, m_head.data() + m_head_used, count);
            m_head_used += count;
        }
        return count + raw_read(buffer + count, size - count);
    }

    const std::string& name() const noexcept override { return m_name; }
    std::uint64_t file_position() const noexcept override { return m_position.load(std::memory_order_relaxed); }
    std::uint64_t file_size() const noexcept override { return m_size; }

private:
    std::size_t raw_read(char* buffer, std::size_t size) {
        // A terminal's end of input (Ctrl-D) is said once: reading again after it would wait for
        // more typing, so the end is remembered.
        if (m_at_end || size == 0) {
            return 0;
        }
        const std::size_t count = read_fd_fully(m_fd, buffer, size, m_name);
        m_at_end = count < size;
        m_position.fetch_add(count, std::memory_order_relaxed);
        return count;
    }

    void close_fd() {
        if (m_owned && m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = -1;
    }

    std::string m_name;
    int m_fd = -1;
    bool m_owned = true;
    std::vector<char> m_head;
    std::size_t m_head_used = 0;
    bool m_at_end = false;
    std::atomic<std::uint64_t> m_position{0};
    std::uint64_t m_size = 0;
};

/// gzip (RFC 1952) decompression of another source, members concatenated as gzip(1) allows.
class GzipSource : public ByteSource {
public:
    explicit GzipSource(std::unique_ptr<FileSource> file) : m_file(std::move(file)), m_input(1 << 16) {
        std::memset(&m_stream, 0, sizeof m_stream);
        if (inflateInit2(&m_stream, 16 + MAX_WBITS) != Z_OK) {
            throw io_error("cannot start gzip decompression of '" + m_file->name() + "'");
        }
    }

    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;
    ~GzipSource() override { inflateEnd(&m_stream); }

    std::size_t read(char* buffer, std::size_t size) override {
        m_stream.next_out = reinterpret_cast<Bytef*>(buffer);
        m_stream.avail_out = static_cast<uInt>(size);
        while (m_stream.avail_out == size) {
            if (m_stream.avail_in == 0) {
                if (m_file_done) {
                    if (m_in_member) {
                        fail("gzip data is cut short: the compressed file ends before its stream does");
                    }
                    break;
                }
                refill();
                continue;
            }
            m_in_member = true;
            const int status = inflate(&m_stream, Z_NO_FLUSH);
            if (status == Z_STREAM_END) {
                // Another gzip member may follow; anything else there is an error zlib reports.
                m_in_member = false;
                inflateReset(&m_stream);
                if (m_stream.avail_in == 0 && !m_file_done) {
                    refill();
                }
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                fail(std::string("corrupt gzip data: ") + (m_stream.msg ? m_stream.msg : "unknown zlib error"));
            }
        }
        return size - m_stream.avail_out;
    }

    const std::string& name() const noexcept override { return m_file->name(); }
    std::uint64_t file_position() const noexcept override { return m_file->file_position(); }
    std::uint64_t file_size() const noexcept override { return m_file->file_size(); }

private:
    void refill() {
        const std::size_t count = m_file->read(m_input.data(), m_input.size());
        m_compressed_offset += count;
        m_stream.next_in = reinterpret_cast<Bytef*>(m_input.data());
        m_stream.avail_in = static_cast<uInt>(count);
        if (count == 0) {
            m_file_done = true;
        }
    }

    [[noreturn]] void fail(const std::string& reason) {
        Location location;
        location.file = m_file->name();
        location.byte = m_compressed_offset - m_stream.avail_in; // an offset in the compressed file
        throw parse_error(location, reason);
    }

    std::unique_ptr<FileSource> m_file;
    std::vector<char> m_input;
    z_stream m_stream;
    std::uint64_t m_compressed_offset = 0;
    bool m_file_done = false;
    bool m_in_member = false;
};

/// A regular file from an offset on, read with pread(2) (see open_file_from).
class FileRangeSource : public ByteSource {
public:
    FileRangeSource(const std::string& path, std::uint64_t begin) : m_name(path), m_position(begin) {
        m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            throw io_error(system_message("cannot open", path, errno));
        }
        struct stat info {};
        if (::fstat(m_fd, &info) == 0 && S_ISREG(info.st_mode)) {
            m_size = static_cast<std::uint64_t>(info.st_size);
        }
    }

    FileRangeSource(const FileRangeSource&) = delete;
    FileRangeSource& operator=(const FileRangeSource&) = delete;
    ~FileRangeSource() override { ::close(m_fd); }

    std::size_t read(char* buffer, std::size_t size) override {
        const std::uint64_t position = m_position.load(std::memory_order_relaxed);
        const std::size_t wanted = size == 0 ? 0 : size - static_cast<std::size_t>(position % size);
        std::size_t count = 0;
        while (count < wanted) { // as read_fd_fully: short only at the end of the file
            const std::size_t got = read_fd_at(m_fd, position + count, buffer + count, wanted - count, m_name);
            if (got == 0) {
                break;
            }
            count += got;
        }
        m_position.store(position + count, std::memory_order_relaxed);
        return count;
    }

    const std::string& name() const noexcept override { return m_name; }
    std::uint64_t file_position() const noexcept override { return m_position.load(std::memory_order_relaxed); }
    std::uint64_t file_size() const noexcept override { return m_size; }

private:
    std::string m_name;
    int m_fd = -1;
    std::atomic<std::uint64_t> m_position;
    std::uint64_t m_size = 0;
};

} // namespace

std::uint64_t plain_file_size(const std::string& path) {
    if (path.empty() || path == "-") {
        return 0;
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        return 0;
    }
    FileSource file(path);
    const auto& head = file.peek(2);
    const bool gzip =
        head.size() == 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b;
    return gzip ? 0 : static_cast<std::uint64_t>(info.st_size);
}

std::unique_ptr<ByteSource> open_file_from(const std::string& path, std::uint64_t begin) {
    return std::make_unique<FileRangeSource>(path, begin);
}

std::unique_ptr<ByteSource> open_source(const std::string& path) {
    auto file = std::make_unique<FileSource>(path);
    const auto& head = file->peek(2);
    if (head.size() == 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
        static_cast<unsigned char>(head[1]) == 0x8b) {
        return std::make_unique<GzipSource>(std::move(file));
    }
    return file;
}

} // namespace ocds
