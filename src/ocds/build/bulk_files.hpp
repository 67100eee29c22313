#pragma once

#include <ocds/build/process_files.hpp>
#include <ocds/core/value.hpp>
#include <ocds/publish/page.hpp>
#include <ocds/publish/publication.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ocds {

/// The OCDS hosting guidance's limits for one bulk package.
struct PackageLimits {
    std::uint64_t max_bytes = 1000000000;         ///< unzipped (1 GB)
    std::uint64_t max_zipped_bytes = 10000000;    ///< zipped (10 MB; kept approximately, see bulk_files.cpp)
    std::uint64_t max_awards_contracts = 250000;  ///< awards plus contracts
};

/// A version's bulk files, per year of the processes' first release and for all years:
/// releases.jsonl.gz and records.jsonl.gz (one package per line), release and record packages
/// split within the limits (releases-<n>.json.gz, records-<n>.json.gz), and the CSV tables.
class BulkFiles {
public:
    /// Files go to `staging`/`version_prefix`bulk/<year>/; `metadata` is the bulk packages'
    /// metadata without their uri, `base` the site's URL.
    BulkFiles(std::string staging, std::string version_prefix, Value metadata, std::string base, PackageLimits limits);
    ~BulkFiles();
    BulkFiles(const BulkFiles&) = delete;
    BulkFiles& operator=(const BulkFiles&) = delete;

    /// Adds a batch of built processes (empty ones are skipped). The files are written by five
    /// lanes at once, each with files of its own (the years' JSON Lines, the years' packages,
    /// the all-years packages, the years' and the all-years CSV tables): compressing every byte
    /// three times is most of a build's work, and one thread would hold up both cores.
    void add(const std::vector<BuiltProcess>& batch);

    /// Closes every file; returns their manifest entries and sets the counts per year ("all" too).
    std::vector<PublicationFile> finish(std::map<std::string, PublicationCounts>& counts);

private:
    struct Year;
    Year& year(const std::string& name);

    std::string m_staging;
    std::string m_version_prefix;
    Value m_metadata;
    std::string m_base;
    PackageLimits m_limits;
    std::map<std::string, std::unique_ptr<Year>> m_years;
};

} // namespace ocds
