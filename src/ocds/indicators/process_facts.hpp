#pragma once

#include <ocds/core/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ocds {

class ValidationProfile;

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
    bool cancelled = false;  ///< the tender failed and no contract stands
    bool awarded = false;    ///< an active or pending award
    bool contracted = false; ///< a contract that is not cancelled
    bool executing = false;  ///< an active contract that started, paid or met a milestone
    bool delivered = false;  ///< every standing contract terminated
    Amounts contract_value, paid;
    std::uint32_t milestones = 0, milestones_met = 0, milestones_late = 0;
    std::string first_signed; ///< the earliest contract signature
    struct Supplier {
        std::string id, name;
        Amounts value; ///< its share of the active awards' values
    };
    std::vector<Supplier> suppliers;
    std::uint32_t amended_contracts = 0, raised_contracts = 0;
    Amounts increase; ///< contract values above their awards', for amended contracts

    // Data quality.
    std::uint32_t errors = 0, warnings = 0;
    bool has_awards = false, has_contracts = false;
    bool missing_tender_value = false, missing_tender_period = false, missing_buyer = false;
    bool missing_award_value = false, missing_award_date = false, missing_supplier = false;
    bool missing_contract_period = false;

    /// When these facts may change without the release changing (seconds since the epoch): the
    /// earliest due date of an unmet milestone or start of a standing contract on or after the
    /// as-of date they were read for; none when no date is ahead. Facts read for an as-of hold
    /// for any later as-of before this (`ocds build` keeps them for the next version).
    std::optional<std::int64_t> recheck_at;
};

/// Which participatory-budget project a contracting process belongs to: the project whose
/// planning process its relatedProcesses name (`planning_ocid`), else the project with its
/// `planning.project.id`. The indicators and the build's bulk files by edition join this way.
class ProjectLookup {
public:
    /// A project's planning process: its ocid and planning.project.id, and what to find it by.
    /// The first project added with an ocid or id keeps it.
    void add(const std::string& ocid, const std::string& project_id, std::uint32_t index);

    /// The index of the project of a process with these links, if any project has them.
    std::optional<std::uint32_t> find(const std::string& planning_ocid, const std::string& project_id) const;

    /// The index of the project whose planning process is `ocid`, if any.
    std::optional<std::uint32_t> find_by_ocid(const std::string& ocid) const;

private:
    std::unordered_map<std::string, std::uint32_t> m_by_ocid, m_by_id;
};

/// Reads the facts of one process from its compiled release. `profile` (may be null) validates
/// the compiled release for the data-quality counts; `as_of` (RFC 3339) dates late milestones.
/// Thread-safe: `ocds build` calls it on its worker threads.
ProcessFacts process_facts(const Value& compiled_release, const std::string& as_of, const ValidationProfile* profile,
                           ProcessFiles files = {});

/// Adds each currency's amount of `from` to `to`.
void add_amounts(Amounts& to, const Amounts& from);

/// The seconds since the epoch of an RFC 3339 date-time; none when `date` is not one.
std::optional<std::int64_t> seconds_of(const std::string& date);

/// Whether `date` is before `than` (false when either is not a date-time).
bool earlier(const std::string& date, const std::string& than);

/// Whether facts read for as-of `read_for` hold for as-of `as_of` too: the same or a later date
/// before their recheck_at.
bool facts_hold(const ProcessFacts& facts, const std::string& read_for, const std::string& as_of);

} // namespace ocds
