#include <ocds/indicators/detail/project_entry.hpp>

#include <ocds/indicators/detail/figures.hpp>
#include <ocds/indicators/detail/project_stage.hpp>

namespace ocds::detail {

Value project_entry(const ProcessFacts& project, const std::vector<ProcessFacts>& processes) {
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
    if (project.feasibility == "unfeasible") { // the dashboard lists them from the entries
        entry.set("unfeasibilityReason", optional_text(project.unfeasibility_reason));
    }
    entry.set("winner", Value(project.winner));
    entry.set("stage", project.winner ? Value(stage_name(stage_of(project, processes))) : Value());
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
    return entry;
}

} // namespace ocds::detail
