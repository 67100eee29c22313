#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ocds {

/// PostgreSQL's jsonb writes an object as {"key": value, "key": value}: its keys sorted shorter
/// first, then byte by byte, each once. These read and combine such texts without parsing their
/// values, so that a record put together from two of the server's texts has the very bytes the
/// server would have written for the whole (the mapper remembers records by their bytes).

/// The text of the value of `key` at the top of `object`; nullopt when the key is absent or the
/// text is not an object as jsonb writes one.
std::optional<std::string_view> jsonb_member(std::string_view object, std::string_view key);

/// `base` with the members of `overlay` in their jsonb places: a key of both takes the overlay's
/// value, and an overlay member whose value is null is removed (as jsonb_strip_nulls would).
/// nullopt when either text is not an object as jsonb writes one.
std::optional<std::string> merge_jsonb_objects(std::string_view base, std::string_view overlay);

} // namespace ocds
