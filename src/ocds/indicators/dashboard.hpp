#pragma once

#include <ocds/io/output.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ocds {

/// One static file of the dashboard (src/dashboard/), compiled into the program.
struct DashboardAsset {
    std::string name; ///< "index.html", "dashboard.js", ...
    std::string_view bytes;
};

/// The dashboard's static files, as `ocds build` writes them into SITE/dashboard/.
const std::vector<DashboardAsset>& dashboard_assets();

/// Turns JSON written into it into a script statement that assigns it (indicators.js sets
/// window.OCDS_INDICATORS), so that the page also works opened from a folder (file://), where
/// browsers refuse to fetch files. On the way it escapes "</", which would end an inline script,
/// and U+2028 and U+2029, which ended lines in JavaScript before ES2019.
class IndicatorsScript : public Sink {
public:
    /// `assignment` starts the statement: what the JSON is assigned to, with its "=".
    explicit IndicatorsScript(Sink& target, std::string_view assignment = "window.OCDS_INDICATORS = ",
                              std::size_t buffer_size = 1 << 18);

    /// Writes what is held back and ends the statement.
    void finish();

protected:
    void deliver(const char* data, std::size_t size) override;

private:
    /// Escapes `text` into the target, but for a tail that may begin an escape (held back).
    void pass(std::string_view text, bool last);

    Sink& m_target;
    std::string m_held;
};

} // namespace ocds
