#pragma once

#include <ocds/core/value.hpp>
#include <ocds/indicators/process_facts.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

/// How the indicators write their figures: every number as the same JSON text on every machine.
namespace ocds::detail {

/// A decimal rendering with at most `places` decimals and no trailing zeros ("-0" is "0").
Value decimal(long double number, int places);

/// A whole number.
Value count(std::uint64_t number);

/// `part` of `whole` as a fraction with four decimals; null when `whole` is not positive.
Value share(long double part, long double whole);

/// `count` per process with four decimals; null without processes.
Value per_process(std::uint64_t count, std::uint64_t processes);

/// The sums by currency, each with two decimals.
Value amounts(const Amounts& sums);

/// The sum in `currency` (0 without one).
long double in_currency(const Amounts& sums, const std::string& currency);

/// The text, or null when it is empty.
Value optional_text(const std::string& text);

/// An object of `members`, in their order.
Value object_of(std::initializer_list<std::pair<const char*, Value>> members);

} // namespace ocds::detail
