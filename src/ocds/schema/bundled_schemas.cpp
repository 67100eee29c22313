#include <ocds/schema/bundled_schemas.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocds {

namespace {

bool has_schemas(const std::string& dir) {
    return is_regular_file(dir + "/1.1.5/release-schema.json");
}

std::string executable_dir() {
    char path[PATH_MAX];
    const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0) {
        return {};
    }
    std::string text(path, static_cast<std::size_t>(length));
    return text.substr(0, text.rfind('/'));
}

} // namespace

std::string find_schemas_dir(const std::string& explicit_dir) {
    if (!explicit_dir.empty()) {
        if (!has_schemas(explicit_dir)) {
            throw io_error("'" + explicit_dir + "' is not a schemas folder: it has no 1.1.5/release-schema.json");
        }
        return explicit_dir;
    }
    std::vector<std::string> candidates;
    const std::string exe_dir = executable_dir();
    if (!exe_dir.empty()) {
        candidates.push_back(exe_dir + "/../" OCDS_INSTALL_SCHEMAS_SUBDIR);
    }
    candidates.push_back(OCDS_SOURCE_SCHEMAS_DIR);
    std::string tried;
    for (const auto& dir : candidates) {
        if (has_schemas(dir)) {
            char resolved[PATH_MAX];
            return ::realpath(dir.c_str(), resolved) ? std::string(resolved) : dir;
        }
        tried += " " + dir;
    }
    throw io_error("cannot find the bundled OCDS schemas (looked in" + tried + ")", {"schemas-dir"});
}

} // namespace ocds
