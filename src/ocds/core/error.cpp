#include <ocds/core/error.hpp>

#include <cstring>

namespace ocds {

std::string Location::to_string() const {
    std::string text = file.empty() ? std::string("<stdin>") : file;
    if (line > 0) {
        text += ':' + std::to_string(line) + ':' + std::to_string(column);
    }
    text += " (byte " + std::to_string(byte);
    if (!pointer.empty()) {
        text += ", at " + pointer;
    }
    if (document > 0) {
        text += ", JSON value " + std::to_string(document + 1);
    }
    text += ')';
    return text;
}

static std::string located_message(const Location& location, const std::string& reason) {
    return location.to_string() + ": " + reason;
}

parse_error::parse_error(Location location, const std::string& reason, std::vector<std::string> settings)
    : error(located_message(location, reason), std::move(settings)), m_location(std::move(location)), m_reason(reason) {
}

data_error::data_error(Location location, const std::string& reason, std::vector<std::string> settings)
    : error(located_message(location, reason), std::move(settings)), m_location(std::move(location)), m_reason(reason) {
}

std::string system_message(const std::string& what, const std::string& path, int errnum) {
    return what + " '" + path + "': " + std::strerror(errnum);
}

} // namespace ocds
