#pragma once

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/error.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/core/value.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

/// What `Compiler` writes for each contracting process.
struct CompileSettings {
    MergeOutput merge;            ///< compiled and/or versioned release
    bool records = false;         ///< a record: ocid, releases, compiledRelease, versionedRelease
    bool linked_releases = false; ///< records point at releases ({url, date, tag}) instead of embedding them
    /// For linked releases: a template with {ocid} and {id}. Empty: OCDS Kit's way, the uri of
    /// the package the release came from + "#" + its id, and the release embedded when it came
    /// from no package with a uri.
    std::string release_url;
    int indent = 0; ///< JSON formatting of each output value
    int level = 0;  ///< the indentation level it will stand at (2 inside a package)
    std::string scratch_dir = "/tmp";
    std::size_t partitions = 256; ///< scratch partitions: more means less memory per partition
    unsigned threads = 2;
    std::size_t warnings_sample = 10; ///< warnings of each check kept in memory (see warnings())
    /// Scratch bytes of one partition merged in memory at once. A larger partition (one huge
    /// contracting process, or a huge input) is sorted by ocid and date in pieces of this size
    /// and merged release by release, so memory stays flat whatever the input.
    std::size_t memory_budget = std::size_t(64) << 20;
    /// Releases of one partition merged in memory at most: more (one process of tiny releases)
    /// are merged as a larger partition is, so that their warnings (a same-date warning per
    /// release weighs more than a tiny release) are written as they come, not held.
    std::size_t releases_in_memory = 50000;
};

/// Groups releases by ocid, wherever they stand in the input and however large it is, and merges
/// each contracting process. Releases are spilled to scratch partitions (by a hash of the ocid,
/// in a compact binary form) as they are added, so memory does not grow with the input; each
/// partition is then merged on its own (on several threads), and the results are written in
/// ocid order. A partition larger than the memory budget is sorted on disk by ocid and date and
/// merged release by release: memory is bounded by the budget and the merged state of a process
/// (its compiled release; its versioned release's history), not by how many releases it has.
/// Records (CompileSettings::records) hold their list of releases as JSON text while it is made.
class Compiler {
public:
    explicit Compiler(CompileSettings settings);
    ~Compiler();
    Compiler(const Compiler&) = delete;
    Compiler& operator=(const Compiler&) = delete;

    /// Adds a release. A release without a string `ocid` cannot be grouped: it is an error
    /// (reported by errors()), and is left out.
    void add(const Value& release, const Location& location);

    /// Adds a release already encoded by the reader (ReadOptions::encode_package_items).
    void add_encoded(const Item& release);

    /// Adds a release encoded inside a larger encoded value (a record's embedded release), as
    /// add() would add it decoded: no Value is made of it.
    void add_encoded(detail::BinaryView release, const Location& location);

    /// The package the next releases come from (a number from new_source()), or none (-1).
    std::size_t new_source();
    void set_source(std::ptrdiff_t source) noexcept { m_source = source; }
    /// The uri of a source package, once known (it may come after the releases).
    void set_source_uri(std::size_t source, std::string uri);

    /// Merges every contracting process with `rules` and hands each output, serialised as JSON
    /// (without a final newline), to `write`, in ocid order. Processes that cannot be merged
    /// are left out and reported by errors(). `progress`, when given, is called on the calling
    /// thread with the partitions merged so far and their number.
    void finish(const MergeRules& rules, const std::function<void(std::string_view json)>& write,
                const std::function<void(std::size_t done, std::size_t total)>& progress = {});

    std::size_t releases() const noexcept { return m_releases; }
    std::size_t processes() const noexcept { return m_processes; }

    /// The first warnings of each check (CompileSettings::warnings_sample), ordered by ocid.
    /// All of them would not fit in memory on a large input: they go to scratch files, for
    /// write_warnings().
    const std::vector<MergeWarning>& warnings() const noexcept { return m_warnings; }

    /// How many warnings of each check there were.
    const std::map<std::string, std::size_t>& warning_counts() const noexcept { return m_warning_counts; }

    /// Hands every warning, as a JSON object (warning_to_value), to `write`, ordered by ocid.
    void write_warnings(const std::function<void(std::string_view json)>& write);

    /// One line per release or process that could not be compiled.
    const std::vector<std::string>& errors() const noexcept { return m_errors; }

private:
    struct Partition;
    /// Writes an encoded release to its ocid's partition; a release without ocid is an error.
    void spill(const std::string* ocid, std::string_view encoded, const Location& location);
    void compile_partition(Partition& partition, const MergeRules& rules);
    /// The same for a partition beyond the memory budget: sorted on disk, merged incrementally.
    void compile_large_partition(Partition& partition, const MergeRules& rules);
    /// Adds a release of the process being written to its record's list of releases (JSON).
    void add_to_record(std::string& list, std::size_t index, const std::string& ocid, detail::BinaryView release,
                       std::uint64_t source) const;
    /// Serialises a process's output and writes it to the partition's run.
    void write_output(Partition& partition, const std::string& ocid, const std::string& release_list,
                      MergeResult& result);
    void keep_warnings(Partition& partition, const std::string& ocid);
    /// Merges the partitions' runs (`warnings` false) or warning runs (true) in ocid order.
    void merge_runs(bool warnings, const std::function<void(std::string_view json)>& write);

    CompileSettings m_settings;
    std::vector<std::unique_ptr<Partition>> m_partitions;
    std::string m_encoded;                  // a release being encoded (add)
    std::string m_header;                   // a partition record's ocid header (spill)
    std::ptrdiff_t m_source = -1;           // the package the releases being added come from
    std::vector<std::string> m_source_uris; // each source package's uri ("" when it has none)
    std::size_t m_releases = 0;
    std::size_t m_processes = 0;
    std::vector<MergeWarning> m_warnings;
    std::map<std::string, std::size_t> m_warning_counts;
    std::vector<std::string> m_errors;
};

/// Replaces {ocid} and {id} in a release URL template.
std::string release_url(const std::string& url_template, const std::string& ocid, const std::string& id);

} // namespace ocds
