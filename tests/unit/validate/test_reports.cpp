// The validation reports: findings grouped by kind (bounded whatever the input), the grouped JSON
// report, the HTML page, the Spanish wording, and the publication facts gathered while validating.

#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/json_text.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/validate/detail/facts_collector.hpp>
#include <ocds/validate/detail/report_words.hpp>
#include <ocds/validate/finding_groups.hpp>
#include <ocds/validate/report_html.hpp>
#include <ocds/validate/report_json.hpp>
#include <ocds/validate/report_formats.hpp>
#include <ocds/validate/report.hpp>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

class Keep : public ocds::FindingSink {
public:
    void begin_file(const std::string&) override {}
    void add(const ocds::Finding&) override {}
    void end_file(const ocds::FileSummary& summary) override { last = summary; }
    ocds::FileSummary last;
};

ocds::FileSummary validate(const std::string& path) {
    ocds::ValidateOptions options;
    options.sources.schemas_dir = ocds::find_schemas_dir();
    Keep keep;
    return ocds::validate_file(path, options, keep);
}

ocds::Finding finding(const std::string& check, const std::string& field, const std::string& message,
                      const std::string& value = "\"x\"", ocds::Severity severity = ocds::Severity::warning) {
    ocds::Finding made;
    made.severity = severity;
    made.check = check;
    made.keyword = "k";
    made.field = field;
    made.path = "/" + field;
    made.message = message;
    made.value = value;
    made.line = 7;
    return made;
}

ocds::Value parse(const std::string& text) {
    ocds::Value value;
    ocds::JsonTextError failure;
    REQUIRE_MESSAGE(ocds::parse_json_text(text, value, failure), failure.reason);
    return value;
}

} // namespace

TEST_CASE("amounts add up exactly, in millionths") {
    using ocds::detail::Micros;
    using ocds::detail::micros_text;
    using ocds::detail::parse_micros;
    Micros a = 0, b = 0;
    REQUIRE(parse_micros("0.1", a));
    REQUIRE(parse_micros("0.2", b));
    CHECK(micros_text(a + b) == "0.3"); // not 0.30000000000000004
    REQUIRE(parse_micros("1e3", a));
    CHECK(micros_text(a) == "1000");
    REQUIRE(parse_micros("1.5E-2", a));
    CHECK(micros_text(a) == "0.015");
    REQUIRE(parse_micros("-12345678901234.5", a));
    CHECK(micros_text(a) == "-12345678901234.5");
    REQUIRE(parse_micros("0.0000005", a)); // the seventh decimal rounds
    CHECK(micros_text(a) == "0.000001");
    REQUIRE(parse_micros("0", a));
    CHECK(micros_text(a) == "0");
    CHECK_FALSE(parse_micros("1e400", a));
    CHECK_FALSE(parse_micros("123456789012345678901234567890", a));
}

TEST_CASE(
    "publication facts: publishers, dates, tags, and each tender, award and contract once with its latest value") {
    const ocds::FileSummary summary = validate(std::string(OCDS_FIXTURES_DIR) + "/validate/facts.json");
    const ocds::PublicationFacts& facts = summary.facts;
    CHECK(summary.packages == 2);
    CHECK(summary.releases == 5);
    CHECK(facts.publishers.values ==
          std::vector<std::string>{"Municipio de San Pedro Garza García", "Secretaría de Finanzas de San Pedro"});
    CHECK(facts.licenses.values == std::vector<std::string>{"https://creativecommons.org/licenses/by/4.0/"});
    CHECK(facts.publication_policies.values == std::vector<std::string>{"https://datos.sanpedro.gob.mx/politica.pdf"});
    CHECK(facts.published.first == "2024-04-01T09:00:00-06:00");
    CHECK(facts.published.last == "2024-05-01T09:00:00-06:00");
    CHECK(facts.release_dates.first == "2024-01-10T09:00:00-06:00");
    CHECK(facts.release_dates.last == "2024-03-01T10:00:00-06:00");
    CHECK(facts.tags == std::map<std::string, std::uint64_t>{
                            {"planning", 1}, {"tender", 2}, {"award", 2}, {"tenderUpdate", 1}, {"contract", 1}});
    // Process A's tender is 120 (its latest release), not 999 (a later line with an earlier date);
    // process C's is written 1e3.
    CHECK(facts.tenders.count == 2);
    CHECK(facts.tenders.values == std::map<std::string, std::string>{{"MXN", "1120"}});
    // The award without an id is not counted, as the Data Review Tool counts awards by (ocid, id).
    CHECK(facts.awards.count == 2);
    CHECK(facts.awards.values == std::map<std::string, std::string>{{"MXN", "500.5"}, {"USD", "10.5"}});
    CHECK(facts.contracts.count == 2);
    CHECK(facts.contracts.values == std::map<std::string, std::string>{{"USD", "0.25"}});
    CHECK(facts.contracts.without_value == 1);
}

TEST_CASE("publication facts of records: values from the compiled release, dates and tags from the releases") {
    test::TempDir dir;
    const std::string path = dir.write("records.json", R"({"uri":"https://example.org/r.json","version":"1.1",
      "publishedDate":"2024-01-01T00:00:00Z","publisher":{"name":"P"},"records":[
      {"ocid":"ocds-abcdef-1","releases":[
        {"ocid":"ocds-abcdef-1","id":"1","date":"2024-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","value":{"amount":5,"currency":"MXN"}}},
        {"ocid":"ocds-abcdef-1","id":"2","date":"2024-02-01T00:00:00Z","tag":["tenderAmendment"],"tender":{"id":"t","value":{"amount":6,"currency":"MXN"}}}],
       "compiledRelease":{"ocid":"ocds-abcdef-1","id":"c","date":"2024-02-01T00:00:00Z","tag":["compiled"],"tender":{"id":"t","value":{"amount":7,"currency":"MXN"}}}},
      {"ocid":"ocds-abcdef-2","releases":[{"url":"https://example.org/2.json#1","date":"2023-12-01T00:00:00Z","tag":["planning"]}]}]})");
    const ocds::PublicationFacts facts = validate(path).facts;
    CHECK(facts.tags == std::map<std::string, std::uint64_t>{{"tender", 1}, {"tenderAmendment", 1}, {"planning", 1}});
    CHECK(facts.release_dates.first == "2023-12-01T00:00:00Z");
    CHECK(facts.release_dates.last == "2024-02-01T00:00:00Z");
    CHECK(facts.tenders.count == 1);
    CHECK(facts.tenders.values == std::map<std::string, std::string>{{"MXN", "7"}}); // the compiled release's
}

TEST_CASE("finding groups: one kind per severity, check, field and message, memory bounded by kinds") {
    ocds::FindingGroups groups(2, 3);
    for (int i = 0; i < 100000; ++i) {
        groups.add(finding("empty-field", "releases/title", "the string is empty"));
    }
    groups.add(finding("schema", "releases/id", "'id' is missing but required", "", ocds::Severity::error));
    groups.add(finding("closed-codelist", "releases/tender/status",
                       "the code is not in the closed codelist tenderStatus", "\"activo\"", ocds::Severity::error));
    groups.add(finding("closed-codelist", "releases/tender/status",
                       "the code is not in the closed codelist tenderStatus", "\"activo\"", ocds::Severity::error));
    groups.add(
        finding("additional-field", "releases/a", "the field is not in the schema or its extensions")); // a 4th kind
    const auto order = groups.in_report_order();
    REQUIRE(order.size() == 3);
    CHECK(order[0]->first.check == "closed-codelist"); // errors first, the larger check first
    CHECK(order[1]->first.check == "schema");
    CHECK(order[2]->count == 100000);
    CHECK(order[2]->examples.size() == 2);
    CHECK(groups.uncounted_kinds(ocds::Severity::warning) == 1);
    const auto codelists = groups.codelists();
    REQUIRE(codelists.size() == 1);
    CHECK(codelists[0].codelist == "tenderStatus");
    CHECK_FALSE(codelists[0].open);
    CHECK(codelists[0].count == 2);
    CHECK(codelists[0].codes == std::vector<std::pair<std::string, std::uint64_t>>{{"\"activo\"", 2}});
}

TEST_CASE("the grouped JSON report stays small whatever the number of findings, and parses") {
    std::string text;
    {
        ocds::StringSink sink(text);
        ocds::JsonReport report(sink, 3);
        report.begin_file("big.json");
        ocds::FileSummary summary;
        summary.file = "big.json";
        for (int i = 0; i < 200000; ++i) {
            report.add(finding("empty-field", "releases/title", "the string is empty"));
        }
        summary.warnings = 200000;
        report.end_file(summary);
        report.finish();
        sink.finish();
    }
    CHECK(text.size() < 4000);
    const ocds::Value json = parse(text);
    const ocds::Value& file = json.find("files")->as_array().at(0);
    const ocds::Value& kind = file.find("findings")->as_array().at(0);
    CHECK(kind.find("count")->number_text() == "200000");
    CHECK(kind.find("examples")->as_array().size() == 3);
    CHECK(json.find("warnings")->number_text() == "200000");
    CHECK(json.find("valid")->as_bool());
}

TEST_CASE("the HTML page escapes what the data says and carries every count") {
    std::string text;
    {
        ocds::StringSink sink(text);
        ocds::HtmlReport report(sink, 5);
        report.begin_file("a.json");
        report.add(finding("additional-field", "releases/x", "the field is not in the schema or its extensions",
                           "\"<script>alert(1)</script>\""));
        ocds::FileSummary summary;
        summary.file = "a.json";
        summary.warnings = 1;
        summary.facts.publishers.add("A & B <Ltd>");
        report.end_file(summary);
        report.finish();
        sink.finish();
    }
    CHECK(text.find("<script>alert") == std::string::npos);
    CHECK(text.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(text.find("A &amp; B &lt;Ltd&gt;") != std::string::npos);
    CHECK(text.find("data-check=\"additional-field\" data-severity=\"warning\" data-count=\"1\"") != std::string::npos);
    CHECK(text.find("el campo no está en el esquema ni en sus extensiones") != std::string::npos);
    CHECK(text.find("http://") == std::string::npos); // nothing to fetch
    CHECK(text.find("<link") == std::string::npos);
    CHECK(text.find("src=") == std::string::npos);
}

TEST_CASE("messages in Spanish keep their variable parts, unknown wording stays as it is") {
    using ocds::detail::message_es;
    CHECK(message_es("'id' is missing but required") == "falta «id», que es obligatorio");
    CHECK(message_es("expected number or null, found string") == "se esperaba número o nulo, se encontró texto");
    CHECK(message_es("the code is not in the closed codelist tenderStatus") ==
          "el código no está en la lista cerrada tenderStatus");
    CHECK(message_es("no party in parties has this id (referenced as supplier)") ==
          "ninguna parte de parties tiene este id (referida como supplier)");
    CHECK(message_es("the code is deprecated in codelist documentType since OCDS 1.1") ==
          "el código es obsoleto en la lista documentType desde OCDS 1.1");
    CHECK(message_es("something a parser said") == "something a parser said");
    for (const auto& words : ocds::detail::every_check_words()) {
        CHECK(*words.title_es);
        CHECK(*words.about_en);
    }
}

namespace {

/// What a report writes for `findings` of one file summarised by `summary`.
std::string report_text(ocds::Report& report, std::string& text, ocds::StringSink& sink,
                        const ocds::FileSummary& summary, const std::vector<ocds::Finding>& findings) {
    report.begin_file(summary.file);
    for (const auto& made : findings) {
        report.add(made);
    }
    report.end_file(summary);
    report.finish();
    sink.finish();
    return text;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return lines;
}

} // namespace

TEST_CASE("numbers in reports: thousands separators and the noun's number") {
    CHECK(ocds::with_commas(0) == "0");
    CHECK(ocds::with_commas(999) == "999");
    CHECK(ocds::with_commas(1000) == "1,000");
    CHECK(ocds::with_commas(25787) == "25,787");
    CHECK(ocds::with_commas(1234567890) == "1,234,567,890");
    CHECK(ocds::with_commas(18446744073709551615ull) == "18,446,744,073,709,551,615");
    CHECK(ocds::count_of(1, "release", "releases") == "1 release");
    CHECK(ocds::count_of(0, "release", "releases") == "0 releases");
    CHECK(ocds::count_of(1001, "error", "errors") == "1,001 errors");
}

TEST_CASE("the text report: a heading per severity and check, one line per kind, its first examples") {
    const std::size_t examples = 2;
    std::vector<ocds::Finding> findings;
    const int empty_titles = 1234;
    for (int i = 0; i < empty_titles; ++i) {
        ocds::Finding made = finding("empty-field", "releases/title", "the string is empty", "\"\"");
        made.path = "/releases/" + std::to_string(i) + "/title";
        made.line = static_cast<std::uint64_t>(i + 1);
        findings.push_back(made);
    }
    findings.push_back(finding("empty-field", "releases/description", "the string is empty", "\"\""));
    findings.push_back(finding("schema", "releases/id", "'id' is missing but required", "", ocds::Severity::error));
    ocds::Finding top = finding("schema", "", "not an object", "[]", ocds::Severity::error);
    top.path = "";
    top.line = 0;
    findings.push_back(top);
    ocds::FileSummary summary;
    summary.file = "lista.json";
    summary.packages = 1;
    summary.releases = 1500;
    summary.ocids = 1400;
    summary.schema_versions["1.1"] = 1500;
    summary.extensions = {"https://example.com/a/extension.json"};
    summary.errors = 2;
    summary.warnings = empty_titles + 1;

    std::string text;
    ocds::StringSink sink(text);
    ocds::TextReport report(sink, examples);
    const auto lines = lines_of(report_text(report, text, sink, summary, findings));
    REQUIRE(lines.size() >= 10);
    CHECK(lines.front() == "lista.json: 1 package, " + ocds::with_commas(summary.releases) + " releases, " +
                               ocds::with_commas(summary.ocids) + " ocids; OCDS 1.1 with 1 extension");
    // Errors before warnings; each check's heading carries its total.
    CHECK(lines[1] == "  error schema (2)");
    const auto at = [&](const std::string& line) {
        return static_cast<std::size_t>(std::find(lines.begin(), lines.end(), line) - lines.begin());
    };
    const std::size_t warning_heading = at("  warning empty-field (" + ocds::with_commas(empty_titles + 1) + ")");
    REQUIRE(warning_heading < lines.size());
    CHECK(warning_heading > 1);
    CHECK(at("    (top level): not an object") < warning_heading); // a finding without a field
    // The larger kind first, with its count, its first examples (path, line, value) and the rest counted.
    CHECK(lines[warning_heading + 1] == "    releases/title: the string is empty ×" + ocds::with_commas(empty_titles));
    CHECK(lines[warning_heading + 2] == "      /releases/0/title (line 1) = \"\"");
    CHECK(lines[warning_heading + 3] == "      /releases/1/title (line 2) = \"\"");
    CHECK(lines[warning_heading + 4] == "      ... and " + ocds::with_commas(empty_titles - examples) + " more");
    CHECK(lines[warning_heading + 5] == "    releases/description: the string is empty");
    CHECK(lines.back() ==
          "  INVALID: 2 errors, " + ocds::count_of(summary.warnings, "warning", "warnings") + ", 0 infos");
    // No line for kinds that were not found, and nothing about an incomplete read.
    CHECK(text.find("info ") == std::string::npos);
    CHECK(text.find("could not be read") == std::string::npos);
}

TEST_CASE("the text report: a file without findings is valid, one not read to its end says so, files do not mix") {
    std::string text;
    ocds::StringSink sink(text);
    ocds::TextReport report(sink);
    report.begin_file("a.json");
    report.add(finding("schema", "releases/id", "'id' is missing but required", "", ocds::Severity::error));
    ocds::FileSummary first;
    first.file = "a.json";
    first.errors = 1;
    report.end_file(first);
    report.begin_file("b.jsonl");
    ocds::FileSummary second;
    second.file = "b.jsonl";
    second.records = 3;
    second.ocids = 3;
    second.complete = false;
    report.end_file(second);
    report.unreadable_file("c.json", "no such file"); // said elsewhere, not in the text report
    sink.finish();
    const auto lines = lines_of(text);
    const auto second_start = std::find(lines.begin(), lines.end(), "b.jsonl: 3 records, 3 ocids");
    REQUIRE(second_start != lines.end());
    // The second file lists none of the first file's findings.
    CHECK(std::find(second_start, lines.end(), "  error schema (1)") == lines.end());
    CHECK(std::find(lines.begin(), second_start, "  error schema (1)") != second_start);
    CHECK(std::find(second_start, lines.end(),
                    "  the file could not be read to its end: what follows the JSON error was not validated") !=
          lines.end());
    CHECK(lines.back() == "  valid: 0 errors, 0 warnings, 0 infos");
    CHECK(text.find("c.json") == std::string::npos);
    CHECK(lines.front() == "a.json: 0 releases, 0 ocids");
}

TEST_CASE("the JSON Lines report: every finding as it comes, one object a line, with its file") {
    std::vector<ocds::Finding> findings;
    for (int i = 0; i < 3; ++i) {
        ocds::Finding made = finding("empty-field", "releases/title", "the string is empty", "\"\"");
        made.path = "/releases/" + std::to_string(i) + "/title";
        made.document = static_cast<std::uint64_t>(i);
        findings.push_back(made);
    }
    ocds::Finding cut =
        finding("schema", "releases/description", "too long", std::string(200, 'a'), ocds::Severity::error);
    cut.truncated = true;
    cut.line = 0;
    findings.push_back(cut);
    ocds::FileSummary summary;
    summary.file = "dir/\"quoted\" name.json";
    std::string text;
    ocds::StringSink sink(text);
    ocds::JsonLinesReport report(sink);
    const auto lines = lines_of(report_text(report, text, sink, summary, findings));
    REQUIRE(lines.size() == findings.size()); // not grouped: one line per finding
    CHECK(text.back() == '\n');
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const ocds::Value line = parse(lines[i]);
        const ocds::Finding& made = findings[i];
        CHECK(*line.find_string("file") == summary.file);
        CHECK(*line.find_string("severity") == ocds::severity_name(made.severity));
        CHECK(*line.find_string("check") == made.check);
        CHECK(*line.find_string("keyword") == made.keyword);
        CHECK(*line.find_string("path") == made.path);
        CHECK(*line.find_string("field") == made.field);
        CHECK(*line.find_string("message") == made.message);
        CHECK(line.find("document")->number_text() == std::to_string(made.document));
        CHECK((line.find("line") != nullptr) == (made.line != 0));
    }
    // A value is the JSON as found; one cut short is a string that says so.
    CHECK(*parse(lines[0]).find_string("value") == "");
    const ocds::Value last = parse(lines.back());
    CHECK(*last.find_string("value") == std::string(200, 'a') + "…");
    CHECK(last.find("truncated")->as_bool());
}

TEST_CASE("report formats by name, each making its report") {
    const std::vector<ocds::Finding> findings = {
        finding("schema", "releases/id", "'id' is missing but required", "", ocds::Severity::error),
        finding("empty-field", "releases/title", "the string is empty", "\"\"")};
    ocds::FileSummary summary;
    summary.file = "a.json";
    summary.releases = 1;
    summary.ocids = 1;
    summary.errors = 1;
    summary.warnings = 1;
    // make_report gives the same bytes as the report of that format made directly.
    const auto direct = [&](const std::string& name) {
        std::string text;
        ocds::StringSink sink(text);
        std::unique_ptr<ocds::Report> report;
        if (name == "text") {
            report = std::make_unique<ocds::TextReport>(sink, 3);
        } else if (name == "json") {
            report = std::make_unique<ocds::JsonReport>(sink, 3);
        } else if (name == "jsonl") {
            report = std::make_unique<ocds::JsonLinesReport>(sink);
        } else {
            report = std::make_unique<ocds::HtmlReport>(sink, 3);
        }
        return report_text(*report, text, sink, summary, findings);
    };
    std::set<std::string> outputs;
    for (const std::string name : {"text", "json", "jsonl", "html"}) {
        CAPTURE(name);
        ocds::ReportFormat format = ocds::ReportFormat::text;
        REQUIRE(ocds::report_format_named(name, format));
        std::string text;
        ocds::StringSink sink(text);
        const auto report = ocds::make_report(format, sink, 3);
        REQUIRE(report != nullptr);
        const std::string made = report_text(*report, text, sink, summary, findings);
        CHECK(made == direct(name));
        CHECK(outputs.insert(made).second); // each format its own
    }
    for (const std::string name : {"", "JSON", "xml", "text ", "htm", "csv"}) {
        CAPTURE(name);
        ocds::ReportFormat format = ocds::ReportFormat::html;
        CHECK_FALSE(ocds::report_format_named(name, format));
        CHECK(format == ocds::ReportFormat::html); // left as it was
    }
}
