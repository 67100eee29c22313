#pragma once

#include <ocds/core/value.hpp>
#include <ocds/indicators/process_facts.hpp>
#include <ocds/map/release_store.hpp>
#include <ocds/schema/merge_rules.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ocds {

class ValidationProfile;

/// What one contracting process contributes to the publication: its release files, its record
/// file, the items of the bulk files, its facts for the indicators and its compiled release for
/// the CSV tables.
struct BuiltProcess {
    struct Release {
        std::string path; ///< releases/<ocid>/<id>.json
        std::string json; ///< its single-release package
        std::string item; ///< the release itself, as bulk packages hold it
        std::string sha256;
        std::uint64_t awards_contracts = 0;
    };
    std::string ocid;   ///< empty for an empty store folder (left by a crashed map run)
    std::string folder; ///< its folder in the release store
    std::string year;   ///< of the first release
    std::vector<Release> releases;
    std::string record_path; ///< records/<ocid>.json
    std::string record_json; ///< its record package
    std::string record_item; ///< the record itself, as bulk packages hold it
    std::string record_sha256;
    std::uint64_t record_awards_contracts = 0;
    std::uint64_t compiled_offset = 0; ///< where the compiled release's text is in record_item
    std::uint64_t compiled_length = 0;
    bool project = false;  ///< a participatory-budget project's planning process
    ProcessFacts facts;    ///< for the indicators
    Value compiled;        ///< the compiled release, for the CSV tables
    std::string store_key; ///< of its store folder's releases (store_folder_key), "" if not known
    bool reused = false;   ///< restored from the previous build (ProcessCache): the site has its files
};

/// Builds each contracting process of the release store into its files. Thread-safe: the
/// build runs it on its worker threads.
class ProcessBuilder {
public:
    /// `store_metadata`: the store's package-metadata.json; `base`: the site's URL without a
    /// final '/'; `published`: this version's date (the indicators' as-of date).
    ProcessBuilder(std::string store_dir, Value store_metadata, std::string base, std::string published,
                   MergeRules rules, std::shared_ptr<const ValidationProfile> profile);

    /// @throws data_error or error naming the store folder for a release that cannot be read
    /// or merged
    BuiltProcess build(const ReleaseStore& store, const std::string& folder) const;
    /// The same from the folder's release texts (as ReleaseStore::folder_texts gives them).
    BuiltProcess build(const ReleaseStore& store, const std::string& folder,
                       const std::vector<std::string>& texts) const;

    /// Computes a process's facts for the indicators from its compiled release, as of this version.
    void compute_facts(BuiltProcess& process) const;

    /// Package metadata in the schema's order, for a package at `path` ("" for none) published
    /// on `date`.
    Value package_metadata(const std::string& path, const std::string& date) const;

private:
    std::string m_store_dir;
    Value m_store_metadata;
    std::string m_base;
    std::string m_published;
    MergeRules m_rules;
    std::shared_ptr<const ValidationProfile> m_profile; ///< for the indicators' data-quality counts
};

/// Awards plus contracts of a release: what the hosting guidance's package limit counts.
std::uint64_t awards_contracts(const Value& release);

/// A package's text: `metadata` (an object) with the items' JSON texts as `key`.
std::string package_text(const Value& metadata, const char* key, const std::vector<const std::string*>& items);

} // namespace ocds
