#pragma once

#include <string>

namespace ocds {

/// The escape behind ocid_file_name, and site_file_name (which keeps capitals: URLs and object
/// stores are case-sensitive). `what` names the id in the error.
std::string escaped_file_name(const std::string& id, bool keep_capitals, const char* what);

} // namespace ocds
