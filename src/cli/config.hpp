#pragma once

#include <boost/program_options.hpp>

#include <string>

namespace ocds::cli {

/// Reads an INI configuration file for `command`: `name = value` lines at the top apply to
/// every command that has that option; lines under `[command]` only to that command. A name no
/// command knows is an error (a typo would otherwise be silently ignored).
/// @throws usage_error for an unreadable file, a malformed line or an unknown name
boost::program_options::parsed_options parse_config(const std::string& path, const std::string& command,
                                                    const boost::program_options::options_description& options);

} // namespace ocds::cli
