#pragma once

#include <ocds/map/consul_source.hpp>
#include <ocds/map/project_mapping.hpp>
#include <ocds/core/value.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ocds {

/// One input record that could not be mapped (or, as a warning, was mapped but deserves a look).
struct MapError {
    std::string file;
    std::uint64_t line = 0;
    std::uint64_t byte = 0;
    std::string project_id; ///< "" when the line did not say
    std::string pointer;    ///< JSON Pointer inside the record
    std::string message;

    /// "file:line: project P: /pointer: message"
    std::string to_string() const;
};

/// What `ocds map` is asked to do.
struct MapOptions {
    std::vector<std::string> inputs; ///< JSON Lines files of budget-project records ("-": stdin)
    /// CONSUL's database instead of `inputs` (named "consul" in messages): mapped as the export
    /// streams in; the store is written only once the whole export came.
    std::optional<ConsulSource> consul;
    std::string store_dir = "ocds-data";
    std::string schemas_dir;
    MappingConfig config;
    Value package_metadata = Value::object(); ///< publisher, license, publicationPolicy... for the store
    std::string now;                          ///< RFC 3339 UTC date of the new releases
    unsigned threads = 2;
    /// Called with each new release's JSON (for an output package), in input order.
    std::function<void(const std::string& json)> on_release;
    /// Called, in input order, for what is mapped but deserves a look: a project without a
    /// heading (mapped with its edition only).
    std::function<void(const MapError& warning)> on_warning;
    /// Called after each batch of projects: how many were mapped of how many the inputs hold.
    std::function<void(std::uint64_t projects_done, std::uint64_t projects_total)> on_progress;
};

struct MapSummary {
    std::uint64_t projects_read = 0;
    std::uint64_t projects_rejected = 0;
    std::uint64_t processes_new = 0;
    std::uint64_t processes_changed = 0;
    std::uint64_t processes_unchanged = 0;
    std::uint64_t releases_written = 0;
    std::uint64_t errors = 0;                   ///< problems reported (a record may have several)
    std::uint64_t projects_without_heading = 0; ///< mapped, with a warning
};

/// Maps budget-project records into the release store: validates each line, maps it, compiles
/// the stored releases of each of its processes, and stores one new release per process that is
/// new or changed (release_changes.hpp). Records with problems are reported to `on_error` and
/// nothing is written for them; the others go on.
/// @throws precondition_error, io_error for what stops the whole run (an unreadable input, the store)
MapSummary run_map(const MapOptions& options, const std::function<void(const MapError&)>& on_error);

} // namespace ocds
