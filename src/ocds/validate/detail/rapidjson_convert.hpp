#pragma once

// Conversions into RapidJSON documents, for valijson. Include detail/json.hpp first.

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/detail/json.hpp>
#include <ocds/core/value.hpp>

#include <memory>

namespace ocds::detail {

/// A copy of `value` (numbers written as integers become integers, so that JSON Schema's
/// "integer" means what it says; others become doubles, 1e400 becoming infinity: still a number).
std::unique_ptr<rapidjson::Document> to_document(const Value& value);

/// `view` as a RapidJSON value whose strings point into the view's bytes (not copied): the view
/// must outlive `out`.
void view_into(BinaryView view, rapidjson::Value& out, rapidjson::Document::AllocatorType& allocator);

} // namespace ocds::detail
