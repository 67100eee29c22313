#pragma once

#include <string>

namespace ocds {

/// Finds the folder of bundled OCDS schemas, codelists and extensions: `explicit_dir` when given
/// (--schemas-dir), else `share/ocds/schemas` beside the installed binary, else the source
/// tree's `schemas/`. A folder counts when it holds `1.1.5/release-schema.json`.
/// @throws io_error naming the places looked at when none qualifies
std::string find_schemas_dir(const std::string& explicit_dir = "");

} // namespace ocds
