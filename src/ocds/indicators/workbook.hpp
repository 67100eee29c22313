#pragma once

#include <ocds/indicators/flatten.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ocds {

class SegmentCache;

/// What a workbook says about itself on its first sheet.
struct WorkbookSettings {
    std::string title; ///< "Presupuesto Participativo 2023: contrataciones abiertas (OCDS)"
    std::string publisher;
    std::string license;                ///< a URL
    std::string source;                 ///< where the data is published (the site's URL)
    std::string date;                   ///< RFC 3339: the data's date, which the file carries (same data, same bytes)
    std::string scratch_dir;            ///< the sheets' compressed XML until the workbook is complete
    std::uint64_t sheet_rows = 1048575; ///< data rows a sheet (Excel's limit; lower only in tests)
};

/// A written workbook.
struct WorkbookSummary {
    std::uint64_t sheets = 0;
    std::uint64_t rows = 0; ///< data rows over all table sheets
};

/// Writes the Flattener's tables as one Excel workbook (.xlsx, Office Open XML, with XlsxWriter):
/// a first sheet "léame" (what the file is, how the sheets join), one sheet per table with
/// Spanish column titles (procesos, partes, artículos, adjudicaciones, contratos, pagos, hitos,
/// documentos), and "diccionario" (sheet, column, meaning, OCDS path). Numbers are numbers,
/// true/false are booleans, and dates (fields named *date*/*Date*, asOf) are dates in the time
/// they were published in; texts stay texts, never formulas. Beyond Excel's limits a table goes
/// on in "procesos (2)" and so on (1,048,575 rows a sheet) and a text is cut at 32,767 bytes
/// (the CSV and JSON keep it whole). Streamed: memory does not grow with the rows. The file
/// appears complete or not at all. With `cache`, each sheet's XML is written in chunks of a
/// process's rows through it, the workbook named `site_path` there.
/// @throws io_error
WorkbookSummary write_workbook(Flattener& tables, const std::string& path, const WorkbookSettings& settings,
                               SegmentCache* cache = nullptr, const std::string& site_path = "");

/// write_workbook in steps, so that the tables are read once for the workbook and for the CSV
/// files (Flattener::finish(&workbook.rows())): made with the tables' shapes (Flattener::shapes,
/// for the first sheet), then the tables handed to rows(), then commit().
class WorkbookFile {
public:
    /// @throws io_error
    WorkbookFile(const std::vector<FlatTable>& shapes, const std::string& path, const WorkbookSettings& settings,
                 SegmentCache* cache = nullptr, const std::string& site_path = "");
    ~WorkbookFile();
    WorkbookFile(const WorkbookFile&) = delete;
    WorkbookFile& operator=(const WorkbookFile&) = delete;

    FlatTableVisitor& rows();
    /// The last sheet, and the file put in place. @throws io_error
    WorkbookSummary commit();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace ocds
