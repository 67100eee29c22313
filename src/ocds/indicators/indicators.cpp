#include <ocds/indicators/indicators.hpp>

#include <ocds/core/json_writer.hpp>
#include <ocds/indicators/flatten.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace ocds {

namespace {

const char* const stage_names[] = {"planning", "tender", "awarded", "contracted", "inExecution", "delivered", "cancelled"};
enum Stage { planning, tender, awarded, contracted, in_execution, delivered, cancelled };

Stage stage_of(const ProcessFacts& project, const std::vector<ProcessFacts>& processes) {
    if (processes.empty()) {
        return planning;
    }
    std::vector<const ProcessFacts*> standing;
    for (const auto& process : processes) {
        if (!process.cancelled) {
            standing.push_back(&process);
        }
    }
    if (standing.empty()) {
        return cancelled;
    }
    auto any = [&](bool ProcessFacts::*flag) {
        return std::any_of(standing.begin(), standing.end(), [&](const ProcessFacts* p) { return p->*flag; });
    };
    const bool all_delivered = std::all_of(standing.begin(), standing.end(), [](const ProcessFacts* p) { return p->delivered; });
    const bool finished_works = project.progress && *project.progress >= 100;
    if (all_delivered || (finished_works && any(&ProcessFacts::contracted))) {
        return delivered;
    }
    if (any(&ProcessFacts::executing) || (any(&ProcessFacts::contracted) && project.progress && *project.progress > 0)) {
        return in_execution;
    }
    if (any(&ProcessFacts::contracted)) {
        return contracted;
    }
    if (any(&ProcessFacts::awarded)) {
        return awarded;
    }
    return tender;
}

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

/// Suppliers a group lists (followUp.suppliers.list): those with the most awarded value.
constexpr std::size_t listed_suppliers = 50;

/// The sums of one group (an edition, a sector, both or all).
struct Totals {
    // execution (winners)
    std::uint64_t winners = 0;
    std::uint64_t stages[7] = {};
    Amounts estimated, contracted, paid;
    std::uint64_t progress_projects = 0;
    double progress_sum = 0;
    std::uint64_t milestones = 0, milestones_met = 0, milestones_late = 0;
    std::vector<std::int64_t> days_to_contract;
    // feasibility (all projects)
    std::uint64_t projects = 0, feasible = 0, unfeasible = 0, undecided = 0, valuation_finished = 0;
    std::map<std::string, std::array<std::uint64_t, 3>> by_size;
    std::vector<std::uint32_t> unfeasible_projects; ///< key indices, read back when written
    // follow-up
    std::map<std::string, Amounts> envelopes; ///< by heading
    Amounts winners_estimated;
    std::uint64_t processes = 0, with_method = 0, direct = 0, tenderers_known = 0, single_bidder = 0;
    std::map<std::string, SupplierTotal> suppliers;
    std::uint64_t amended = 0, raised = 0;
    Amounts increase;
    std::uint64_t quality_processes = 0, with_errors = 0, errors = 0, warnings = 0;
    Counted tender_value, tender_period, buyer, award_value, award_date, supplier, contract_period;

    void add_project(std::uint32_t index, const ProcessFacts& project, const std::vector<ProcessFacts>& processes,
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

    void add_process(const ProcessFacts& process) {
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
};

/// A decimal rendering with at most `places` decimals and no trailing zeros.
Value decimal(long double number, int places) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*Lf", places, number);
    std::string rendered = text;
    if (rendered.find('.') != std::string::npos) {
        while (rendered.back() == '0') {
            rendered.pop_back();
        }
        if (rendered.back() == '.') {
            rendered.pop_back();
        }
    }
    if (rendered == "-0") {
        rendered = "0";
    }
    return Value::number(rendered);
}

Value count(std::uint64_t number) { return Value::number(std::to_string(number)); }

Value optional_text(const std::string& text) { return text.empty() ? Value() : Value(text); }

Value share(long double part, long double whole) { return whole > 0 ? decimal(part / whole, 4) : Value(); }

Value amounts(const Amounts& sums) {
    Value object = Value::object();
    for (const auto& [currency, amount] : sums) {
        object.set(currency, decimal(amount, 2));
    }
    return object;
}

long double in_currency(const Amounts& sums, const std::string& currency) {
    auto found = sums.find(currency);
    return found == sums.end() ? 0 : found->second;
}

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

/// An object of `members`, in their order.
Value object_of(std::initializer_list<std::pair<const char*, Value>> members) {
    Value object = Value::object();
    for (const auto& [key, value] : members) {
        object.set(key, value);
    }
    return object;
}

Value per_process(std::uint64_t count, std::uint64_t processes) {
    return processes ? decimal(static_cast<long double>(count) / processes, 4) : Value();
}

Value execution_value(const Totals& totals) {
    Value stages = Value::object();
    for (int stage = 0; stage < 7; ++stage) {
        stages.set(stage_names[stage], count(totals.stages[stage]));
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
        const std::array<std::uint64_t, 3> row = found == totals.by_size.end() ? std::array<std::uint64_t, 3>{} : found->second;
        sizes.set(size, object_of({{"feasible", count(row[0])}, {"unfeasible", count(row[1])}, {"undecided", count(row[2])}}));
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
        {"direct", object_of({{"processes", count(totals.direct)}, {"share", share(totals.direct, totals.with_method)}})},
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

/// Numeric ids in numeric order ("900" before "4703"), others after, as text.
bool id_less(const std::string& a, const std::string& b) {
    const bool a_digits = !a.empty() && std::all_of(a.begin(), a.end(), ::isdigit);
    const bool b_digits = !b.empty() && std::all_of(b.begin(), b.end(), ::isdigit);
    if (a_digits != b_digits) {
        return a_digits;
    }
    if (a_digits && a.size() != b.size()) {
        return a.size() < b.size();
    }
    return a < b;
}

} // namespace

Indicators::Indicators(std::string as_of, const std::string& scratch_directory)
    : m_as_of(std::move(as_of)), m_spool(std::make_unique<FactsSpool>(scratch_directory)) {}

Indicators::~Indicators() = default;
Indicators::Indicators(Indicators&&) noexcept = default;
Indicators& Indicators::operator=(Indicators&&) noexcept = default;

void Indicators::add(const ProcessFacts& facts) {
    for (const Amounts* sums : {&facts.estimated, &facts.contract_value, &facts.paid}) {
        for (const auto& entry : *sums) {
            m_currency_uses[entry.first] += 1;
        }
    }
    Key key;
    key.ref = m_spool->append(facts);
    key.ocid = facts.ocid;
    key.planning_ocid = facts.planning_ocid;
    key.project_id = facts.project_id;
    key.edition_year = facts.edition_year;
    key.is_project = facts.is_project;
    key.is_contracting = facts.is_contracting;
    m_keys.push_back(std::move(key));
}

Value Indicators::result() const {
    Value result = Value::object();
    Value projects = Value::array();
    produce([&](const char* name, Value value) { result.set(name, std::move(value)); },
            [&](Value project) { projects.push_back(std::move(project)); });
    result.set("projects", std::move(projects));
    return result;
}

Value Indicators::summary() const {
    Value result = Value::object();
    produce([&](const char* name, Value value) { result.set(name, std::move(value)); }, nullptr);
    return result;
}

void Indicators::write_json(Sink& sink, int indent, bool with_projects) const {
    // The framing JsonWriter::value gives an object and an array, written member by member.
    JsonWriter writer(sink, indent);
    auto key = [&, first = true](const char* name) mutable {
        sink.put(first ? '{' : ',');
        first = false;
        writer.newline(1);
        writer.string(name);
        writer.colon();
    };
    bool any_project = false;
    const std::function<void(Value)> project = [&](Value entry) {
        if (!any_project) {
            key("projects");
            sink.put('[');
        } else {
            sink.put(',');
        }
        any_project = true;
        writer.newline(2);
        writer.value(entry, 2);
    };
    produce(
        [&](const char* name, Value value) {
            key(name);
            writer.value(value, 1);
        },
        with_projects ? project : nullptr);
    if (any_project) {
        writer.newline(1);
        sink.put(']');
    } else if (with_projects) {
        key("projects");
        sink.write("[]", 2);
    }
    writer.newline(0);
    sink.put('}');
}

void Indicators::each_project(const std::function<void(const Value& project)>& project) const {
    produce([](const char*, Value) {}, [&](Value entry) { project(entry); });
}

void Indicators::produce(const std::function<void(const char*, Value)>& emit_member,
                         const std::function<void(Value)>& emit_project) const {
    // Join, on the keys alone: each project's planning process with the contracting processes
    // that point to it. Facts are read back from the spool a project at a time.
    auto load = [&](std::uint32_t index) { return m_spool->load(m_keys[index].ref); };
    std::vector<std::uint32_t> projects; // key indices, in ocid order
    ProjectLookup lookup;
    for (std::uint32_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i].is_project) {
            projects.push_back(i);
            lookup.add(m_keys[i].ocid, m_keys[i].project_id, i);
        }
    }
    std::sort(projects.begin(), projects.end(), [&](std::uint32_t a, std::uint32_t b) { return m_keys[a].ocid < m_keys[b].ocid; });
    constexpr std::uint32_t no_project = UINT32_MAX;
    std::vector<std::uint32_t> project_of(m_keys.size(), no_project);
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> processes_of;
    for (std::uint32_t i = 0; i < m_keys.size(); ++i) {
        const Key& key = m_keys[i];
        if (key.is_project || !key.is_contracting) {
            continue;
        }
        project_of[i] = lookup.find(key.planning_ocid, key.project_id).value_or(no_project);
        if (project_of[i] != no_project) {
            processes_of[project_of[i]].push_back(i);
        }
    }
    auto processes_of_project = [&](std::uint32_t project) {
        std::vector<ProcessFacts> processes;
        if (auto found = processes_of.find(project); found != processes_of.end()) {
            for (const std::uint32_t index : found->second) {
                processes.push_back(load(index));
            }
        }
        return processes;
    };
    std::string currency;
    std::uint64_t uses = 0;
    for (const auto& [code, count] : m_currency_uses) {
        if (count > uses) {
            currency = code;
            uses = count;
        }
    }

    // Groups: all, each edition, each sector, each edition and sector ("" stands for all).
    std::map<std::pair<std::string, std::string>, Totals> groups;
    auto groups_of = [&](const ProcessFacts* project) {
        std::vector<Totals*> list{&groups[{"", ""}]};
        if (project && !project->edition_id.empty()) {
            list.push_back(&groups[{project->edition_id, ""}]);
        }
        if (project && !project->sector_id.empty()) {
            list.push_back(&groups[{"", project->sector_id}]);
        }
        if (project && !project->edition_id.empty() && !project->sector_id.empty()) {
            list.push_back(&groups[{project->edition_id, project->sector_id}]);
        }
        return list;
    };
    groups[{"", ""}];
    std::map<std::string, std::pair<std::string, std::optional<std::int64_t>>> editions;
    std::map<std::string, std::string> sectors;
    std::unordered_map<std::uint32_t, std::vector<Totals*>> groups_of_project; // by key index, for its processes
    for (const std::uint32_t index : projects) {
        const ProcessFacts project = load(index);
        const std::vector<ProcessFacts> processes = processes_of_project(index);
        const Stage stage = stage_of(project, processes);
        std::optional<std::int64_t> days;
        std::string first_signed;
        for (const auto& process : processes) {
            if (!process.first_signed.empty() && (first_signed.empty() || earlier(process.first_signed, first_signed))) {
                first_signed = process.first_signed;
            }
        }
        const auto announced = seconds_of(project.winners_announced);
        const auto signed_on = seconds_of(first_signed);
        if (project.winner && announced && signed_on) {
            const std::int64_t difference = *signed_on - *announced;
            days = difference >= 0 ? difference / 86400 : -((-difference + 86399) / 86400);
        }
        const std::vector<Totals*>& in_groups = groups_of_project[index] = groups_of(&project);
        for (Totals* totals : in_groups) {
            totals->add_project(index, project, processes, stage, days);
            totals->add_process(project);
        }
        if (!project.edition_id.empty()) {
            editions[project.edition_id] = {project.edition_name, project.edition_year};
        }
        if (!project.sector_id.empty() && sectors[project.sector_id].empty()) {
            sectors[project.sector_id] = project.sector_name;
        }
    }
    // The other processes, in the order they came, in their project's groups.
    const std::vector<Totals*> overall_only = groups_of(nullptr);
    for (std::uint32_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i].is_project) {
            continue;
        }
        const ProcessFacts facts = load(i);
        const std::vector<Totals*>& in_groups = project_of[i] == no_project ? overall_only : groups_of_project.at(project_of[i]);
        for (Totals* totals : in_groups) {
            totals->add_process(facts);
        }
    }

    emit_member("indicatorsVersion", Value("1"));
    emit_member("asOf", Value(m_as_of));
    emit_member("currency", optional_text(currency));
    std::vector<std::string> edition_order;
    for (const auto& entry : editions) {
        edition_order.push_back(entry.first);
    }
    std::sort(edition_order.begin(), edition_order.end(), [&](const std::string& a, const std::string& b) {
        const auto& year_a = editions[a].second;
        const auto& year_b = editions[b].second;
        if (year_a != year_b) {
            return year_a < year_b;
        }
        return id_less(a, b);
    });
    Value edition_list = Value::array();
    for (const auto& id : edition_order) {
        Value edition = Value::object();
        edition.set("id", Value(id));
        edition.set("name", optional_text(editions[id].first));
        edition.set("year", editions[id].second ? count(*editions[id].second) : Value());
        edition_list.push_back(std::move(edition));
    }
    emit_member("editions", std::move(edition_list));
    Value sector_list = Value::array();
    for (const auto& [id, name] : sectors) {
        Value sector = Value::object();
        sector.set("id", Value(id));
        sector.set("name", optional_text(name));
        sector_list.push_back(std::move(sector));
    }
    emit_member("sectors", std::move(sector_list));

    std::vector<std::pair<std::string, std::string>> group_order;
    for (const auto& entry : groups) {
        group_order.push_back(entry.first);
    }
    auto rank = [&](const std::string& edition) {
        return edition.empty() ? -1L : static_cast<long>(std::find(edition_order.begin(), edition_order.end(), edition) - edition_order.begin());
    };
    std::stable_sort(group_order.begin(), group_order.end(), [&](const auto& a, const auto& b) {
        // All editions first, then each edition; within, all sectors first (the map's order).
        return std::make_pair(rank(a.first), a.second) < std::make_pair(rank(b.first), b.second);
    });
    Value group_list = Value::array();
    for (const auto& key : group_order) {
        Value group = Value::object();
        group.set("edition", optional_text(key.first));
        group.set("sector", optional_text(key.second));
        const Totals& totals = groups.at(key);
        group.set("execution", execution_value(totals));
        group.set("feasibility", feasibility_value(totals, load));
        group.set("followUp", follow_up_value(totals, currency));
        group_list.push_back(std::move(group));
    }
    emit_member("groups", std::move(group_list));
    if (!emit_project) {
        return;
    }

    std::vector<std::uint32_t> project_order = projects;
    std::sort(project_order.begin(), project_order.end(), [&](std::uint32_t left, std::uint32_t right) {
        const Key& a = m_keys[left];
        const Key& b = m_keys[right];
        if (a.edition_year != b.edition_year) {
            return a.edition_year < b.edition_year;
        }
        if (a.project_id != b.project_id) {
            return id_less(a.project_id, b.project_id);
        }
        return a.ocid < b.ocid;
    });
    for (const std::uint32_t index : project_order) {
        const ProcessFacts project = load(index);
        const std::vector<ProcessFacts> processes = processes_of_project(index);
        Amounts contracted, paid;
        std::uint64_t late = 0;
        Value process_list = Value::array();
        for (const auto& process : processes) {
            add_amounts(contracted, process.contract_value);
            add_amounts(paid, process.paid);
            late += process.milestones_late;
            Value entry = Value::object();
            entry.set("ocid", Value(process.ocid));
            entry.set("title", optional_text(process.process_title));
            entry.set("method", optional_text(process.method));
            entry.set("status", optional_text(process.tender_status));
            if (!process.files.record.empty()) {
                entry.set("record", Value(process.files.record));
                Value releases = Value::array();
                for (const auto& path : process.files.releases) {
                    releases.push_back(Value(path));
                }
                entry.set("releases", std::move(releases));
            }
            process_list.push_back(std::move(entry));
        }
        Value entry = Value::object();
        entry.set("id", Value(project.project_id));
        entry.set("ocid", Value(project.ocid));
        entry.set("code", optional_text(project.code));
        entry.set("title", optional_text(project.title));
        entry.set("edition", optional_text(project.edition_id));
        entry.set("sector", optional_text(project.sector_id));
        entry.set("size", optional_text(project.size));
        entry.set("feasibility", optional_text(project.feasibility));
        entry.set("winner", Value(project.winner));
        entry.set("stage", project.winner ? Value(stage_names[stage_of(project, processes)]) : Value());
        entry.set("estimated", amounts(project.estimated));
        entry.set("contracted", amounts(contracted));
        entry.set("paid", amounts(paid));
        entry.set("progress", project.progress ? decimal(*project.progress, 2) : Value());
        entry.set("lateMilestones", count(late));
        if (project.latitude && project.longitude) {
            Value location = Value::object();
            location.set("lat", decimal(*project.latitude, 6));
            location.set("lng", decimal(*project.longitude, 6));
            entry.set("location", std::move(location));
        } else {
            entry.set("location", Value());
        }
        entry.set("url", optional_text(project.url));
        if (!project.files.record.empty()) {
            entry.set("record", Value(project.files.record));
        }
        entry.set("processes", std::move(process_list));
        emit_project(std::move(entry));
    }
}

namespace {

void flatten_numbers(const Value& value, const std::string& path, std::vector<std::pair<std::string, std::string>>& cells) {
    if (value.is_object()) {
        for (const auto& [key, member] : value.as_object()) {
            flatten_numbers(member, path.empty() ? key : path + "." + key, cells);
        }
    } else if (value.is_number()) {
        cells.emplace_back(path, value.number_text());
    } else if (value.is_string()) {
        cells.emplace_back(path, value.as_string());
    } else if (value.is_null()) {
        cells.emplace_back(path, "");
    } // arrays (the unfeasibility reasons) have no place in a one-row-per-group table
}

} // namespace

std::string indicators_csv(const Value& indicators) {
    std::vector<std::string> columns{"edition", "sector"};
    std::vector<std::map<std::string, std::string>> rows;
    if (const Value* groups = indicators.find("groups"); groups && groups->is_array()) {
        for (const auto& group : groups->as_array()) {
            std::vector<std::pair<std::string, std::string>> cells;
            flatten_numbers(group, "", cells);
            std::map<std::string, std::string> row;
            for (auto& [column, text] : cells) {
                if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
                    columns.push_back(column);
                }
                row[column] = std::move(text);
            }
            rows.push_back(std::move(row));
        }
    }
    std::string csv;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        csv += i ? "," : "";
        append_csv_field(csv, columns[i]);
    }
    csv += "\r\n";
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            auto found = row.find(columns[i]);
            csv += i ? "," : "";
            append_csv_field(csv, found == row.end() ? std::string() : found->second);
        }
        csv += "\r\n";
    }
    return csv;
}

} // namespace ocds
