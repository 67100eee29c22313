#pragma once

// Byte tests done eight bytes at a time, shared by the parser and the writer.

#include <cstdint>
#include <cstring>

namespace ocds::detail {

/// Whether any of the eight bytes at `bytes` is a control character, '"' or '\\': the bytes that
/// end a plain run inside a JSON string. It may say yes wrongly after such a byte, never no
/// wrongly: callers then look byte by byte.
inline bool may_end_plain_run(const char* bytes) {
    std::uint64_t word;
    std::memcpy(&word, bytes, 8);
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    const std::uint64_t control = (word - ones * 0x20) & ~word & highs;
    const std::uint64_t quote = word ^ (ones * '"');
    const std::uint64_t backslash = word ^ (ones * '\\');
    return (control | ((quote - ones) & ~quote & highs) | ((backslash - ones) & ~backslash & highs)) != 0;
}

} // namespace ocds::detail
