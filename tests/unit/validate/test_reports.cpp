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

#include <string>

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
    using ocds::detail::micros_text;
    using ocds::detail::Micros;
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

TEST_CASE("publication facts: publishers, dates, tags, and each tender, award and contract once with its latest value") {
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
    groups.add(finding("closed-codelist", "releases/tender/status", "the code is not in the closed codelist tenderStatus",
                       "\"activo\"", ocds::Severity::error));
    groups.add(finding("closed-codelist", "releases/tender/status", "the code is not in the closed codelist tenderStatus",
                       "\"activo\"", ocds::Severity::error));
    groups.add(finding("additional-field", "releases/a", "the field is not in the schema or its extensions")); // a 4th kind
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
    CHECK(message_es("the code is not in the closed codelist tenderStatus") == "el código no está en la lista cerrada tenderStatus");
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
