#include <ocds/core/sink.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include <unistd.h>

namespace ocds {

namespace {

/// The first `size` bytes of something read piece by piece with read_at(offset, buffer, size).
template<typename ReadAt>
std::string read_whole(std::uint64_t size, ReadAt read_at) {
    std::string content(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < content.size()) {
        const std::size_t count = read_at(done, content.data() + done, content.size() - done);
        if (count == 0) {
            throw io_error("cannot read back a scratch file: it is shorter than what was written");
        }
        done += count;
    }
    return content;
}

/// An anonymous file in `directory`: removed as soon as it is created.
int create_scratch_file(const std::string& directory) {
    std::string name = directory + "/.ocds-spool-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        throw io_error(system_message("cannot create a scratch file in", directory, errno));
    }
    ::unlink(name.c_str());
    return fd;
}

} // namespace

SpoolFile::SpoolFile(const std::string& directory, std::size_t buffer_size)
    : Sink(buffer_size), m_fd(create_scratch_file(directory)) {}

SpoolFile::~SpoolFile() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void SpoolFile::deliver(const char* data, std::size_t size) {
    write_fd_fully(m_fd, data, size, "scratch file");
    m_size += size;
}

std::size_t SpoolFile::read_at(std::uint64_t offset, char* buffer, std::size_t size) {
    return read_fd_at(m_fd, offset, buffer, size, "scratch file", "cannot read back");
}

std::string SpoolFile::read_all() {
    drain();
    return read_whole(
        m_size, [this](std::uint64_t offset, char* buffer, std::size_t size) { return read_at(offset, buffer, size); });
}

void SpoolFile::copy_to(Sink& sink) {
    drain();
    std::vector<char> buffer(1 << 18);
    std::uint64_t offset = 0;
    while (offset < m_size) {
        const std::size_t count = read_at(offset, buffer.data(), buffer.size());
        if (count == 0) {
            throw io_error(system_message("cannot read back", "scratch file", EIO));
        }
        sink.write(buffer.data(), count);
        offset += count;
    }
    if (::ftruncate(m_fd, 0) != 0 || ::lseek(m_fd, 0, SEEK_SET) != 0) {
        throw io_error(system_message("cannot empty", "scratch file", errno));
    }
    m_size = 0;
}

ScratchFile::ScratchFile(const std::string& directory) : m_fd(create_scratch_file(directory)) {}

ScratchFile::~ScratchFile() {
    ::close(m_fd);
}

std::uint64_t ScratchFile::append(const char* data, std::size_t size) {
    const std::uint64_t offset = m_end.fetch_add(size);
    std::uint64_t at = offset;
    while (size > 0) {
        const ssize_t count = ::pwrite(m_fd, data, size, static_cast<off_t>(at));
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            throw io_error(system_message("cannot write", "scratch file", count < 0 ? errno : EIO));
        }
        data += count;
        size -= static_cast<std::size_t>(count);
        at += static_cast<std::uint64_t>(count);
    }
    return offset;
}

std::size_t ScratchFile::read_at(std::uint64_t offset, char* buffer, std::size_t size) const {
    return read_fd_at(m_fd, offset, buffer, size, "scratch file", "cannot read back");
}

ScratchStream::ScratchStream(std::shared_ptr<ScratchFile> file, std::size_t buffer_size)
    : Sink(buffer_size), m_file(std::move(file)) {}

void ScratchStream::deliver(const char* data, std::size_t size) {
    const std::uint64_t offset = m_file->append(data, size);
    if (!m_chunks.empty() && m_chunks.back().file_offset + m_chunks.back().size == offset) {
        m_chunks.back().size += size; // right after this stream's last chunk: one chunk
    } else {
        m_chunks.push_back({m_size, offset, size});
    }
    m_size += size;
}

std::size_t ScratchStream::read_at(std::uint64_t offset, char* buffer, std::size_t size) const {
    if (offset >= m_size || size == 0) {
        return 0;
    }
    // The last chunk that starts at or before `offset`.
    const auto after = std::upper_bound(m_chunks.begin(), m_chunks.end(), offset,
                                        [](std::uint64_t at, const Chunk& chunk) { return at < chunk.start; });
    const Chunk& chunk = *(after - 1);
    const std::uint64_t within = offset - chunk.start;
    return m_file->read_at(chunk.file_offset + within, buffer,
                           static_cast<std::size_t>(std::min<std::uint64_t>(size, chunk.size - within)));
}

std::string ScratchStream::read_all() {
    drain();
    return read_whole(
        m_size, [this](std::uint64_t offset, char* buffer, std::size_t size) { return read_at(offset, buffer, size); });
}

} // namespace ocds
