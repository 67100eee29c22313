#pragma once

// A compact binary form of Value for scratch files: much faster to write and read back than
// JSON, since nothing is escaped or validated twice. Not a file format: only this program, in
// one run, reads what it wrote.

#include <ocds/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ocds::detail {

void put_varint(std::string& out, std::uint64_t number);
std::uint64_t get_varint(const char*& cursor);

void encode(const Value& value, std::string& out);

/// Decodes one value at `cursor` and moves the cursor past it.
Value decode(const char*& cursor);

inline std::string_view get_bytes(const char*& cursor) {
    const auto size = static_cast<std::size_t>(get_varint(cursor));
    std::string_view bytes(cursor, size);
    cursor += size;
    return bytes;
}

} // namespace ocds::detail
