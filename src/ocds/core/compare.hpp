#pragma once

#include <ocds/core/value.hpp>

#include <string>
#include <vector>

namespace ocds {

/// JSON equality as data users mean it: numbers by value (1.0 == 1, 1e2 == 100, exact for any
/// size), objects regardless of member order, arrays in order.
bool json_equal(const Value& a, const Value& b);

/// Numbers by value, exactly, from their JSON text: <0, 0 or >0.
int compare_numbers(const std::string& a, const std::string& b);

/// One place where two values differ.
struct Difference {
    std::string pointer;  ///< JSON Pointer, relative to the values compared
    std::string expected; ///< the expected value as JSON (cut at 200 bytes); empty when unexpected
    std::string found;    ///< the value found as JSON (cut at 200 bytes); empty when missing
    std::string what;     ///< "expected 100, found 200", "missing (expected ...)", "unexpected (found ...)"
};

/// Every difference between `expected` and `found` (objects by member, arrays by position),
/// at most `limit` of them.
std::vector<Difference> differences(const Value& expected, const Value& found, std::size_t limit = 100);

} // namespace ocds
