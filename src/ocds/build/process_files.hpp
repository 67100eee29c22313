#pragma once

#include <ocds/core/sink.hpp>
#include <ocds/core/value.hpp>
#include <ocds/indicators/flatten.hpp>
#include <ocds/indicators/process_facts.hpp>
#include <ocds/io/segmented_gzip.hpp>
#include <ocds/schema/merge_rules.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

class ValidationProfile;

/// What one contracting process contributes to the publication: its release files, its record
/// file, the items of the bulk files, its facts for the indicators and its compiled release for
/// the CSV tables.
///
/// The release files' texts of a process of many releases do not stay in memory: beyond the
/// first spill_budget bytes they go to a scratch file, read back by release_json().
struct BuiltProcess {
    struct Release {
        std::string path; ///< releases/<ocid>/<id>.json
        std::string json; ///< its single-release package, unless spilled
        bool spilled = false;
        std::uint64_t spilled_at = 0; ///< where the package is in the spill file
        std::uint64_t size = 0;       ///< of the package
        /// The release itself, as bulk packages hold it, is the package's end but "]}".
        std::uint64_t item_size = 0;
        std::string sha256;
        std::uint64_t awards_contracts = 0;
        std::string stamp; ///< its site file's file_stamp once in the site ("" before)
    };
    std::string ocid;   ///< empty for an empty store folder (left by a crashed map run)
    std::string folder; ///< its folder in the release store
    std::string year;   ///< of the first release
    std::vector<Release> releases;
    std::shared_ptr<ScratchFile> spill; ///< the spilled releases' packages (null: none)
    std::string record_path;            ///< records/<ocid>.json
    std::string record_json;            ///< its record package (unless in_site())
    std::uint64_t record_size = 0;      ///< of the record package
    std::uint64_t record_item_size = 0; ///< the record itself is the package's end but "]}"
    std::string record_sha256;
    std::string record_stamp; ///< the record file's file_stamp once in the site ("" before)
    std::uint64_t record_awards_contracts = 0;
    std::uint64_t compiled_offset = 0; ///< where the compiled release's text is in the record itself
    std::uint64_t compiled_length = 0;
    bool project = false;    ///< a participatory-budget project's planning process
    ProcessFacts facts;      ///< for the indicators
    std::string facts_as_of; ///< the as-of date they were read for (kept with them by ProcessCache)
    Value compiled;          ///< the compiled release (a build drops it once it has the facts and rows)
    FlatRows rows;           ///< the compiled release's rows, for the CSV tables of every group
    /// Built again: by table, whether its rows differ from the previous build's (empty: all do).
    std::vector<bool> changed_tables;
    /// Restored: where its rows are in the previous build's file of rows (ProcessCache), a
    /// length of 0 for nowhere, their CRC-32, and their bytes once read (Flattener::encode_rows').
    std::uint64_t rows_offset = 0;
    std::uint64_t rows_length = 0;
    std::uint32_t rows_crc = 0;
    std::string kept_rows;
    std::string store_key; ///< of its store folder's releases (StoreFolderKey), "" if not known
    bool reused = false;   ///< restored from the previous build (ProcessCache): the site has its files
    /// Set for a reused process: its release and record packages are not in memory but in the
    /// site's files, read only where a chunk of a bulk file must be compressed again.
    std::string site_dir;
    std::uint64_t held = 0; ///< bytes of release packages in memory

    /// Bytes of release packages a process keeps in memory; the rest are spilled.
    static constexpr std::uint64_t spill_budget = 1 << 20;

    /// Adds a release whose package text is `json`: kept in memory while the process's packages
    /// there stay within spill_budget, else written to the spill file (made in `scratch_dir`).
    void add_release(Release release, std::string json, const std::string& scratch_dir);

    /// A release's package text: `json`, or read back from the spill file into `buffer`.
    /// Thread-safe (the bulk lanes read the same process at once).
    const std::string& release_json(const Release& release, std::string& buffer) const;

    /// The release itself, in its package text (release_json's).
    static std::string_view release_item(const Release& release, const std::string& json) {
        return std::string_view(json).substr(json.size() - 2 - release.item_size, release.item_size);
    }

    /// Whether the packages' texts are the site's files (site_dir), not in memory.
    bool in_site() const noexcept { return !site_dir.empty(); }

    /// Bytes of a file of the site (in_site()).
    FileBytes site_file(const std::string& path, std::uint64_t offset, std::uint64_t size) const {
        return FileBytes{site_dir + "/" + path, offset, size};
    }
    /// release_item of a release whose package is in the site.
    FileBytes release_item_in_site(const Release& release) const {
        return site_file(release.path, release.size - 2 - release.item_size, release.item_size);
    }
    /// record_item of a record whose package is in the site.
    FileBytes record_item_in_site() const {
        return site_file(record_path, record_size - 2 - record_item_size, record_item_size);
    }

    /// The record itself, as bulk packages hold it.
    std::string_view record_item() const {
        return std::string_view(record_json).substr(record_json.size() - 2 - record_item_size, record_item_size);
    }
};

/// Builds each contracting process of the release store into its files. Thread-safe: the
/// build runs it on its worker threads.
class ProcessBuilder {
public:
    /// `store_metadata`: the store's package-metadata.json; `base`: the site's URL without a
    /// final '/'; `published`: this version's date (the indicators' as-of date); `scratch_dir`:
    /// where the packages of a process of many releases are spilled.
    ProcessBuilder(Value store_metadata, std::string base, std::string published, MergeRules rules,
                   std::shared_ptr<const ValidationProfile> profile, std::string scratch_dir);

    /// Reads, checks and merges the releases of a store folder one at a time: memory does not
    /// grow with the process beyond a few hundred bytes per release (path, digest, link) and its
    /// record. `files`: the folder's (ReleaseStore::folder_files); `texts`: their bytes when the
    /// caller has read them all (a small process), else empty (each file is read here).
    /// @throws data_error or error naming the store file of a release that cannot be read, and
    /// merge_error for releases that cannot be merged
    BuiltProcess build(const std::string& folder, const std::vector<std::string>& files,
                       const std::vector<std::string>& texts) const;

    /// Computes a process's facts for the indicators from its compiled release, as of this version.
    /// Without `count_findings`, the data-quality counts are those the facts have already (a
    /// process restored from the previous build: they do not depend on the date), not checked again.
    void compute_facts(BuiltProcess& process, bool count_findings = true) const;

    /// Package metadata in the schema's order, for a package at `path` ("" for none) published
    /// on `date`.
    Value package_metadata(const std::string& path, const std::string& date) const;

private:
    Value m_store_metadata;
    std::string m_base;
    std::string m_published;
    MergeRules m_rules;
    std::shared_ptr<const ValidationProfile> m_profile; ///< for the indicators' data-quality counts
    std::string m_scratch_dir;

    /// Reads and checks the stored release `files[index]` (its bytes `texts[index]` if given).
    static Value read_release(const std::vector<std::string>& files, const std::vector<std::string>& texts,
                              std::size_t index, std::string& ocid);
};

/// Awards plus contracts of a release: what the hosting guidance's package limit counts.
std::uint64_t awards_contracts(const Value& release);

/// A package's text: `metadata` (an object) with the items' JSON texts as `key`.
std::string package_text(const Value& metadata, const char* key, const std::vector<const std::string*>& items);

/// A package's text up to its first item: `metadata` (an object), then `members` (JSON text of
/// further members, "\"packages\":[...]"), then `"key":[`. The items and "]}" follow.
std::string package_head(const Value& metadata, const char* key, std::string_view members = {});

} // namespace ocds
