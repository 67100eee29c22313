#pragma once

// What SchemaValidator and ValidationProfile share in driving valijson. Include detail/json.hpp
// first (valijson's adapter must come before RapidJSON).

#include <ocds/core/detail/json.hpp>
#include <ocds/core/value.hpp>

#include <valijson/schema.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ocds::detail {

/// Parses `document` (JSON Schema draft 4) into `schema`. A `$ref` to an OCDS schema's canonical
/// URL is read from the bundled copy in `schemas_dir`, after `prepare` (when given) has had it.
/// @return "" on success, else why the schema cannot be used
std::string parse_schema(const rapidjson::Document& document, valijson::Schema& schema, const std::string& schemas_dir,
                         const std::function<void(Value&)>& prepare = {});

/// valijson's context ("<root>", "[tender]", "[items]", "[0]") as a JSON Pointer.
std::string context_pointer(const std::vector<std::string>& context);

} // namespace ocds::detail
