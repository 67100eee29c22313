#include <ocds/files.hpp>

#include <ocds/error.hpp>
#include <ocds/schemas.hpp>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocds {

namespace {

void write_all(int fd, const std::string& path, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (wrote < 0 && errno == EINTR) {
            continue;
        }
        if (wrote <= 0) {
            const int error = errno;
            ::close(fd);
            throw io_error(system_message("cannot write", path, error));
        }
        done += static_cast<std::size_t>(wrote);
    }
    if (::close(fd) != 0) {
        throw io_error(system_message("cannot write", path, errno));
    }
}

} // namespace

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

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw io_error(system_message("cannot read", path, errno));
    }
    return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
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

} // namespace ocds
