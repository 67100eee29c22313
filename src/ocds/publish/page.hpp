#pragma once

#include <ocds/publish/publication.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ocds {

/// Projects, processes and releases of one year of a publication (or of all years).
struct PublicationCounts {
    std::uint64_t projects = 0;
    std::uint64_t processes = 0;
    std::uint64_t releases = 0;
};

/// A budget edition of the participatory budget, whose processes have bulk files of their own.
struct PublicationEdition {
    std::string id;     ///< planning.participatoryBudget.edition.id
    std::string name;   ///< "Presupuesto Participativo 2023"
    std::string year;   ///< "2023"; "" when unknown
    std::string folder; ///< its files are under bulk/<folder>/
    PublicationCounts counts;
};

/// What the publication's index.html shows.
struct PublicationPage {
    std::string version;
    std::string published;
    std::string base_uri;
    std::string publisher;
    std::string license;
    std::string publication_policy;
    std::map<std::string, PublicationCounts> counts; ///< by year, and "all"
    std::vector<PublicationEdition> editions;
    PublicationCounts without_edition; ///< processes of no edition (in the years' files only)
    std::vector<PublicationFile> bulk_files;
    std::string dashboard;                        ///< the dashboard's page ("dashboard/index.html"), or ""
    std::vector<PublicationFile> indicator_files; ///< the indicators as JSON and CSV
    std::vector<std::string> extensions;
};

/// A plain, accessible page (Spanish first, English after) listing the bulk downloads with
/// their sizes, dates, licence and formats, and how a script finds everything (latest.json,
/// the manifest). `folder` is where the page will stand ("" for the site root, or
/// "v/<version>/"); its links are relative to it, so the page works from any host or file://.
std::string publication_page(const PublicationPage& page, const std::string& folder);

} // namespace ocds
