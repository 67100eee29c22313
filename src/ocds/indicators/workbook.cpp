#include <ocds/indicators/workbook.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/indicators/column_titles.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <memory>

#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

namespace ocds {

namespace {

// Excel's limit on the bytes of one text cell.
constexpr std::size_t max_text_bytes = 32767;
// Doubles keep 15 significant digits exactly: longer numbers (ids, exact amounts) stay texts.
constexpr int max_number_digits = 15;

void check(lxw_error status, const std::string& path) {
    if (status != LXW_NO_ERROR) {
        throw io_error(path + ": the workbook cannot be written: " + lxw_strerror(status));
    }
}

/// A text as a cell may hold it: control characters that XML cannot carry become U+FFFD, and a
/// text beyond Excel's limit is cut at a character boundary and ends with "…".
std::string cell_text(const std::string& text) {
    std::string out;
    out.reserve(std::min(text.size(), max_text_bytes));
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out += "\xEF\xBF\xBD";
        } else {
            out += c;
        }
    }
    if (out.size() > max_text_bytes) {
        std::size_t cut = max_text_bytes - 3;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) {
            --cut; // not inside a UTF-8 sequence
        }
        out.resize(cut);
        out += "\xE2\x80\xA6";
    }
    return out;
}

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

/// The wall-clock date and time of an RFC 3339 date-time, or a full date, as it was written
/// (the publisher's local time for San Pedro's data). `with_time` says which it was.
bool read_date(const std::string& text, lxw_datetime& date, bool& with_time) {
    with_time = is_date_time(text);
    if (!with_time && !is_date(text)) {
        return false;
    }
    date.year = digits_at(text, 0, 4);
    date.month = digits_at(text, 5, 2);
    date.day = digits_at(text, 8, 2);
    date.hour = with_time ? digits_at(text, 11, 2) : 0;
    date.min = with_time ? digits_at(text, 14, 2) : 0;
    date.sec = with_time ? digits_at(text, 17, 2) : 0;
    return date.year >= 1900 && date.hour < 24 && date.sec < 60; // Excel's dates start in 1900; no leap second
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

struct DictionaryRow {
    std::string sheet;
    ColumnDescription column;
};

class WorkbookWriter : public FlatTableVisitor {
public:
    WorkbookWriter(lxw_workbook* workbook, std::string path, std::uint64_t sheet_rows)
        : m_workbook(workbook), m_path(std::move(path)), m_per_sheet(std::max<std::uint64_t>(1, sheet_rows)) {
        m_header = workbook_add_format(workbook);
        format_set_bold(m_header);
        format_set_text_wrap(m_header);
        format_set_bg_color(m_header, 0xDCE6F1);
        format_set_bottom(m_header, LXW_BORDER_THIN);
        m_date_time = workbook_add_format(workbook);
        format_set_num_format(m_date_time, "yyyy-mm-dd hh:mm");
        m_date = workbook_add_format(workbook);
        format_set_num_format(m_date, "yyyy-mm-dd");
        m_bold = workbook_add_format(workbook);
        format_set_bold(m_bold);
    }

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
        lxw_worksheet* sheet = add_sheet("léame");
        worksheet_set_column(sheet, 0, 0, 26, nullptr);
        worksheet_set_column(sheet, 1, 1, 90, nullptr);
        lxw_row_t row = 0;
        auto line = [&](const std::string& label, const std::string& text) {
            if (!label.empty()) {
                check(worksheet_write_string(sheet, row, 0, cell_text(label).c_str(), m_bold), m_path);
            }
            if (!text.empty()) {
                check(worksheet_write_string(sheet, row, 1, cell_text(text).c_str(), nullptr), m_path);
            }
            ++row;
        };
        check(worksheet_write_string(sheet, row++, 0, cell_text(settings.title).c_str(), m_bold), m_path);
        ++row;
        line("Publica", settings.publisher);
        line("Datos al", settings.date);
        line("Licencia", settings.license);
        line("Fuente", settings.source);
        ++row;
        line("Hoja", "Qué tiene (filas)");
        for (const auto& shape : shapes) {
            for (const auto& name : sheet_names(shape)) {
                line(name, table_purpose(shape.name) + " (" + std::to_string(shape.rows) + " filas en total)");
            }
        }
        line("diccionario", "Qué significa cada columna y de qué campo de OCDS viene");
        ++row;
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
        m_dates.assign(columns.size(), false);
        m_titles.clear();
        for (std::size_t i = 0; i < columns.size(); ++i) {
            m_dates[i] = date_column(columns[i]);
            ColumnDescription description = describe_column(name, columns[i]);
            m_titles.push_back(description.title);
            m_dictionary.push_back(DictionaryRow{table_title(name), std::move(description)});
        }
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
            put(static_cast<lxw_col_t>(column), texts[column], kinds[column], m_dates[column]);
        }
        ++m_row;
        ++m_written;
        --m_rows_left;
    }

    /// The last sheet: every column of every table sheet.
    void dictionary() {
        lxw_worksheet* sheet = add_sheet("diccionario");
        const char* headers[] = {"Hoja", "Columna", "Significado", "Ruta en OCDS"};
        const double widths[] = {16, 40, 80, 50};
        for (lxw_col_t i = 0; i < 4; ++i) {
            worksheet_set_column(sheet, i, i, widths[i], nullptr);
            check(worksheet_write_string(sheet, 0, i, headers[i], m_header), m_path);
        }
        worksheet_freeze_panes(sheet, 1, 0);
        lxw_row_t row = 1;
        for (const auto& entry : m_dictionary) {
            const std::string cells[] = {entry.sheet, entry.column.title, entry.column.meaning, entry.column.ocds_path};
            for (lxw_col_t i = 0; i < 4; ++i) {
                check(worksheet_write_string(sheet, row, i, cell_text(cells[i]).c_str(), nullptr), m_path);
            }
            ++row;
        }
        check(worksheet_autofilter(sheet, 0, 0, row - 1, 3), m_path);
    }

    std::uint64_t sheets() const noexcept { return m_sheets; }
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

    lxw_worksheet* add_sheet(const std::string& name) {
        lxw_worksheet* sheet = workbook_add_worksheet(m_workbook, name.c_str());
        if (!sheet) {
            throw io_error(m_path + ": the workbook cannot take a sheet named '" + name + "'");
        }
        ++m_sheets;
        return sheet;
    }

    void start_sheet() {
        m_sheet = add_sheet(m_sheet_names.at(m_next_sheet++));
        const std::uint64_t in_sheet = std::min<std::uint64_t>(m_rows_left, m_per_sheet);
        const auto last_column = static_cast<lxw_col_t>(m_columns.size() - 1);
        // Settings first: in constant-memory mode a sheet is written row by row, in order.
        for (std::size_t i = 0; i < m_columns.size(); ++i) {
            const auto column = static_cast<lxw_col_t>(i);
            worksheet_set_column(m_sheet, column, column, column_width(m_columns[i]), nullptr);
        }
        worksheet_freeze_panes(m_sheet, 1, 1);
        check(worksheet_autofilter(m_sheet, 0, 0, static_cast<lxw_row_t>(in_sheet), last_column), m_path);
        for (std::size_t i = 0; i < m_titles.size(); ++i) {
            check(
                worksheet_write_string(m_sheet, 0, static_cast<lxw_col_t>(i), cell_text(m_titles[i]).c_str(), m_header),
                m_path);
        }
        m_row = 1;
    }

    void put(lxw_col_t column, const std::string& text, CellKind kind, bool dates) {
        if (text.empty()) {
            return;
        }
        const auto row = static_cast<lxw_row_t>(m_row);
        double number = 0;
        lxw_datetime date{};
        bool with_time = false;
        if (kind == CellKind::number && exact_double(text, number)) {
            check(worksheet_write_number(m_sheet, row, column, number, nullptr), m_path);
        } else if (kind == CellKind::boolean) {
            check(worksheet_write_boolean(m_sheet, row, column, text == "true", nullptr), m_path);
        } else if (dates && kind == CellKind::text && read_date(text, date, with_time)) {
            check(worksheet_write_datetime(m_sheet, row, column, &date, with_time ? m_date_time : m_date), m_path);
        } else {
            check(worksheet_write_string(m_sheet, row, column, cell_text(text).c_str(), nullptr), m_path);
        }
    }

    lxw_workbook* m_workbook;
    std::string m_path;
    std::uint64_t m_per_sheet;
    lxw_format* m_header = nullptr;
    lxw_format* m_date_time = nullptr;
    lxw_format* m_date = nullptr;
    lxw_format* m_bold = nullptr;
    lxw_worksheet* m_sheet = nullptr;
    std::string m_table;
    std::vector<std::string> m_columns;
    std::vector<std::string> m_titles;
    std::vector<bool> m_dates;
    std::vector<std::string> m_sheet_names;
    std::size_t m_next_sheet = 0;
    std::uint64_t m_rows_left = 0;
    std::uint64_t m_row = 0;
    std::uint64_t m_written = 0;
    std::uint64_t m_sheets = 0;
    std::vector<DictionaryRow> m_dictionary;
};

struct WorkbookCloser {
    void operator()(lxw_workbook* workbook) const {
        if (workbook) {
            workbook_close(workbook);
        }
    }
};

} // namespace

WorkbookSummary write_workbook(Flattener& tables, const std::string& path, const WorkbookSettings& settings) {
    Instant instant;
    if (!is_date_time(settings.date, &instant)) {
        throw precondition_error("a workbook's date must be an RFC 3339 date-time: '" + settings.date + "'");
    }
    const std::vector<FlatTable> shapes = tables.shapes();
    // A sheet's XML beyond 4 GiB needs Zip64, which older readers dislike: only when it may be
    // needed (at about 40 bytes of XML a cell).
    std::uint64_t cells = 0;
    for (const auto& shape : shapes) {
        cells += shape.rows * shape.columns;
    }
    std::string scratch = settings.scratch_dir.empty() ? temporary_directory() : settings.scratch_dir;
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = scratch.data();
    options.use_zip64 = cells > 50000000 ? LXW_TRUE : LXW_FALSE;

    // Written beside the target under a temporary name, renamed when complete.
    std::string temporary = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) {
        throw io_error(system_message("cannot create a file beside", path, errno));
    }
    ::close(fd);
    WorkbookSummary summary;
    try {
        std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new_opt(temporary.c_str(), &options));
        if (!workbook) {
            throw io_error(temporary + ": the workbook cannot be created");
        }
        // The document's dates are the data's: the same data gives the same bytes.
        std::string title = settings.title, author = settings.publisher;
        lxw_doc_properties properties{};
        properties.title = title.data();
        properties.author = author.data();
        properties.created = static_cast<std::time_t>(instant.seconds);
        check(workbook_set_properties(workbook.get(), &properties), path);
        WorkbookWriter writer(workbook.get(), path, settings.sheet_rows);
        writer.readme(settings, shapes);
        tables.read_tables(writer);
        writer.dictionary();
        summary.sheets = writer.sheets();
        summary.rows = writer.rows();
        check(workbook_close(workbook.release()), path);
        // Readable by the web server like every other file of the site, not mkstemp's 0600.
        if (::chmod(temporary.c_str(), static_cast<mode_t>(new_file_mode())) != 0 ||
            ::rename(temporary.c_str(), path.c_str()) != 0) {
            throw io_error(system_message("cannot put in place", path, errno));
        }
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
    return summary;
}

} // namespace ocds
