#pragma once

#include <ocds/core/value.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ocds {

/// One way a budget-project record is not acceptable input for the mapper.
struct RecordProblem {
    std::string pointer; ///< JSON Pointer inside the record ("" for the whole record)
    std::string message; ///< what was found and what was expected
};

/// The municipal parties a record may refer to without listing them (they come from the
/// configuration): the buyer and the procuring entity.
struct MunicipalParties {
    std::vector<std::string> ids;
};

/// Checks budget-project records (schemas/budget-project-record.schema.json, record_version "1")
/// before they are mapped: the JSON Schema (with valijson), the patterns and formats it names
/// (natively: std::regex per date would cost more than the mapping), and what a schema cannot
/// say: references between ids, unique ids, dates that need a time zone.
class RecordChecker {
public:
    /// @throws precondition_error when the schema cannot be read
    RecordChecker(const std::string& schemas_dir, MunicipalParties municipal, bool has_time_zone);
    ~RecordChecker();
    RecordChecker(const RecordChecker&) = delete;
    RecordChecker& operator=(const RecordChecker&) = delete;

    /// Every problem of `record` (none: it can be mapped).
    std::vector<RecordProblem> check(const Value& record) const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The path of the input format's JSON Schema in the bundled schemas folder.
std::string budget_record_schema_path(const std::string& schemas_dir);

} // namespace ocds
