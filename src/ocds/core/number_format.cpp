#include <ocds/core/number_format.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ocds {

std::string with_commas(std::uint64_t number) {
    std::string digits = std::to_string(number);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
        digits.insert(static_cast<std::size_t>(at), ",");
    }
    return digits;
}

std::string count_of(std::uint64_t count, const char* singular, const char* plural) {
    return with_commas(count) + " " + (count == 1 ? singular : plural);
}

std::string size_text(std::uint64_t bytes) {
    char text[32];
    if (bytes < 1000) {
        return count_of(bytes, "byte", "bytes");
    }
    // The limits are where rounding to one decimal would show 1000.0 of the smaller unit.
    if (bytes < 999950) {
        std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1e3);
    } else if (bytes < 999950000) {
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    } else {
        std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / 1e9);
    }
    return text;
}

std::string duration_text(double seconds) {
    const auto whole = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    char text[32];
    if (whole < 60) {
        std::snprintf(text, sizeof text, "%lld s", whole);
    } else if (whole < 3600) {
        std::snprintf(text, sizeof text, "%lld min %02lld s", whole / 60, whole % 60);
    } else {
        std::snprintf(text, sizeof text, "%lld h %02lld min", whole / 3600, whole % 3600 / 60);
    }
    return text;
}

} // namespace ocds
