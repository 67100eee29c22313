// libFuzzer target: any bytes through the reader and the validator. Errors the library reports
// (ocds::error) are the expected outcome for most inputs; a crash, a sanitizer report, a hang or
// an exception of another type is a bug.

#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/validate/validation.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

class CountingSink : public ocds::FindingSink {
public:
    void begin_file(const std::string&) override {}
    void add(const ocds::Finding& finding) override { total += finding.path.size() + finding.message.size(); }
    void end_file(const ocds::FileSummary&) override {}
    std::size_t total = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string schemas = ocds::find_schemas_dir();
    // The reader takes a path: give it an in-memory file.
    const int fd = memfd_create("ocds-fuzz", 0);
    if (fd < 0) {
        return 0;
    }
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = write(fd, data + written, size - written);
        if (n <= 0) {
            close(fd);
            return 0;
        }
        written += static_cast<std::size_t>(n);
    }
    ocds::ValidateOptions options;
    options.sources.schemas_dir = schemas;
    options.threads = 2;
    options.read.max_depth = 200;
    CountingSink sink;
    try {
        ocds::validate_file("/proc/self/fd/" + std::to_string(fd), options, sink);
    } catch (const ocds::error&) {
        // reported to the user as an error: fine
    }
    close(fd);
    return 0;
}
