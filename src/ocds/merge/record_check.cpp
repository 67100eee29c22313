#include <ocds/merge/record_check.hpp>

#include <ocds/core/compare.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/merge/release_feed.hpp>
#include <ocds/schema/release_schema.hpp>

namespace ocds {

std::string RecordDifference::describe() const {
    const std::string where = record.to_string() + ": ";
    if (!failure.empty()) {
        return where + "cannot recompute: " + failure;
    }
    std::string line = where + "ocid " + ocid + ": " + pointer + ": ";
    if (found.empty()) {
        return line + "missing; merging the record's releases gives " + expected;
    }
    if (expected.empty()) {
        return line + "the record has " + found + ", which merging its releases does not give";
    }
    return line + "the record has " + found + "; merging its releases gives " + expected;
}

const MergeRules& RecordCheck::rules(const std::string& version, const std::vector<std::string>& extensions) {
    const std::string key = schema_key(version, extensions);
    auto found = m_rules.find(key);
    if (found == m_rules.end()) {
        found = m_rules.emplace(key, m_rules_for(version, extensions)).first;
    }
    return found->second;
}

void RecordCheck::check(const std::string& path, const ReadOptions& options,
                        const std::function<void(const RecordDifference&)>& report) {
    Reader reader(path, options);
    DeclaredPackages declared;
    std::vector<MergeWarning> warnings;
    while (auto entry = reader.next()) {
        if (auto* start = std::get_if<PackageStart>(&*entry)) {
            declared = DeclaredPackages();
            declared.add(start->metadata, false);
            continue;
        }
        auto* item = std::get_if<Item>(&*entry);
        if (!item) {
            continue;
        }
        if (item->kind != Kind::record) {
            throw data_error(item->location, std::string("takes records, found a ") + kind_name(item->kind), {"check"});
        }
        ++m_records;
        const Value& record = item->value;
        std::vector<const Value*> embedded;
        if (const Value* releases = record.find("releases"); releases && releases->is_array()) {
            for (const auto& release : releases->as_array()) {
                if (release.find("ocid")) {
                    embedded.push_back(&release);
                }
            }
        }
        const Value* compiled = record.find("compiledRelease");
        const Value* versioned = record.find("versionedRelease");
        if (embedded.empty() || (!compiled && !versioned)) {
            ++m_unchecked;
            continue;
        }
        const MergeRules& merge_rules = rules(declared.version(), declared.extensions);
        MergeOutput output;
        output.compiled = compiled != nullptr;
        output.versioned = versioned != nullptr;
        RecordDifference difference;
        difference.record = item->location;
        difference.record.pointer.clear();
        const std::string* ocid = record.find_string("ocid");
        difference.ocid = ocid ? *ocid : "?";
        MergeResult result;
        try {
            result = merge_releases(embedded, merge_rules, output, warnings);
        } catch (const merge_error& e) {
            difference.failure = e.what();
            report(difference);
            ++m_differing;
            continue;
        }
        warnings.clear(); // the check reports differences, not merge warnings: keep memory flat
        bool differs = false;
        const auto compare = [&](const std::string& field, const Value& expected, const Value& actual) {
            for (const auto& found : differences(expected, actual)) {
                if (field == "compiledRelease" && (found.pointer == "/id" || found.pointer == "/tag")) {
                    continue; // the compiled release's id and tag are conventions, not data
                }
                difference.pointer = item->location.pointer + '/' + field + found.pointer;
                difference.found = found.found;
                difference.expected = found.expected;
                report(difference);
                differs = true;
            }
        };
        if (compiled) {
            compare("compiledRelease", result.compiled, *compiled);
        }
        if (versioned) {
            compare("versionedRelease", result.versioned, *versioned);
        }
        m_differing += differs;
    }
}

} // namespace ocds
