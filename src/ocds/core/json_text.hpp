#pragma once

#include <ocds/core/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ocds {

/// Why a text is not one acceptable JSON value.
struct JsonTextError {
    std::size_t offset = 0; ///< byte offset in the text
    std::string reason;
};

/// Parses `text` as exactly one JSON value, keeping numbers' exact text. Strings must be valid
/// UTF-8, nesting is limited to `max_depth`. Returns false (and fills `error`) otherwise.
bool parse_json_text(std::string_view text, Value& out, JsonTextError& error, std::size_t max_depth = 64);

} // namespace ocds
