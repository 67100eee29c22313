#include <ocds/indicators/indicators.hpp>

#include <ocds/core/json_writer.hpp>
#include <ocds/indicators/detail/figures.hpp>
#include <ocds/indicators/detail/group_figures.hpp>
#include <ocds/indicators/detail/group_totals.hpp>
#include <ocds/indicators/detail/project_entry.hpp>
#include <ocds/indicators/detail/project_stage.hpp>

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace ocds {

namespace {

using detail::count;
using detail::optional_text;
using detail::Stage;
using detail::Totals;

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

void Indicators::write_json(Sink& sink, int indent) const {
    Value summary;
    write_json(sink, indent, summary, nullptr);
}

void Indicators::write_json(Sink& sink, int indent, Value& summary,
                            const std::function<void(const Value& project)>& project) const {
    // The framing JsonWriter::value gives an object and an array, written member by member.
    JsonWriter writer(sink, indent);
    auto key = [&, first = true](const char* name) mutable {
        sink.put(first ? '{' : ',');
        first = false;
        writer.newline(1);
        writer.string(name);
        writer.colon();
    };
    summary = Value::object();
    bool any_project = false;
    produce(
        [&](const char* name, Value value) {
            key(name);
            writer.value(value, 1);
            summary.set(name, std::move(value));
        },
        [&](const Value& entry) {
            if (!any_project) {
                key("projects");
                sink.put('[');
            } else {
                sink.put(',');
            }
            any_project = true;
            writer.newline(2);
            writer.value(entry, 2);
            if (project) {
                project(entry);
            }
        });
    if (any_project) {
        writer.newline(1);
        sink.put(']');
    } else {
        key("projects");
        sink.write("[]", 2);
    }
    writer.newline(0);
    sink.put('}');
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
    std::sort(projects.begin(), projects.end(),
              [&](std::uint32_t a, std::uint32_t b) { return m_keys[a].ocid < m_keys[b].ocid; });
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
        const Stage stage = detail::stage_of(project, processes);
        std::optional<std::int64_t> days;
        std::string first_signed;
        for (const auto& process : processes) {
            if (!process.first_signed.empty() &&
                (first_signed.empty() || earlier(process.first_signed, first_signed))) {
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
        const std::vector<Totals*>& in_groups =
            project_of[i] == no_project ? overall_only : groups_of_project.at(project_of[i]);
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
        return edition.empty() ? -1L
                               : static_cast<long>(std::find(edition_order.begin(), edition_order.end(), edition) -
                                                   edition_order.begin());
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
        group.set("execution", detail::execution_value(totals));
        group.set("feasibility", detail::feasibility_value(totals, load));
        group.set("followUp", detail::follow_up_value(totals, currency));
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
        emit_project(detail::project_entry(load(index), processes_of_project(index)));
    }
}

} // namespace ocds
