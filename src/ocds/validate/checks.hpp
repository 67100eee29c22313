#pragma once

#include <ocds/io/document_kind.hpp>
#include <ocds/validate/findings.hpp>
#include <ocds/validate/profile.hpp>

#include <string>
#include <vector>

namespace ocds {

namespace detail {
class BinaryView;
} // namespace detail

/// Where a value stands in its input, for the findings about it.
struct Place {
    std::string pointer; ///< JSON Pointer of the value in its top-level value
    std::uint64_t line = 0;
    std::uint64_t document = 0;
};

/// Every check of one release: JSON Schema (valijson), then the OCDS checks (codelists,
/// deprecated, additional and empty fields, formats, ids, ocid prefix) and the coherence checks
/// (references, party roles, dates, amounts, currencies). Thread-safe.
void check_release(const ValidationProfile& profile, detail::BinaryView release, const Place& place,
                   std::vector<Finding>& findings);

/// A record: its own fields, its linked or embedded releases, its compiled release (also against
/// the merge of its embedded releases) and its versioned release (every check a release gets,
/// through the versioned release validation schema).
void check_record(const ValidationProfile& profile, detail::BinaryView record, const Place& place,
                  std::vector<Finding>& findings);

/// A versioned release on its own: every check a release gets, through the versioned release
/// validation schema of its version.
void check_versioned_release(const ValidationProfile& profile, detail::BinaryView release, const Place& place,
                             std::vector<Finding>& findings);

/// A package's metadata (the package without its items), given how many items it had.
void check_package(const ValidationProfile& profile, Kind kind, detail::BinaryView metadata, std::size_t items,
                   const Place& place, std::vector<Finding>& findings);

/// `value` as compact JSON, cut after `limit` characters (then `truncated` is set).
std::string render_json(detail::BinaryView value, std::size_t limit, bool& truncated);

/// `text` as a JSON string.
std::string json_string(std::string_view text);

/// The field path of a JSON Pointer: its tokens without array indexes, joined by '/'.
std::string field_of(const std::string& pointer);

} // namespace ocds
