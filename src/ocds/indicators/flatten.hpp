#pragma once

#include <ocds/core/value.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ocds {

class SegmentCache;
class SpoolFile;

struct FlattenOptions {
    bool bom = false;  ///< UTF-8 byte order mark at the start of each file, for Excel
    bool gzip = false; ///< write <table>.csv.gz instead of <table>.csv
    /// Replace table files that exist already, and remove those of the same extension that this
    /// run leaves without rows (so that the folder never mixes two runs). Without it, an existing
    /// table file is an io_error and nothing is written.
    bool overwrite = false;
};

/// One written file.
struct FlatTable {
    std::string name; ///< "processes", "parties", "items", "awards", "contracts", "payments", "milestones", "documents"
    std::string path; ///< the file written
    std::uint64_t rows = 0; ///< data rows (header excluded)
    std::uint64_t columns = 0;
    std::uint64_t bytes = 0; ///< the CSV's size before any compression
};

/// What a cell's text was in the JSON, for writers that keep types (a workbook's numbers).
enum class CellKind : unsigned char { text, number, boolean };

/// One table's share of a compiled release's rows, without the rows (Flattener::tables): what a
/// Flattener needs to place them, name their chunks and size their CSV text. `ocds build` keeps
/// these for each process, so that an unchanged one is flattened again only when a chunk of its
/// rows must be made.
struct FlatTableRows {
    std::string digest; ///< FlatRows::digests' for the table
    std::uint64_t rows = 0;
    std::uint64_t field_bytes = 0; ///< the CSV text of its fields, keys included, without separators
    std::uint64_t blank = 0;       ///< rows without any text
    /// Its cells' paths, empty ones too, in order of first appearance: the columns it adds.
    std::shared_ptr<const std::vector<std::string>> paths;
};

/// Where a compiled release's JSON text is: a file and a range of its bytes.
struct JsonTextPlace {
    std::string path;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

/// A compiled release's rows, not yet numbered by any table's columns: one flattening that
/// several Flattener instances (a build's groups of bulk files) take (Flattener::rows).
struct FlatRows {
    struct Cell {
        std::string path; ///< relative to the row's object
        std::string text;
        CellKind kind = CellKind::text;
    };
    struct Row {
        std::size_t table = 0; ///< in FlatTable::name's order
        std::vector<std::string> keys;
        std::vector<Cell> cells;
    };
    std::vector<Row> rows; ///< none for a release that is no object
    /// By table: the SHA-256 of its rows there (hex; "" for none), what their text is made of
    /// once the table's columns are known: a chunk of a table is named by its rows' digests.
    std::vector<std::string> digests;
    /// By table (Flattener::tables): what a Flattener takes instead of `rows` when they are
    /// empty and these are not; the rows are then made again from `source` when they are read.
    std::vector<FlatTableRows> tables;
    JsonTextPlace source;
    /// By table, whether `rows` hold its rows (Flattener::decode_rows' `only`); empty: every table's.
    /// A table not made is taken from `tables` and made again from `source` if read.
    std::vector<bool> made;

    /// Whether `rows` hold table `index`'s rows.
    bool has_rows_of(std::size_t index) const noexcept {
        return made.empty() ? !rows.empty() : index < made.size() && made[index];
    }
};

/// The rows of one compiled release in one table, read back from the Flattener's scratch file
/// only when asked: a bulk file's chunk that the previous version has is copied without its
/// rows ever being read or written out.
class ProcessRows {
public:
    using Visit = std::function<void(const std::vector<std::string>& texts, const std::vector<CellKind>& kinds)>;

    std::string identity; ///< what the rows are made from (FlatRows::digests), "" when not known
    std::uint64_t rows = 0;
    std::uint64_t csv_bytes = 0; ///< of its CSV lines (append_csv_line) under the table's columns

    /// Hands each row to `visit`, in order: each column's text ("" for no value) and kind.
    /// Valid while the Flattener lives. @throws io_error when its scratch file cannot be read back
    void each(const Visit& visit) const;

private:
    friend class Flattener;
    /// each() of rows given as a FlatTableRows: its compiled release flattened again.
    void each_from_source(const Visit& visit) const;

    SpoolFile* m_spool = nullptr;
    std::uint64_t m_begin = 0; ///< its rows in the scratch file
    std::uint64_t m_end = 0;
    std::size_t m_columns = 0;
    JsonTextPlace m_source; ///< instead, where its compiled release is (a path: not in the scratch file)
    std::size_t m_table = 0;
    const std::unordered_map<std::string, std::size_t>* m_column_of = nullptr; ///< the table's, by path
};

/// Receives a Flattener's tables one after the other (Flattener::read_tables).
class FlatTableVisitor {
public:
    virtual ~FlatTableVisitor() = default;
    /// A table starts: its name and its column names (the key columns first).
    virtual void table(const std::string& name, const std::vector<std::string>& columns, std::uint64_t rows) = 0;
    /// One row: each column's text ("" for no value) and kind.
    virtual void row(const std::vector<std::string>& texts, const std::vector<CellKind>& kinds) = 0;
    /// One compiled release's rows of the table, which come as one: by default each to row().
    virtual void rows_of(const ProcessRows& rows);
};

/// Turns compiled releases into CSV tables (RFC 4180, UTF-8, CRLF) for spreadsheets:
/// `processes` (one row per compiled release, every field outside arrays of objects), and one
/// table per repeated object (parties, items, awards, contracts, payments, milestones,
/// documents), each row keyed by `ocid`, the object's `id` and, when nested, where it is (`in`,
/// `parentID`, or `contractID` for payments). Nested objects become columns joined with `/`;
/// arrays of literals, and the leaves of other arrays of objects, are joined with `;`.
/// Columns are the key columns, then the fields in order of first appearance.
///
/// Rows are spooled to anonymous scratch files, so memory does not grow with the input. Objects
/// of different Flattener instances share nothing: two threads may each use their own.
class Flattener {
public:
    /// `directory`: where finish() writes the tables (created if missing). Rows are spooled to
    /// scratch files in `scratch_dir` so memory does not grow with the input (created if missing,
    /// at the first row; the scratch files have no name and vanish with the Flattener).
    Flattener(std::string directory, FlattenOptions options, std::string scratch_dir);
    ~Flattener();
    Flattener(const Flattener&) = delete;
    Flattener& operator=(const Flattener&) = delete;

    /// Adds one compiled release (a release works too). A non-object is ignored.
    /// @throws io_error when a scratch file cannot be written
    void add(const Value& compiled_release);

    /// The rows of a compiled release, for add(const FlatRows&). Thread-safe.
    static FlatRows rows(const Value& compiled_release);

    /// Each table's share of `rows` (by table, in FlatTable::name's order; no rows: none).
    static std::vector<FlatTableRows> tables(const FlatRows& rows);

    /// Appends all of `rows` (made whole, with their FlatRows::tables) to `out` in a compact
    /// binary form that a later build reads back instead of flattening a compiled release again:
    /// a section per table, each cell's path as its number in the table's FlatTableRows::paths.
    /// Appends nothing when the rows cannot be written so (a path its table's share lacks).
    static void encode_rows(const FlatRows& rows, std::string& out);

    /// The rows of the tables `only` marks (empty: all) from encode_rows' bytes and the shares
    /// they were written with (`tables`), with their digests (FlatRows::digests of those
    /// tables). False, and `rows` untouched, when the bytes are damaged or are not the rows the
    /// shares name (a digest differs).
    static bool decode_rows(std::string_view bytes, const std::vector<FlatTableRows>& tables,
                            const std::vector<bool>& only, FlatRows& rows);

    /// Adds the rows of one compiled release (rows()): add() without flattening it again. With
    /// their digests, the gzip tables' chunks are named by them rather than by their text, so a
    /// chunk whose rows did not change is copied from the previous version without being made.
    /// Given as FlatRows::tables alone (for the tables FlatRows::made leaves out, or all), the
    /// rows are made from FlatRows::source only if read.
    /// @throws io_error when a scratch file cannot be written
    void add(const FlatRows& rows);

    /// Writes gzip tables in chunks of processes through `cache` (SegmentCache), recording them
    /// as in `site_folder` (the tables' folder relative to the cache's root).
    void use_segments(SegmentCache* cache, std::string site_folder);

    /// Compiled releases added so far.
    std::uint64_t processes() const noexcept;

    /// Writes every table that has rows (processes.csv always, even empty with its header), in
    /// the order of FlatTable::name's list, and returns them. Every file is written to a
    /// temporary name first and all are renamed into place only once all are complete, so an
    /// error leaves the folder as it was. Call once.
    /// `also`: handed the tables too, as read_tables would (one reading of the rows for both).
    /// @throws io_error (a table file exists without `overwrite`, a disk error)
    std::vector<FlatTable> finish(FlatTableVisitor* also = nullptr);

    /// The tables that finish() writes, in order, without their paths and sizes: name, rows, columns.
    std::vector<FlatTable> shapes() const;

    /// Hands the tables that finish() writes, in the same order, to `visitor` (before or after
    /// finish(): the rows stay in the scratch files until the Flattener goes).
    /// @throws io_error when a scratch file cannot be read back
    void read_tables(FlatTableVisitor& visitor);

private:
    class Table;
    Table& table(std::size_t index);

    std::string m_directory;
    FlattenOptions m_options;
    std::string m_scratch_dir;
    std::vector<std::unique_ptr<Table>> m_tables;
    std::uint64_t m_processes = 0;
    bool m_finished = false;
    SegmentCache* m_segments = nullptr;
    std::string m_site_folder;
};

/// Writes one CSV field (RFC 4180): quoted with `"` when it holds `,`, `"`, CR or LF, with `"` doubled.
void append_csv_field(std::string& out, const std::string& field);

/// Names a table's columns (SHA-256 of its name and column names), for the identity of its
/// rows' chunks: the same rows give the same text under the same columns.
std::string table_columns_key(const std::string& name, const std::vector<std::string>& columns);

/// Writes one CSV line: the fields, then CRLF (a line of one empty field is `""`: an empty line
/// would read as no record at all).
void append_csv_line(std::string& out, const std::vector<std::string>& fields);

} // namespace ocds
