#include <ocds/indicators/detail/group_totals.hpp>

#include <set>

namespace ocds::detail {

void Totals::add_project(std::uint32_t index, const ProcessFacts& project, const std::vector<ProcessFacts>& processes,
                         Stage stage, std::optional<std::int64_t> days) {
    ++projects;
    const std::string& feasibility = project.feasibility;
    const int kind = feasibility == "feasible" ? 0 : feasibility == "unfeasible" ? 1 : 2;
    (kind == 0 ? feasible : kind == 1 ? unfeasible : undecided) += 1;
    by_size[project.size.empty() ? "unknown" : project.size][kind] += 1;
    valuation_finished += project.valuation_finished.value_or(false);
    if (kind == 1) {
        unfeasible_projects.push_back(index);
    }
    if (!project.heading_id.empty() && !project.envelope.empty()) {
        envelopes[project.heading_id] = project.envelope;
    }
    if (!project.winner) {
        return;
    }
    ++winners;
    ++stages[stage];
    add_amounts(estimated, project.estimated);
    add_amounts(winners_estimated, project.estimated);
    if (project.progress) {
        ++progress_projects;
        progress_sum += *project.progress;
    }
    for (const auto& process : processes) {
        add_amounts(contracted, process.contract_value);
        add_amounts(paid, process.paid);
        milestones += process.milestones;
        milestones_met += process.milestones_met;
        milestones_late += process.milestones_late;
    }
    if (days) {
        days_to_contract.push_back(*days);
    }
}

void Totals::add_process(const ProcessFacts& process) {
    ++quality_processes;
    with_errors += process.errors > 0;
    errors += process.errors;
    warnings += process.warnings;
    buyer.add(true, process.missing_buyer);
    if (!process.is_contracting) {
        return;
    }
    ++processes;
    if (!process.method.empty()) {
        ++with_method;
        direct += process.method == "direct";
    }
    if (process.tenderers) {
        ++tenderers_known;
        single_bidder += *process.tenderers == 1;
    }
    std::set<std::string> in_process;
    for (const auto& share : process.suppliers) {
        SupplierTotal& total = suppliers[share.id];
        if (total.name.empty()) {
            total.name = share.name;
        }
        add_amounts(total.value, share.value);
        if (in_process.insert(share.id).second) {
            ++total.processes;
        }
    }
    amended += process.amended_contracts;
    raised += process.raised_contracts;
    add_amounts(increase, process.increase);
    tender_value.add(true, process.missing_tender_value);
    tender_period.add(true, process.missing_tender_period);
    award_value.add(process.has_awards, process.missing_award_value);
    award_date.add(process.has_awards, process.missing_award_date);
    supplier.add(process.has_awards, process.missing_supplier);
    contract_period.add(process.has_contracts, process.missing_contract_period);
}

} // namespace ocds::detail
