#include <ocds/validate/finding_groups.hpp>

#include <ocds/core/json_writer.hpp>

#include <algorithm>

namespace ocds {

std::string codelist_of(const Finding& finding) {
    if (finding.check != "closed-codelist" && finding.check != "open-codelist") {
        return {};
    }
    // checks.cpp ends these messages with the codelist's name: "... not in the closed codelist tenderStatus"
    const auto space = finding.message.rfind(' ');
    return space == std::string::npos ? std::string() : finding.message.substr(space + 1);
}

void FindingGroups::clear() {
    m_groups.clear();
    m_index.clear();
    m_check_totals.clear();
    m_codelists.clear();
    std::fill(std::begin(m_ungrouped), std::end(m_ungrouped), 0);
}

void FindingGroups::add(const Finding& finding) {
    const int severity = static_cast<int>(finding.severity);
    std::string key = std::to_string(severity) + '\0' + finding.check + '\0' + finding.field + '\0' + finding.message;
    auto found = m_index.find(key);
    if (found == m_index.end()) {
        if (m_groups.size() >= m_max_kinds) {
            ++m_ungrouped[severity];
            return;
        }
        found = m_index.emplace(std::move(key), m_groups.size()).first;
        m_groups.push_back(Group{finding, 0, {}});
    }
    Group& group = m_groups[found->second];
    ++group.count;
    ++m_check_totals[{severity, finding.check}];
    if (group.examples.size() < m_examples) {
        group.examples.push_back(
            Example{finding.path, finding.value, finding.line, finding.document, finding.truncated});
    }
    const std::string codelist = codelist_of(finding);
    if (!codelist.empty()) {
        CodeCounts& counts = m_codelists[finding.field + '\0' + codelist];
        if (counts.use.count++ == 0) {
            counts.use.field = finding.field;
            counts.use.codelist = codelist;
            counts.use.open = finding.check == "open-codelist";
        }
        // A code cut at the value limit is no longer JSON: kept as a string ending in "…".
        const std::string code = finding.truncated ? to_json(Value(finding.value + "…")) : finding.value;
        auto found_code = counts.codes.find(code);
        if (found_code != counts.codes.end()) {
            ++found_code->second;
        } else if (counts.codes.size() < codes_listed) {
            counts.codes.emplace(code, 1);
        } else {
            ++counts.use.other_codes;
        }
    }
}

std::uint64_t FindingGroups::check_total(Severity severity, const std::string& check) const {
    const auto found = m_check_totals.find({static_cast<int>(severity), check});
    return found == m_check_totals.end() ? 0 : found->second;
}

std::vector<const FindingGroups::Group*> FindingGroups::in_report_order() const {
    std::vector<const Group*> order;
    order.reserve(m_groups.size());
    for (const auto& group : m_groups) {
        order.push_back(&group);
    }
    std::stable_sort(order.begin(), order.end(), [&](const Group* a, const Group* b) {
        const int severity_a = static_cast<int>(a->first.severity), severity_b = static_cast<int>(b->first.severity);
        if (severity_a != severity_b) {
            return severity_a < severity_b;
        }
        if (a->first.check != b->first.check) {
            const auto total_a = check_total(a->first.severity, a->first.check);
            const auto total_b = check_total(b->first.severity, b->first.check);
            return total_a != total_b ? total_a > total_b : a->first.check < b->first.check;
        }
        return a->count > b->count;
    });
    return order;
}

std::vector<FindingGroups::CodelistUse> FindingGroups::codelists() const {
    std::vector<CodelistUse> uses;
    for (const auto& [key, counts] : m_codelists) {
        CodelistUse use = counts.use;
        use.codes.assign(counts.codes.begin(), counts.codes.end());
        std::stable_sort(use.codes.begin(), use.codes.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        uses.push_back(std::move(use));
    }
    std::stable_sort(uses.begin(), uses.end(), [](const CodelistUse& a, const CodelistUse& b) {
        if (a.open != b.open) {
            return !a.open;
        }
        return a.count > b.count;
    });
    return uses;
}

} // namespace ocds
