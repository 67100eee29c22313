#include <ocds/indicators/detail/project_stage.hpp>

#include <algorithm>

namespace ocds::detail {

const char* stage_name(Stage stage) {
    static const char* const names[stage_count] = {"planning",    "tender",    "awarded",  "contracted",
                                                   "inExecution", "delivered", "cancelled"};
    return names[stage];
}

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
    const bool all_delivered =
        std::all_of(standing.begin(), standing.end(), [](const ProcessFacts* p) { return p->delivered; });
    const bool finished_works = project.progress && *project.progress >= 100;
    if (all_delivered || (finished_works && any(&ProcessFacts::contracted))) {
        return delivered;
    }
    if (any(&ProcessFacts::executing) ||
        (any(&ProcessFacts::contracted) && project.progress && *project.progress > 0)) {
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

} // namespace ocds::detail
