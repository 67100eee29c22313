// What the libFuzzer targets share: the input as a file (the library reads paths), a scratch
// folder, and the one outcome that is fine besides success: an ocds::error, which the CLI turns
// into a message and exit 1. A crash, a sanitizer report, a hang, a leak or an exception of
// another type is a bug.
#pragma once

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/schema/bundled_schemas.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace fuzz {

/// The fuzzer's bytes as an in-memory file, named by a path the reader can open.
class InputFile {
public:
    InputFile(const std::uint8_t* data, std::size_t size) {
        m_fd = memfd_create("ocds-fuzz", 0);
        if (m_fd < 0) {
            std::abort(); // the machine, not the input: stop the run rather than fuzz nothing
        }
        ocds::write_fd_fully(m_fd, reinterpret_cast<const char*>(data), size, "fuzz input");
        m_path = "/proc/self/fd/" + std::to_string(m_fd);
    }
    ~InputFile() { close(m_fd); }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const std::string& path() const noexcept { return m_path; }

private:
    int m_fd = -1;
    std::string m_path;
};

/// The bundled schemas (found once).
inline const std::string& schemas_dir() {
    static const std::string dir = ocds::find_schemas_dir();
    return dir;
}

/// A scratch folder of this process, emptied before each input (outputs, spill files).
inline const std::string& scratch_dir() {
    // Never destroyed: the exit handler below still needs it after static destructors ran.
    static const std::string* const dir = [] {
        const std::string base = ocds::path_exists("/dev/shm") ? "/dev/shm" : "/tmp";
        auto* path = new std::string(base + "/ocds-fuzz-" + std::to_string(getpid()));
        ocds::make_directories(*path);
        // libFuzzer ends a timed run with exit(): the folder goes with it (a crash leaves it to
        // look at).
        std::atexit([] {
            try {
                ocds::remove_tree(scratch_dir());
            } catch (const ocds::error&) {
            }
        });
        return path;
    }();
    return *dir;
}

inline void empty_scratch_dir() {
    for (const auto& name : ocds::list_directory(scratch_dir())) {
        ocds::remove_tree(scratch_dir() + "/" + name);
    }
}

} // namespace fuzz

/// Runs `body`; an ocds::error is the expected answer to most inputs.
#define OCDS_FUZZ_EXPECTING_ERRORS(body)                                                                               \
    try {                                                                                                              \
        body                                                                                                           \
    } catch (const ocds::error&) {                                                                                     \
    }
