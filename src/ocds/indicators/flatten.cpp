#include <ocds/indicators/flatten.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/sink.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/segmented_gzip.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <unistd.h>

namespace ocds {

namespace {

/// A row's cell before it has a column number.
using PathCell = FlatRows::Cell;
using Cells = std::vector<PathCell>;

/// Arrays left out of a row because they have their own table, by path relative to the row's object.
using Skips = std::vector<std::string>;

namespace tables {
enum : std::size_t { processes, parties, items, awards, contracts, payments, milestones, documents, count };
} // namespace tables

struct TableSpec {
    const char* name;
    std::vector<std::string> keys;
};

const std::array<TableSpec, tables::count>& table_specs() {
    static const std::array<TableSpec, tables::count> specs{{
        {"processes", {"ocid"}},
        {"parties", {"ocid", "id"}},
        {"items", {"ocid", "in", "parentID", "id"}},
        {"awards", {"ocid", "id"}},
        {"contracts", {"ocid", "id"}},
        {"payments", {"ocid", "contractID", "id"}},
        {"milestones", {"ocid", "in", "parentID", "id"}},
        {"documents", {"ocid", "in", "parentID", "id"}},
    }};
    return specs;
}

bool is_literal(const Value& value) {
    return !value.is_array() && !value.is_object();
}

void append_literal(std::string& out, const Value& value) {
    switch (value.type()) {
    case Value::Type::boolean: out += value.as_bool() ? "true" : "false"; break;
    case Value::Type::number: out += value.number_text(); break;
    case Value::Type::string: out += value.as_string(); break;
    default: break;
    }
}

std::string literal_text(const Value* value) {
    std::string text;
    if (value && is_literal(*value)) {
        append_literal(text, *value);
    }
    return text;
}

std::string join_path(const std::string& base, const std::string& key) {
    if (base.empty()) {
        return key;
    }
    return key.empty() ? base : base + "/" + key;
}

/// Whether a member is one of the arrays with their own table: an array of objects (or a null
/// in its place, which has nothing to show).
bool is_table_array(const Value* value) {
    if (!value) {
        return false;
    }
    if (value->is_null()) {
        return true;
    }
    return value->is_array() && std::all_of(value->as_array().begin(), value->as_array().end(),
                                            [](const Value& element) { return element.is_object(); });
}

/// The objects of `parent[key]` when that is a table's array, else none.
const Value::Array& table_objects(const Value* parent, std::string_view key) {
    static const Value::Array none;
    const Value* value = parent ? parent->find(key) : nullptr;
    return value && value->is_array() && is_table_array(value) ? value->as_array() : none;
}

void flatten_value(const Value& value, const std::string& path, Cells& cells, const Skips* skips);

void flatten_array(const Value::Array& array, const std::string& path, Cells& cells) {
    if (array.empty()) {
        return;
    }
    // Each leaf path gets one part per element (empty where an element lacks it), so that the
    // parts of `suppliers/id` and `suppliers/name` line up.
    std::vector<std::string> subpaths;
    std::vector<std::vector<std::string>> parts;
    Cells own;
    for (std::size_t i = 0; i < array.size(); ++i) {
        own.clear();
        flatten_value(array[i], "", own, nullptr);
        for (auto& cell : own) {
            auto found = std::find(subpaths.begin(), subpaths.end(), cell.path);
            if (found == subpaths.end()) {
                subpaths.push_back(cell.path);
                parts.emplace_back(array.size());
                found = subpaths.end() - 1;
            }
            parts[static_cast<std::size_t>(found - subpaths.begin())][i] = std::move(cell.text);
        }
    }
    for (std::size_t s = 0; s < subpaths.size(); ++s) {
        std::string joined;
        for (std::size_t i = 0; i < parts[s].size(); ++i) {
            if (i > 0) {
                joined += ';';
            }
            joined += parts[s][i];
        }
        cells.push_back(PathCell{join_path(path, subpaths[s]), std::move(joined), CellKind::text});
    }
}

void flatten_object(const Value& object, const std::string& path, Cells& cells, const Skips* skips,
                    std::string_view key_member) {
    for (const auto& member : object.as_object()) {
        if (!key_member.empty() && member.key == key_member && is_literal(member.value)) {
            continue; // it is a key column already
        }
        const std::string child = join_path(path, member.key);
        if (skips && std::find(skips->begin(), skips->end(), child) != skips->end() && is_table_array(&member.value)) {
            continue;
        }
        flatten_value(member.value, child, cells, skips);
    }
}

void flatten_value(const Value& value, const std::string& path, Cells& cells, const Skips* skips) {
    if (value.is_object()) {
        flatten_object(value, path, cells, skips, {});
    } else if (value.is_array()) {
        flatten_array(value.as_array(), path, cells);
    } else {
        std::string text;
        append_literal(text, value);
        const CellKind kind = value.is_number() ? CellKind::number
                              : value.is_bool() ? CellKind::boolean
                                                : CellKind::text;
        cells.push_back(PathCell{path, std::move(text), kind});
    }
}

/// Each table's rows named by their content: keys, then each cell's path, kind and text (hex
/// SHA-256 by table; "" for a table without rows).
std::vector<std::string> row_digests(const std::vector<FlatRows::Row>& rows) {
    std::vector<Sha256> digests(tables::count);
    std::vector<bool> used(tables::count, false);
    auto put = [](Sha256& sha, const std::string& text) {
        const std::uint64_t size = text.size();
        sha.update(reinterpret_cast<const char*>(&size), sizeof size); // a length first: no two texts alike
        sha.update(text);
    };
    for (const auto& row : rows) {
        Sha256& sha = digests[row.table];
        used[row.table] = true;
        sha.update("row", 3);
        for (const auto& key : row.keys) {
            put(sha, key);
        }
        for (const auto& cell : row.cells) {
            put(sha, cell.path);
            sha.update(reinterpret_cast<const char*>(&cell.kind), 1);
            put(sha, cell.text);
        }
    }
    std::vector<std::string> hex(tables::count);
    for (std::size_t index = 0; index < tables::count; ++index) {
        if (used[index]) {
            hex[index] = digests[index].hex();
        }
    }
    return hex;
}

/// Reads a spool file (or its bytes from `begin` to `end`) back in order. The spool is flushed
/// before (flush()).
class SpoolReader {
public:
    SpoolReader(SpoolFile& spool, std::uint64_t begin, std::uint64_t end)
        : m_spool(spool), m_buffer(static_cast<std::size_t>(std::min<std::uint64_t>(1 << 16, end - begin))),
          m_offset(begin), m_end(end) {}

    bool at_end() const { return m_offset >= m_end && m_position == m_filled; }

    std::uint64_t varint() {
        std::uint64_t number = 0;
        for (unsigned shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(next());
            number |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) {
                return number;
            }
        }
    }

    void read(std::string& out, std::size_t size) {
        out.clear();
        while (out.size() < size) {
            if (m_position == m_filled) {
                fill();
            }
            const std::size_t count = std::min(size - out.size(), m_filled - m_position);
            out.append(m_buffer.data() + m_position, count);
            m_position += count;
        }
    }

private:
    char next() {
        if (m_position == m_filled) {
            fill();
        }
        return m_buffer[m_position++];
    }

    void fill() {
        const std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(m_buffer.size(), m_end - m_offset));
        const std::size_t count = wanted == 0 ? 0 : m_spool.read_at(m_offset, m_buffer.data(), wanted);
        if (count == 0) {
            throw io_error("cannot read back a scratch file of flatten: it is shorter than what was written");
        }
        m_offset += count;
        m_position = 0;
        m_filled = count;
    }

    SpoolFile& m_spool;
    std::vector<char> m_buffer;
    std::uint64_t m_offset;
    std::uint64_t m_end;
    std::size_t m_position = 0;
    std::size_t m_filled = 0;
};

/// Whether a CSV field is quoted (RFC 4180): it holds a comma, a quote, CR or LF.
bool csv_quoted(const std::string& field) {
    return field.find_first_of(",\"\r\n") != std::string::npos;
}

/// A CSV field's size as append_csv_field writes it.
std::uint64_t csv_field_size(const std::string& field) {
    if (!csv_quoted(field)) {
        return field.size();
    }
    return field.size() + 2 + static_cast<std::uint64_t>(std::count(field.begin(), field.end(), '"'));
}

/// A process's lines of a CSV table, made when their chunk must be compressed.
class CsvLinesMaker : public TextMaker {
public:
    explicit CsvLinesMaker(ProcessRows rows) : m_rows(std::move(rows)) {}
    std::string make() const override {
        std::string lines;
        lines.reserve(static_cast<std::size_t>(m_rows.csv_bytes));
        m_rows.each([&](const std::vector<std::string>& texts, const std::vector<CellKind>&) {
            append_csv_line(lines, texts);
        });
        return lines;
    }

private:
    ProcessRows m_rows;
};

/// Writes each table to <directory>/<name><extension> as CSV: the visitor behind finish().
class CsvTables : public FlatTableVisitor {
public:
    CsvTables(std::string directory, std::string extension, const FlattenOptions& options, SegmentCache* segments,
              std::string site_folder)
        : m_directory(std::move(directory)), m_extension(std::move(extension)), m_options(options),
          m_segments(segments), m_site_folder(std::move(site_folder)) {}

    void table(const std::string& name, const std::vector<std::string>& columns, std::uint64_t rows) override {
        close_current();
        const std::string path = m_directory + "/" + name + m_extension;
        m_written.push_back(FlatTable{name, path, rows, columns.size(), 0});
        m_table_key = table_columns_key(name, columns);
        m_line.clear();
        if (m_options.bom) {
            m_line += "\xEF\xBB\xBF";
        }
        append_csv_line(m_line, columns);
        if (m_segments) {
            // Chunks of whole processes (a process's rows follow each other), named by their text.
            m_chunked.push_back(
                std::make_unique<ChunkedGzip>(path, OutputOptions{m_options.overwrite, false}, m_segments, "csv"));
            m_chunked.back()->write_fixed(m_line);
        } else {
            m_outputs.push_back(std::make_unique<Output>(path, OutputOptions{m_options.overwrite, false}));
            m_outputs.back()->write(m_line);
        }
        m_written.back().bytes += m_line.size();
    }

    void row(const std::vector<std::string>& texts, const std::vector<CellKind>&) override {
        m_line.clear();
        append_csv_line(m_line, texts);
        m_written.back().bytes += m_line.size();
        if (!m_segments) {
            m_outputs.back()->write(m_line);
            return;
        }
        if (texts.empty() || texts.front() != m_process) {
            end_process();
            m_process = texts.empty() ? std::string() : texts.front();
        }
        m_rows += m_line;
    }

    void rows_of(const ProcessRows& rows) override {
        if (!m_segments || rows.identity.empty()) {
            FlatTableVisitor::rows_of(rows);
            return;
        }
        // Named by the process and the columns: made only if the chunk is not the previous version's.
        end_process();
        m_process.clear();
        m_chunked.back()->add(std::make_shared<CsvLinesMaker>(rows), rows.csv_bytes, true,
                              rows.identity + " " + m_table_key);
        m_written.back().bytes += rows.csv_bytes;
    }

    /// Puts every table in place, all complete before any replaces an old file: a failure
    /// before leaves the folder as it was.
    std::vector<FlatTable> commit() {
        close_current();
        for (auto& output : m_outputs) {
            output->commit();
        }
        for (std::size_t i = 0; i < m_chunked.size(); ++i) {
            m_chunked[i]->commit();
            const std::string path = m_site_folder + "/" + m_written[i].name + m_extension;
            m_segments->record(path, 0, m_chunked[i]->file().file_bytes(), m_chunked[i]->file().keyed());
        }
        return std::move(m_written);
    }

private:
    void end_process() {
        if (!m_rows.empty()) {
            m_chunked.back()->add(m_rows, m_rows);
            m_rows.clear();
        }
    }

    void close_current() {
        if (m_segments && !m_chunked.empty()) {
            end_process();
            m_process.clear();
        }
    }

    std::string m_directory;
    std::string m_extension;
    FlattenOptions m_options;
    SegmentCache* m_segments;
    std::string m_site_folder;
    std::vector<std::unique_ptr<Output>> m_outputs;
    std::vector<std::unique_ptr<ChunkedGzip>> m_chunked;
    std::vector<FlatTable> m_written;
    std::string m_line;
    std::string m_table_key; ///< of the current table's columns
    std::string m_process;   ///< the ocid of the rows in m_rows
    std::string m_rows;      ///< the current process's rows
};

} // namespace

void append_csv_line(std::string& out, const std::vector<std::string>& fields) {
    if (fields.size() == 1 && fields.front().empty()) {
        out += "\"\""; // an empty line would read as no record at all
    } else {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) {
                out += ',';
            }
            append_csv_field(out, fields[i]);
        }
    }
    out += "\r\n";
}

void FlatTableVisitor::rows_of(const ProcessRows& rows) {
    rows.each([this](const std::vector<std::string>& texts, const std::vector<CellKind>& kinds) { row(texts, kinds); });
}

namespace {

/// A row being put together column by column, handed to a visitor, then emptied of what was set
/// (not rebuilt: a table may have hundreds of columns and a process one row).
class RowBuffer {
public:
    explicit RowBuffer(std::size_t columns) : m_texts(columns), m_kinds(columns, CellKind::text) {}

    /// Sets a column's text; false (nothing set) for a column the row does not have.
    bool set(std::size_t column, std::string&& text, CellKind kind) {
        if (column >= m_texts.size()) {
            return false;
        }
        m_texts[column] = std::move(text);
        m_kinds[column] = kind;
        m_set.push_back(column);
        return true;
    }

    void hand_to(const ProcessRows::Visit& visit) {
        visit(m_texts, m_kinds);
        for (const auto column : m_set) {
            m_texts[column].clear();
            m_kinds[column] = CellKind::text;
        }
        m_set.clear();
    }

private:
    std::vector<std::string> m_texts;
    std::vector<CellKind> m_kinds;
    std::vector<std::size_t> m_set;
};

} // namespace

void ProcessRows::each(const Visit& visit) const {
    if (!m_source.path.empty()) {
        each_from_source(visit);
        return;
    }
    if (!m_spool || rows == 0) {
        return;
    }
    SpoolReader reader(*m_spool, m_begin, m_end);
    RowBuffer row(m_columns);
    std::string text;
    for (std::uint64_t r = 0; r < rows; ++r) {
        const std::uint64_t count = reader.varint();
        for (std::uint64_t c = 0; c < count; ++c) {
            const auto column = static_cast<std::size_t>(reader.varint());
            const auto kind = static_cast<CellKind>(reader.varint());
            reader.read(text, static_cast<std::size_t>(reader.varint()));
            if (!row.set(column, std::move(text), kind)) {
                throw io_error("a scratch file of flatten is corrupt");
            }
        }
        row.hand_to(visit);
    }
}

void ProcessRows::each_from_source(const Visit& visit) const {
    const std::string text = read_file_range(m_source.path, m_source.offset, m_source.length);
    Value release;
    JsonTextError failure;
    FlatRows flat;
    if (parse_json_text(text, release, failure, 200)) {
        flat = Flattener::rows(release);
    }
    // The rows must be those the digest names: a file changed since they were counted is an error.
    if (m_table >= flat.digests.size() || flat.digests[m_table] != identity) {
        throw io_error(m_source.path + ": the compiled release at byte " + std::to_string(m_source.offset) +
                       " is not the one whose rows were counted: was the file changed during the run?");
    }
    RowBuffer row(m_columns);
    for (auto& each_row : flat.rows) {
        if (each_row.table != m_table) {
            continue;
        }
        bool placed = true;
        for (std::size_t i = 0; i < each_row.keys.size(); ++i) {
            if (!each_row.keys[i].empty()) {
                placed = row.set(i, std::move(each_row.keys[i]), CellKind::text) && placed;
            }
        }
        for (auto& cell : each_row.cells) {
            if (cell.text.empty()) {
                continue;
            }
            const auto column = m_column_of->find(cell.path);
            placed = column != m_column_of->end() && row.set(column->second, std::move(cell.text), cell.kind) && placed;
        }
        if (!placed) {
            throw io_error(m_source.path + ": a compiled release has a field its table has no column for");
        }
        row.hand_to(visit);
    }
}

std::string table_columns_key(const std::string& name, const std::vector<std::string>& columns) {
    Sha256 sha;
    sha.update(name);
    for (const auto& column : columns) {
        sha.update("\n", 1);
        sha.update(column);
    }
    return sha.hex();
}

void append_csv_field(std::string& out, const std::string& field) {
    if (!csv_quoted(field)) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

/// One table: its columns (keys, then fields by first appearance) and its rows, spooled as
/// (column, text) pairs because the columns are only known at the end, and an index of which
/// rows are which process's (ProcessRows).
class Flattener::Table {
public:
    Table(std::size_t index, const TableSpec& spec, const std::string& scratch_dir)
        : m_index_of_table(index), m_spec(spec), m_scratch_dir(scratch_dir) {
        m_headers.assign(spec.keys.begin(), spec.keys.end());
    }

    void add_row(const std::vector<std::string>& keys, const Cells& cells) {
        open_spools();
        // The cells with text, a column once: the last one wins, as in the row read back (a
        // member "a/b" and a member b of a are both the column a/b).
        const std::uint64_t serial = ++m_rows;
        bool repeated = false;
        m_cells.clear();
        for (const auto& cell : cells) {
            const std::size_t column = column_of(cell.path); // registered even when empty: the field exists
            if (cell.text.empty()) {
                continue;
            }
            if (m_marks.size() <= column) {
                m_marks.resize(column + 1, 0);
            }
            repeated = repeated || m_marks[column] == serial;
            m_marks[column] = serial;
            m_cells.emplace_back(column, &cell);
        }
        if (repeated) {
            std::vector<std::pair<std::size_t, const PathCell*>> last;
            for (auto it = m_cells.rbegin(); it != m_cells.rend(); ++it) {
                if (std::none_of(last.begin(), last.end(), [&](const auto& kept) { return kept.first == it->first; })) {
                    last.push_back(*it);
                }
            }
            m_cells.assign(last.rbegin(), last.rend());
        }
        m_record.clear();
        std::size_t count = m_cells.size();
        for (const auto& key : keys) {
            count += !key.empty();
        }
        detail::put_varint(m_record, count);
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (!keys[i].empty()) {
                put_cell(i, keys[i], CellKind::text);
            }
        }
        for (const auto& [column, cell] : m_cells) {
            put_cell(column, cell->text, cell->kind);
        }
        m_process_blank += count == 0;
        m_spool->write(m_record);
        m_spooled += m_record.size();
        ++m_process_rows;
    }

    /// The rows added since the last call are one process's, made from `identity`.
    void end_process(const std::string& identity) {
        if (m_process_rows == 0) {
            return;
        }
        index_process(identity, m_process_rows, m_process_bytes, m_process_blank, m_spooled - m_process_begin, {});
        m_process_begin = m_spooled;
        m_process_rows = m_process_bytes = m_process_blank = 0;
    }

    /// One process's rows, not at hand: their columns are taken, and `source` is where they are
    /// made from again when read.
    void add_unread(const FlatTableRows& share, const JsonTextPlace& source) {
        open_spools();
        if (share.paths) {
            for (const auto& path : *share.paths) {
                column_of(path);
            }
        }
        m_rows += share.rows;
        index_process(share.digest, share.rows, share.field_bytes, share.blank, 0, source);
    }

    std::uint64_t rows() const noexcept { return m_rows; }
    const char* name() const noexcept { return m_spec.name; }
    std::size_t columns() const noexcept { return m_headers.size(); }

    /// Hands the header and every process's rows, in order, to `visitor`.
    void read(FlatTableVisitor& visitor) {
        visitor.table(m_spec.name, m_headers, m_rows);
        if (!m_spool) {
            return;
        }
        m_spool->flush();
        m_index->flush();
        SpoolReader index(*m_index, 0, m_indexed);
        ProcessRows rows;
        rows.m_spool = m_spool.get();
        rows.m_columns = m_headers.size();
        rows.m_table = m_index_of_table;
        rows.m_column_of = &m_columns;
        // A CSV line: its fields' text, a comma between two, CRLF; `""` for one empty field.
        const std::uint64_t line_bytes = m_headers.size() + 1;
        const std::uint64_t blank_bytes = m_headers.size() == 1 ? 2 : 0;
        std::uint64_t offset = 0;
        while (!index.at_end()) {
            index.read(rows.identity, static_cast<std::size_t>(index.varint()));
            rows.rows = index.varint();
            const std::uint64_t field_bytes = index.varint();
            const std::uint64_t blank = index.varint();
            const std::uint64_t length = index.varint();
            index.read(rows.m_source.path, static_cast<std::size_t>(index.varint()));
            rows.m_source.offset = index.varint();
            rows.m_source.length = index.varint();
            rows.csv_bytes = field_bytes + rows.rows * line_bytes + blank * blank_bytes;
            rows.m_begin = offset;
            rows.m_end = offset += length;
            visitor.rows_of(rows);
        }
    }

private:
    void open_spools() {
        if (!m_spool) {
            make_directories(m_scratch_dir); // often the output folder, which finish() would create
            m_spool = std::make_unique<SpoolFile>(m_scratch_dir);
            m_index = std::make_unique<SpoolFile>(m_scratch_dir, 1 << 14);
        }
    }

    /// A process's entry of the index: its rows' identity, count, field bytes, blank rows, the
    /// length of its rows in the spool, and where they are made from when not spooled.
    void index_process(const std::string& identity, std::uint64_t rows, std::uint64_t field_bytes, std::uint64_t blank,
                       std::uint64_t spooled, const JsonTextPlace& source) {
        m_record.clear();
        detail::put_varint(m_record, identity.size());
        m_record += identity;
        detail::put_varint(m_record, rows);
        detail::put_varint(m_record, field_bytes);
        detail::put_varint(m_record, blank);
        detail::put_varint(m_record, spooled);
        detail::put_varint(m_record, source.path.size());
        m_record += source.path;
        detail::put_varint(m_record, source.offset);
        detail::put_varint(m_record, source.length);
        m_index->write(m_record);
        m_indexed += m_record.size();
    }

    std::size_t column_of(const std::string& path) {
        auto found = m_columns.find(path);
        if (found != m_columns.end()) {
            return found->second;
        }
        const bool clashes = std::find(m_spec.keys.begin(), m_spec.keys.end(), path) != m_spec.keys.end();
        m_headers.push_back(clashes ? path + " (field)" : path);
        return m_columns.emplace(path, m_headers.size() - 1).first->second;
    }

    void put_cell(std::size_t column, const std::string& text, CellKind kind) {
        detail::put_varint(m_record, column);
        detail::put_varint(m_record, static_cast<std::uint64_t>(kind));
        detail::put_varint(m_record, text.size());
        m_record += text;
        m_process_bytes += csv_field_size(text);
    }

    std::size_t m_index_of_table;
    const TableSpec& m_spec;
    std::string m_scratch_dir;
    std::vector<std::string> m_headers;
    std::unordered_map<std::string, std::size_t> m_columns; // data columns only
    std::unique_ptr<SpoolFile> m_spool;
    std::unique_ptr<SpoolFile> m_index; ///< per process: identity, rows, field bytes, blank rows, spooled bytes
    std::string m_record;
    std::vector<std::pair<std::size_t, const PathCell*>> m_cells; ///< the row being added's
    std::vector<std::uint64_t> m_marks;                           ///< by column: the last row with its text
    std::uint64_t m_rows = 0;
    std::uint64_t m_spooled = 0; ///< bytes written to m_spool
    std::uint64_t m_indexed = 0; ///< bytes written to m_index
    std::uint64_t m_process_begin = 0;
    std::uint64_t m_process_rows = 0;
    std::uint64_t m_process_bytes = 0;
    std::uint64_t m_process_blank = 0;
};

Flattener::Flattener(std::string directory, FlattenOptions options, std::string scratch_dir)
    : m_directory(std::move(directory)), m_options(options), m_scratch_dir(std::move(scratch_dir)) {
    m_tables.resize(tables::count);
}

Flattener::~Flattener() = default;

Flattener::Table& Flattener::table(std::size_t index) {
    if (!m_tables[index]) {
        m_tables[index] = std::make_unique<Table>(index, table_specs()[index], m_scratch_dir);
    }
    return *m_tables[index];
}

void Flattener::use_segments(SegmentCache* cache, std::string site_folder) {
    m_segments = cache;
    m_site_folder = std::move(site_folder);
}

std::uint64_t Flattener::processes() const noexcept {
    return m_processes;
}

void Flattener::add(const Value& release) {
    add(rows(release));
}

void Flattener::add(const FlatRows& rows) {
    if (rows.rows.empty() && rows.made.empty() && rows.tables.size() != m_tables.size()) {
        return; // no object
    }
    for (const auto& row : rows.rows) {
        table(row.table).add_row(row.keys, row.cells);
    }
    static const std::string unnamed;
    for (std::size_t index = 0; index < m_tables.size(); ++index) {
        if (rows.has_rows_of(index)) {
            if (m_tables[index]) {
                m_tables[index]->end_process(rows.digests.size() == m_tables.size() ? rows.digests[index] : unnamed);
            }
        } else if (index < rows.tables.size() && rows.tables[index].rows > 0) {
            table(index).add_unread(rows.tables[index], rows.source);
        }
    }
    ++m_processes;
}

FlatRows Flattener::rows(const Value& release) {
    FlatRows flat;
    if (!release.is_object()) {
        return flat;
    }
    static const Skips process_skips{"parties",
                                     "awards",
                                     "contracts",
                                     "planning/milestones",
                                     "planning/documents",
                                     "tender/items",
                                     "tender/milestones",
                                     "tender/documents"};
    static const Skips award_skips{"items", "documents"};
    static const Skips contract_skips{"items",
                                      "documents",
                                      "milestones",
                                      "implementation/transactions",
                                      "implementation/milestones",
                                      "implementation/documents"};

    const std::string ocid = literal_text(release.find("ocid"));
    Cells cells;
    flatten_object(release, "", cells, &process_skips, "ocid");
    flat.rows.push_back(FlatRows::Row{tables::processes, {ocid}, std::move(cells)});

    // One row of `index` per object of `parent[key]`; `keys` end with the object's id, filled here.
    auto object_rows = [&](std::size_t index, const Value* parent, std::string_view key, std::vector<std::string> keys,
                           const Skips* skips = nullptr) {
        for (const Value& object : table_objects(parent, key)) {
            keys.back() = literal_text(object.find("id"));
            Cells object_cells;
            flatten_object(object, "", object_cells, skips, "id");
            flat.rows.push_back(FlatRows::Row{index, keys, std::move(object_cells)});
        }
    };

    object_rows(tables::parties, &release, "parties", {ocid, ""});
    const Value* planning = release.find("planning");
    const Value* tender = release.find("tender");
    object_rows(tables::items, tender, "items", {ocid, "tender", "", ""});
    object_rows(tables::awards, &release, "awards", {ocid, ""}, &award_skips);
    for (const Value& award : table_objects(&release, "awards")) {
        object_rows(tables::items, &award, "items", {ocid, "awards", literal_text(award.find("id")), ""});
    }
    object_rows(tables::contracts, &release, "contracts", {ocid, ""}, &contract_skips);
    for (const Value& contract : table_objects(&release, "contracts")) {
        const std::string id = literal_text(contract.find("id"));
        object_rows(tables::items, &contract, "items", {ocid, "contracts", id, ""});
        object_rows(tables::payments, contract.find("implementation"), "transactions", {ocid, id, ""});
    }
    // Milestones and documents: planning, tender, then each award and contract.
    for (const auto& [index, key] :
         {std::pair{tables::milestones, "milestones"}, std::pair{tables::documents, "documents"}}) {
        object_rows(index, planning, key, {ocid, "planning", "", ""});
        object_rows(index, tender, key, {ocid, "tender", "", ""});
        if (index == tables::documents) {
            for (const Value& award : table_objects(&release, "awards")) {
                object_rows(index, &award, key, {ocid, "awards", literal_text(award.find("id")), ""});
            }
        }
        for (const Value& contract : table_objects(&release, "contracts")) {
            const std::string id = literal_text(contract.find("id"));
            object_rows(index, &contract, key, {ocid, "contracts", id, ""});
            object_rows(index, contract.find("implementation"), key, {ocid, "contracts/implementation", id, ""});
        }
    }
    flat.digests = row_digests(flat.rows);
    return flat;
}

void Flattener::encode_rows(const FlatRows& rows, std::string& out) {
    const std::size_t count = rows.tables.size();
    if (count != tables::count || !rows.made.empty()) {
        return;
    }
    std::vector<std::unordered_map<std::string_view, std::size_t>> numbers(count);
    for (std::size_t index = 0; index < count; ++index) {
        if (const auto& paths = rows.tables[index].paths) {
            for (std::size_t number = 0; number < paths->size(); ++number) {
                numbers[index].emplace((*paths)[number], number);
            }
        }
    }
    std::vector<std::string> sections(count);
    std::vector<std::uint64_t> row_counts(count, 0);
    for (const auto& row : rows.rows) {
        std::string& section = sections[row.table];
        row_counts[row.table] += 1;
        detail::put_varint(section, row.keys.size());
        for (const auto& key : row.keys) {
            detail::put_varint(section, key.size());
            section += key;
        }
        detail::put_varint(section, row.cells.size());
        for (const auto& cell : row.cells) {
            const auto number = numbers[row.table].find(cell.path);
            if (number == numbers[row.table].end()) {
                return;
            }
            detail::put_varint(section, number->second);
            section += static_cast<char>(cell.kind);
            detail::put_varint(section, cell.text.size());
            section += cell.text;
        }
    }
    detail::put_varint(out, count);
    for (std::size_t index = 0; index < count; ++index) {
        detail::put_varint(out, row_counts[index]);
        detail::put_varint(out, sections[index].size());
        out += sections[index];
    }
}

namespace {

/// Reads encode_rows' bytes, every length checked: they come from a file a crash may have cut.
class RowBytes {
public:
    explicit RowBytes(std::string_view bytes) : m_rest(bytes) {}

    bool varint(std::uint64_t& number) {
        const char* cursor = m_rest.data();
        const bool whole = detail::get_varint(cursor, m_rest.data() + m_rest.size(), number);
        m_rest.remove_prefix(static_cast<std::size_t>(cursor - m_rest.data()));
        return whole;
    }

    bool bytes(std::string_view& out) {
        std::uint64_t size = 0;
        return varint(size) && take(size, out);
    }

    bool take(std::uint64_t size, std::string_view& out) {
        if (size > m_rest.size()) {
            return false;
        }
        out = m_rest.substr(0, static_cast<std::size_t>(size));
        m_rest.remove_prefix(static_cast<std::size_t>(size));
        return true;
    }

    bool at_end() const noexcept { return m_rest.empty(); }

private:
    std::string_view m_rest;
};

/// One table's section of encode_rows' bytes, appended to `rows`.
bool decode_section(std::string_view section, std::uint64_t count, std::size_t table,
                    const std::vector<std::string>& paths, std::vector<FlatRows::Row>& rows) {
    RowBytes in(section);
    std::string_view text;
    for (std::uint64_t r = 0; r < count; ++r) {
        FlatRows::Row row;
        row.table = table;
        std::uint64_t keys = 0;
        if (!in.varint(keys) || keys > section.size()) {
            return false;
        }
        for (std::uint64_t k = 0; k < keys; ++k) {
            if (!in.bytes(text)) {
                return false;
            }
            row.keys.emplace_back(text);
        }
        std::uint64_t cells = 0;
        if (!in.varint(cells) || cells > section.size()) {
            return false;
        }
        row.cells.reserve(static_cast<std::size_t>(cells));
        for (std::uint64_t c = 0; c < cells; ++c) {
            std::uint64_t number = 0;
            std::string_view kind;
            if (!in.varint(number) || number >= paths.size() || !in.take(1, kind) ||
                static_cast<unsigned char>(kind[0]) > static_cast<unsigned char>(CellKind::boolean) ||
                !in.bytes(text)) {
                return false;
            }
            row.cells.push_back(PathCell{paths[number], std::string(text), static_cast<CellKind>(kind[0])});
        }
        rows.push_back(std::move(row));
    }
    return in.at_end();
}

} // namespace

bool Flattener::decode_rows(std::string_view bytes, const std::vector<FlatTableRows>& tables,
                            const std::vector<bool>& only, FlatRows& rows) {
    RowBytes in(bytes);
    std::uint64_t count = 0;
    if (!in.varint(count) || count != tables::count || tables.size() != tables::count) {
        return false;
    }
    FlatRows flat;
    flat.made = only;
    for (std::size_t index = 0; index < tables::count; ++index) {
        std::uint64_t row_count = 0;
        std::string_view section;
        if (!in.varint(row_count) || !in.bytes(section)) {
            return false;
        }
        const bool wanted = only.empty() || (index < only.size() && only[index]);
        if (wanted &&
            (!tables[index].paths || !decode_section(section, row_count, index, *tables[index].paths, flat.rows))) {
            return false;
        }
    }
    if (!in.at_end()) {
        return false;
    }
    flat.digests = row_digests(flat.rows);
    for (std::size_t index = 0; index < tables::count; ++index) {
        if (flat.has_rows_of(index) && flat.digests[index] != tables[index].digest) {
            return false;
        }
    }
    rows = std::move(flat);
    return true;
}

std::vector<FlatTableRows> Flattener::tables(const FlatRows& rows) {
    std::vector<FlatTableRows> shares;
    if (rows.rows.empty()) {
        return shares;
    }
    shares.resize(tables::count);
    std::vector<std::vector<std::string>> paths(tables::count);
    std::vector<std::unordered_set<std::string_view>> seen(tables::count);
    std::unordered_map<std::string_view, const std::string*> texts; // a row's text by path: the last wins
    for (const auto& row : rows.rows) {
        FlatTableRows& share = shares[row.table];
        texts.clear();
        std::uint64_t count = 0;
        for (const auto& key : row.keys) {
            if (!key.empty()) {
                share.field_bytes += csv_field_size(key);
                ++count;
            }
        }
        for (const auto& cell : row.cells) {
            if (seen[row.table].insert(cell.path).second) {
                paths[row.table].push_back(cell.path);
            }
            if (!cell.text.empty()) {
                texts[cell.path] = &cell.text;
            }
        }
        for (const auto& [path, text] : texts) {
            share.field_bytes += csv_field_size(*text);
            ++count;
        }
        share.rows += 1;
        share.blank += count == 0;
    }
    for (std::size_t index = 0; index < tables::count; ++index) {
        shares[index].digest = index < rows.digests.size() ? rows.digests[index] : "";
        shares[index].paths = std::make_shared<const std::vector<std::string>>(std::move(paths[index]));
    }
    return shares;
}

std::vector<FlatTable> Flattener::shapes() const {
    std::vector<FlatTable> shapes;
    for (std::size_t index = 0; index < tables::count; ++index) {
        const Table* table = m_tables[index].get();
        if (index == tables::processes || (table && table->rows() > 0)) {
            FlatTable shape;
            shape.name = table_specs()[index].name;
            shape.rows = table ? table->rows() : 0;
            shape.columns = table ? table->columns() : table_specs()[index].keys.size();
            shapes.push_back(std::move(shape));
        }
    }
    return shapes;
}

void Flattener::read_tables(FlatTableVisitor& visitor) {
    for (std::size_t index = 0; index < tables::count; ++index) {
        if (index != tables::processes && (!m_tables[index] || m_tables[index]->rows() == 0)) {
            continue;
        }
        table(index).read(visitor);
    }
}

namespace {

/// Hands each table and row to two visitors.
class BothVisitors : public FlatTableVisitor {
public:
    BothVisitors(FlatTableVisitor& first, FlatTableVisitor& second) : m_first(first), m_second(second) {}
    void table(const std::string& name, const std::vector<std::string>& columns, std::uint64_t rows) override {
        m_first.table(name, columns, rows);
        m_second.table(name, columns, rows);
    }
    void row(const std::vector<std::string>& texts, const std::vector<CellKind>& kinds) override {
        m_first.row(texts, kinds);
        m_second.row(texts, kinds);
    }
    void rows_of(const ProcessRows& rows) override {
        m_first.rows_of(rows);
        m_second.rows_of(rows);
    }

private:
    FlatTableVisitor& m_first;
    FlatTableVisitor& m_second;
};

} // namespace

std::vector<FlatTable> Flattener::finish(FlatTableVisitor* also) {
    if (m_finished) {
        throw error("Flattener::finish() was called twice");
    }
    m_finished = true;
    make_directories(m_directory);
    const std::string extension = m_options.gzip ? ".csv.gz" : ".csv";
    // Chunked only when gzip: a plain CSV has no segments.
    CsvTables csv(m_directory, extension, m_options, m_options.gzip ? m_segments : nullptr, m_site_folder);
    if (also) {
        BothVisitors both(csv, *also);
        read_tables(both);
    } else {
        read_tables(csv);
    }
    std::vector<FlatTable> written = csv.commit();
    if (m_options.overwrite) {
        for (const auto& spec : table_specs()) {
            const std::string path = m_directory + "/" + spec.name + extension;
            const bool current =
                std::any_of(written.begin(), written.end(), [&](const FlatTable& table) { return table.path == path; });
            if (!current && ::unlink(path.c_str()) != 0 && errno != ENOENT) {
                throw io_error(system_message("cannot remove the old table", path, errno));
            }
        }
    }
    return written;
}

} // namespace ocds
