#include <ocds/core/files.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/sha256.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocds {

namespace {

/// Writes every byte; closes `fd` when it fails.
void write_bytes(int fd, const std::string& path, const char* data, std::size_t size) {
    try {
        write_fd_fully(fd, data, size, path);
    } catch (...) {
        ::close(fd);
        throw;
    }
}

/// Writes the bytes and closes the file.
void write_all(int fd, const std::string& path, const std::string& bytes) {
    write_bytes(fd, path, bytes.data(), bytes.size());
    if (::close(fd) != 0) {
        throw io_error(system_message("cannot write", path, errno));
    }
}

} // namespace

void write_fd_fully(int fd, const char* data, std::size_t size, const std::string& name) {
    while (size > 0) {
        const ssize_t count = ::write(fd, data, size);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            throw io_error(system_message("cannot write", name, count < 0 ? errno : EIO));
        }
        data += count;
        size -= static_cast<std::size_t>(count);
    }
}

std::size_t read_fd_fully(int fd, char* buffer, std::size_t size, const std::string& name) {
    std::size_t total = 0;
    while (total < size) {
        const ssize_t count = ::read(fd, buffer + total, size - total);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count < 0) {
            throw io_error(system_message("cannot read", name, errno));
        }
        if (count == 0) {
            break;
        }
        total += static_cast<std::size_t>(count);
    }
    return total;
}

std::size_t read_fd_at(int fd, std::uint64_t offset, char* buffer, std::size_t size, const std::string& name,
                       const char* failure) {
    for (;;) {
        const ssize_t count = ::pread(fd, buffer, size, static_cast<off_t>(offset));
        if (count >= 0) {
            return static_cast<std::size_t>(count);
        }
        if (errno != EINTR) {
            throw io_error(system_message(failure, name, errno));
        }
    }
}

std::string temporary_directory() {
    const char* tmp = std::getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

std::string parent_directory(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

bool is_regular_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::vector<std::string> list_directory(const std::string& path) {
    std::vector<std::string> names;
    DIR* directory = ::opendir(path.c_str());
    if (directory == nullptr) {
        if (errno == ENOENT) {
            return names;
        }
        throw io_error(system_message("cannot read the folder", path, errno));
    }
    while (const dirent* entry = ::readdir(directory)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") {
            names.push_back(name);
        }
    }
    ::closedir(directory);
    std::sort(names.begin(), names.end());
    return names;
}

unsigned new_file_mode() {
    static const unsigned mode = [] {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        return static_cast<unsigned>(0666 & ~mask);
    }();
    return mode;
}

void make_directory(const std::string& path) {
    if (::mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) {
        throw io_error(system_message("cannot create the folder", path, errno));
    }
}

void make_directories(const std::string& path) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        make_directory(path.substr(0, slash));
    }
    make_directory(path);
}

void write_new_file(const std::string& path, const std::string& bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw io_error(system_message("cannot create", path, errno));
    }
    write_all(fd, path, bytes);
}

void replace_file(const std::string& path, const std::string& bytes) {
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw io_error(system_message("cannot create", temporary, errno));
    }
    write_all(fd, temporary, bytes);
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw io_error(system_message("cannot replace", path, error));
    }
}

void copy_file_replacing(const std::string& source, const std::string& target) {
    const std::string temporary = target + ".tmp-" + std::to_string(::getpid());
    ::unlink(temporary.c_str()); // left by a copy that stopped half way
    std::uint64_t size = 0;
    try {
        concatenate_files({source}, temporary, size);
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw io_error(system_message("cannot replace", target, error));
    }
}

bool link_file_replacing(const std::string& source, const std::string& target) {
    const std::string temporary = target + ".tmp-" + std::to_string(::getpid());
    ::unlink(temporary.c_str()); // left by a copy that stopped half way
    if (::link(source.c_str(), temporary.c_str()) != 0) {
        return false;
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw io_error(system_message("cannot replace", target, error));
    }
    return true;
}

std::string read_file_range(const std::string& path, std::uint64_t offset, std::uint64_t size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw io_error(system_message("cannot read", path, errno));
    }
    std::string bytes(size, '\0');
    std::size_t done = 0;
    try {
        done = read_fd_at(fd, offset, bytes.data(), bytes.size(), path);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    if (done != size) {
        throw io_error(path + ": the file ends before the " + std::to_string(size) + " bytes at " +
                       std::to_string(offset) + " that it had");
    }
    return bytes;
}

std::string file_stamp(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        return "";
    }
    return std::to_string(info.st_size) + ":" + std::to_string(info.st_ino) + ":" +
           std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

std::string read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw io_error(system_message("cannot read", path, errno));
    }
    // Read in one go at the size the file has now (a build reads thousands of small files), and
    // on to the end if it grew meanwhile.
    struct stat info {};
    std::string bytes;
    try {
        if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
            bytes.resize(static_cast<std::size_t>(info.st_size));
            bytes.resize(read_fd_fully(fd, bytes.data(), bytes.size(), path));
        }
        char buffer[65536];
        for (std::size_t got; (got = read_fd_fully(fd, buffer, sizeof buffer, path)) > 0;) {
            bytes.append(buffer, got);
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    return bytes;
}

bool path_exists(const std::string& path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0;
}

std::int64_t file_size(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        return -1;
    }
    return static_cast<std::int64_t>(info.st_size);
}

void sync_file_system(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw io_error(system_message("cannot open the folder", path, errno));
    }
    const int result = ::syncfs(fd);
    const int error = errno;
    ::close(fd);
    if (result != 0) {
        throw io_error(system_message("cannot sync the file system of", path, error));
    }
}

std::string concatenate_files(const std::vector<std::string>& parts, const std::string& target, std::uint64_t& size) {
    const int out = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0) {
        throw io_error(system_message("cannot create", target, errno));
    }
    Sha256 hash;
    std::vector<char> buffer(1 << 20);
    WritebackPacer writeback;
    size = 0;
    for (const auto& part : parts) {
        const int in = ::open(part.c_str(), O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            const int error = errno;
            ::close(out);
            throw io_error(system_message("cannot read", part, error));
        }
        for (;;) {
            std::size_t got = 0;
            try {
                got = read_fd_fully(in, buffer.data(), buffer.size(), part);
            } catch (...) {
                ::close(in);
                ::close(out);
                throw;
            }
            if (got == 0) {
                break;
            }
            hash.update(buffer.data(), got);
            try {
                write_bytes(out, target, buffer.data(), got);
            } catch (...) {
                ::close(in);
                throw;
            }
            size += got;
            writeback.wrote(out, size);
        }
        ::close(in);
    }
    writeback.finish(out, size);
    if (::close(out) != 0) {
        throw io_error(system_message("cannot write", target, errno));
    }
    return hash.hex();
}

void start_writeback(int fd, std::uint64_t offset, std::uint64_t size) noexcept {
    if (size > 0) {
        ::sync_file_range(fd, static_cast<off_t>(offset), static_cast<off_t>(size), SYNC_FILE_RANGE_WRITE);
    }
}

void remove_tree(const std::string& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        return;
    }
    if (S_ISDIR(info.st_mode)) {
        for (const auto& name : list_directory(path)) {
            remove_tree(path + "/" + name);
        }
        if (::rmdir(path.c_str()) != 0) {
            throw io_error(system_message("cannot remove the folder", path, errno));
        }
    } else if (::unlink(path.c_str()) != 0) {
        throw io_error(system_message("cannot remove", path, errno));
    }
}

bool same_file_contents(const std::string& a, const std::string& b) {
    if (file_size(a) != file_size(b)) {
        return false;
    }
    std::ifstream left(a, std::ios::binary);
    std::ifstream right(b, std::ios::binary);
    if (!left || !right) {
        throw io_error("cannot read '" + std::string(left ? b : a) + "'");
    }
    std::vector<char> one(1 << 18), other(1 << 18);
    for (;;) {
        left.read(one.data(), static_cast<std::streamsize>(one.size()));
        right.read(other.data(), static_cast<std::streamsize>(other.size()));
        const std::streamsize got = left.gcount();
        if (got != right.gcount() || !std::equal(one.begin(), one.begin() + got, other.begin())) {
            return false;
        }
        if (got == 0 || !left) {
            return !right || right.peek() == EOF;
        }
    }
}

std::unique_ptr<FileLock> FileLock::try_lock(const std::string& path, std::string* holder) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw io_error(system_message("cannot open the lock file", path, errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        if (error == EWOULDBLOCK && holder) {
            char text[32] = {};
            const ssize_t got = ::pread(fd, text, sizeof text - 1, 0);
            *holder = got > 0 ? std::string(text, static_cast<std::size_t>(got)) : std::string();
            while (!holder->empty() && (holder->back() == '\n' || holder->back() == ' ')) {
                holder->pop_back();
            }
        }
        ::close(fd);
        if (error == EWOULDBLOCK) {
            return nullptr;
        }
        throw io_error(system_message("cannot lock", path, error));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        const int error = errno;
        ::close(fd);
        throw io_error(system_message("cannot write", path, error));
    }
    return std::unique_ptr<FileLock>(new FileLock(fd));
}

FileLock::~FileLock() {
    ::close(m_fd); // releases the lock; the file stays, so that nobody locks a file being removed
}

std::string sha256_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw io_error(system_message("cannot read", path, errno));
    }
    Sha256 hash;
    std::vector<char> buffer(1 << 16);
    try {
        while (const std::size_t got = read_fd_fully(fd, buffer.data(), buffer.size(), path)) {
            hash.update(buffer.data(), got);
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    return hash.hex();
}

const std::string& program_sha256() {
    static const std::string digest = [] {
        try {
            return sha256_file("/proc/self/exe");
        } catch (const error&) {
            return std::string();
        }
    }();
    return digest;
}

} // namespace ocds
