#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

/// CONSUL's database as a source of budget-project records: where it is, and the settings of its
/// export query, schemas/consul/budget-projects.sql (whose header documents them).
struct ConsulSource {
    /// A libpq connection string or URI ("dbname=consul_production user=ocds_export",
    /// "postgresql://..."). The password comes from PGPASSFILE, ~/.pgpass or PGPASSWORD, as libpq
    /// finds it; one written here is never repeated in a message.
    std::string conninfo;
    std::string query_path;            ///< budget-projects.sql
    std::vector<std::string> editions; ///< budget ids; empty: the query's choice (every current edition)
    std::string platform_url;          ///< "": the query's default
    std::string document_url; ///< a template over {document_id}, {project_id}, {budget_id}; "": the project's page
    std::string time_zone;    ///< the platform's; "": the query's default
    std::string procurement;  ///< the procurement system's export; "": procurement_export
    /// Connections that build records at once, each a part of the projects (ocds.part) on a core
    /// of the server; fewer when the server refuses more.
    unsigned connections = 2;
};

/// Where the export query is installed: `<schemas_dir>/consul/budget-projects.sql`.
std::string consul_query_path(const std::string& schemas_dir);

/// `conninfo` fit for a message: every password replaced by "***" (key=value and URI forms).
std::string redact_conninfo(const std::string& conninfo);

/// Runs the export query on CONSUL's database, in one read-only transaction (one snapshot), and
/// passes each record to `on_record` (one JSON text, without its line feed) as the rows stream in:
/// memory does not grow with the database. `source.connections` parts of the query run at once in
/// that snapshot, their rows merged back into project id order. The procurement system's export,
/// when the database has one, is read on another connection in the same snapshot, in project id
/// order alongside the records, which spares the server the query's query_to_xml; the records'
/// bytes are those psql writes. Returns the number of records.
/// @throws precondition_error when nothing could be read (no query file, no connection, a refused
///         setting or permission: the "from-consul" or "editions" setting may be named),
///         io_error when the database fails or goes away after records came (how many is said).
std::uint64_t read_consul_records(const ConsulSource& source,
                                  const std::function<void(std::string_view record)>& on_record);

} // namespace ocds
