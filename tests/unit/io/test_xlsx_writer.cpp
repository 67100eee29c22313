#include <doctest/doctest.h>

#include "helpers.hpp"
#include "zip_reader.hpp"

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/io/segmented_gzip.hpp>
#include <ocds/io/xlsx_writer.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

const char* const date = "2024-09-27T19:00:00-06:00";

/// A workbook of one sheet of `processes` processes, two rows each, the one numbered `changed`
/// with another title.
void write_processes(const std::string& path, const std::string& scratch, int processes, int changed,
                     ocds::SegmentCache* cache, const std::string& site_path) {
    ocds::XlsxWriter xlsx(path, scratch, {"Título", "Autor", date}, {true, false, false}, cache, site_path);
    ocds::XlsxSheetLayout layout;
    layout.widths = {30, 40, 12};
    layout.frozen_rows = 1;
    layout.autofilter = true;
    layout.filter_rows = static_cast<std::uint64_t>(processes) * 2;
    xlsx.start_sheet("procesos", layout);
    for (const char* title : {"OCID", "Título", "Monto"}) {
        xlsx.text(title, ocds::XlsxStyle::header);
    }
    xlsx.end_row();
    for (int i = 0; i < processes; ++i) {
        const std::string ocid = "ocds-x-" + std::to_string(i);
        for (int row = 0; row < 2; ++row) {
            xlsx.text(ocid);
            xlsx.text("Obra número " + std::to_string(i) + (i == changed ? " (corregida)" : "") +
                      ", con una descripción que se parece a las demás");
            xlsx.number(1000.5 * i + row);
            xlsx.end_row(ocid);
        }
    }
    xlsx.commit();
}

} // namespace

TEST_CASE("xlsx writer: cells keep their type and text, whatever characters the text holds") {
    test::TempDir dir;
    ocds::XlsxWriter xlsx(dir.path("t.xlsx"), dir.path("scratch"), {"T & <t>", "A", date});
    xlsx.start_sheet("l'hoja uno", {{10, 10}, 1, 1, true, 1});
    xlsx.text("a\x01"
              "b\r\n_x0041_ <&> \xEF\xBF\xBE");
    xlsx.skip();
    xlsx.number(1500000.5);
    xlsx.boolean(true);
    xlsx.number(ocds::excel_date_serial(2024, 2, 12, 9, 30), ocds::XlsxStyle::date_time);
    xlsx.text(" lead");
    xlsx.end_row("x");
    xlsx.text(std::string(40000, 'a'));
    xlsx.end_row("y");
    CHECK_THROWS_AS(xlsx.start_sheet("a/b", {}), ocds::precondition_error);
    CHECK_THROWS_AS(xlsx.start_sheet(std::string(32, 'x'), {}), ocds::precondition_error);
    CHECK_THROWS_AS(xlsx.start_sheet("l'hoja uno", {}), ocds::precondition_error);
    xlsx.start_sheet(std::string(31, 'x'), {});
    xlsx.commit();
    CHECK(xlsx.sheets() == 2);
    std::vector<std::string> files = dir.files();
    std::sort(files.begin(), files.end());
    CHECK(files == std::vector<std::string>{"scratch", "t.xlsx"});
    CHECK(ocds::list_directory(dir.path("scratch")).empty()); // the sheets' scratch files are gone

    const auto entries = test::read_zip(test::read_file(dir.path("t.xlsx")));
    const std::string sheet = test::zip_entry(entries, "xl/worksheets/sheet1.xml");
    // Control characters and non-characters become U+FFFD; CR survives XML parsers as a
    // reference; Excel's own escape syntax is escaped; markup is escaped.
    CHECK(sheet.find("<c r=\"A1\" t=\"inlineStr\"><is><t>a\xEF\xBF\xBD"
                     "b&#13;\n_x005F_x0041_ &lt;&amp;&gt; "
                     "\xEF\xBF\xBD</t></is></c>") != std::string::npos);
    CHECK(sheet.find("<c r=\"B1\"") == std::string::npos); // skipped: no cell
    CHECK(sheet.find("<c r=\"C1\"><v>1500000.5</v></c>") != std::string::npos);
    CHECK(sheet.find("<c r=\"D1\" t=\"b\"><v>1</v></c>") != std::string::npos);
    CHECK(sheet.find("<c r=\"E1\" s=\"2\"><v>45334.395833333") != std::string::npos);
    CHECK(sheet.find("<t xml:space=\"preserve\"> lead</t>") != std::string::npos);
    // Cut at Excel's limit, ending with an ellipsis.
    CHECK(sheet.find(std::string(32764, 'a') + "\xE2\x80\xA6</t>") != std::string::npos);
    CHECK(sheet.find(std::string(32765, 'a')) == std::string::npos);
    CHECK(sheet.find(
              "<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>") !=
          std::string::npos);
    CHECK(sheet.find("<autoFilter ref=\"A1:B2\"/>") != std::string::npos);
    const std::string workbook = test::zip_entry(entries, "xl/workbook.xml");
    CHECK(workbook.find("<sheet name=\"l'hoja uno\" sheetId=\"1\" r:id=\"rId1\"/>") != std::string::npos);
    CHECK(workbook.find("localSheetId=\"0\" hidden=\"1\">'l''hoja uno'!$A$1:$B$2</definedName>") != std::string::npos);
    const std::string core = test::zip_entry(entries, "docProps/core.xml");
    CHECK(core.find("<dc:title>T &amp; &lt;t&gt;</dc:title>") != std::string::npos);
    CHECK(core.find(">2024-09-28T01:00:00Z</dcterms:created>") != std::string::npos); // in UTC
    for (const char* part : {"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}) {
        CHECK(!test::zip_entry(entries, part).empty());
    }
}

TEST_CASE("xlsx writer: a cell beyond Excel's last column is refused, not written") {
    test::TempDir dir;
    ocds::XlsxWriter xlsx(dir.path("t.xlsx"), dir.path("scratch"), {"T", "A", date});
    xlsx.start_sheet("hoja", {});
    for (int column = 0; column < 16384; ++column) {
        xlsx.skip();
    }
    CHECK_THROWS_AS(xlsx.text("XFE"), ocds::precondition_error);
    CHECK(!ocds::path_exists(dir.path("t.xlsx")));
}

TEST_CASE("xlsx writer: Excel's day numbers, with its 29 February 1900") {
    CHECK(ocds::excel_date_serial(1900, 1, 1) == 1);
    CHECK(ocds::excel_date_serial(1900, 2, 28) == 59);
    CHECK(ocds::excel_date_serial(1900, 3, 1) == 61);
    CHECK(ocds::excel_date_serial(2024, 3, 1) == 45352);
    CHECK(ocds::excel_date_serial(2024, 3, 1, 18) == 45352.75);
}

TEST_CASE("xlsx writer: unchanged rows are copied from the previous workbook, and the bytes equal a fresh write") {
    test::TempDir dir;
    ocds::make_directories(dir.path("site"));
    ocds::SegmentCache first(dir.path("site"), "");
    write_processes(dir.path("site/v1.xlsx"), dir.path("scratch"), 3000, -1, &first, "v1.xlsx");
    CHECK(first.copied() == 0);
    const std::uint64_t chunks = first.compressed();
    REQUIRE(chunks > 5);
    first.save(dir.path("index-1"));

    // One process changed: its chunk is compressed again, the others are copied.
    ocds::SegmentCache second(dir.path("site"), dir.path("index-1"));
    write_processes(dir.path("site/v2.xlsx"), dir.path("scratch"), 3000, 1500, &second, "v2.xlsx");
    CHECK(second.compressed() >= 1);
    CHECK(second.compressed() <= 3);
    CHECK(second.copied() + second.compressed() >= chunks - 1);
    const std::string sheet =
        test::zip_entry(test::read_zip(test::read_file(dir.path("site/v2.xlsx"))), "xl/worksheets/sheet1.xml");
    CHECK(sheet.find("<row r=\"3002\"><c r=\"A3002\" t=\"inlineStr\"><is><t>ocds-x-1500</t></is></c><c r=\"B3002\" "
                     "t=\"inlineStr\"><is><t>Obra número 1500 (corregida),") != std::string::npos);
    CHECK(sheet.find("<autoFilter ref=\"A1:C6001\"/>") != std::string::npos);

    // Written with no previous version: the same bytes.
    write_processes(dir.path("fresh.xlsx"), dir.path("scratch"), 3000, 1500, nullptr, "");
    CHECK(test::read_file(dir.path("fresh.xlsx")) == test::read_file(dir.path("site/v2.xlsx")));
}
