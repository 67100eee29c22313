#include <ocds/core/sink.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>

#include <cerrno>
#include <cstdlib>

#include <unistd.h>

namespace ocds {

SpoolFile::SpoolFile(const std::string& directory, std::size_t buffer_size) : Sink(buffer_size) {
    std::string name = directory + "/.ocds-spool-XXXXXX";
    m_fd = ::mkstemp(name.data());
    if (m_fd < 0) {
        throw io_error(system_message("cannot create a scratch file in", directory, errno));
    }
    ::unlink(name.c_str());
}

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
    std::string content(static_cast<std::size_t>(m_size), '\0');
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

} // namespace ocds
