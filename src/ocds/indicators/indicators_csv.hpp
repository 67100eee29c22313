#pragma once

#include <ocds/core/value.hpp>

#include <string>

namespace ocds {

/// The groups of `indicators` (Indicators::result() or summary()) as CSV: one row per group, one
/// column per number (dotted paths, amounts per currency), RFC 4180.
std::string indicators_csv(const Value& indicators);

} // namespace ocds
