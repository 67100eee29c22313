#pragma once

#include <cstdint>
#include <string>

namespace ocds {

// One way to write numbers for people, in every report, summary and progress line.

/// A whole number with thousands separators: 25,787.
std::string with_commas(std::uint64_t number);

/// `count` and the noun: "1 release", "25,787 releases".
std::string count_of(std::uint64_t count, const char* singular, const char* plural);

/// A size in decimal units: "512 bytes", "12.3 kB", "107.0 MB", "2.15 GB".
std::string size_text(std::uint64_t bytes);

/// A duration rounded for a person: "8 s", "3 min 20 s", "1 h 05 min".
std::string duration_text(double seconds);

} // namespace ocds
