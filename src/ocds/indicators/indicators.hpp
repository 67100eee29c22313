#pragma once

#include <ocds/core/files.hpp>
#include <ocds/core/value.hpp>
#include <ocds/indicators/facts_spool.hpp>
#include <ocds/indicators/process_facts.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocds {

class Sink;

/// The participatory budget's indicators: execution of the winning projects, feasibility of all
/// projects, and follow-up (money, competition, suppliers, amendments, data quality), for all
/// projects and per edition, sector and edition × sector. The definitions are in the README.
/// Memory: the facts of every process go to a scratch file; a few keys per process (its ocids
/// and project id, about 200 bytes) stay in memory for the join.
class Indicators {
public:
    /// @throws io_error when no scratch file can be made in `scratch_directory`
    explicit Indicators(std::string as_of, const std::string& scratch_directory = temporary_directory());
    ~Indicators();
    Indicators(Indicators&&) noexcept;
    Indicators& operator=(Indicators&&) noexcept;

    void add(const ProcessFacts& facts);
    std::uint64_t processes() const noexcept { return m_keys.size(); }

    /// The indicators as JSON (format "1"; see the README). It holds an entry per project:
    /// write_json gives the same bytes without holding them all.
    Value result() const;

    /// result() without "projects": the groups' figures, which indicators_csv needs.
    Value summary() const;

    /// Writes to_json(result(), indent) to `sink`, one project's entry at a time.
    void write_json(Sink& sink, int indent = 0) const;

    /// write_json, also giving summary() to `summary` and each entry of "projects", in order, to
    /// `project` on the way: each of the three alone is a pass over every process's facts.
    void write_json(Sink& sink, int indent, Value& summary,
                    const std::function<void(const Value& project)>& project) const;

private:
    /// What the join needs of a process without reading its facts back.
    struct Key {
        FactsRef ref;
        std::string ocid, planning_ocid, project_id;
        std::optional<std::int64_t> edition_year;
        bool is_project = false, is_contracting = false;
    };

    /// Gives each member of result() in order to `emit_member`, then (unless it is empty) each
    /// entry of "projects" to `emit_project`.
    void produce(const std::function<void(const char*, Value)>& emit_member,
                 const std::function<void(Value)>& emit_project) const;

    std::string m_as_of;
    std::unique_ptr<FactsSpool> m_spool; ///< read back by the const methods too
    std::vector<Key> m_keys;
    std::map<std::string, std::uint64_t> m_currency_uses; ///< amounts seen per currency
};

} // namespace ocds
