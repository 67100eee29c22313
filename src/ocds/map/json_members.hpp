#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ocds {

/// The export query (schemas/consul/budget-projects.sql) writes each record as one JSON object
/// text without spaces ({"key":value,"key":value}, as json_strip_nulls does), its keys in the
/// query's order. These read and combine such texts without parsing their values, so that a
/// record put together from two of the server's texts has the very bytes the server would have
/// written for the whole (the mapper remembers records by their bytes). Spaces between members
/// (json_build_object's " : " and ", ") are read too.

/// The text of the value of `key` at the top of `object`; nullopt when the key is absent or the
/// text is not an object as the server writes one.
std::optional<std::string_view> json_member(std::string_view object, std::string_view key);

/// `base` with the members of `overlay`, written without spaces: a key of both takes the
/// overlay's value in the base's place, and an overlay member whose value is null is removed
/// (as json_strip_nulls would). An overlay key the base lacks goes just before the next overlay
/// key the base has (the end if none): the query's order, when the base is the record the query
/// wrote without those members. nullopt when either text is not an object as the server writes one.
std::optional<std::string> merge_json_objects(std::string_view base, std::string_view overlay);

} // namespace ocds
