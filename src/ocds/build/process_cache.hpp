#pragma once

#include <ocds/build/process_files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/value.hpp>
#include <ocds/io/output.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ocds {

/// What a build keeps of each process of the store for the next build, so that a process whose
/// stored releases did not change is not parsed, merged, serialised nor hashed again: the key of
/// its store folder (its release files' names and stamps) and what its files are (paths, sizes, SHA-256, where
/// its bulk items and its compiled release are in them, awards and contracts, year, project
/// flag, data-quality counts, and each file's stamp: size, inode and modification time). Its files' texts stay in the
/// site, which has them while their stamps are the same; a bulk file's chunk of them is copied
/// from the previous version by its key, and read only where it must be compressed again. Its
/// facts for the indicators are kept with the date they were read for, and hold until one of
/// its milestones falls due or a contract starts (facts_hold); each table's share of its CSV
/// rows is kept too (Flattener::tables: digest, counts, and its columns as a numbered list,
/// a line "\t<number>\t<JSON array>" written once before the first entry naming it), so its
/// compiled release is read only to make a chunk of its rows.
///
/// One file per version, beside the versions (site/.process-cache/<version>, not published),
/// first line the format and the build's `context`: everything but the store folder that a
/// process's files depend on (the program, the store's package metadata, the base URL, the
/// schema). A file of another context, or one that cannot be read, is ignored in whole; an entry
/// that does not agree with the site's files is ignored for its process.
///
/// Beside it, each process's rows themselves (Flattener::encode_rows) in a second file, which the
/// entry places ("rows": offset, length and CRC-32): a process near a changed one is read back
/// from there rather than parsed and flattened again. Bytes that are damaged (their CRC) are not
/// used: the process is flattened again, so that every version's file has every process's rows.
class ProcessCache {
public:
    /// Reads the previous version's file `previous` ("" or a missing file: none), its rows being
    /// in `previous_rows`.
    ProcessCache(const std::string& previous, const std::string& previous_rows, std::string context);
    ~ProcessCache();
    ProcessCache(const ProcessCache&) = delete; // its entries are views of its text
    ProcessCache& operator=(const ProcessCache&) = delete;

    /// The previous build's entry of `folder` when its store key was `store_key` (any key when
    /// `any_key`), else nothing.
    std::optional<Value> find(const std::string& folder, const std::string& store_key, bool any_key = false) const;

    /// The facts an entry keeps when they hold for `as_of` (facts_hold), and the as-of they
    /// were read for; false when it keeps none that do.
    bool facts(const Value& entry, const std::string& as_of, ProcessFacts& facts, std::string& facts_as_of) const;

    /// Each table's share of the process's rows (Flattener::tables) that an entry keeps; false
    /// when it keeps none that can be read.
    bool tables(const Value& entry, std::vector<FlatTableRows>& tables) const;

    /// Reads a restored process's rows as the previous version's file of rows has them into
    /// BuiltProcess::kept_rows: false when it has none that can be read. Thread-safe.
    bool read_rows(BuiltProcess& process) const;

    /// Starts this version's file at `path`, and its rows' at `rows_path` (committed by commit()).
    void start(const std::string& path, const std::string& rows_path);
    /// Adds a built process (not an empty one) to this version's file.
    void add(const BuiltProcess& process);
    /// Puts this version's file in place. @throws io_error
    void commit();

    std::uint64_t reused() const noexcept { return m_reused; }
    void count_reused() noexcept { ++m_reused; }

private:
    void read_paths(const std::string& line);

    std::string m_context;
    /// The lists of table columns the previous file names by number, in order (null: unreadable).
    std::vector<std::shared_ptr<const std::vector<std::string>>> m_paths;
    std::unordered_map<std::string, std::size_t> m_path_ids; ///< this version's lists (JSON) by number
    std::string m_text;                                      ///< the previous file's
    std::unordered_map<std::string_view, std::pair<std::string_view, std::string_view>>
        m_previous; ///< folder -> (key, entry), in m_text
    std::unique_ptr<Output> m_next;
    int m_previous_rows = -1; ///< the previous version's file of rows (-1: none)
    std::string m_previous_rows_path;
    std::unique_ptr<Output> m_next_rows;
    std::uint64_t m_next_rows_size = 0;
    std::uint64_t m_reused = 0;
};

/// A process of store folder `folder` as the previous build built it, from its cache `entry`,
/// but for its facts and rows (ProcessCache::facts and tables; only the facts' data-quality
/// counts are set, for ProcessBuilder::compute_facts(process, false)): nothing when the entry
/// does not agree with the site's files (their stamps, file_stamp). Its texts stay in the
/// site's files (BuiltProcess::in_site); nothing of them is read.
std::optional<BuiltProcess> restore_process(const Value& entry, const std::string& folder, const std::string& site_dir);

/// Where a restored process's compiled release is in its record file of the site.
JsonTextPlace compiled_place(const BuiltProcess& process, const std::string& site_dir);

/// Reads a restored process's compiled release (BuiltProcess::compiled) from its record file of
/// the site: false when it cannot be read (the process is then built again).
bool read_compiled(BuiltProcess& process, const std::string& site_dir);

/// The key of a store folder's releases: each file's name and stamp (file_stamp: size, inode,
/// modification time), given one at a time. The map run rewrites only the files that change,
/// so an unchanged process is known without reading its releases.
class StoreFolderKey {
public:
    /// @returns false when the file is gone (the folder changed while it was listed)
    bool add_file(const std::string& path);
    std::string hex() { return m_sha256.hex(); }

private:
    Sha256 m_sha256;
};

/// The SHA-256 of the running program, so that another build of it (whose output may differ)
/// never reuses this one's cache; "" when it cannot be read.
std::string program_digest();

} // namespace ocds
