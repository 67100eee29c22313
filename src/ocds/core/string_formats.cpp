#include <ocds/core/string_formats.hpp>

#include <ocds/core/time_zone.hpp> // days_from_civil

namespace ocds {

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
    if (at + count > text.size()) {
        return false;
    }
    value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

bool parse_date(std::string_view text, int& year, int& month, int& day) {
    return digits(text, 0, 4, year) && text.size() >= 10 && text[4] == '-' && digits(text, 5, 2, month) &&
           text[7] == '-' && digits(text, 8, 2, day) && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

} // namespace

bool is_date(std::string_view text) {
    int year = 0, month = 0, day = 0;
    return text.size() == 10 && parse_date(text, year, month, day);
}

bool is_date_time(std::string_view text, Instant* instant) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!parse_date(text, year, month, day) || text.size() < 20 || (text[10] != 'T' && text[10] != 't') ||
        !digits(text, 11, 2, hour) || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
        !digits(text, 17, 2, second) || hour > 23 || minute > 59 || second > 60) {
        return false;
    }
    std::size_t at = 19;
    std::uint32_t nanoseconds = 0;
    if (text[at] == '.') {
        const std::size_t start = ++at;
        std::uint32_t scale = 100000000;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            nanoseconds += static_cast<std::uint32_t>(text[at] - '0') * scale;
            scale /= 10;
            ++at;
        }
        if (at == start) {
            return false;
        }
    }
    int offset_minutes = 0;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int offset_hour = 0, offset_minute = 0;
        if (!digits(text, at + 1, 2, offset_hour) || at + 3 >= text.size() || text[at + 3] != ':' ||
            !digits(text, at + 4, 2, offset_minute) || offset_hour > 23 || offset_minute > 59) {
            return false;
        }
        offset_minutes = (offset_hour * 60 + offset_minute) * (text[at] == '-' ? -1 : 1);
        at += 6;
    } else {
        return false;
    }
    if (at != text.size()) {
        return false;
    }
    if (instant) {
        const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
        instant->seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
        instant->nanoseconds = nanoseconds;
    }
    return true;
}

bool is_uri(std::string_view text) {
    if (text.empty() || !is_alpha(text[0])) {
        return false;
    }
    std::size_t at = 1;
    while (at < text.size() && (is_alpha(text[at]) || (text[at] >= '0' && text[at] <= '9') || text[at] == '+' ||
                                text[at] == '-' || text[at] == '.')) {
        ++at;
    }
    if (at == text.size() || text[at] != ':') {
        return false;
    }
    static const std::string_view allowed = "-._~:/?#[]@!$&'()*+,;=";
    for (++at; at < text.size(); ++at) {
        const char c = text[at];
        if (c == '%') {
            if (at + 2 >= text.size() || !is_hex(text[at + 1]) || !is_hex(text[at + 2])) {
                return false;
            }
            at += 2;
        } else if (!is_alpha(c) && !(c >= '0' && c <= '9') && allowed.find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

bool is_email(std::string_view text) {
    const auto at = text.find('@');
    if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const std::string_view domain = text.substr(at + 1);
    const auto dot = domain.find('.');
    if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') {
        return false;
    }
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
    }
    return true;
}

std::size_t code_points(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    return count;
}

} // namespace ocds
