#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ocds {

/// Small file-system helpers shared by the release store, the publication builder and the
/// transfers. Every one throws io_error with the path and the system's reason.

/// Writes all `size` bytes to `fd`, again after EINTR. @throws io_error naming `name`
void write_fd_fully(int fd, const char* data, std::size_t size, const std::string& name);

/// Reads into `buffer` until it is full or the file ends, again after EINTR; returns the count
/// (less than `size` only at the end). @throws io_error naming `name`
std::size_t read_fd_fully(int fd, char* buffer, std::size_t size, const std::string& name);

/// Reads up to `size` bytes at `offset` (pread), again after EINTR; returns the count.
/// @throws io_error: "<failure> '<name>': <reason>"
std::size_t read_fd_at(int fd, std::uint64_t offset, char* buffer, std::size_t size, const std::string& name,
                       const char* failure = "cannot read");

/// The mode a file created the ordinary way gets: 0666 minus the umask. Temporary files
/// (mkstemp) are created 0600 and get this before they are renamed into place.
unsigned new_file_mode();

/// Creates one folder; an existing one is fine.
void make_directory(const std::string& path);

/// Creates a folder and its missing parents.
void make_directories(const std::string& path);

/// Writes a new file that must not exist yet (O_EXCL).
void write_new_file(const std::string& path, const std::string& bytes);

/// Replaces `path` atomically: the bytes go to a temporary file beside it, which is renamed
/// onto it, so a reader sees the old file or the new one, never part of one.
void replace_file(const std::string& path, const std::string& bytes);

/// The whole content of a file.
std::string read_file(const std::string& path);

/// `size` bytes at `offset` of a file. @throws io_error when it cannot be read or has fewer
std::string read_file_range(const std::string& path, std::uint64_t offset, std::uint64_t size);

/// What tells a file's version apart without reading it: its size, inode and modification time
/// ("size:inode:seconds.nanoseconds"); "" when there is no such regular file. Rewritten in place
/// or replaced, a file gets another stamp.
std::string file_stamp(const std::string& path);

/// Copies `source` over `target` in pieces (files can be larger than memory), through a
/// temporary file renamed into place.
void copy_file_replacing(const std::string& source, const std::string& target);

/// Puts a hard link to `source` over `target`, through a temporary name renamed into place;
/// false when the file system cannot link them (another file system, no links): nothing done.
/// @throws io_error when the link cannot be put in place
bool link_file_replacing(const std::string& source, const std::string& target);

/// Whether `path` exists (any kind of file).
bool path_exists(const std::string& path);

/// The size of a regular file, or -1 when there is none.
std::int64_t file_size(const std::string& path);

/// Flushes the whole file system that holds `path` (data and directory entries) with syncfs.
void sync_file_system(const std::string& path);

/// Asks the kernel to start writing bytes [offset, offset + size) of the file `fd` to disk, not
/// waiting for them (sync_file_range's SYNC_FILE_RANGE_WRITE): a build's gigabytes then reach the
/// disk while it works instead of all in the sync before its version is committed. Best effort:
/// a failure is the later sync's to report.
void start_writeback(int fd, std::uint64_t offset, std::uint64_t size) noexcept;

/// Bytes written to one file between two start_writeback calls: big files only, in big pieces.
constexpr std::uint64_t writeback_step = std::uint64_t{8} << 20;

/// Hands a file's bytes to start_writeback as it grows: each writeback_step written, and at the
/// end the rest of a file that took at least one step (small files are left to the kernel).
class WritebackPacer {
public:
    /// After the file `fd` was written up to `position`.
    void wrote(int fd, std::uint64_t position) noexcept {
        if (position - m_handed >= writeback_step) {
            start_writeback(fd, m_handed, position - m_handed);
            m_handed = position;
        }
    }

    /// The file is complete at `position`.
    void finish(int fd, std::uint64_t position) const noexcept {
        if (m_handed > 0) {
            start_writeback(fd, m_handed, position - m_handed);
        }
    }

    /// The file was cut back to `position`.
    void cut(std::uint64_t position) noexcept { m_handed = position < m_handed ? position : m_handed; }

private:
    std::uint64_t m_handed = 0; ///< the bytes before this were handed to start_writeback
};

/// Writes `parts` one after another into the new file `target`, in pieces (a part can be
/// large); returns the sha256 of the result and sets `size` to its length.
std::string concatenate_files(const std::vector<std::string>& parts, const std::string& target, std::uint64_t& size);

/// The hex SHA-256 of a file's content, read in pieces.
std::string sha256_file(const std::string& path);

/// The hex SHA-256 of the running program's file, hashed once per process (a program that maps
/// or builds again, such as the fuzzer or `update`, would otherwise hash itself every time);
/// "" when it cannot be read. What a rebuilt program's output may differ by is keyed on it.
const std::string& program_sha256();

/// Whether two files hold the same bytes (read in pieces: they can be larger than memory).
bool same_file_contents(const std::string& a, const std::string& b);

/// Removes a folder and everything in it (it need not exist).
void remove_tree(const std::string& path);

/// Where scratch files go when nothing else is said: $TMPDIR, else /tmp.
std::string temporary_directory();

/// The folder part of a path ("." when there is none).
std::string parent_directory(const std::string& path);

/// Whether `path` names a regular file (following links): how schema, extension and codelist
/// files are looked for.
bool is_regular_file(const std::string& path);

/// The names in a folder (without "." and ".."), sorted; none when it does not exist.
/// @throws io_error when it exists but cannot be read
std::vector<std::string> list_directory(const std::string& path);

/// An exclusive lock on a file (flock), held until this object goes or the process dies (a
/// crashed holder never leaves a stale lock). The file holds the holder's process id.
class FileLock {
public:
    /// Takes the lock, creating the file, or returns nullptr when another process holds it
    /// (`holder` then says its process id, when the file tells).
    /// @throws io_error when the file cannot be created or locked for another reason
    static std::unique_ptr<FileLock> try_lock(const std::string& path, std::string* holder = nullptr);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    explicit FileLock(int fd) : m_fd(fd) {}
    int m_fd;
};

} // namespace ocds
