#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/validate/schema_validation.hpp>
#include <ocds/schema/bundled_schemas.hpp>

namespace {

const std::string& schemas() {
    static const std::string dir = ocds::find_schemas_dir();
    return dir;
}

const ocds::SchemaValidator& release_validator() {
    static const ocds::SchemaValidator validator(ocds::read_json_file(schemas() + "/1.1.5/release-schema.json"),
                                                 schemas());
    return validator;
}

bool has_issue(const std::vector<ocds::SchemaIssue>& issues, const std::string& pointer, const std::string& text) {
    for (const auto& issue : issues) {
        if (issue.pointer == pointer && issue.message.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

const char* const valid_release =
    R"({"ocid":"ocds-sp5p3d-pb-101","id":"1","date":"2024-02-15T10:00:00-06:00","tag":["tender"],"initiationType":"tender",
        "tender":{"id":"t","numberOfTenderers":3,"value":{"amount":1250000.50,"currency":"MXN"}}})";

} // namespace

TEST_CASE("schema validation: a valid release has no issues, and every bundled San Pedro release is valid") {
    CHECK(release_validator().validate(test::parse(valid_release)).empty());
    std::size_t releases = 0;
    for (const auto& item : test::read_items(OCDS_FIXTURES_DIR "/compile/san-pedro-releases.jsonl")) {
        const auto issues = release_validator().validate(item.value);
        CAPTURE(item.location.line);
        CHECK(issues.empty());
        ++releases;
    }
    CHECK(releases > 30);
}

TEST_CASE("schema validation: issues name the place in the document") {
    ocds::Value release = test::parse(valid_release);
    release.erase("id");
    release.set("tag", test::parse(R"(["tender","notATag"])"));
    release.find("tender")->set("numberOfTenderers", ocds::Value("3"));
    const auto issues = release_validator().validate(release);
    CHECK(has_issue(issues, "", "id"));                         // missing: the object lacks it
    CHECK(has_issue(issues, "/tag/1", ""));                     // not in the closed codelist
    CHECK(has_issue(issues, "/tender/numberOfTenderers", ""));  // a string, not an integer
    CHECK_FALSE(has_issue(issues, "/tender/value/amount", "")); // 1250000.50 is a number
}

TEST_CASE("schema validation: a package's $ref to the release schema's URL is read from the bundled copy") {
    const ocds::SchemaValidator package(ocds::read_json_file(schemas() + "/1.1.5/release-package-schema.json"),
                                        schemas());
    const auto ok = package.validate(test::parse(std::string(R"({"uri":"https://example.org/p.json","version":"1.1",
        "publisher":{"name":"P"},"publishedDate":"2024-06-01T00:00:00Z","releases":[)") +
                                                 valid_release + "]}"));
    CHECK(ok.empty());
    const auto bad = package.validate(test::parse(R"({"uri":"https://example.org/p.json","version":"1.1",
        "publisher":{"name":"P"},"publishedDate":"2024-06-01T00:00:00Z","releases":[{"ocid":"o","id":"1","date":"d","tag":["x"],"initiationType":"tender"}]})"));
    CHECK(has_issue(bad, "/releases/0/tag/0", ""));
}

TEST_CASE("schema validation: canonical URLs map to the bundled files, others to nothing") {
    CHECK(ocds::bundled_schema_path("https://standard.open-contracting.org/schema/1__1__5/release-schema.json",
                                    schemas()) == schemas() + "/1.1.5/release-schema.json");
    CHECK(ocds::bundled_schema_path("http://standard.open-contracting.org/schema/1__0__3/release-schema.json#",
                                    schemas()) == schemas() + "/1.0.3/release-schema.json");
    CHECK(
        ocds::bundled_schema_path("https://standard.open-contracting.org/schema/9__9__9/release-schema.json", schemas())
            .empty());
    CHECK(ocds::bundled_schema_path("https://example.org/schema.json", schemas()).empty());
    CHECK_THROWS_AS(ocds::SchemaValidator(test::parse(R"({"$ref":"https://example.org/elsewhere.json"})"), schemas()),
                    ocds::data_error);
}
