#include <ocds/core/html.hpp>

namespace ocds {

std::string escape_html(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    append_escaped_markup(out, text);
    return out;
}

void append_escaped_markup(std::string& out, std::string_view text, bool carriage_returns) {
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\r': out += carriage_returns ? "&#13;" : "\r"; break;
        default: out += c;
        }
    }
}

} // namespace ocds
