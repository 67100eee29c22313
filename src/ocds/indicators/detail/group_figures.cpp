#include <ocds/indicators/detail/group_figures.hpp>

#include <ocds/indicators/detail/figures.hpp>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace ocds::detail {

namespace {

Value days_summary(std::vector<std::int64_t> days) {
    Value summary = Value::object();
    summary.set("projects", count(days.size()));
    if (days.empty()) {
        for (const char* key : {"median", "mean", "min", "max"}) {
            summary.set(key, Value());
        }
        return summary;
    }
    std::sort(days.begin(), days.end());
    const std::size_t middle = days.size() / 2;
    const long double median = days.size() % 2 ? days[middle] : (days[middle - 1] + days[middle]) / 2.0L;
    long double sum = 0;
    for (auto day : days) {
        sum += day;
    }
    summary.set("median", decimal(median, 1));
    summary.set("mean", decimal(sum / days.size(), 2));
    summary.set("min", Value::number(std::to_string(days.front())));
    summary.set("max", Value::number(std::to_string(days.back())));
    return summary;
}

Value counted(const Counted& field) {
    Value object = Value::object();
    object.set("missing", count(field.missing));
    object.set("of", count(field.of));
    return object;
}

} // namespace

Value execution_value(const Totals& totals) {
    Value stages = Value::object();
    for (int stage = 0; stage < stage_count; ++stage) {
        stages.set(stage_name(static_cast<Stage>(stage)), count(totals.stages[stage]));
    }
    const Value mean = totals.progress_projects ? decimal(totals.progress_sum / totals.progress_projects, 2) : Value();
    return object_of({
        {"winners", count(totals.winners)},
        {"stages", stages},
        {"amounts", object_of({{"estimated", amounts(totals.estimated)},
                               {"contracted", amounts(totals.contracted)},
                               {"paid", amounts(totals.paid)}})},
        {"progress", object_of({{"projects", count(totals.progress_projects)}, {"mean", mean}})},
        {"milestones", object_of({{"total", count(totals.milestones)},
                                  {"met", count(totals.milestones_met)},
                                  {"late", count(totals.milestones_late)}})},
        {"daysToContract", days_summary(totals.days_to_contract)},
    });
}

Value feasibility_value(const Totals& totals, const std::function<ProcessFacts(std::uint32_t)>& load) {
    Value sizes = Value::object();
    for (const char* size : {"large", "medium", "unknown"}) {
        auto found = totals.by_size.find(size);
        const std::array<std::uint64_t, 3> row =
            found == totals.by_size.end() ? std::array<std::uint64_t, 3>{} : found->second;
        sizes.set(
            size,
            object_of({{"feasible", count(row[0])}, {"unfeasible", count(row[1])}, {"undecided", count(row[2])}}));
    }
    Value reasons = Value::array();
    for (const std::uint32_t index : totals.unfeasible_projects) {
        const ProcessFacts project = load(index);
        reasons.push_back(object_of({{"project", Value(project.project_id)},
                                     {"title", Value(project.title)},
                                     {"reason", optional_text(project.unfeasibility_reason)}}));
    }
    return object_of({
        {"projects", count(totals.projects)},
        {"feasibility", object_of({{"feasible", count(totals.feasible)},
                                   {"unfeasible", count(totals.unfeasible)},
                                   {"undecided", count(totals.undecided)}})},
        {"valuationFinished", count(totals.valuation_finished)},
        {"valuationPending", count(totals.projects - totals.valuation_finished)},
        {"unfeasibleShare", share(totals.unfeasible, totals.feasible + totals.unfeasible)},
        {"bySize", sizes},
        {"unfeasibleReasons", reasons},
    });
}

Value follow_up_value(const Totals& totals, const std::string& currency) {
    Amounts envelope;
    for (const auto& entry : totals.envelopes) {
        add_amounts(envelope, entry.second);
    }
    const std::pair<const std::string, SupplierTotal>* top = nullptr;
    long double awarded = 0;
    for (const auto& entry : totals.suppliers) {
        const long double value = in_currency(entry.second.value, currency);
        awarded += value;
        if (!top || value > in_currency(top->second.value, currency)) {
            top = &entry;
        }
    }
    const Value leader = top ? object_of({{"id", Value(top->first)},
                                          {"name", Value(top->second.name)},
                                          {"value", amounts(top->second.value)},
                                          {"share", share(in_currency(top->second.value, currency), awarded)}})
                             : Value();
    // The suppliers with the most awarded value (main currency), then by id.
    std::vector<const std::pair<const std::string, SupplierTotal>*> ranked;
    for (const auto& entry : totals.suppliers) {
        ranked.push_back(&entry);
    }
    const auto by_value = [&](const auto* a, const auto* b) {
        const long double x = in_currency(a->second.value, currency), y = in_currency(b->second.value, currency);
        return x != y ? x > y : a->first < b->first;
    };
    const std::size_t listed = std::min(ranked.size(), listed_suppliers);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(listed), ranked.end(), by_value);
    Value list = Value::array();
    for (std::size_t i = 0; i < listed; ++i) {
        const auto& [id, total] = *ranked[i];
        list.push_back(object_of({{"id", Value(id)},
                                  {"name", optional_text(total.name)},
                                  {"value", amounts(total.value)},
                                  {"share", share(in_currency(total.value, currency), awarded)},
                                  {"processes", count(total.processes)}}));
    }
    const Value missing = object_of({
        {"tenderValue", counted(totals.tender_value)},
        {"tenderPeriod", counted(totals.tender_period)},
        {"buyer", counted(totals.buyer)},
        {"awardValue", counted(totals.award_value)},
        {"awardDate", counted(totals.award_date)},
        {"supplier", counted(totals.supplier)},
        {"contractPeriod", counted(totals.contract_period)},
    });
    return object_of({
        {"envelope", amounts(envelope)},
        {"winnersEstimated", amounts(totals.winners_estimated)},
        {"envelopeUsed", share(in_currency(totals.winners_estimated, currency), in_currency(envelope, currency))},
        {"processes", count(totals.processes)},
        {"direct",
         object_of({{"processes", count(totals.direct)}, {"share", share(totals.direct, totals.with_method)}})},
        {"singleBidder", object_of({{"tenders", count(totals.tenderers_known)},
                                    {"single", count(totals.single_bidder)},
                                    {"share", share(totals.single_bidder, totals.tenderers_known)}})},
        {"suppliers", object_of({{"distinct", count(totals.suppliers.size())}, {"top", leader}, {"list", list}})},
        {"amendments", object_of({{"contracts", count(totals.amended)},
                                  {"raisedValue", count(totals.raised)},
                                  {"increase", amounts(totals.increase)}})},
        {"quality", object_of({{"processes", count(totals.quality_processes)},
                               {"withErrors", count(totals.with_errors)},
                               {"errors", count(totals.errors)},
                               {"warnings", count(totals.warnings)},
                               {"errorsPerProcess", per_process(totals.errors, totals.quality_processes)},
                               {"warningsPerProcess", per_process(totals.warnings, totals.quality_processes)},
                               {"missing", missing}})},
    });
}

} // namespace ocds::detail
