#pragma once

#include <ocds/io/output.hpp>
#include <ocds/io/package.hpp>
#include <ocds/io/reader.hpp>

#include <deque>
#include <memory>
#include <optional>

namespace ocds {

/// Where packages go and how they are written.
struct PackageTarget {
    std::string path = "-"; ///< "-": standard output; with "{n}", one file per package (1, 2, ...)
    OutputOptions options;
    int indent = 0;
};

/// Where successive packages go: all to one output (one per line), or, when the path holds
/// "{n}", each to its own file. The files appear together, at commit(): a run that fails half
/// way leaves none of them (each waits, closed, under its temporary name).
class PackageOutputs {
public:
    explicit PackageOutputs(PackageTarget target) : m_target(std::move(target)) {}

    /// The output for package `number` (1-based, increasing).
    Output& sink(std::size_t number);

    /// Puts every file in place.
    void commit();

    /// The folder for scratch files: the output's folder, or the temporary folder for stdout.
    std::string scratch_dir() const;

private:
    PackageTarget m_target;
    std::unique_ptr<Output> m_current;
    std::vector<std::unique_ptr<Output>> m_finished; ///< complete, waiting for commit()
    std::size_t m_number = 0;
};

/// Writes items into one or more packages of a kind (at most `max_items` each; 0 = no limit).
/// Each package's metadata is the user's settings over the metadata inherited from the input
/// packages read so far. A full package whose required metadata is not known yet (an input
/// package that gives its uri after its releases) waits, in its scratch file, until it is.
/// Shared by `package`, `combine` and `split`.
class PackageSeries {
public:
    PackageSeries(Kind package_kind, PackageSettings settings, const PackageTarget& target, std::size_t max_items);

    /// Adds an item; writes the current package out when it is full.
    void add(const Value& item);

    /// Folds an input package's metadata into what the next packages inherit.
    void inherit(const Value& metadata) { merge_metadata(m_inherited, metadata); }

    /// Forgets the inherited metadata (split: each input package keeps its own).
    void reset_inherited() { m_inherited = Value::object(); }

    /// Writes the current package, if it has items, and every waiting one.
    /// @throws missing_settings_error when required metadata is still missing
    void flush();

    /// Flushes and commits the output files; returns the number of packages written.
    std::size_t finish();

    std::size_t items() const noexcept { return m_items; }
    Kind kind() const noexcept { return m_kind; }

private:
    Kind m_kind;
    PackageSettings m_settings;
    std::size_t m_max_items;
    void close_current();
    void write_waiting(bool final);
    void try_writing_directly();

    int m_indent;
    PackageOutputs m_outputs;
    std::unique_ptr<PackageWriter> m_writer;
    std::deque<std::unique_ptr<PackageWriter>> m_waiting;
    Value m_inherited = Value::object();
    std::size_t m_packages = 0;
    std::size_t m_items = 0;
    std::string m_now = utc_now(); // one publishedDate default for the whole run
};

/// Checks that `item` can go in a package of `package_kind`.
/// @throws data_error naming the item's location, what it is and what was expected
void check_item_fits(const Item& item, Kind package_kind);

} // namespace ocds
