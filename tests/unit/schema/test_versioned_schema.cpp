#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/compare.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/schema/versioned_schema.hpp>

namespace {

const std::string schemas_dir = OCDS_SCHEMAS_DIR;

ocds::Value parse(std::string_view text) {
    ocds::Value value;
    ocds::JsonTextError error;
    REQUIRE(ocds::parse_json_text(text, value, error));
    return value;
}

} // namespace

TEST_CASE("versioned schema: made from the 1.1.5 release schema, it is the standard's own file") {
    // (1.0.3's file was made by an older generator, from 1.0's mergeStrategy keywords: 1.0 data
    // is validated with that file as it is.)
    const std::string version = "1.1.5";
    const ocds::Value release = ocds::read_json_file(schemas_dir + "/" + version + "/release-schema.json");
    const ocds::Value expected =
        ocds::read_json_file(schemas_dir + "/" + version + "/versioned-release-validation-schema.json");
    const ocds::Value made = ocds::versioned_release_schema(release);
    const auto differences = ocds::differences(expected, made, 20);
    for (const auto& difference : differences) {
        CAPTURE(difference.pointer);
        CAPTURE(difference.what);
        CHECK(false);
    }
}

TEST_CASE("versioned schema: an extension's fields are versioned too, its ids in arrays are not") {
    ocds::Value release = ocds::read_json_file(schemas_dir + "/1.1.5/release-schema.json");
    ocds::Value* tender = release.find("definitions")->find("Tender")->find("properties");
    tender->set("titleDetails", parse(R"({"type":["string","null"],"title":"Title details"})"));
    tender->set(
        "phases",
        parse(
            R"({"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"}}}})"));
    const ocds::Value made = ocds::versioned_release_schema(release);
    const ocds::Value* properties = made.find("definitions")->find("Tender")->find("properties");
    CHECK(ocds::to_json(*properties->find("titleDetails")) == R"({"$ref":"#/definitions/StringNullVersioned"})");
    // An inline array of objects is versioned whole, as the reference does.
    CHECK(properties->find("phases")->find("items")->find("properties")->find("value")->find("type")->as_string() ==
          "array");
}
