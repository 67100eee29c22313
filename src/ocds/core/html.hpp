#pragma once

#include <string>
#include <string_view>

namespace ocds {

/// `text` safe inside HTML text and double-quoted attribute values: & < > " escaped.
std::string escape_html(const std::string& text);

/// Appends `text` to `out` escaped as escape_html does (HTML and XML alike), and with
/// `carriage_returns` each CR as &#13;: an XML parser reads a raw CR as LF.
void append_escaped_markup(std::string& out, std::string_view text, bool carriage_returns = false);

} // namespace ocds
