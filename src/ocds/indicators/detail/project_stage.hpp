#pragma once

#include <ocds/indicators/process_facts.hpp>

#include <vector>

namespace ocds::detail {

/// Where a winning project stands, from its contracting processes (see the README's stages).
enum Stage { planning, tender, awarded, contracted, in_execution, delivered, cancelled };
constexpr int stage_count = 7;

/// The stage's name in the indicators JSON ("inExecution").
const char* stage_name(Stage stage);

/// The stage of `project` (its planning process's facts) given its contracting `processes`.
Stage stage_of(const ProcessFacts& project, const std::vector<ProcessFacts>& processes);

} // namespace ocds::detail
