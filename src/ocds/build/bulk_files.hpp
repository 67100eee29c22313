#pragma once

#include <ocds/build/process_files.hpp>
#include <ocds/core/value.hpp>
#include <ocds/indicators/process_facts.hpp>
#include <ocds/publish/page.hpp>
#include <ocds/publish/publication.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ocds {

class SegmentCache;

/// The OCDS hosting guidance's limits for one bulk package.
struct PackageLimits {
    std::uint64_t max_bytes = 1000000000;        ///< unzipped (1 GB)
    std::uint64_t max_zipped_bytes = 10000000;   ///< zipped (10 MB; kept approximately, see bulk_files.cpp)
    std::uint64_t max_awards_contracts = 250000; ///< awards plus contracts
};

/// What the bulk files say about themselves beyond the package metadata (the workbooks' first sheet).
struct BulkDescription {
    std::string publisher;
    std::string license;
    std::string source;    ///< the site's URL
    std::string published; ///< the version's date (RFC 3339): workbooks and zip entries carry it
};

/// Everything BulkFiles wrote.
struct BulkSummary {
    std::vector<PublicationFile> files;
    std::map<std::string, PublicationCounts> years; ///< by year of the first release, and "all"
    std::vector<PublicationEdition> editions;       ///< by the edition's year, then id
    PublicationCounts without_edition;              ///< processes that belong to no project's edition
};

/// A version's bulk files, in three groupings: per budget edition of the participatory budget
/// (bulk/edition-<year>/), per year of the processes' first release (bulk/<year>/), and all
/// (bulk/all/). Each group has releases.jsonl.gz and records.jsonl.gz (one package per line),
/// release and record packages split within the limits (releases-<n>.json.gz,
/// records-<n>.json.gz), the CSV tables (csv/<table>.csv.gz) and all of them in one .zip
/// (tables-<group>.csv.zip); editions and all also have an Excel workbook (tables-<group>.xlsx).
///
/// A process belongs to the edition of its project: a project's planning process to its own
/// (planning.participatoryBudget.edition), a contracting process to that of the project its
/// relatedProcesses point to, else of the project with its planning.project.id, as the
/// indicators join them (ProjectLookup). Processes come in the store's order, where a project's
/// planning process comes before the processes whose ocids extend its ocid; a process whose
/// project comes later is set aside (its folder only) and built again at the end.
///
/// Every .gz file is a gzip member (the JSON Lines files: one per year and edition, joined) made
/// of chunks of items compressed on their own (SegmentedGzipFile): a chunk is named by what its items come from (the SHA-256 of their
/// release or record files, a CSV chunk's own text), and a chunk that the previous version has
/// is copied from it compressed. A chunk's bytes depend on its items alone and chunks are cut
/// where the items say (Chunk), so a fresh build writes the same bytes as an incremental one.
class BulkFiles {
public:
    /// Files go to `staging`/`version_prefix`bulk/<group>/; `metadata` is the bulk packages'
    /// metadata without their uri, `base` the site's URL. `rebuild` builds a process again from
    /// its store folder; `threads` is how many groups finish() completes at once. The compressed
    /// files are written in chunks through `cache` (null: every chunk compressed), which copies
    /// a chunk that the previous version has and records this version's chunks.
    BulkFiles(std::string staging, std::string version_prefix, Value metadata, std::string base, PackageLimits limits,
              BulkDescription description, std::function<BuiltProcess(const std::string& folder)> rebuild,
              unsigned threads, SegmentCache* cache = nullptr);
    ~BulkFiles();
    BulkFiles(const BulkFiles&) = delete;
    BulkFiles& operator=(const BulkFiles&) = delete;

    /// Adds a batch of built processes (empty ones are skipped), in the store's order. The files
    /// are written by several lanes at once, each with files of its own (the JSON Lines, the
    /// years', the editions' and the all-years packages, and the same for the CSV tables):
    /// compressing every byte is most of a build's work, and one thread would hold up both cores.
    void add(const std::vector<BuiltProcess>& batch);

    /// The budget editions of the processes added, in BulkSummary::editions' order, without
    /// their counts: once every process is added, those that finish() gives.
    std::vector<PublicationEdition> editions() const;

    /// Writes the processes set aside, closes every file, joins the JSON Lines files, writes the
    /// zips and workbooks.
    BulkSummary finish();

private:
    struct Group;
    struct Lines;
    struct Placed;
    void open_group(Group& group);
    void count_without_edition(const BuiltProcess& process, const Group* edition);
    Group& year_group(const std::string& year);
    Group& edition_group(const ProcessFacts& project);
    Lines& lines(const std::string& year, const Group* edition);
    std::vector<Placed> place(const std::vector<BuiltProcess>& batch);
    void write(const std::vector<BuiltProcess>& batch, const std::vector<Placed>& placed, bool edition_only);
    void finish_group(Group& group, std::vector<PublicationFile>& files);
    /// Commits the line files and joins them into each group's JSON Lines files (finish()).
    std::vector<PublicationFile> join_lines();

    std::string m_staging;
    std::string m_version_prefix;
    Value m_metadata;
    std::string m_base;
    PackageLimits m_limits;
    BulkDescription m_description;
    std::function<BuiltProcess(const std::string&)> m_rebuild;
    unsigned m_threads;
    SegmentCache* m_cache;
    std::map<std::string, std::unique_ptr<Group>> m_years;
    std::map<std::string, std::unique_ptr<Group>> m_editions; ///< by edition id
    std::unique_ptr<Group> m_all;
    std::map<std::pair<std::string, std::string>, std::unique_ptr<Lines>> m_lines; ///< by (year, edition folder)
    ProjectLookup m_projects;               ///< the projects seen so far: index into m_project_editions
    std::vector<Group*> m_project_editions; ///< each project's edition group (null: none)
    std::vector<std::string> m_set_aside;   ///< folders of processes whose project comes later
    PublicationCounts m_without_edition;
};

} // namespace ocds
