#include <ocds/core/file_names.hpp>

#include <ocds/core/error.hpp>

namespace ocds {

namespace {

constexpr std::size_t max_file_name = 240;

} // namespace

std::string escaped_file_name(const std::string& id, bool keep_capitals, const char* what) {
    static const char hex[] = "0123456789abcdef";
    std::string name;
    for (const char c : id) {
        if ((c >= 'a' && c <= 'z') || (keep_capitals && c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
            name += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            name += '_';
            name += hex[byte >> 4];
            name += hex[byte & 15];
        }
    }
    if (name.empty() || name.size() > max_file_name) {
        // No location here: the caller knows where the id came from and says so.
        throw error(std::string("the ") + what + " \"" + id.substr(0, 80) + "\" is " +
                    (name.empty() ? "empty" : "too long to name a file"));
    }
    return name;
}

} // namespace ocds
