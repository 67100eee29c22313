#pragma once

#include <ocds/core/error.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/schema/merge_rules.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ocds {

/// Where a record's compiledRelease (or versionedRelease) is not what merging its embedded
/// releases gives, or why its releases cannot be merged at all.
struct RecordDifference {
    Location record;      ///< the record's place in its input, without a pointer
    std::string ocid;     ///< "?" when the record has none
    std::string pointer;  ///< in the top-level value: /records/0/compiledRelease/tender/value/amount
    std::string found;    ///< the record's value as JSON; "" when it lacks one
    std::string expected; ///< what merging gives, as JSON; "" when merging gives nothing there
    std::string failure;  ///< why the releases cannot be merged; "" for a difference

    /// One line for people: "<place>: ocid <ocid>: <pointer>: the record has ...; merging its
    /// releases gives ..." (or "<place>: cannot recompute: <why>").
    std::string describe() const;
};

/// An auditor's check of record packages: recomputes each record's compiledRelease and
/// versionedRelease from its embedded releases and reports every difference. The compiled
/// release's `id` and `tag` are conventions, not data, and are not compared. Memory is bounded
/// by the largest record.
class RecordCheck {
public:
    /// The merge rules of an OCDS version and extensions (built once per distinct pair).
    using RulesFor = std::function<MergeRules(const std::string& version, const std::vector<std::string>& extensions)>;

    explicit RecordCheck(RulesFor rules_for) : m_rules_for(std::move(rules_for)) {}

    /// Checks every record of one input. @throws data_error (settings: "check") for an item that
    /// is not a record; parse_error, io_error
    void check(const std::string& path, const ReadOptions& options,
               const std::function<void(const RecordDifference&)>& report);

    std::uint64_t records() const noexcept { return m_records; }
    std::uint64_t differing() const noexcept { return m_differing; }
    /// Records without embedded releases, or without a compiled or versioned release.
    std::uint64_t unchecked() const noexcept { return m_unchecked; }

private:
    const MergeRules& rules(const std::string& version, const std::vector<std::string>& extensions);

    RulesFor m_rules_for;
    std::map<std::string, MergeRules> m_rules;
    std::uint64_t m_records = 0, m_differing = 0, m_unchecked = 0;
};

} // namespace ocds
