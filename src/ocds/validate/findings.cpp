#include <ocds/validate/findings.hpp>

#include <algorithm>

namespace ocds {

const char* severity_name(Severity severity) noexcept {
    switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
    }
    return "?";
}

void PublicationFacts::Texts::add(const std::string& text) {
    if (std::find(values.begin(), values.end(), text) != values.end()) {
        return;
    }
    if (values.size() < listed) {
        values.push_back(text);
    } else {
        ++others; // counts repetitions of unlisted texts too: "and more"
    }
}

} // namespace ocds
