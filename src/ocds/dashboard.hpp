#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ocds {

/// One static file of the dashboard (src/dashboard/), compiled into the program.
struct DashboardAsset {
    std::string name;       ///< "index.html", "dashboard.js", ...
    std::string_view bytes;
};

/// The dashboard's static files, as `ocds build` writes them into SITE/dashboard/.
const std::vector<DashboardAsset>& dashboard_assets();

/// indicators.js: the indicators JSON as a script that sets window.OCDS_INDICATORS, so that the
/// page also works opened from a folder (file://), where browsers refuse to fetch files.
std::string indicators_script(const std::string& indicators_json);

} // namespace ocds
