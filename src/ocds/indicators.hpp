#pragma once

#include <ocds/output.hpp>
#include <ocds/value.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ocds {

class FactsSpool;
class Sink;
class ValidationProfile;

/// Where one process's facts stand in a FactsSpool.
struct FactsRef {
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
};

/// Money summed by currency code.
using Amounts = std::map<std::string, long double>;

/// Where a process's files stand in a publication tree (`ocds build`); empty when unknown.
struct ProcessFiles {
    std::string record;                ///< records/<ocid>.json
    std::vector<std::string> releases; ///< releases/<ocid>/<id>.json
};

/// What the indicators need of one contracting process, read from its compiled release. A new
/// field goes into each_field() in facts_spool.cpp too, which spills the facts to disk.
struct ProcessFacts {
    std::string ocid;
    std::string planning_ocid; ///< the project's planning process (itself for a planning process)
    std::string project_id;    ///< planning.project.id
    ProcessFiles files;

    // A participatory-budget project's planning process (planning.participatoryBudget).
    bool is_project = false;
    std::string title, code, url;
    std::string edition_id, edition_name, sector_id, sector_name, heading_id, size, feasibility, unfeasibility_reason;
    std::optional<std::int64_t> edition_year;
    Amounts envelope, estimated;
    std::optional<bool> valuation_finished;
    bool winner = false;
    std::optional<double> progress;
    std::optional<double> latitude, longitude;
    std::string winners_announced; ///< the edition's "finished" milestone: when winners were declared

    // A contracting process (one with a tender, awards or contracts).
    bool is_contracting = false;
    std::string process_title, method, tender_status;
    std::optional<std::int64_t> tenderers;
    bool cancelled = false;        ///< the tender failed and no contract stands
    bool awarded = false;          ///< an active or pending award
    bool contracted = false;       ///< a contract that is not cancelled
    bool executing = false;        ///< an active contract that started, paid or met a milestone
    bool delivered = false;        ///< every standing contract terminated
    Amounts contract_value, paid;
    std::uint32_t milestones = 0, milestones_met = 0, milestones_late = 0;
    std::string first_signed;      ///< the earliest contract signature
    struct Supplier {
        std::string id, name;
        Amounts value;             ///< its share of the active awards' values
    };
    std::vector<Supplier> suppliers;
    std::uint32_t amended_contracts = 0, raised_contracts = 0;
    Amounts increase;              ///< contract values above their awards', for amended contracts

    // Data quality.
    std::uint32_t errors = 0, warnings = 0;
    bool has_awards = false, has_contracts = false;
    bool missing_tender_value = false, missing_tender_period = false, missing_buyer = false;
    bool missing_award_value = false, missing_award_date = false, missing_supplier = false;
    bool missing_contract_period = false;
};

/// Reads the facts of one process from its compiled release. `profile` (may be null) validates
/// the compiled release for the data-quality counts; `as_of` (RFC 3339) dates late milestones.
/// Thread-safe: `ocds build` calls it on its worker threads.
ProcessFacts process_facts(const Value& compiled_release, const std::string& as_of, const ValidationProfile* profile,
                           ProcessFiles files = {});

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

/// The groups of `indicators` (Indicators::result()) as CSV: one row per group, one column per
/// number (dotted paths, amounts per currency), RFC 4180.
std::string indicators_csv(const Value& indicators);

} // namespace ocds
