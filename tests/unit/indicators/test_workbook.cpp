#include <doctest/doctest.h>

#include "helpers.hpp"
#include "zip_reader.hpp"

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/indicators/column_titles.hpp>
#include <ocds/indicators/flatten.hpp>
#include <ocds/indicators/workbook.hpp>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace {

const char* const releases[] = {
    R"j({"ocid":"ocds-x-1","id":"1","date":"2024-02-12T09:30:00-06:00","tag":["compiled"],
        "tender":{"id":"T1","title":"=HYPERLINK(\"http://example.org\")","value":{"amount":1500000.50,"currency":"MXN"},
                  "tenderPeriod":{"startDate":"2024-02-12T09:30:00-06:00"},"hasEnquiries":false},
        "awards":[{"id":"A1","value":{"amount":968770.00,"currency":"MXN"},"suppliers":[{"id":"S1","name":"Uno"},{"id":"S2","name":"Dos"}]}],
        "planning":{"budget":{"id":"12345678901234567890"},"participatoryBudget":{"progress":{"asOf":"2024-03-01"}}}})j",
    R"j({"ocid":"ocds-x-2","id":"2","date":"2024-03-01T00:00:00Z","tag":["compiled"],"planning":{"budget":{"id":12345678901234567890}}})j",
    R"j({"ocid":"ocds-x-3","id":"3","date":"not a date","tag":["compiled"]})j",
};

/// The cells of one sheet's XML, by reference ("F2") → the <c> element as written.
std::map<std::string, std::string> cells_of(const std::string& xml) {
    std::map<std::string, std::string> cells;
    const std::regex cell(R"re(<c r="([A-Z]+[0-9]+)"[^>]*?(/>|>.*?</c>))re");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), cell); it != std::sregex_iterator(); ++it) {
        cells[(*it)[1]] = (*it)[0];
    }
    return cells;
}

/// The sheet names of workbook.xml, in order.
std::vector<std::string> sheet_names(const std::string& workbook_xml) {
    std::vector<std::string> names;
    const std::regex sheet(R"re(<sheet name="([^"]*)")re");
    for (auto it = std::sregex_iterator(workbook_xml.begin(), workbook_xml.end(), sheet); it != std::sregex_iterator();
         ++it) {
        names.push_back((*it)[1]);
    }
    return names;
}

/// The column letter of the header cell whose text is `title` in the sheet's first row.
std::string column_of(const std::map<std::string, std::string>& cells, const std::string& title) {
    for (const auto& [reference, element] : cells) {
        if (reference.back() == '1' && reference.find_first_of("023456789") == std::string::npos &&
            element.find(">" + title + "<") != std::string::npos) {
            return reference.substr(0, reference.size() - 1);
        }
    }
    FAIL("no column titled " << title);
    return "";
}

} // namespace

TEST_CASE("workbook: tables as sheets with Spanish titles, typed cells, a dictionary, long tables split") {
    test::TempDir dir;
    ocds::Flattener tables(dir.path("csv"), {}, dir.path());
    for (const char* json : releases) {
        tables.add(test::parse(json));
    }
    ocds::WorkbookSettings settings;
    settings.title = "Presupuesto Participativo 2023";
    settings.publisher = "Municipio de San Pedro Garza García";
    settings.license = "https://creativecommons.org/licenses/by/4.0/";
    settings.source = "https://datos.sanpedro.gob.mx/ocds";
    settings.date = "2024-09-27T19:00:00Z";
    settings.scratch_dir = dir.path();
    settings.sheet_rows = 2; // three processes: two sheets
    const ocds::WorkbookSummary summary = ocds::write_workbook(tables, dir.path("t.xlsx"), settings);
    CHECK(summary.rows == 3 + 1); // three processes, one award
    struct stat info {};
    REQUIRE(::stat(dir.path("t.xlsx").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == ocds::new_file_mode()); // as every file of the site, not 0600
    const std::vector<test::ZipEntryRead> entries = test::read_zip(test::read_file(dir.path("t.xlsx")));
    const std::vector<std::string> names = sheet_names(test::zip_entry(entries, "xl/workbook.xml"));
    CHECK(names == std::vector<std::string>{"léame", "procesos", "procesos (2)", "adjudicaciones", "diccionario"});
    CHECK(summary.sheets == names.size());

    const auto processes = cells_of(test::zip_entry(entries, "xl/worksheets/sheet2.xml"));
    const auto more = cells_of(test::zip_entry(entries, "xl/worksheets/sheet3.xml"));
    CHECK(processes.at("A1").find(">OCID (proceso)<") != std::string::npos);
    const std::string amount = column_of(processes, "Licitación › Valor › Monto");
    CHECK(processes.at(amount + "2").find("<v>1500000.5</v>") != std::string::npos);
    CHECK(processes.at(amount + "2").find("t=\"") == std::string::npos); // a number, not a text
    const std::string start = column_of(processes, "Licitación › Periodo de licitación › Fecha de inicio");
    // 2024-02-12 09:30 as Excel counts days (from 1899-12-30), with a date style.
    CHECK(std::regex_search(processes.at(start + "2"), std::regex(R"(s="[0-9]+"[^>]*><v>45334\.39583)")));
    const std::string as_of = column_of(processes, "Planeación › Presupuesto participativo › Avance › Fecha del dato");
    CHECK(std::regex_search(processes.at(as_of + "2"), std::regex(R"(s="[0-9]+"[^>]*><v>45352</v>)")));
    const std::string enquiries = column_of(processes, "Licitación › Hubo aclaraciones");
    CHECK(processes.at(enquiries + "2").find("t=\"b\"") != std::string::npos);
    // A formula-looking text stays a text; 20 digits do not fit a double: a text as well.
    const std::string title = column_of(processes, "Licitación › Título");
    CHECK(processes.at(title + "2").find("t=\"inlineStr\"") != std::string::npos);
    CHECK(processes.at(title + "2").find("<f>") == std::string::npos);
    const std::string budget = column_of(processes, "Planeación › Presupuesto › ID");
    CHECK(processes.at(budget + "3").find("12345678901234567890") != std::string::npos);
    CHECK(processes.at(budget + "3").find("t=\"inlineStr\"") != std::string::npos);
    // The third process on the second sheet, under the same header; a date that is not one stays a text.
    CHECK(more.at("A1").find(">OCID (proceso)<") != std::string::npos);
    CHECK(more.at("A2").find("ocds-x-3") != std::string::npos);
    CHECK(more.at(column_of(more, "Fecha") + "2").find("not a date") != std::string::npos);

    const auto awards = cells_of(test::zip_entry(entries, "xl/worksheets/sheet4.xml"));
    CHECK(awards.at(column_of(awards, "Proveedores › Nombre") + "2").find(">Uno;Dos<") != std::string::npos);

    const auto dictionary = cells_of(test::zip_entry(entries, "xl/worksheets/sheet5.xml"));
    CHECK(dictionary.at("A1").find(">Hoja<") != std::string::npos);
    CHECK(dictionary.at("D1").find(">Ruta en OCDS<") != std::string::npos);
    bool supplier_names = false;
    for (const auto& [reference, element] : dictionary) {
        supplier_names |= element.find(">awards/suppliers/name<") != std::string::npos;
    }
    CHECK(supplier_names);

    // The same tables and date give the same bytes.
    const std::string first = test::read_file(dir.path("t.xlsx"));
    ocds::write_workbook(tables, dir.path("t.xlsx"), settings);
    CHECK(test::read_file(dir.path("t.xlsx")) == first);
    CHECK(dir.files() == std::vector<std::string>{"t.xlsx"}); // no temporary file left
}

TEST_CASE("column titles: OCDS fields in Spanish, lists said, unknown fields by their path") {
    const ocds::ColumnDescription amount = ocds::describe_column("awards", "value/amount");
    CHECK(amount.title == "Valor › Monto");
    CHECK(amount.ocds_path == "awards/value/amount");
    CHECK(amount.meaning == "Monto adjudicado.");
    const ocds::ColumnDescription budget = ocds::describe_column("processes", "planning/budget/amount/amount");
    CHECK(budget.title == "Planeación › Presupuesto › Monto");
    const ocds::ColumnDescription suppliers = ocds::describe_column("awards", "suppliers/id");
    CHECK(suppliers.meaning.find("separados por «;»") != std::string::npos);
    const ocds::ColumnDescription unknown = ocds::describe_column("processes", "tender/x_custom");
    CHECK(unknown.title == "Licitación › x_custom");
    CHECK(unknown.meaning.find("tender/x_custom") != std::string::npos);
    CHECK(ocds::describe_column("payments", "contractID").ocds_path == "contracts/id");
    CHECK(ocds::describe_column("documents", "url").ocds_path ==
          "{planning,tender,awards,contracts,contracts/implementation}/documents/url");
    CHECK(ocds::table_title("milestones") == "hitos");
}
