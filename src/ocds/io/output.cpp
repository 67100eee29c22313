#include <ocds/io/output.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/io/gzip.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocds {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

Output::Output(const std::string& path, OutputOptions options) : m_path(path), m_options(options) {
    if (is_stdout()) {
        m_fd = STDOUT_FILENO;
        return;
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            throw io_error("cannot write '" + path + "': it is a directory");
        }
        if (!S_ISREG(info.st_mode)) {
            // A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written as it is: there is
            // nothing to replace atomically, and renaming onto it would replace the device.
            m_fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
            if (m_fd < 0) {
                throw io_error(system_message("cannot open", path, errno));
            }
            m_direct = true;
            start_gzip_if_named();
            return;
        }
        if (!options.overwrite) {
            throw io_error("'" + path + "' exists already", {"overwrite"});
        }
    }
    std::string name = path + ".tmp-XXXXXX";
    m_fd = ::mkstemp(name.data());
    if (m_fd < 0) {
        throw io_error(system_message("cannot create a file in", parent_directory(path), errno));
    }
    m_temp_path = name;
    start_gzip_if_named();
}

void Output::start_gzip_if_named() {
    if (ends_with(m_path, ".gz") && !m_options.raw) {
        m_gzip = std::make_unique<GzipCompressor>([this](const char* data, std::size_t size) { write_fd(data, size); },
                                                  m_path);
    }
}

Output::~Output() {
    if (!m_committed) {
        discard();
    }
}

void Output::deliver(const char* data, std::size_t size) {
    if (m_gzip) {
        m_gzip->compress(data, size);
    } else {
        write_fd(data, size);
    }
}

std::size_t Output::read_back(std::uint64_t offset, char* buffer, std::size_t size) {
    drain();
    return read_fd_at(m_fd, offset, buffer, size, m_temp_path, "cannot read back");
}

void Output::truncate(std::uint64_t offset) {
    drain();
    if (::ftruncate(m_fd, static_cast<off_t>(offset)) != 0 || ::lseek(m_fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
        throw io_error(system_message("cannot rewrite", m_temp_path, errno));
    }
    restart_count(offset);
    m_position = offset;
    m_writeback.cut(offset);
}

void Output::write_fd(const char* data, std::size_t size) {
    if (m_options.sha256) {
        m_hash.update(data, size);
    }
    m_file_bytes += size;
    write_fd_fully(m_fd, data, size, is_stdout() ? std::string("<stdout>") : m_path);
    m_position += size;
    if (!m_direct && !is_stdout()) {
        m_writeback.wrote(m_fd, m_position);
    }
}

void Output::finish() {
    if (m_finished) {
        return;
    }
    drain();
    if (m_gzip) {
        m_gzip->finish();
    }
    m_finished = true;
    if (is_stdout()) {
        return;
    }
    if (!m_direct) {
        m_writeback.finish(m_fd, m_position);
    }
    try {
        if (!m_direct && (::fchmod(m_fd, new_file_mode()) != 0 || (m_options.fsync && ::fsync(m_fd) != 0))) {
            throw io_error(system_message("cannot write", m_path, errno));
        }
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0) {
            throw io_error(system_message("cannot write", m_path, errno));
        }
    } catch (...) {
        discard();
        throw;
    }
}

void Output::commit() {
    finish();
    m_committed = true;
    if (is_stdout() || m_direct) {
        return;
    }
    try {
        if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0) {
            throw io_error(system_message("cannot rename the finished file onto", m_path, errno));
        }
        m_temp_path.clear();
        if (m_options.fsync) {
            const int dir = ::open(parent_directory(m_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dir >= 0) {
                ::fsync(dir);
                ::close(dir);
            }
        }
    } catch (...) {
        discard();
        throw;
    }
}

void Output::discard() noexcept {
    if (is_stdout()) {
        return;
    }
    if (m_direct) {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        return;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_temp_path.empty()) {
        ::unlink(m_temp_path.c_str());
        m_temp_path.clear();
    }
}

} // namespace ocds
