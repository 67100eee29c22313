#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ocds {

/// A moment in time, in UTC, comparable across time zones.
struct Instant {
    std::int64_t seconds = 0; ///< since 1970-01-01T00:00:00Z
    std::uint32_t nanoseconds = 0;

    friend bool operator<(const Instant& a, const Instant& b) {
        return a.seconds != b.seconds ? a.seconds < b.seconds : a.nanoseconds < b.nanoseconds;
    }
};

/// RFC 3339 date-time with a mandatory offset (`2024-03-01T09:30:00-06:00`, `...Z`), as JSON
/// Schema's `date-time` format and OCDS require. Fills `instant` when given.
bool is_date_time(std::string_view text, Instant* instant = nullptr);

/// A full date `YYYY-MM-DD` (JSON Schema's `date` format).
bool is_date(std::string_view text);

/// An absolute URI (RFC 3986): a scheme, `:`, then only characters a URI may hold, with valid
/// percent escapes. Spaces and non-ASCII characters must be percent-encoded.
bool is_uri(std::string_view text);

/// An e-mail address in the loose sense validators use: one `@` with text on both sides, a dot
/// in the domain, and no spaces.
bool is_email(std::string_view text);

/// Characters (Unicode code points) of a UTF-8 text, as JSON Schema's minLength and maxLength
/// and Excel's sheet names count them.
std::size_t code_points(std::string_view text);

} // namespace ocds
