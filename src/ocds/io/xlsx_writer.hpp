#pragma once

#include <ocds/io/output.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

class SegmentCache;
class TextMaker;

/// How a cell looks: the few styles every workbook has (xl/styles.xml).
enum class XlsxStyle : unsigned char {
    normal = 0,
    header = 1,    ///< bold, wrapped, on light blue, a line under it
    date_time = 2, ///< yyyy-mm-dd hh:mm
    date = 3,      ///< yyyy-mm-dd
    bold = 4,
};

/// A sheet's layout, which comes before its rows.
struct XlsxSheetLayout {
    std::vector<double> widths;    ///< of the first columns, in characters (Excel's "column width")
    unsigned frozen_rows = 0;      ///< rows that stay in view when scrolling down
    unsigned frozen_columns = 0;   ///< columns that stay in view when scrolling right
    bool autofilter = false;       ///< filter buttons on the first row, over the columns of `widths`
    std::uint64_t filter_rows = 0; ///< rows under the first one that the filter covers
};

/// What the file says about itself (docProps/core.xml).
struct XlsxProperties {
    std::string title;
    std::string author;
    std::string created; ///< RFC 3339: the data's date, so that the same data gives the same bytes
};

/// Excel's serial number of a wall-clock date and time (days since 1899-12-30, as Excel counts
/// them, its 29 February 1900 included). From 1900-01-01 on.
double excel_date_serial(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);

/// The XML of a sheet's rows, a cell at a time: XlsxWriter's own rows, and rows made apart from
/// it (XlsxWriter::add_rows) that must read as if it had written them.
class XlsxRowXml {
public:
    /// `first_row`: the number of the first row made (from 1).
    explicit XlsxRowXml(std::uint64_t first_row = 1) : m_row(first_row) {}

    /// As XlsxWriter's. @throws precondition_error for a cell beyond Excel's columns or rows
    void text(std::string_view text, XlsxStyle style = XlsxStyle::normal);
    void number(double value, XlsxStyle style = XlsxStyle::normal);
    void boolean(bool value);
    void skip() noexcept { ++m_column; }

    /// Appends the row to `out` and starts the next.
    void end_row(std::string& out);

    /// The current row's number and next cell's column (from 0).
    std::uint64_t row() const noexcept { return m_row; }
    std::size_t column() const noexcept { return m_column; }
    /// Starts again at row `row` (a new sheet).
    void restart(std::uint64_t row);

private:
    void cell_start(XlsxStyle style, const char* type);

    std::uint64_t m_row;
    std::size_t m_column = 0;
    std::string m_row_xml;                   ///< the current row's cells
    std::vector<std::string> m_column_names; ///< "A", "B"... as far as used
    std::string m_cut;                       ///< a text being made fit for a cell
};

/// Writes an Excel workbook (.xlsx, Office Open XML SpreadsheetML) a sheet and a row at a time:
/// memory does not grow with the rows. Texts are inline strings (no shared-string table to hold),
/// never formulas; numbers, booleans and dates (numbers with a date style) keep their type.
///
/// Each sheet's XML is written in chunks of rows, cut where the rows' items say (end_row): with a
/// SegmentCache, a chunk whose text the previous version's workbook has is copied compressed
/// from it instead of compressed again, as the bulk files' chunks are (ChunkedGzip), and the
/// workbook's chunks are recorded for the next version. The same rows give the same bytes.
/// The file appears complete or not at all.
class XlsxWriter {
public:
    /// `scratch_dir` holds the sheets' compressed XML until commit(); `site_path` names the file
    /// in `cache` (relative to its root).
    /// @throws io_error, precondition_error for a date that is not RFC 3339
    XlsxWriter(const std::string& path, const std::string& scratch_dir, XlsxProperties properties,
               OutputOptions options = {}, SegmentCache* cache = nullptr, std::string site_path = "");
    ~XlsxWriter();
    XlsxWriter(const XlsxWriter&) = delete;
    XlsxWriter& operator=(const XlsxWriter&) = delete;

    /// Starts a sheet (after the previous one). Excel's rules for its name: 1 to 31 characters,
    /// none of []:*?/\, not starting or ending with an apostrophe, unique in the workbook.
    /// @throws precondition_error for a name Excel would refuse
    void start_sheet(const std::string& name, const XlsxSheetLayout& layout);

    /// The next cell of the current row. A text beyond Excel's 32,767 characters is cut (ending
    /// with "…"), and characters XML cannot carry become U+FFFD.
    /// @throws precondition_error for a cell beyond Excel's 16,384 columns or 1,048,576 rows
    void text(std::string_view text, XlsxStyle style = XlsxStyle::normal);
    void number(double value, XlsxStyle style = XlsxStyle::normal);
    void boolean(bool value);
    /// An empty cell.
    void skip() noexcept { m_rows.skip(); }

    /// Ends the current row. Consecutive rows of the same `item` (a process's id) stay in one
    /// chunk, named by their text; rows of no item (headers, a sheet of notes that carries the
    /// date) are written as they come, never copied.
    void end_row(std::string_view item = {});

    /// `count` rows of one item that `maker` makes only if their chunk must be compressed,
    /// numbered from next_row() (XlsxRowXml): `weight` stands for their size when cutting chunks,
    /// and `identity` must name their text (their source, the row they start at and the
    /// sheet's columns), for the chunk is then found by its key alone.
    /// @throws precondition_error beyond Excel's rows, or inside a row
    void add_rows(const std::shared_ptr<const TextMaker>& maker, std::uint64_t weight, std::string_view identity,
                  std::uint64_t count);

    /// The next row's number in the current sheet (from 1).
    std::uint64_t next_row() const noexcept { return m_rows.row(); }

    /// Writes the workbook and puts it in place. @throws io_error
    void commit();

    std::uint64_t sheets() const noexcept { return m_sheets.size(); }

private:
    struct Sheet;
    void check_cell() const;
    void end_item();
    /// Writes the rows of no item so far, then `text`.
    void write_fixed(std::string_view text);
    void end_sheet();

    std::string m_path;
    std::string m_scratch;
    XlsxProperties m_properties;
    OutputOptions m_options;
    SegmentCache* m_cache;
    std::string m_site_path;
    std::vector<std::unique_ptr<Sheet>> m_sheets;
    XlsxRowXml m_rows;       ///< the current row
    std::string m_item;      ///< the item of the rows in m_item_xml
    std::string m_item_xml;  ///< rows of one item, not yet in a chunk
    std::string m_fixed_xml; ///< the sheet's head and rows of no item, not yet written
    bool m_committed = false;
};

} // namespace ocds
