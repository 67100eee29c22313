#include <ocds/io/xlsx_writer.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/html.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/core/time_zone.hpp>
#include <ocds/io/segmented_gzip.hpp>
#include <ocds/io/zip.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace ocds {

namespace {

// Excel's limits: the characters of one text cell (counted here in bytes: never more), a
// sheet's columns (A to XFD) and rows.
constexpr std::size_t max_text_bytes = 32767;
constexpr std::size_t max_columns = 16384;
constexpr std::uint64_t max_rows = 1048576;
const char* const xml_declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const char* const main_namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* const relationships_namespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const char* const package_relationships = "http://schemas.openxmlformats.org/package/2006/relationships";

/// Text as XML character data or an attribute's value.
std::string escaped(std::string_view text) {
    std::string out;
    append_escaped_markup(out, text, true);
    return out;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// `text` as a cell may hold it (into `out`): control characters XML 1.0 cannot carry and the
/// non-characters U+FFFE and U+FFFF become U+FFFD; beyond Excel's limit it is cut at a character
/// boundary and ends with "…"; "_x0041_" stays itself (Excel reads _xHHHH_ as an escaped
/// character: its own underscore is escaped, as _x005F_).
void fit_for_cell(std::string_view text, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') {
            out += "\xEF\xBF\xBD";
        } else if (byte == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBF' &&
                   (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
            out += "\xEF\xBF\xBD";
            i += 2;
        } else if (byte == '_' && i + 6 < text.size() && text[i + 1] == 'x' && is_hex(text[i + 2]) &&
                   is_hex(text[i + 3]) && is_hex(text[i + 4]) && is_hex(text[i + 5]) && text[i + 6] == '_') {
            out += "_x005F_";
        } else {
            out += text[i];
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
}

/// A number as the shortest text that reads back as the same double.
std::string number_text(double value) {
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, written.ptr);
}

/// The column's letters: 0 → A, 25 → Z, 26 → AA.
std::string column_letters(std::size_t column) {
    std::string letters;
    for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) {
        letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return letters;
}

/// Excel's column width for a width in characters of the default font (Calibri 11: 7 pixels a
/// digit and 5 of padding), as Excel itself stores it.
double stored_width(double characters) {
    return std::floor((characters * 7 + 5) / 7 * 256) / 256;
}

std::string styles_xml() {
    return std::string(xml_declaration) + "<styleSheet xmlns=\"" + main_namespace +
           "\"><numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm\"/>"
           "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
           "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
           "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
           "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill>"
           "<fill><patternFill patternType=\"gray125\"/></fill>"
           "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDCE6F1\"/><bgColor indexed=\"64\"/>"
           "</patternFill></fill></fills>"
           "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
           "<border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>"
           "</borders>"
           "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
           // In XlsxStyle's order.
           "<cellXfs count=\"5\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
           "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" "
           "applyBorder=\"1\" applyAlignment=\"1\"><alignment wrapText=\"1\"/></xf>"
           "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
           "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
           "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
           "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
           "<dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>";
}

} // namespace

double excel_date_serial(int year, int month, int day, int hour, int minute, int second) {
    // Excel counts 1900 as a leap year: from 1 March 1900 on, its serial is the days since
    // 1899-12-30; before, one less.
    std::int64_t days =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) - days_from_civil(1899, 12, 30);
    if (days < 61) {
        --days;
    }
    return static_cast<double>(days) + (hour * 3600 + minute * 60 + second) / 86400.0;
}

/// A sheet: its name, layout and compressed XML in the scratch folder.
struct XlsxWriter::Sheet {
    std::string name;
    XlsxSheetLayout layout;
    std::string scratch_path;
    std::unique_ptr<ChunkedGzip> xml;
};

XlsxWriter::XlsxWriter(const std::string& path, const std::string& scratch_dir, XlsxProperties properties,
                       OutputOptions options, SegmentCache* cache, std::string site_path)
    : m_path(path), m_properties(std::move(properties)), m_options(options), m_cache(cache),
      m_site_path(std::move(site_path)) {
    Instant instant;
    if (!is_date_time(m_properties.created, &instant)) {
        throw precondition_error("a workbook's date must be an RFC 3339 date-time: '" + m_properties.created + "'");
    }
    m_properties.created = format_utc(instant.seconds);
    make_directories(scratch_dir);
    m_scratch = scratch_dir + "/.xlsx-XXXXXX";
    if (!::mkdtemp(m_scratch.data())) {
        throw io_error(system_message("cannot create a scratch folder in", scratch_dir, errno));
    }
}

XlsxWriter::~XlsxWriter() {
    m_sheets.clear(); // their files go first
    try {
        remove_tree(m_scratch);
    } catch (...) {
        // a scratch folder left behind is no reason to fail
    }
}

void XlsxWriter::start_sheet(const std::string& name, const XlsxSheetLayout& layout) {
    const std::size_t length = code_points(name);
    const bool duplicate = std::any_of(m_sheets.begin(), m_sheets.end(), [&](const auto& sheet) {
        return sheet->name == name; // Excel compares case-insensitively: ours differ more than that
    });
    if (length == 0 || length > 31 || name.find_first_of("[]:*?/\\") != std::string::npos || name.front() == '\'' ||
        name.back() == '\'' || duplicate) {
        throw precondition_error("Excel cannot take a sheet named '" + name + "'");
    }
    end_sheet();
    auto sheet = std::make_unique<Sheet>();
    sheet->name = name;
    sheet->layout = layout;
    sheet->scratch_path = m_scratch + "/sheet" + std::to_string(m_sheets.size() + 1) + ".xml.gz";
    sheet->xml = std::make_unique<ChunkedGzip>(sheet->scratch_path, OutputOptions{}, m_cache, "xlsx");

    std::string head = std::string(xml_declaration) + "<worksheet xmlns=\"" + main_namespace + "\" xmlns:r=\"" +
                       relationships_namespace + "\"><sheetViews><sheetView " +
                       (m_sheets.empty() ? "tabSelected=\"1\" " : "") + "workbookViewId=\"0\"";
    const unsigned rows = layout.frozen_rows, columns = layout.frozen_columns;
    if (rows == 0 && columns == 0) {
        head += "/>";
    } else {
        const std::string top_left = column_letters(columns) + std::to_string(rows + 1);
        const char* pane = rows && columns ? "bottomRight" : rows ? "bottomLeft" : "topRight";
        head += "><pane";
        head += columns ? " xSplit=\"" + std::to_string(columns) + "\"" : "";
        head += rows ? " ySplit=\"" + std::to_string(rows) + "\"" : "";
        head += " topLeftCell=\"" + top_left + "\" activePane=\"" + pane + "\" state=\"frozen\"/>";
        if (rows && columns) {
            head += "<selection pane=\"topRight\"/><selection pane=\"bottomLeft\"/>";
        }
        head += "<selection pane=\"" + std::string(pane) + "\" activeCell=\"" + top_left + "\" sqref=\"" + top_left +
                "\"/></sheetView>";
    }
    head += "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>";
    if (!layout.widths.empty()) {
        head += "<cols>";
        for (std::size_t i = 0; i < layout.widths.size(); ++i) {
            head += "<col min=\"" + std::to_string(i + 1) + "\" max=\"" + std::to_string(i + 1) + "\" width=\"" +
                    number_text(stored_width(layout.widths[i])) + "\" customWidth=\"1\"/>";
        }
        head += "</cols>";
    }
    head += "<sheetData>";
    m_sheets.push_back(std::move(sheet));
    m_fixed_xml = head;
    m_rows.restart(1);
}

void XlsxRowXml::cell_start(XlsxStyle style, const char* type) {
    if (m_column >= max_columns || m_row > max_rows) {
        throw precondition_error("a sheet's cell goes beyond Excel's " + std::to_string(max_columns) + " columns or " +
                                 std::to_string(max_rows) + " rows");
    }
    while (m_column_names.size() <= m_column) {
        m_column_names.push_back(column_letters(m_column_names.size()));
    }
    m_row_xml += "<c r=\"";
    m_row_xml += m_column_names[m_column];
    m_row_xml += std::to_string(m_row);
    m_row_xml += '"';
    if (style != XlsxStyle::normal) {
        m_row_xml += " s=\"";
        m_row_xml += static_cast<char>('0' + static_cast<int>(style));
        m_row_xml += '"';
    }
    if (type) {
        m_row_xml += " t=\"";
        m_row_xml += type;
        m_row_xml += '"';
    }
    m_row_xml += '>';
    ++m_column;
}

void XlsxRowXml::text(std::string_view text, XlsxStyle style) {
    cell_start(style, "inlineStr");
    fit_for_cell(text, m_cut);
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    const bool preserve = !m_cut.empty() && (space(m_cut.front()) || space(m_cut.back()));
    m_row_xml += preserve ? "<is><t xml:space=\"preserve\">" : "<is><t>";
    append_escaped_markup(m_row_xml, m_cut, true);
    m_row_xml += "</t></is></c>";
}

void XlsxRowXml::number(double value, XlsxStyle style) {
    if (!std::isfinite(value)) {
        throw precondition_error("a workbook's number cell cannot hold " + std::to_string(value));
    }
    cell_start(style, nullptr);
    m_row_xml += "<v>";
    m_row_xml += number_text(value);
    m_row_xml += "</v></c>";
}

void XlsxRowXml::boolean(bool value) {
    cell_start(XlsxStyle::normal, "b");
    m_row_xml += value ? "<v>1</v></c>" : "<v>0</v></c>";
}

void XlsxRowXml::end_row(std::string& out) {
    out += "<row r=\"";
    out += std::to_string(m_row);
    out += "\">";
    out += m_row_xml;
    out += "</row>";
    m_row_xml.clear();
    ++m_row;
    m_column = 0;
}

void XlsxRowXml::restart(std::uint64_t row) {
    m_row = row;
    m_column = 0;
    m_row_xml.clear();
}

void XlsxWriter::check_cell() const {
    if (m_sheets.empty()) {
        throw precondition_error("a workbook's cell comes before its first sheet");
    }
    if (m_rows.column() >= max_columns || m_rows.row() > max_rows) {
        // Excel would refuse the file, or "repair" it by dropping data: not written at all.
        throw precondition_error("the sheet '" + m_sheets.back()->name + "' goes beyond Excel's " +
                                 std::to_string(max_columns) + " columns or " + std::to_string(max_rows) + " rows");
    }
}

void XlsxWriter::text(std::string_view text, XlsxStyle style) {
    check_cell();
    m_rows.text(text, style);
}

void XlsxWriter::number(double value, XlsxStyle style) {
    check_cell();
    m_rows.number(value, style);
}

void XlsxWriter::boolean(bool value) {
    check_cell();
    m_rows.boolean(value);
}

void XlsxWriter::end_row(std::string_view item) {
    if (m_sheets.empty()) {
        throw precondition_error("a workbook's row comes before its first sheet");
    }
    if (item.empty() || item != m_item) {
        end_item();
        if (!item.empty() && !m_fixed_xml.empty()) {
            write_fixed("");
        }
        m_item.assign(item.data(), item.size());
    }
    m_rows.end_row(item.empty() ? m_fixed_xml : m_item_xml);
}

void XlsxWriter::add_rows(const std::shared_ptr<const TextMaker>& maker, std::uint64_t weight,
                          std::string_view identity, std::uint64_t count) {
    if (m_sheets.empty()) {
        throw precondition_error("a workbook's row comes before its first sheet");
    }
    if (m_rows.column() != 0) {
        throw precondition_error("rows of an item were added inside a row of the sheet '" + m_sheets.back()->name +
                                 "'");
    }
    if (count == 0) {
        return;
    }
    if (m_rows.row() + count - 1 > max_rows) {
        throw precondition_error("the sheet '" + m_sheets.back()->name + "' goes beyond Excel's " +
                                 std::to_string(max_rows) + " rows");
    }
    end_item();
    if (!m_fixed_xml.empty()) {
        write_fixed("");
    }
    m_sheets.back()->xml->add(maker, weight, false, identity);
    m_rows.restart(m_rows.row() + count);
}

void XlsxWriter::end_item() {
    if (!m_item_xml.empty()) {
        m_sheets.back()->xml->add(m_item_xml, m_item_xml);
        m_item_xml.clear();
    }
    m_item.clear();
}

void XlsxWriter::write_fixed(std::string_view text) {
    m_fixed_xml += text;
    m_sheets.back()->xml->write_fixed(m_fixed_xml);
    m_fixed_xml.clear();
}

void XlsxWriter::end_sheet() {
    if (m_sheets.empty() || !m_sheets.back()->xml) {
        return;
    }
    end_item();
    Sheet& sheet = *m_sheets.back();
    std::string tail = "</sheetData>";
    if (sheet.layout.autofilter && !sheet.layout.widths.empty()) {
        tail += "<autoFilter ref=\"A1:" + column_letters(sheet.layout.widths.size() - 1) +
                std::to_string(sheet.layout.filter_rows + 1) + "\"/>";
    }
    tail += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
            "</worksheet>";
    write_fixed(tail);
    sheet.xml->commit();
}

void XlsxWriter::commit() {
    if (m_committed) {
        throw error("XlsxWriter::commit() was called twice");
    }
    m_committed = true;
    end_sheet();
    const std::size_t count = m_sheets.size();
    std::string types =
        std::string(xml_declaration) +
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/docProps/app.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        "<Override PartName=\"/docProps/core.xml\" "
        "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        "<Override PartName=\"/xl/styles.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        "<Override PartName=\"/xl/workbook.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>";
    std::string workbook = std::string(xml_declaration) + "<workbook xmlns=\"" + main_namespace + "\" xmlns:r=\"" +
                           relationships_namespace + "\"><bookViews><workbookView/></bookViews><sheets>";
    std::string names;
    std::string workbook_relations =
        std::string(xml_declaration) + "<Relationships xmlns=\"" + package_relationships + "\">";
    for (std::size_t i = 0; i < count; ++i) {
        const Sheet& sheet = *m_sheets[i];
        const std::string number = std::to_string(i + 1);
        types += "<Override PartName=\"/xl/worksheets/sheet" + number +
                 ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
        workbook +=
            "<sheet name=\"" + escaped(sheet.name) + "\" sheetId=\"" + number + "\" r:id=\"rId" + number + "\"/>";
        workbook_relations += "<Relationship Id=\"rId" + number + "\" Type=\"" + relationships_namespace +
                              "/worksheet\" Target=\"worksheets/sheet" + number + ".xml\"/>";
        if (sheet.layout.autofilter && !sheet.layout.widths.empty()) {
            // Excel keeps a filter's range as this hidden name; its ' doubled inside the quotes.
            std::string quoted;
            for (const char c : sheet.name) {
                quoted += c == '\'' ? std::string("''") : std::string(1, c);
            }
            names += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"" + std::to_string(i) +
                     "\" hidden=\"1\">" +
                     escaped("'" + quoted + "'!$A$1:$" + column_letters(sheet.layout.widths.size() - 1) + "$" +
                             std::to_string(sheet.layout.filter_rows + 1)) +
                     "</definedName>";
        }
    }
    types += "</Types>";
    workbook +=
        "</sheets>" + (names.empty() ? std::string() : "<definedNames>" + names + "</definedNames>") + "</workbook>";
    workbook_relations += "<Relationship Id=\"rId" + std::to_string(count + 1) + "\" Type=\"" +
                          relationships_namespace + "/styles\" Target=\"styles.xml\"/></Relationships>";
    const std::string package_relations =
        std::string(xml_declaration) + "<Relationships xmlns=\"" + package_relationships +
        "\"><Relationship Id=\"rId1\" Type=\"" + relationships_namespace +
        "/officeDocument\" Target=\"xl/workbook.xml\"/><Relationship Id=\"rId2\" Type=\"" + package_relationships +
        "/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"" +
        relationships_namespace + "/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";
    const std::string core =
        std::string(xml_declaration) +
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<dc:title>" +
        escaped(m_properties.title) + "</dc:title><dc:creator>" + escaped(m_properties.author) +
        "</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">" + m_properties.created +
        "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + m_properties.created +
        "</dcterms:modified></cp:coreProperties>";
    const std::string app =
        std::string(xml_declaration) +
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        "<Application>ocds</Application></Properties>";

    OutputOptions options = m_options;
    options.raw = true;
    ZipWriter zip(m_path, m_properties.created, options);
    zip.add_text("[Content_Types].xml", types);
    zip.add_text("_rels/.rels", package_relations);
    zip.add_text("docProps/app.xml", app);
    zip.add_text("docProps/core.xml", core);
    zip.add_text("xl/workbook.xml", workbook);
    zip.add_text("xl/_rels/workbook.xml.rels", workbook_relations);
    zip.add_text("xl/styles.xml", styles_xml());
    std::vector<std::uint64_t> data_offsets;
    for (std::size_t i = 0; i < count; ++i) {
        SegmentedGzipFile& file = m_sheets[i]->xml->file();
        data_offsets.push_back(zip.add_gzip_member("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml",
                                                   m_sheets[i]->scratch_path, file.text_bytes()));
    }
    // Past 4 GiB of XML a sheet needs Zip64, which ZipWriter uses then on its own.
    zip.finish();
    if (m_cache) {
        for (std::size_t i = 0; i < count; ++i) {
            // The segments' offsets count from the start of the gzip file, whose header is 10 bytes.
            m_cache->record(m_site_path, data_offsets[i] - 10, zip.file_bytes(), m_sheets[i]->xml->file().keyed());
        }
    }
    remove_tree(m_scratch); // the sheets' compressed XML, now in the workbook
}

} // namespace ocds
