#pragma once

#include <ocds/core/file_names.hpp>
#include <ocds/core/value.hpp>

#include <atomic>
#include <string>
#include <vector>

namespace ocds {

/// The file-system-safe name of an ocid: lower-case letters, digits and '-' stay; every other
/// byte (capitals included) becomes '_' and two lower-case hex digits. The mapping is one to one
/// and its results differ in more than case, so ocids never collide on case-insensitive file
/// systems, and no ocid ('../../etc') can name a path outside the store.
/// @throws data_error for an empty ocid or one too long for a file name
std::string ocid_file_name(const std::string& ocid);

/// The release store: every release ever produced, one file per release, never rewritten.
/// Layout: DIR/releases/<ocid_file_name>/<YYYYMMDDTHHMMSSZ>.json (the release's UTC date), and
/// DIR/package-metadata.json (publisher, licence, version, extensions, for packaging them).
///
/// Writes are staged, then committed in batches: every staged file is written to DIR/.staging,
/// the file system is synced once (syncfs: one flush for the batch instead of an fsync per file),
/// then each file is renamed into place with RENAME_NOREPLACE (an existing release is never
/// replaced), and the file system is synced again so the renames are durable. A crash leaves
/// only whole releases in place; staged leftovers are removed when the store is next opened.
class ReleaseStore {
public:
    /// Opens (creating) the store at `dir`.
    /// @throws io_error when it cannot be created or written
    explicit ReleaseStore(std::string dir);
    ~ReleaseStore();
    ReleaseStore(const ReleaseStore&) = delete;
    ReleaseStore& operator=(const ReleaseStore&) = delete;

    const std::string& dir() const noexcept { return m_dir; }

    /// Every stored release of `ocid` (in file name order, that is by date).
    /// @throws data_error naming the file when a stored release is not JSON
    std::vector<Value> releases(const std::string& ocid) const;

    /// The same releases as stored bytes (name order), unparsed.
    std::vector<std::string> release_texts(const std::string& ocid) const;

    /// The folder names of every stored ocid (ocid_file_name), unsorted.
    std::vector<std::string> folders() const;

    /// The releases stored in one folder (as release_texts), by its name.
    std::vector<std::string> folder_texts(const std::string& folder) const;

    /// The paths of the files folder_texts reads, in the same order (for messages).
    std::vector<std::string> folder_files(const std::string& folder) const;

    /// Parses a stored release's bytes; `index` is its place in release_texts (for messages).
    /// @throws data_error naming the file when it is not JSON
    Value parse_release(const std::string& ocid, const std::string& text, std::size_t index) const;

    /// A release written to the staging folder, waiting for commit().
    struct Staged {
        std::string temporary;
        std::string final_path;
    };

    /// Writes `json` (one release of `ocid`, dated `stamp`) to the staging folder (its folder
    /// under releases/ is made at commit). Thread-safe: workers write their releases while others are mapped.
    Staged write_staged(const std::string& ocid, const std::string& stamp, const std::string& json);

    /// Queues a staged release for the next commit (in the order queued).
    void stage(const Staged& staged);

    /// Writes and queues (write_staged, then stage).
    void stage(const std::string& ocid, const std::string& stamp, const std::string& json) {
        stage(write_staged(ocid, stamp, json));
    }

    /// Makes every staged release durable and visible.
    /// @throws io_error, or data_error when a release file already exists
    void commit();

    std::size_t staged() const noexcept { return m_staged_count; }

    /// Replaces DIR/package-metadata.json (atomically).
    void write_metadata(const Value& metadata);

    /// Paths of every release file, sorted (for tests and packaging).
    std::vector<std::string> release_files() const;

private:
    std::string m_dir;
    std::string m_staging;
    /// The queued releases, one "<path in .staging>\t<path in releases/>\n" each: a run that
    /// commits only at its end holds one per new release (130,000 at 100,000 projects), so
    /// they are kept in one string rather than two strings each.
    std::string m_staged;
    std::size_t m_staged_count = 0;
    std::atomic<std::size_t> m_counter{0};

    /// Calls `each(temporary, final_path)` for each queued release.
    template<typename Each>
    void each_staged(Each&& each) const;
};

/// "20240215T160000Z" of an RFC 3339 UTC date "2024-02-15T16:00:00Z".
std::string date_stamp(const std::string& utc_date);

} // namespace ocds
