#pragma once

#include <string>

namespace ocds {

/// `text` safe inside HTML text and double-quoted attribute values: & < > " escaped.
std::string escape_html(const std::string& text);

} // namespace ocds
