#pragma once

#include <ocds/indicators/flatten.hpp>

#include <cstdint>
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

} // namespace ocds
