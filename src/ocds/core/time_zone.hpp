#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ocds {

/// A time zone of the system's tz database (/usr/share/zoneinfo), for the one question the mapper
/// asks: what offset did a local wall-clock time have? A budget-project record may give a bare
/// date ("2024-02-15"), which means local midnight where the publisher is, and OCDS wants an
/// offset on every date-time. Mexico dropped daylight saving time in 2022, so the offset of a
/// date depends on the year: a rule table, not a constant, gives it.
class TimeZone {
public:
    /// @throws precondition_error when the zone is unknown or its file unreadable
    static TimeZone load(const std::string& name, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

    /// UTC itself (no file needed).
    static TimeZone utc();

    const std::string& name() const noexcept { return m_name; }

    /// The UTC offset in seconds of the local time given as seconds since 1970-01-01T00:00:00
    /// counted in local wall-clock time. A time that falls in a gap or overlap of a transition
    /// takes the offset in force just before it.
    std::int32_t offset_of_local(std::int64_t local_seconds) const;

private:
    std::string m_name;
    std::vector<std::int64_t> m_transitions; ///< UTC instants where the offset changes
    std::vector<std::int32_t> m_offsets;     ///< offset from each transition on
    std::int32_t m_initial_offset = 0;       ///< before the first transition (or always)
};

/// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

/// "+hh:mm" / "-hh:mm" for an offset in seconds ("Z" is never used: the offset is the point).
std::string format_offset(std::int32_t offset_seconds);

/// "YYYY-MM-DDTHH:MM:SSZ" of seconds since the epoch.
std::string format_utc(std::int64_t seconds);

} // namespace ocds
