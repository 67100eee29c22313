#pragma once

#include <ocds/core/time_zone.hpp>
#include <ocds/core/value.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ocds {

/// An organization of the municipality, from the mapper's configuration.
struct MunicipalOrganization {
    std::string id; ///< the party id records use to refer to it (default "MX-RFC-<rfc>")
    std::string name;
    std::string rfc;
    std::string legal_name;
    std::string street_address, locality, region, postal_code, country;
    std::string contact_name, contact_email, contact_telephone, contact_url;
};

/// Publisher-wide settings: what budget-project records do not carry.
struct MappingConfig {
    std::string ocid_prefix; ///< e.g. ocds-sp5p3d
    std::string base_uri;    ///< of the publication, e.g. https://datos.sanpedro.gob.mx/ocds
    std::string currency = "MXN";
    std::string language = "es";
    std::optional<TimeZone> time_zone; ///< places bare dates; none: bare dates are errors
    MunicipalOrganization buyer;       ///< the municipality: buyer and payer
    MunicipalOrganization procuring_entity;

    /// The URL at which the publication hosts the participatory budget extension.
    std::string extension_url() const;
};

/// The extensions every release of the mapper uses, by their public URLs (the official ones are
/// bundled under schemas/extensions; ours is hosted by the publication at config.extension_url()).
std::vector<std::string> mapping_extensions(const MappingConfig& config);

/// The ocid of a project's planning process: <prefix>-pb-<project id>.
std::string planning_ocid(const MappingConfig& config, const std::string& project_id);

/// The ocid of one of its contracting processes: <prefix>-pb-<project id>-<process id>.
std::string contracting_ocid(const MappingConfig& config, const std::string& project_id, const std::string& process_id);

/// Maps one checked budget-project record (RecordChecker found no problem) to the current state
/// of each of its contracting processes, as OCDS releases without `id`, `date` and `tag`: the
/// planning process first, then one per procurement[] element. budget-project-record.md says
/// which field goes where. The result depends on the record and the configuration only, so
/// mapping an unchanged record again gives the same value.
std::vector<Value> map_project(const Value& record, const MappingConfig& config);

} // namespace ocds
