#pragma once

#include <ocds/core/value.hpp>
#include <ocds/indicators/process_facts.hpp>

#include <vector>

namespace ocds::detail {

/// A project's entry in the indicators' "projects": its planning process's facts, its stage,
/// amounts and location, and its contracting `processes` with their record and release files.
Value project_entry(const ProcessFacts& project, const std::vector<ProcessFacts>& processes);

} // namespace ocds::detail
