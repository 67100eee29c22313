#include <ocds/indicators/workbook.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/indicators/column_titles.hpp>
#include <ocds/io/segmented_gzip.hpp>
#include <ocds/io/xlsx_writer.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace ocds {

namespace {

// Doubles keep 15 significant digits exactly: longer numbers (ids, exact amounts) stay texts.
constexpr int max_number_digits = 15;

/// The number of a JSON number's text, when a double holds it exactly enough.
bool exact_double(const std::string& text, double& number) {
    int digits = 0;
    bool leading = true;
    for (const char c : text) {
        if (c == 'e' || c == 'E') {
            break;
        }
        if (c >= '0' && c <= '9') {
            leading = leading && c == '0';
            digits += !leading;
        }
    }
    if (digits > max_number_digits) {
        return false;
    }
    char* end = nullptr;
    number = std::strtod(text.c_str(), &end);
    return end && *end == '\0' && std::isfinite(number);
}

int digits_at(const std::string& text, std::size_t at, std::size_t count) {
    return std::atoi(text.substr(at, count).c_str());
}

/// Excel's serial number of an RFC 3339 date-time, or a full date, at the wall-clock time it was
/// written in (the publisher's local time for San Pedro's data). `with_time` says which it was.
bool read_date(const std::string& text, double& serial, bool& with_time) {
    with_time = is_date_time(text);
    if (!with_time && !is_date(text)) {
        return false;
    }
    const int year = digits_at(text, 0, 4);
    const int hour = with_time ? digits_at(text, 11, 2) : 0;
    const int second = with_time ? digits_at(text, 17, 2) : 0;
    if (year < 1900 || hour >= 24 || second >= 60) { // Excel's dates start in 1900; no leap second
        return false;
    }
    serial = excel_date_serial(year, digits_at(text, 5, 2), digits_at(text, 8, 2), hour,
                               with_time ? digits_at(text, 14, 2) : 0, second);
    return true;
}

/// Whether a column holds dates: OCDS names them date, startDate, dateSigned... and asOf.
bool date_column(const std::string& column) {
    std::string leaf = column.substr(column.rfind('/') == std::string::npos ? 0 : column.rfind('/') + 1);
    for (auto& c : leaf) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const std::string date = "date";
    return leaf == "asof" || leaf.compare(0, date.size(), date) == 0 ||
           (leaf.size() >= date.size() && leaf.compare(leaf.size() - date.size(), date.size(), date) == 0);
}

double column_width(const std::string& column) {
    const std::string leaf = column.substr(column.rfind('/') == std::string::npos ? 0 : column.rfind('/') + 1);
    if (column == "ocid") {
        return 34;
    }
    if (leaf == "title" || leaf == "description" || leaf == "name" || leaf == "rationale" || leaf == "legalName" ||
        leaf == "unfeasibilityExplanation" || leaf == "costExplanation" || leaf == "url" || leaf == "uri") {
        return 40;
    }
    return date_column(column) ? 17 : 16;
}

/// One cell of a table's row, into `out` (XlsxWriter, or XlsxRowXml for rows made apart).
template<typename Cells>
void put_cell(Cells& out, const std::string& text, CellKind kind, bool dates) {
    double number = 0;
    bool with_time = false;
    if (text.empty()) {
        out.skip();
    } else if (kind == CellKind::number && exact_double(text, number)) {
        out.number(number);
    } else if (kind == CellKind::boolean) {
        out.boolean(text == "true");
    } else if (dates && kind == CellKind::text && read_date(text, number, with_time)) {
        out.number(number, with_time ? XlsxStyle::date_time : XlsxStyle::date);
    } else {
        out.text(text);
    }
}

/// A process's rows of a sheet, numbered from `first_row`, made when their chunk must be compressed.
class SheetRowsMaker : public TextMaker {
public:
    SheetRowsMaker(ProcessRows rows, std::shared_ptr<const std::vector<bool>> dates, std::uint64_t first_row)
        : m_rows(std::move(rows)), m_dates(std::move(dates)), m_first_row(first_row) {}

    std::string make() const override {
        std::string xml;
        XlsxRowXml cells(m_first_row);
        m_rows.each([&](const std::vector<std::string>& texts, const std::vector<CellKind>& kinds) {
            for (std::size_t column = 0; column < texts.size(); ++column) {
                put_cell(cells, texts[column], kinds[column], (*m_dates)[column]);
            }
            cells.end_row(xml);
        });
        return xml;
    }

private:
    ProcessRows m_rows;
    std::shared_ptr<const std::vector<bool>> m_dates;
    std::uint64_t m_first_row;
};

struct DictionaryRow {
    std::string sheet;
    ColumnDescription column;
};

class WorkbookWriter : public FlatTableVisitor {
public:
    WorkbookWriter(XlsxWriter& xlsx, std::uint64_t sheet_rows)
        : m_xlsx(xlsx), m_per_sheet(std::max<std::uint64_t>(1, sheet_rows)) {}

    std::vector<std::string> sheet_names(const FlatTable& shape) const {
        const std::uint64_t sheets = std::max<std::uint64_t>(1, (shape.rows + m_per_sheet - 1) / m_per_sheet);
        std::vector<std::string> names;
        for (std::uint64_t i = 0; i < sheets; ++i) {
            names.push_back(table_title(shape.name) + (i ? " (" + std::to_string(i + 1) + ")" : ""));
        }
        return names;
    }

    /// The first sheet: what the file is and how to read it.
    void readme(const WorkbookSettings& settings, const std::vector<FlatTable>& shapes) {
        XlsxSheetLayout layout;
        layout.widths = {26, 90};
        m_xlsx.start_sheet("léame", layout);
        auto line = [&](const std::string& label, const std::string& text) {
            if (label.empty()) {
                m_xlsx.skip();
            } else {
                m_xlsx.text(label, XlsxStyle::bold);
            }
            if (!text.empty()) {
                m_xlsx.text(text);
            }
            m_xlsx.end_row();
        };
        line(settings.title, "");
        m_xlsx.end_row();
        line("Publica", settings.publisher);
        line("Datos al", settings.date);
        line("Licencia", settings.license);
        line("Fuente", settings.source);
        m_xlsx.end_row();
        line("Hoja", "Qué tiene (filas)");
        for (const auto& shape : shapes) {
            for (const auto& name : sheet_names(shape)) {
                line(name, table_purpose(shape.name) + " (" + std::to_string(shape.rows) + " filas en total)");
            }
        }
        line("diccionario", "Qué significa cada columna y de qué campo de OCDS viene");
        m_xlsx.end_row();
        line("Cómo unir las hojas",
             "Cada fila lleva el OCID de su proceso (la primera columna): une cualquier hoja con "
             "«procesos». Los hitos, documentos y artículos dicen además en qué parte del proceso "
             "están y el ID de su adjudicación o contrato; los pagos, el ID de su contrato.");
        line("Números y fechas",
             "Los montos son números y las fechas son fechas (con la hora en que se publicaron). "
             "Una lista (proveedores, roles...) va en una celda, con sus valores separados por «;».");
        line("Límites de Excel",
             "Una hoja tiene a lo más 1 048 575 filas de datos: una tabla más larga sigue en «… (2)». "
             "Un texto de más de 32 767 bytes se corta; los CSV y el JSON lo tienen completo.");
    }

    void table(const std::string& name, const std::vector<std::string>& columns, std::uint64_t rows) override {
        m_table = name;
        m_columns = columns;
        m_table_key = table_columns_key(name, columns);
        auto dates = std::make_shared<std::vector<bool>>(columns.size(), false);
        m_titles.clear();
        for (std::size_t i = 0; i < columns.size(); ++i) {
            (*dates)[i] = date_column(columns[i]);
            ColumnDescription description = describe_column(name, columns[i]);
            m_titles.push_back(description.title);
            m_dictionary.push_back(DictionaryRow{table_title(name), std::move(description)});
        }
        m_dates = std::move(dates);
        FlatTable shape;
        shape.name = name;
        shape.rows = rows;
        m_sheet_names = sheet_names(shape);
        m_rows_left = rows;
        m_next_sheet = 0;
        start_sheet();
    }

    void row(const std::vector<std::string>& texts, const std::vector<CellKind>& kinds) override {
        if (m_row > m_per_sheet) {
            start_sheet();
        }
        for (std::size_t column = 0; column < texts.size(); ++column) {
            put_cell(m_xlsx, texts[column], kinds[column], (*m_dates)[column]);
        }
        // A process's rows (its OCID first) stay together in the chunks of the sheet's XML.
        m_xlsx.end_row(texts.empty() ? std::string() : texts.front());
        ++m_row;
        ++m_written;
        --m_rows_left;
    }

    void rows_of(const ProcessRows& rows) override {
        if (m_row > m_per_sheet) {
            start_sheet();
        }
        if (rows.identity.empty() || m_row + rows.rows - 1 > m_per_sheet) {
            FlatTableVisitor::rows_of(rows); // a row at a time, the sheets cut between them
            return;
        }
        // Named by the process, the row it starts at and the columns: made only if the chunk is
        // not the previous version's. Its CSV size stands for its XML's when cutting chunks.
        const std::uint64_t first_row = m_xlsx.next_row();
        m_xlsx.add_rows(std::make_shared<SheetRowsMaker>(rows, m_dates, first_row), rows.csv_bytes,
                        rows.identity + " " + std::to_string(first_row) + " " + m_table_key, rows.rows);
        m_row += rows.rows;
        m_written += rows.rows;
        m_rows_left -= rows.rows;
    }

    /// The last sheet: every column of every table sheet.
    void dictionary() {
        XlsxSheetLayout layout;
        layout.widths = {16, 40, 80, 50};
        layout.frozen_rows = 1;
        layout.autofilter = true;
        layout.filter_rows = m_dictionary.size();
        m_xlsx.start_sheet("diccionario", layout);
        for (const char* header : {"Hoja", "Columna", "Significado", "Ruta en OCDS"}) {
            m_xlsx.text(header, XlsxStyle::header);
        }
        m_xlsx.end_row();
        for (const auto& entry : m_dictionary) {
            for (const std::string* cell :
                 {&entry.sheet, &entry.column.title, &entry.column.meaning, &entry.column.ocds_path}) {
                m_xlsx.text(*cell);
            }
            m_xlsx.end_row(entry.sheet);
        }
    }

    std::uint64_t sheets() const noexcept { return m_xlsx.sheets(); }
    std::uint64_t rows() const noexcept { return m_written; }

private:
    static std::string table_purpose(const std::string& table) {
        if (table == "processes") {
            return "Un proceso de planeación (proyecto) o de contratación por fila";
        }
        if (table == "parties") {
            return "Las partes de cada proceso: comprador, proveedores, licitantes, pagador";
        }
        if (table == "items") {
            return "Los artículos (bienes, obras, servicios) de licitaciones, adjudicaciones y contratos";
        }
        if (table == "payments") {
            return "Los pagos de cada contrato";
        }
        if (table == "milestones") {
            return "Los hitos de la planeación, la licitación y los contratos, con sus fechas";
        }
        if (table == "documents") {
            return "Los documentos publicados, con su dirección web";
        }
        return "Una fila por " + std::string(table == "awards" ? "adjudicación" : "contrato");
    }

    void start_sheet() {
        XlsxSheetLayout layout;
        for (const auto& column : m_columns) {
            layout.widths.push_back(column_width(column));
        }
        layout.frozen_rows = 1;
        layout.frozen_columns = 1;
        layout.autofilter = true;
        layout.filter_rows = std::min<std::uint64_t>(m_rows_left, m_per_sheet);
        m_xlsx.start_sheet(m_sheet_names.at(m_next_sheet++), layout);
        for (const auto& title : m_titles) {
            m_xlsx.text(title, XlsxStyle::header);
        }
        m_xlsx.end_row();
        m_row = 1;
    }

    XlsxWriter& m_xlsx;
    std::uint64_t m_per_sheet;
    std::string m_table;
    std::vector<std::string> m_columns;
    std::vector<std::string> m_titles;
    std::shared_ptr<const std::vector<bool>> m_dates; ///< by column: whether it holds dates
    std::string m_table_key;                          ///< names the table's columns
    std::vector<std::string> m_sheet_names;
    std::size_t m_next_sheet = 0;
    std::uint64_t m_rows_left = 0;
    std::uint64_t m_row = 0;
    std::uint64_t m_written = 0;
    std::vector<DictionaryRow> m_dictionary;
};

} // namespace

struct WorkbookFile::State {
    State(const std::string& path, const WorkbookSettings& settings, SegmentCache* cache, const std::string& site_path)
        : xlsx(path, settings.scratch_dir.empty() ? temporary_directory() : settings.scratch_dir, properties(settings),
               OutputOptions{true, false, false}, cache, site_path),
          writer(xlsx, settings.sheet_rows) {}

    static XlsxProperties properties(const WorkbookSettings& settings) {
        XlsxProperties properties;
        properties.title = settings.title;
        properties.author = settings.publisher;
        properties.created = settings.date; // the data's date: the same data gives the same bytes
        return properties;
    }

    XlsxWriter xlsx;
    WorkbookWriter writer;
};

WorkbookFile::WorkbookFile(const std::vector<FlatTable>& shapes, const std::string& path,
                           const WorkbookSettings& settings, SegmentCache* cache, const std::string& site_path)
    : m_state(std::make_unique<State>(path, settings, cache, site_path)) {
    m_state->writer.readme(settings, shapes);
}

WorkbookFile::~WorkbookFile() = default;

FlatTableVisitor& WorkbookFile::rows() {
    return m_state->writer;
}

WorkbookSummary WorkbookFile::commit() {
    m_state->writer.dictionary();
    m_state->xlsx.commit();
    WorkbookSummary summary;
    summary.sheets = m_state->writer.sheets();
    summary.rows = m_state->writer.rows();
    return summary;
}

WorkbookSummary write_workbook(Flattener& tables, const std::string& path, const WorkbookSettings& settings,
                               SegmentCache* cache, const std::string& site_path) {
    WorkbookFile workbook(tables.shapes(), path, settings, cache, site_path);
    tables.read_tables(workbook.rows());
    return workbook.commit();
}

} // namespace ocds
