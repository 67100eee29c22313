#include <ocds/core/time_zone.hpp>

#include <ocds/core/error.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace ocds {

namespace {

std::int64_t read_big_endian(const unsigned char* bytes, int size) {
    std::uint64_t value = 0;
    for (int i = 0; i < size; ++i) {
        value = (value << 8) | bytes[i];
    }
    if (size == 4) {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
    }
    return static_cast<std::int64_t>(value);
}

/// The counts of a TZif header (RFC 8536 §3.1).
struct TzifCounts {
    std::int64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

TzifCounts read_counts(const unsigned char* header) {
    return {read_big_endian(header + 20, 4), read_big_endian(header + 24, 4), read_big_endian(header + 28, 4),
            read_big_endian(header + 32, 4), read_big_endian(header + 36, 4), read_big_endian(header + 40, 4)};
}

} // namespace

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
    // Howard Hinnant's public-domain algorithm, written out from its description.
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

std::string format_offset(std::int32_t offset_seconds) {
    const char sign = offset_seconds < 0 ? '-' : '+';
    const std::int32_t minutes = (offset_seconds < 0 ? -offset_seconds : offset_seconds) / 60;
    char text[16];
    std::snprintf(text, sizeof text, "%c%02d:%02d", sign, minutes / 60, minutes % 60);
    return text;
}

std::string format_utc(std::int64_t seconds) {
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    // Inverse of days_from_civil.
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<unsigned>(days - era * 146097);
    const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned mp = (5 * day_of_year + 2) / 153;
    const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2);
    char text[64];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(year), month, day,
                  static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
    return text;
}

TimeZone TimeZone::utc() {
    TimeZone zone;
    zone.m_name = "UTC";
    return zone;
}

TimeZone TimeZone::load(const std::string& name, const std::string& zoneinfo_dir) {
    if (name.empty() || name.find("..") != std::string::npos || name.front() == '/') {
        throw precondition_error("unknown time zone '" + name +
                                 "' (expected a tz database name such as America/Monterrey)");
    }
    std::ifstream file(zoneinfo_dir + "/" + name, std::ios::binary);
    const bool opened = static_cast<bool>(file);
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    if (!opened || bytes.size() < 44 || bytes.compare(0, 4, "TZif") != 0) {
        throw precondition_error("unknown time zone '" + name + "': no tz database file " + zoneinfo_dir + "/" + name);
    }
    // Version 2+ files repeat the data with 64-bit times after the version 1 block; use those.
    TzifCounts counts = read_counts(data);
    std::size_t at = 44;
    int time_size = 4;
    if (bytes[4] >= '2') {
        at += counts.timecnt * 5 + counts.typecnt * 6 + counts.charcnt + counts.leapcnt * 8 + counts.isstdcnt +
              counts.isutcnt;
        if (bytes.size() < at + 44 || bytes.compare(at, 4, "TZif") != 0) {
            throw precondition_error("time zone file of '" + name + "' is damaged");
        }
        counts = read_counts(data + at);
        at += 44;
        time_size = 8;
    }
    const std::size_t needed = at + counts.timecnt * (time_size + 1) + counts.typecnt * 6;
    if (bytes.size() < needed || counts.typecnt == 0) {
        throw precondition_error("time zone file of '" + name + "' is damaged");
    }
    TimeZone zone;
    zone.m_name = name;
    const std::size_t indexes = at + counts.timecnt * time_size;
    const std::size_t types = indexes + counts.timecnt;
    auto type_offset = [&](std::size_t type) {
        return static_cast<std::int32_t>(read_big_endian(data + types + type * 6, 4));
    };
    zone.m_initial_offset = type_offset(0);
    for (std::int64_t i = 0; i < counts.timecnt; ++i) {
        const std::size_t type = data[indexes + i];
        if (type >= static_cast<std::size_t>(counts.typecnt)) {
            throw precondition_error("time zone file of '" + name + "' is damaged");
        }
        zone.m_transitions.push_back(read_big_endian(data + at + i * time_size, time_size));
        zone.m_offsets.push_back(type_offset(type));
    }
    return zone;
}

std::int32_t TimeZone::offset_of_local(std::int64_t local_seconds) const {
    // A local time t is at UTC t - offset; find the last transition at or before that instant,
    // trying the offset in force before each candidate transition.
    std::int32_t offset = m_initial_offset;
    for (std::size_t i = 0; i < m_transitions.size(); ++i) {
        if (local_seconds - offset < m_transitions[i]) {
            break;
        }
        offset = m_offsets[i];
    }
    return offset;
}

} // namespace ocds
