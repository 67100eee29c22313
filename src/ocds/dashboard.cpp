#include <ocds/dashboard.hpp>

namespace ocds {

std::string indicators_script(const std::string& indicators_json) {
    std::string script = "window.OCDS_INDICATORS = ";
    // "</" would end an inline script early; it is harmless in a file, but the file is also fine inline.
    for (std::size_t i = 0; i < indicators_json.size(); ++i) {
        if (indicators_json[i] == '<' && i + 1 < indicators_json.size() && indicators_json[i + 1] == '/') {
            script += "<\\";
            continue;
        }
        script += indicators_json[i];
    }
    // U+2028 and U+2029 are valid in JSON strings but ended lines in JavaScript before ES2019.
    for (const std::string separator : {"\xE2\x80\xA8", "\xE2\x80\xA9"}) {
        for (std::size_t at = script.find(separator); at != std::string::npos; at = script.find(separator, at)) {
            script.replace(at, separator.size(), separator == "\xE2\x80\xA8" ? "\\u2028" : "\\u2029");
        }
    }
    return script + ";\n";
}

} // namespace ocds
