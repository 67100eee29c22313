#pragma once

#include <ocds/core/value.hpp>

#include <string>

namespace ocds {

/// What one JSON value is, in OCDS terms.
enum class Kind {
    release_package,
    record_package,
    release,
    record,
    compiled_release,
    versioned_release,
    linked_release, ///< {url, date, tag}: how a record may point at a release published elsewhere
    other,          ///< JSON that is none of the above
};

/// "release package", "compiled release", ..., "other JSON value".
const char* kind_name(Kind kind) noexcept;

/// "release packages", "compiled releases", ..., "other JSON values".
const char* kind_plural(Kind kind) noexcept;

/// Whether an item of this kind is a release in any of its forms (release, compiled, versioned).
bool is_release_kind(Kind kind) noexcept;

/// Classifies a complete value by its top-level members, as ocdskit's detect-format does, with
/// versioned releases told apart by their {releaseID, releaseDate, releaseTag, value} arrays.
Kind classify(const Value& value);

namespace detail {
class BinaryView;
} // namespace detail

/// The same, for a value in the scratch encoding, for top-level objects that are neither
/// packages nor records (those are never encoded).
Kind classify(const detail::BinaryView& value);

/// The member names that only a package has (not a release or a record).
bool is_package_metadata_key(const std::string& key) noexcept;

} // namespace ocds
