#pragma once

#include <ocds/indicators/detail/project_stage.hpp>
#include <ocds/indicators/process_facts.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ocds::detail {

/// How many processes a field applies to, and how many of those lack it.
struct Counted {
    std::uint64_t missing = 0, of = 0;
    void add(bool applies, bool is_missing) {
        of += applies;
        missing += applies && is_missing;
    }
};

struct SupplierTotal {
    std::string name;
    Amounts value;
    std::uint64_t processes = 0; ///< contracting processes with an active award to it
};

/// The sums of one group (an edition, a sector, both or all), added a project or process at a time.
struct Totals {
    // execution (winners)
    std::uint64_t winners = 0;
    std::uint64_t stages[stage_count] = {};
    Amounts estimated, contracted, paid;
    std::uint64_t progress_projects = 0;
    double progress_sum = 0;
    std::uint64_t milestones = 0, milestones_met = 0, milestones_late = 0;
    std::vector<std::int64_t> days_to_contract;
    // feasibility (all projects)
    std::uint64_t projects = 0, feasible = 0, unfeasible = 0, undecided = 0, valuation_finished = 0;
    std::map<std::string, std::array<std::uint64_t, 3>> by_size;
    std::vector<std::uint32_t> unfeasible_projects; ///< the caller's indices, read back when written
    // follow-up
    std::map<std::string, Amounts> envelopes; ///< by heading
    Amounts winners_estimated;
    std::uint64_t processes = 0, with_method = 0, direct = 0, tenderers_known = 0, single_bidder = 0;
    std::map<std::string, SupplierTotal> suppliers;
    std::uint64_t amended = 0, raised = 0;
    Amounts increase;
    std::uint64_t quality_processes = 0, with_errors = 0, errors = 0, warnings = 0;
    Counted tender_value, tender_period, buyer, award_value, award_date, supplier, contract_period;

    /// A project (its planning process's facts, `index` to read it back) with its contracting
    /// `processes`, its `stage` and the days from the winners' announcement to its first contract.
    void add_project(std::uint32_t index, const ProcessFacts& project, const std::vector<ProcessFacts>& processes,
                     Stage stage, std::optional<std::int64_t> days);

    /// Any process, the projects' own included: data quality, and for contracting processes the
    /// follow-up (methods, bidders, suppliers, amendments, missing fields).
    void add_process(const ProcessFacts& process);
};

} // namespace ocds::detail
