#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/indicators/flatten.hpp>

#include <algorithm>
#include <map>
#include <thread>

#include <zlib.h>

namespace {

// Two parties, a tender with two items and a document, an award with two suppliers, a contract
// with an item, an amendment, two payments and a milestone. Expected tables below are written
// by hand from this text.
const char* const sample_release = R"({
  "ocid": "ocds-x-1",
  "id": "ocds-x-1-compiled",
  "date": "2024-05-01T00:00:00Z",
  "tag": ["compiled"],
  "initiationType": "tender",
  "parties": [
    {"id": "MUN", "name": "Municipio, San Pedro", "roles": ["buyer", "payer"]},
    {"id": "SUP-A", "name": "Obras \"Norte\"", "roles": ["supplier"], "address": {"locality": "Monterrey"}}
  ],
  "buyer": {"id": "MUN", "name": "Municipio, San Pedro"},
  "tender": {
    "id": "T-1",
    "title": "Banquetas\nfase 1",
    "value": {"amount": 1500000.50, "currency": "MXN"},
    "items": [
      {"id": "1", "description": "Banqueta", "quantity": 620, "unit": {"name": "m2"}},
      {"id": "2", "description": "Rampa", "quantity": 4}
    ],
    "documents": [{"id": "D1", "documentType": "tenderNotice", "url": "https://example.org/d1.pdf"}],
    "hasEnquiries": false,
    "procurementMethodDetails": null
  },
  "awards": [
    {"id": "A1", "status": "active", "value": {"amount": 1400000, "currency": "MXN"},
     "suppliers": [{"id": "SUP-A", "name": "Obras \"Norte\""}, {"id": "SUP-B", "name": "Luz"}]}
  ],
  "contracts": [
    {"id": "C1", "awardID": "A1", "value": {"amount": 1400000, "currency": "MXN"},
     "items": [{"id": "1", "description": "Banqueta", "quantity": 620}],
     "amendments": [{"id": "AM1", "rationale": "más, tubería"}],
     "implementation": {
       "transactions": [
         {"id": "P1", "date": "2024-06-01T00:00:00Z", "value": {"amount": 700000, "currency": "MXN"}},
         {"id": "P2", "date": "2024-07-01T00:00:00Z", "value": {"amount": 700000.00, "currency": "MXN"}}
       ],
       "milestones": [{"id": "M1", "title": "Obra terminada", "status": "met"}]
     }}
  ]
})";

std::vector<ocds::FlatTable> flatten(const std::vector<std::string>& releases, const std::string& directory,
                                     ocds::FlattenOptions options = {}) {
    ocds::Flattener flattener(directory, options, directory);
    for (const auto& json : releases) {
        flattener.add(test::parse(json));
    }
    return flattener.finish();
}

/// The names in a folder, sorted.
std::vector<std::string> list(const std::string& folder) {
    std::vector<std::string> names;
    if (DIR* handle = ::opendir(folder.c_str())) {
        while (const dirent* entry = ::readdir(handle)) {
            const std::string name = entry->d_name;
            if (name != "." && name != "..") {
                names.push_back(name);
            }
        }
        ::closedir(handle);
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string gunzip(const std::string& compressed) {
    z_stream stream{};
    REQUIRE(inflateInit2(&stream, 16 + MAX_WBITS) == Z_OK);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    char buffer[4096];
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    inflateEnd(&stream);
    CHECK(status == Z_STREAM_END);
    return out;
}

} // namespace

TEST_CASE("flatten: a compiled release gives each table, exactly") {
    test::TempDir dir;
    const auto tables = flatten({sample_release}, dir.path("out"));
    std::vector<std::string> names;
    for (const auto& table : tables) {
        names.push_back(table.name);
        CHECK(table.path == dir.path("out/" + table.name + ".csv"));
    }
    CHECK(names == std::vector<std::string>{"processes", "parties", "items", "awards", "contracts", "payments",
                                            "milestones", "documents"});
    const auto file = [&](const std::string& name) { return test::read_file(dir.path("out/" + name + ".csv")); };

    CHECK(file("processes") ==
          "ocid,id,date,tag,initiationType,buyer/id,buyer/name,tender/id,tender/title,tender/value/amount,"
          "tender/value/currency,tender/hasEnquiries,tender/procurementMethodDetails\r\n"
          "ocds-x-1,ocds-x-1-compiled,2024-05-01T00:00:00Z,compiled,tender,MUN,\"Municipio, San Pedro\",T-1,"
          "\"Banquetas\nfase 1\",1500000.50,MXN,false,\r\n");
    CHECK(file("parties") == "ocid,id,name,roles,address/locality\r\n"
                             "ocds-x-1,MUN,\"Municipio, San Pedro\",buyer;payer,\r\n"
                             "ocds-x-1,SUP-A,\"Obras \"\"Norte\"\"\",supplier,Monterrey\r\n");
    CHECK(file("items") == "ocid,in,parentID,id,description,quantity,unit/name\r\n"
                           "ocds-x-1,tender,,1,Banqueta,620,m2\r\n"
                           "ocds-x-1,tender,,2,Rampa,4,\r\n"
                           "ocds-x-1,contracts,C1,1,Banqueta,620,\r\n");
    CHECK(file("awards") == "ocid,id,status,value/amount,value/currency,suppliers/id,suppliers/name\r\n"
                            "ocds-x-1,A1,active,1400000,MXN,SUP-A;SUP-B,\"Obras \"\"Norte\"\";Luz\"\r\n");
    CHECK(file("contracts") == "ocid,id,awardID,value/amount,value/currency,amendments/id,amendments/rationale\r\n"
                               "ocds-x-1,C1,A1,1400000,MXN,AM1,\"más, tubería\"\r\n");
    CHECK(file("payments") == "ocid,contractID,id,date,value/amount,value/currency\r\n"
                              "ocds-x-1,C1,P1,2024-06-01T00:00:00Z,700000,MXN\r\n"
                              "ocds-x-1,C1,P2,2024-07-01T00:00:00Z,700000.00,MXN\r\n");
    CHECK(file("milestones") == "ocid,in,parentID,id,title,status\r\n"
                                "ocds-x-1,contracts/implementation,C1,M1,Obra terminada,met\r\n");
    CHECK(file("documents") == "ocid,in,parentID,id,documentType,url\r\n"
                               "ocds-x-1,tender,,D1,tenderNotice,https://example.org/d1.pdf\r\n");

    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> counts;
    for (const auto& table : tables) {
        counts[table.name] = {table.rows, table.columns};
    }
    CHECK(counts["processes"] == std::pair<std::uint64_t, std::uint64_t>{1, 13});
    CHECK(counts["parties"] == std::pair<std::uint64_t, std::uint64_t>{2, 5});
    CHECK(counts["items"] == std::pair<std::uint64_t, std::uint64_t>{3, 7});
    CHECK(counts["payments"] == std::pair<std::uint64_t, std::uint64_t>{2, 6});
    CHECK(list(dir.path("out")).size() == 8); // no scratch or temporary file left
}

TEST_CASE("flatten: CSV fields are quoted only when they hold a comma, a quote, CR or LF") {
    const auto field = [](const std::string& text) {
        std::string out;
        ocds::append_csv_field(out, text);
        return out;
    };
    CHECK(field("plain text; with semicolon") == "plain text; with semicolon");
    CHECK(field("") == "");
    CHECK(field("a,b") == "\"a,b\"");
    CHECK(field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(field("two\nlines") == "\"two\nlines\"");
    CHECK(field("cr\rhere") == "\"cr\rhere\"");
    CHECK(field("=SUM(A1)") == "=SUM(A1)"); // data is never altered (see the README on formulas)
}

TEST_CASE("flatten: an empty input gives processes.csv with only its header") {
    test::TempDir dir;
    const auto tables = flatten({}, dir.path("out"));
    REQUIRE(tables.size() == 1);
    CHECK(tables[0].name == "processes");
    CHECK(tables[0].rows == 0);
    CHECK(tables[0].columns == 1);
    CHECK(test::read_file(dir.path("out/processes.csv")) == "ocid\r\n");
    CHECK(list(dir.path("out")) == std::vector<std::string>{"processes.csv"});
}

TEST_CASE("flatten: --bom puts EF BB BF first in every file") {
    test::TempDir dir;
    ocds::FlattenOptions options;
    options.bom = true;
    const auto tables = flatten({sample_release}, dir.path("out"), options);
    for (const auto& table : tables) {
        CHECK(test::read_file(table.path).rfind("\xEF\xBB\xBFocid,", 0) == 0);
    }
}

TEST_CASE("flatten: --gzip writes .csv.gz that decompress to the same bytes") {
    test::TempDir dir;
    ocds::FlattenOptions options;
    options.gzip = true;
    const auto plain = flatten({sample_release}, dir.path("plain"));
    const auto zipped = flatten({sample_release}, dir.path("zipped"), options);
    REQUIRE(plain.size() == zipped.size());
    for (std::size_t i = 0; i < plain.size(); ++i) {
        CHECK(zipped[i].path == dir.path("zipped/" + plain[i].name + ".csv.gz"));
        CHECK(gunzip(test::read_file(zipped[i].path)) == test::read_file(plain[i].path));
    }
}

TEST_CASE("flatten: columns follow first appearance, whatever later rows hold") {
    test::TempDir dir;
    flatten({R"({"ocid": "b", "b": 1, "a": {"x": true}})", R"({"ocid": "a", "c": "new", "a": {"y": 2, "x": false}})",
             R"({"c": "no ocid"})"},
            dir.path("out"));
    CHECK(test::read_file(dir.path("out/processes.csv")) == "ocid,b,a/x,c,a/y\r\n"
                                                            "b,1,true,,\r\n"
                                                            "a,,false,new,2\r\n"
                                                            ",,,no ocid,\r\n");
}

TEST_CASE("flatten: a lone empty cell is written as \"\" so that the record is not a blank line") {
    test::TempDir dir;
    flatten({R"({"date": null})"}, dir.path("one"));
    CHECK(test::read_file(dir.path("one/processes.csv")) == "ocid,date\r\n,\r\n");
    flatten({R"({"ocid": ""})"}, dir.path("two"));
    CHECK(test::read_file(dir.path("two/processes.csv")) == "ocid\r\n\"\"\r\n");
}

TEST_CASE("flatten: lists are joined with semicolons, element by element") {
    test::TempDir dir;
    flatten({R"({"ocid": "o", "awards": [{"id": "A",
        "suppliers": [{"id": "S1", "name": "X", "identifier": {"scheme": "MX-RFC"}},
                      {"id": "S2", "additionalIdentifiers": [{"id": "r1"}, {"id": "r2"}]}],
        "numbers": [1, 2.50, null, true]}],
      "relatedProcesses": [{"id": "1", "relationship": ["planning"]}, {"id": "2", "relationship": ["parent", "x"]}],
      "planning": {"budget": {"budgetBreakdown": [{"id": "b1", "amount": {"amount": 5}}]}},
      "tender": {"items": "not an array of objects", "submissionMethod": []}})"},
            dir.path("out"));
    // Missing leaves leave their place empty, so the parts of one column line up with another's.
    CHECK(
        test::read_file(dir.path("out/awards.csv")) ==
        "ocid,id,suppliers/id,suppliers/name,suppliers/identifier/scheme,suppliers/additionalIdentifiers/id,numbers\r\n"
        "o,A,S1;S2,X;,MX-RFC;,;r1;r2,1;2.50;;true\r\n");
    // Arrays without a table of their own stay in the row; a table's path holding something else too.
    CHECK(test::read_file(dir.path("out/processes.csv")) ==
          "ocid,relatedProcesses/id,relatedProcesses/relationship,planning/budget/budgetBreakdown/id,"
          "planning/budget/budgetBreakdown/amount/amount,tender/items\r\n"
          "o,1;2,planning;parent;x,b1,5,not an array of objects\r\n");
}

TEST_CASE("flatten: milestones and documents say where they are") {
    test::TempDir dir;
    flatten({R"({"ocid": "o",
      "planning": {"milestones": [{"id": "pm"}], "documents": [{"id": "pd"}]},
      "tender": {"milestones": [{"id": "tm"}], "documents": [{"id": "td"}]},
      "awards": [{"id": "A", "documents": [{"id": "ad", "in": "clash"}], "items": [{"id": "ai"}]}],
      "contracts": [{"id": "C", "milestones": [{"id": "cm"}], "documents": [{"id": "cd"}],
                     "implementation": {"milestones": [{"id": "im"}], "documents": [{"id": "id"}],
                                        "transactions": [{"id": 7, "amount": 1}]}}]})"},
            dir.path("out"));
    CHECK(test::read_file(dir.path("out/milestones.csv")) == "ocid,in,parentID,id\r\n"
                                                             "o,planning,,pm\r\n"
                                                             "o,tender,,tm\r\n"
                                                             "o,contracts,C,cm\r\n"
                                                             "o,contracts/implementation,C,im\r\n");
    CHECK(test::read_file(dir.path("out/documents.csv")) == "ocid,in,parentID,id,in (field)\r\n"
                                                            "o,planning,,pd,\r\n"
                                                            "o,tender,,td,\r\n"
                                                            "o,awards,A,ad,clash\r\n"
                                                            "o,contracts,C,cd,\r\n"
                                                            "o,contracts/implementation,C,id,\r\n");
    CHECK(test::read_file(dir.path("out/items.csv")) == "ocid,in,parentID,id\r\no,awards,A,ai\r\n");
    CHECK(test::read_file(dir.path("out/payments.csv")) == "ocid,contractID,id,amount\r\no,C,7,1\r\n");
    CHECK(test::read_file(dir.path("out/processes.csv")) == "ocid\r\no\r\n");
    CHECK(test::read_file(dir.path("out/awards.csv")) == "ocid,id\r\no,A\r\n");
    CHECK(test::read_file(dir.path("out/contracts.csv")) == "ocid,id\r\no,C\r\n");
}

TEST_CASE("flatten: an existing table is an error without overwrite, and with it old tables go") {
    test::TempDir dir;
    flatten({sample_release}, dir.path("out"));
    const std::string parties = test::read_file(dir.path("out/parties.csv"));
    CHECK_THROWS_AS(flatten({R"({"ocid": "new"})"}, dir.path("out")), ocds::io_error);
    CHECK(test::read_file(dir.path("out/parties.csv")) == parties);
    CHECK(test::read_file(dir.path("out/processes.csv")).find("ocds-x-1,") != std::string::npos);
    CHECK(list(dir.path("out")) == std::vector<std::string>{"awards.csv", "contracts.csv", "documents.csv", "items.csv",
                                                            "milestones.csv", "parties.csv", "payments.csv",
                                                            "processes.csv"}); // no temporary file left

    ocds::FlattenOptions options;
    options.overwrite = true;
    const auto tables = flatten({R"({"ocid": "new", "parties": [{"id": "P"}]})"}, dir.path("out"), options);
    CHECK(tables.size() == 2);
    CHECK(test::read_file(dir.path("out/processes.csv")) == "ocid\r\nnew\r\n");
    CHECK(test::read_file(dir.path("out/parties.csv")) == "ocid,id\r\nnew,P\r\n");
    CHECK(!ocds::path_exists(dir.path("out/awards.csv")));
    CHECK(!ocds::path_exists(dir.path("out/documents.csv")));
}

TEST_CASE("flatten: two flatteners on two threads give what one thread gives") {
    test::TempDir dir;
    std::vector<std::string> input;
    for (int i = 0; i < 200; ++i) {
        std::string release = sample_release;
        release.replace(release.find("ocds-x-1"), 8, "ocds-x-" + std::to_string(i));
        input.push_back(release);
    }
    std::vector<ocds::Value> values;
    for (const auto& json : input) {
        values.push_back(test::parse(json));
    }
    const auto run = [&](const std::string& out) {
        ocds::Flattener flattener(out, {}, dir.path());
        for (const auto& value : values) {
            flattener.add(value);
        }
        CHECK(flattener.processes() == values.size());
        flattener.finish();
    };
    std::thread first(run, dir.path("a"));
    std::thread second(run, dir.path("b"));
    first.join();
    second.join();
    run(dir.path("c"));
    for (const char* name :
         {"processes", "parties", "items", "awards", "contracts", "payments", "milestones", "documents"}) {
        const std::string expected = test::read_file(dir.path(std::string("c/") + name + ".csv"));
        CHECK(!expected.empty());
        CHECK(test::read_file(dir.path(std::string("a/") + name + ".csv")) == expected);
        CHECK(test::read_file(dir.path(std::string("b/") + name + ".csv")) == expected);
    }
}
