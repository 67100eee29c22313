#pragma once

#include <string>
#include <vector>

namespace ocds {

/// Finds the folder of bundled OCDS schemas, codelists and extensions: `explicit_dir` when given
/// (--schemas-dir), else `share/ocds/schemas` beside the installed binary, else the source
/// tree's `schemas/`. A folder counts when it holds `1.1.5/release-schema.json`.
/// @throws io_error naming the places looked at when none qualifies
std::string find_schemas_dir(const std::string& explicit_dir = "");

/// Whether `path` names a regular file (following links): how schema, extension and codelist
/// files are looked for.
bool is_regular_file(const std::string& path);

/// The names in a folder (without "." and ".."), sorted; none when it does not exist.
/// @throws io_error when it exists but cannot be read
std::vector<std::string> list_directory(const std::string& path);

} // namespace ocds
