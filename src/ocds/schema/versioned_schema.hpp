#pragma once

#include <ocds/core/value.hpp>

namespace ocds {

/// The versioned release validation schema of a (patched) release schema, made as the standard
/// makes its `versioned-release-validation-schema.json` (the reference is ocdsextensionregistry's
/// `get_versioned_release_schema`): omitWhenMerged fields removed; each field that merging
/// versions becomes an array of {releaseDate, releaseID, releaseTag, value} with the field's
/// schema as `value` (strings through the shared StringNull*Versioned definitions); the `id` of
/// objects in arrays merged by id, whole-list arrays and `ocid` stay unversioned; metadata and
/// merge keywords removed. From the bundled 1.1.5 release schema it gives the standard's file;
/// from a schema patched with extensions, the versioned schema those extensions imply, so that
/// their fields inside a versioned release are known.
/// @throws data_error when the schema has no `properties` or `definitions` object
Value versioned_release_schema(const Value& release_schema);

} // namespace ocds
