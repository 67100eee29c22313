// The validator's parts: string formats, codelists, profiles, and whole files through
// validate_file() with a sink that keeps every finding.

#include <doctest/doctest.h>

#include "helpers.hpp"
#include "validate/mutations.hpp"

#include <ocds/schema/codelists.hpp>
#include <ocds/core/detail/binary.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/validate/validation.hpp>
#include <ocds/validate/checks.hpp>
#include <ocds/validate/profile.hpp>

#include <fstream>
#include <functional>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/reader.hpp>

namespace {

class KeepAll : public ocds::FindingSink {
public:
    void begin_file(const std::string&) override {}
    void add(const ocds::Finding& finding) override { findings.push_back(finding); }
    void end_file(const ocds::FileSummary& summary) override { summaries.push_back(summary); }

    std::size_t count(const std::string& check) const {
        std::size_t n = 0;
        for (const auto& finding : findings) {
            n += finding.check == check;
        }
        return n;
    }
    std::vector<ocds::Finding> findings;
    std::vector<ocds::FileSummary> summaries;
};

ocds::ValidateOptions options() {
    ocds::ValidateOptions settings;
    settings.sources.schemas_dir = ocds::find_schemas_dir();
    return settings;
}

std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = "/tmp/ocds-unit-" + name;
    std::ofstream(path) << text;
    return path;
}

} // namespace

TEST_CASE("date-time follows RFC 3339 with a time zone, and compares across zones") {
    using ocds::is_date_time;
    CHECK(is_date_time("2024-03-01T09:30:00-06:00"));
    CHECK(is_date_time("2024-03-01T15:30:00Z"));
    CHECK(is_date_time("2024-02-29T00:00:00.123456+05:30"));
    CHECK_FALSE(is_date_time("2023-02-29T00:00:00Z")); // not a leap year
    CHECK_FALSE(is_date_time("2024-03-01T09:30:00"));  // no offset
    CHECK_FALSE(is_date_time("2024-03-01 09:30:00Z"));
    CHECK_FALSE(is_date_time("2024-13-01T09:30:00Z"));
    CHECK_FALSE(is_date_time("2024-03-01T24:00:00Z"));
    CHECK_FALSE(is_date_time("2024-03-01T09:30:00-06"));
    CHECK_FALSE(is_date_time(""));
    ocds::Instant monterrey, utc;
    REQUIRE(is_date_time("2024-03-01T09:30:00-06:00", &monterrey));
    REQUIRE(is_date_time("2024-03-01T15:29:59Z", &utc));
    CHECK(utc < monterrey);
    CHECK(ocds::is_date("2024-12-31"));
    CHECK_FALSE(ocds::is_date("2024-12-32"));
}

TEST_CASE("uri means an absolute URI, email an address") {
    CHECK(ocds::is_uri("https://datos.sanpedro.gob.mx/docs/a%20b.pdf?x=1#y"));
    CHECK(ocds::is_uri("urn:isbn:0451450523"));
    CHECK_FALSE(ocds::is_uri("convocatoria final.pdf"));
    CHECK_FALSE(ocds::is_uri("/docs/a.pdf"));
    CHECK_FALSE(ocds::is_uri("https://example.org/año"));
    CHECK_FALSE(ocds::is_uri("https://example.org/%zz"));
    CHECK(ocds::is_email("adquisiciones@sanpedro.gob.mx"));
    CHECK_FALSE(ocds::is_email("adquisiciones"));
    CHECK_FALSE(ocds::is_email("a@b@c.mx"));
    CHECK_FALSE(ocds::is_email("a b@c.mx"));
}

TEST_CASE("codelists are read by their Code column, with quotes, and patched by extensions") {
    const std::string path = write_temp("codelist.csv", "Category,Code,Title,Deprecated\n"
                                                        "\"a, b\",first,\"Quoted \"\"title\"\"\nover lines\",\n"
                                                        "x,second,Second,1.1\n");
    const ocds::Codelist list = ocds::read_codelist(path);
    CHECK(list.codes.size() == 2);
    CHECK(list.codes.count("first") == 1);
    CHECK(list.deprecated.at("second") == "1.1");

    ocds::Codelists lists;
    lists.add_folder(ocds::find_schemas_dir() + "/1.1.5/codelists");
    REQUIRE(lists.find("partyRole.csv"));
    CHECK(lists.find("partyRole.csv")->codes.count("sourceParty") == 0);
    lists.add_extension(ocds::find_schemas_dir() + "/extensions/ocds_budget_breakdown_extension", {"+partyRole.csv"});
    CHECK(lists.find("partyRole.csv")->codes.count("sourceParty") == 1);
    CHECK(lists.find("partyRole.csv")->codes.count("buyer") == 1);
}

TEST_CASE("a profile applies extensions after their dependencies and knows what it could not apply") {
    const auto profile = ocds::ValidationProfile::build(
        "1.1",
        {"https://raw.githubusercontent.com/open-contracting-extensions/ocds_project_extension/master/extension.json",
         "https://example.org/ocds_nope_extension/v1/extension.json"},
        {ocds::find_schemas_dir(), ""});
    CHECK(profile->version() == "1.1.5");
    CHECK(profile->extensions().size() == 2); // project, and the location extension it depends on
    REQUIRE(profile->unavailable().size() == 1);
    CHECK(profile->unavailable()[0].first == "https://example.org/ocds_nope_extension/v1/extension.json");
    const auto& release = profile->node(ocds::ValidationProfile::Shape::release);
    const ocds::SchemaNode* project = ocds::node_at(release, "/planning/project/locations/0");
    REQUIRE(project);
    CHECK(project->property("geometry"));
    const ocds::SchemaNode* status = ocds::node_at(release, "/tender/status");
    REQUIRE(status);
    CHECK(status->codelist == "tenderStatus.csv");
    CHECK_FALSE(status->open_codelist);
}

TEST_CASE("shared profiles: keyed by the available extensions only, and only the last few kept") {
    const ocds::ExtensionSources sources{ocds::find_schemas_dir(), ""};
    const std::string project =
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_project_extension/master/extension.json";
    const auto first = ocds::ValidationProfile::shared("1.1", {project}, sources);
    CHECK(first->extensions().size() == 2); // project, and the location extension it depends on
    // Made-up extensions change nothing in the schema: the same profile, not one more built.
    for (int i = 0; i < 50; ++i) {
        const std::string made_up = "https://example.org/ext" + std::to_string(i) + "/extension.json";
        CHECK(ocds::ValidationProfile::shared("1.1", {made_up, project}, sources) == first);
        CHECK(ocds::unavailable_extensions({made_up, project}, sources) == std::vector<std::string>{made_up});
    }
    // Real but different lists each get their profile; the cache keeps a few, not all.
    const std::vector<std::string> names = {
        "ocds_location_extension",         "ocds_process_title_extension",        "ocds_metrics_extension",
        "ocds_budget_breakdown_extension", "ocds_contract_signatories_extension", "ocds_milestone_documents_extension",
        "ocds_pagination_extension",       "ocds_partyDetails_scale_extension",   "ocds_contract_completion_extension"};
    std::weak_ptr<const ocds::ValidationProfile> evicted = ocds::ValidationProfile::shared("1.0", {}, sources);
    for (const auto& name : names) {
        const auto profile = ocds::ValidationProfile::shared(
            "1.0", {"https://raw.githubusercontent.com/open-contracting-extensions/" + name + "/master/extension.json"},
            sources);
        CHECK(profile->extensions().size() == 1);
    }
    CHECK(evicted.expired()); // no longer held by the cache once nine newer lists came
}

TEST_CASE("field paths drop array indexes, values are cut on a character boundary") {
    CHECK(ocds::field_of("/releases/3/awards/0/suppliers/1/id") == "releases/awards/suppliers/id");
    CHECK(ocds::field_of("") == "");
    std::string encoded;
    ocds::detail::encode(ocds::Value(std::string(300, 'a') + "ñ"), encoded);
    bool truncated = false;
    CHECK(ocds::render_json(ocds::detail::BinaryView(encoded.data()), 200, truncated).size() == 200);
    CHECK(truncated);
    encoded.clear();
    ocds::detail::encode(ocds::Value(std::string(198, 'a') + "ñ"), encoded); // "aaa…ñ": ñ straddles 200
    const std::string cut = ocds::render_json(ocds::detail::BinaryView(encoded.data()), 200, truncated);
    CHECK(cut.size() == 199);
    CHECK(truncated);
}

TEST_CASE("every check fires on the invalid fixture, at the release made to show it") {
    KeepAll sink;
    const auto summary =
        ocds::validate_file(OCDS_FIXTURES_DIR "/validate/invalid-release-package.json", options(), sink);
    CHECK(summary.releases == 19);
    CHECK(summary.errors > 0);
    const std::pair<const char*, const char*> expected[] = {
        {"schema", "/releases/0/tender"},
        {"schema", "/releases/1/tender/value/amount"},
        {"schema", "/releases/2/awards/0/items"},
        {"closed-codelist", "/releases/3/tender/status"},
        {"open-codelist", "/releases/4/tender/documents/0/documentType"},
        {"deprecated", "/releases/5/planning/budget/source"},
        {"additional-field", "/releases/6/tender/etapa"},
        {"empty-field", "/releases/7/tender/title"},
        {"empty-field", "/releases/7/tender/value"},
        {"ocid-prefix", "/releases/8/ocid"},
        {"missing-id", "/releases/9/parties/1"},
        {"format", "/releases/10/date"},
        {"format", "/releases/10/tender/documents/0/url"},
        {"unique-releases", "/releases/12"},
        {"unique-ids", "/releases/13/awards/1/id"},
        {"reference", "/releases/14/buyer/id"},
        {"reference", "/releases/14/contracts/0/awardID"},
        {"party-role", "/releases/15/awards/0/suppliers/0/id"},
        {"date-order", "/releases/16/tender/tenderPeriod"},
        {"date-order", "/releases/16/contracts/0/dateSigned"},
        {"negative-amount", "/releases/17/contracts/0/implementation/transactions/0/value/amount"},
        {"mixed-currency", "/releases/18"},
    };
    for (const auto& entry : expected) {
        // Not a structured binding: clang 14 (the sanitizer build) cannot capture one in INFO.
        const std::string& check = entry.first;
        const std::string& path = entry.second;
        bool found = false;
        for (const auto& finding : sink.findings) {
            found = found || (finding.check == check && finding.path == path);
        }
        INFO(check << " at " << path);
        CHECK(found);
    }
    CHECK(sink.count("additional-field") == 1); // description_es beside description is a translation
}

TEST_CASE("the clean fixture and the San Pedro example have no errors") {
    KeepAll sink;
    ocds::validate_file(OCDS_FIXTURES_DIR "/validate/valid-package.json", options(), sink);
    CHECK(sink.findings.empty());

    KeepAll example;
    auto settings = options();
    settings.schema_version = "1.1";
    const auto summary = ocds::validate_file(OCDS_FIXTURES_DIR "/compile/san-pedro-releases.jsonl", settings, example);
    CHECK(summary.releases == 41);
    CHECK(summary.errors == 0);
}

TEST_CASE("findings arrive in input order whatever the number of threads") {
    auto paths = [](unsigned threads) {
        KeepAll sink;
        auto settings = options();
        settings.threads = threads;
        ocds::validate_file(OCDS_FIXTURES_DIR "/validate/invalid-release-package.json", settings, sink);
        std::vector<std::string> out;
        for (const auto& finding : sink.findings) {
            out.push_back(finding.check + finding.path);
        }
        return out;
    };
    CHECK(paths(1) == paths(2));
    CHECK(paths(1) == paths(5));
}

TEST_CASE("a package whose version comes after its releases is validated as that version") {
    const std::string path = write_temp(
        "sorted-keys.json",
        R"({"publishedDate":"2024-01-01T00:00:00Z","publisher":{"name":"X"},"releases":[)"
        R"({"ocid":"ocds-abc123-1","id":"1","date":"2024-01-01T00:00:00Z","tag":["planning"],"initiationType":"tender",)"
        R"("parties":[{"id":"A","name":"A","roles":["buyer"]}],"buyer":{"id":"A","name":"A"}}],)"
        R"("uri":"https://example.org/p.json","version":"1.1"})");
    KeepAll sink;
    const auto summary = ocds::validate_file(path, options(), sink);
    CHECK(summary.schema_versions.count("1.1.5") == 1);
    CHECK(summary.schema_versions.count("1.0.3") == 0);
    CHECK(sink.count("additional-field") == 0); // parties and buyer are 1.1 fields
}

TEST_CASE("fields the schema does not describe are read as the Data Review Tool reads them") {
    // Empty strings inside a publisher's own field, a no-break space alone, an object where the
    // schema says array of objects (its fields are the items'), objects where it says string,
    // codes that are no strings.
    const std::string path = write_temp(
        "drt-shapes.json",
        R"({"uri":"https://example.org/p.json","publishedDate":"2024-01-01T00:00:00Z","publisher":{"name":"X"},)"
        R"("version":"1.1","releases":[{"ocid":"ocds-213czf-1","id":"1","date":"2024-01-01T00:00:00Z",)"
        R"("tag":["tender"],"initiationType":"tender","tender":{"id":"t","title":"\u00a0","procedureCode":"",)"
        R"("extra":{"note":" "},"mainProcurementCategory":"","submissionMethod":[0,true]},)"
        R"("awards":{"id":"a","title":"","status":"activo","unknown":"x","date":"soon"},)"
        R"("buyer":{"id":[{"value":"b"}],"name":"Buyer"}}]})");
    KeepAll sink;
    ocds::validate_file(path, options(), sink);
    const auto has = [&](const std::string& check, const std::string& where) {
        for (const auto& finding : sink.findings) {
            if (finding.check == check && finding.path == where) {
                return true;
            }
        }
        return false;
    };
    CHECK(has("empty-field", "/releases/0/tender/title"));
    CHECK(has("additional-field", "/releases/0/tender/procedureCode"));
    CHECK(has("empty-field", "/releases/0/tender/procedureCode"));
    CHECK(has("additional-field", "/releases/0/tender/extra"));
    CHECK_FALSE(has("additional-field", "/releases/0/tender/extra/note")); // the branch's first only
    CHECK(has("empty-field", "/releases/0/tender/extra/note"));
    CHECK(has("schema", "/releases/0/awards"));
    CHECK(has("additional-field", "/releases/0/awards/unknown"));
    CHECK(has("empty-field", "/releases/0/awards/title"));
    CHECK(has("closed-codelist", "/releases/0/awards/status"));
    CHECK_FALSE(has("format", "/releases/0/awards/date")); // JSON Schema stops at the wrong type
    CHECK(has("additional-field", "/releases/0/buyer/id/0/value"));
    // Codes are compared as the Data Review Tool compares them: any value but "", 0, false, null.
    CHECK_FALSE(has("closed-codelist", "/releases/0/tender/mainProcurementCategory"));
    CHECK(has("open-codelist", "/releases/0/tender/submissionMethod/0"));
    CHECK(has("open-codelist", "/releases/0/tender/submissionMethod/1"));
}

TEST_CASE("the summary says why each version was used: the package, OCDS Kit's rule, or the setting") {
    using ocds::VersionReason;
    const std::string release =
        R"({"ocid":"ocds-abc123-1","id":"1","date":"2024-01-01T00:00:00Z","tag":["planning"],"initiationType":"tender")";
    const std::string package =
        write_temp("declared.json", R"({"uri":"https://example.org/p.json","publishedDate":"2024-01-01T00:00:00Z",)"
                                    R"("publisher":{"name":"X"},"version":"1.1","releases":[)" +
                                        release + "}]}");
    const std::string bare = write_temp("bare.jsonl", release + ",\"parties\":[]}\n" + release + "}\n");
    KeepAll sink;
    using Reasons = std::set<VersionReason>;
    CHECK(ocds::validate_file(package, options(), sink).schema_version_reasons.at("1.1.5") ==
          Reasons{VersionReason::declared});
    const auto summary = ocds::validate_file(bare, options(), sink);
    CHECK(summary.schema_version_reasons.at("1.1.5") == Reasons{VersionReason::bare_with_parties});
    CHECK(summary.schema_version_reasons.at("1.0.3") == Reasons{VersionReason::bare_without_parties});
    auto forced = options();
    forced.schema_version = "1.1";
    CHECK(ocds::validate_file(bare, forced, sink).schema_version_reasons.at("1.1.5") ==
          Reasons{VersionReason::setting});
}

TEST_CASE("the fast check and valijson agree on every single-value change of real releases") {
    using Shape = ocds::ValidationProfile::Shape;
    const auto profile = ocds::ValidationProfile::build(
        "1.1",
        {"https://raw.githubusercontent.com/open-contracting-extensions/ocds_process_title_extension/v1.1.5/extension.json",
         "https://raw.githubusercontent.com/open-contracting-extensions/ocds_project_extension/master/extension.json"},
        {ocds::find_schemas_dir(), ""});
    REQUIRE(profile->fast_valid(Shape::release, ocds::detail::BinaryView("\x06\0\0\0\0\0\0\0\0")) != -1);
    const ocds::Value package = ocds::read_json_file(OCDS_FIXTURES_DIR "/validate/invalid-release-package.json");
    std::size_t compared = 0, invalid = 0;
    const auto agree = [&](Shape shape, const ocds::Value& document) {
        std::string encoded;
        ocds::detail::encode(document, encoded);
        const ocds::detail::BinaryView view(encoded.data());
        const bool by_valijson = profile->valijson_valid(shape, view);
        const int fast = profile->fast_valid(shape, view);
        if ((fast == 1) != by_valijson) {
            FAIL_CHECK("the fast check says " << fast << ", valijson " << by_valijson << " for "
                                              << ocds::to_json(document));
        }
        ++compared;
        invalid += !by_valijson;
    };
    const auto& releases = package.find("releases")->as_array();
    for (std::size_t i = 0; i < releases.size(); i += 6) { // every sixth release: a few thousand documents
        agree(Shape::release, releases[i]);
        test::each_mutation(releases[i], [&](const ocds::Value& mutated) { agree(Shape::release, mutated); });
    }
    ocds::Value metadata = package;
    metadata.erase("releases");
    test::each_mutation(metadata, [&](const ocds::Value& mutated) { agree(Shape::release_package, mutated); });
    MESSAGE(compared << " documents compared, " << invalid << " invalid");
    CHECK(compared > 1000);
    CHECK(invalid > compared / 10);
}
