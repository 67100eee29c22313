#include <ocds/validate/findings.hpp>

namespace ocds {

const char* severity_name(Severity severity) noexcept {
    switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
    }
    return "?";
}

} // namespace ocds
