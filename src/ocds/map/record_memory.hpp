#pragma once

#include <ocds/map/project_mapping.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ocds {

/// What the last complete run of `ocds map` mapped into a store: for each project, the sha256 of
/// its record line, its number of processes and whether it lacked a heading. A record that is
/// byte for byte the same, mapped with the same settings by the same program, maps to what the
/// store holds already (mapping depends on the record and the settings only), so a nightly run
/// need not parse, check and map again the 99% of projects that did not change.
/// Kept in STORE/.mapped-records, which is removed when a run starts writing the store
/// (forget_saved) and written when it ends: a run that stops half way leaves none, and the next
/// run maps everything.
class RecordMemory {
public:
    struct Entry {
        std::string sha256;          ///< of the record's line, hex
        std::uint32_t processes = 0; ///< the planning process and one per procurement
        bool without_heading = false;
    };

    /// Loads the store's memory when it was written with `fingerprint` (mapping_fingerprint).
    /// A missing or damaged file is an empty memory.
    RecordMemory(std::string store_dir, std::string fingerprint);

    /// Removes the file: called before the store is first written.
    void forget_saved() const;

    /// What was remembered of `project_id`, or nullptr.
    const Entry* find(const std::string& project_id) const;

    /// Remembers a project mapped (or found unchanged) by this run.
    void remember(const std::string& project_id, Entry entry) { m_next[project_id] = std::move(entry); }

    /// Writes what this run remembered (atomically). @throws io_error
    void save() const;

private:
    std::string m_path;
    std::string m_fingerprint;
    std::unordered_map<std::string, Entry> m_previous;
    std::unordered_map<std::string, Entry> m_next;
};

/// A digest of everything besides a record that its mapping depends on: the program's version
/// and the mapping settings.
std::string mapping_fingerprint(const MappingConfig& config);

} // namespace ocds
