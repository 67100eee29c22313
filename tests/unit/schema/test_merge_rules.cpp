#include <doctest/doctest.h>

#include "helpers.hpp"

#include <sys/stat.h>

#include <ocds/core/error.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/schema/merge_rules.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/schema/bundled_schemas.hpp>

namespace {

const std::string merge_dir = OCDS_FIXTURES_DIR "/merge";

std::map<std::string, std::string> expected_rules(const std::string& schema) {
    const ocds::Value all = ocds::read_json_file(merge_dir + "/expected-merge-rules.json");
    std::map<std::string, std::string> rules;
    for (const auto& rule : all.find(schema)->as_object()) {
        rules[rule.key] = rule.value.as_string();
    }
    return rules;
}

} // namespace

TEST_CASE("merge rules: derived from the 1.1.4 and 1.0.3 schemas exactly as the reference derives them") {
    for (const std::string schema : {"release-schema-1__1__4.json", "release-schema-1__0__3.json"}) {
        CAPTURE(schema);
        const auto rules = ocds::MergeRules::from_schema(ocds::read_json_file(merge_dir + "/" + schema));
        CHECK(rules.describe() == expected_rules(schema));
    }
}

TEST_CASE("merge rules: the bundled 1.1.5 schema gives the 1.1 rules, extensions add theirs") {
    const ocds::ExtensionSources sources{ocds::find_schemas_dir(), ""};
    const auto core = ocds::MergeRules::from_schema(ocds::build_release_schema("1.1", {}, sources).schema).describe();
    CHECK(core.at("parties.roles") == "wholeListMerge");
    CHECK(core.at("tag") == "omitWhenMerged");
    CHECK(core.count("planning.project.additionalClassifications") == 0);

    const std::string project =
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_project_extension/master/extension.json";
    const auto schema =
        ocds::build_release_schema("1.1", {project, "https://example.org/unknown/v1/extension.json"}, sources);
    CHECK(schema.version == "1.1.5");
    REQUIRE(schema.missing_extensions.size() == 1);
    CHECK(schema.missing_extensions[0] == "https://example.org/unknown/v1/extension.json");
    const auto extended = ocds::MergeRules::from_schema(schema.schema).describe();
    CHECK(extended.at("planning.project.additionalClassifications") == "wholeListMerge");

    CHECK(ocds::build_release_schema("1.0", {}, sources).version == "1.0.3");
    CHECK_THROWS_AS(ocds::build_release_schema("2.0", {}, sources), ocds::data_error);
}

TEST_CASE("merge rules: extension URLs map to bundled folders, master before the tagged copy") {
    const ocds::ExtensionSources sources{ocds::find_schemas_dir(), ""};
    const std::string base = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/";
    CHECK(ocds::find_extension_dir(base + "master/extension.json", sources).find("ocds_location_extension_master") !=
          std::string::npos);
    const std::string tagged = ocds::find_extension_dir(base + "v1.1.5/extension.json", sources);
    CHECK(tagged.substr(tagged.size() - 24) == "/ocds_location_extension");
    CHECK(ocds::find_extension_dir("https://example.org/extension.json", sources).empty());

    // A cache folder is looked at first.
    test::TempDir cache;
    ::mkdir(cache.path("ocds_location_extension_master").c_str(), 0755);
    cache.write("ocds_location_extension_master/extension.json", "{}");
    const ocds::ExtensionSources cached{ocds::find_schemas_dir(), cache.path()};
    CHECK(ocds::find_extension_dir(base + "master/extension.json", cached) ==
          cache.path("ocds_location_extension_master"));
}

TEST_CASE("merge rules: JSON Merge Patch as RFC 7386 defines it") {
    test::TempDir dir;
    ocds::Value target = ocds::read_json_file(dir.write("t.json", R"({"a":"b","c":{"d":"e","f":"g"},"k":[1]})"));
    ocds::merge_patch(target,
                      ocds::read_json_file(dir.write("p.json", R"({"a":"z","c":{"f":null,"h":{"i":1}},"k":{"x":1}})")));
    CHECK(ocds::to_json(target) == R"({"a":"z","c":{"d":"e","h":{"i":1}},"k":{"x":1}})");
}

TEST_CASE("merge rules: overrides and their names") {
    CHECK(ocds::parse_array_override("append") == ocds::ArrayOverride::append);
    CHECK(ocds::parse_array_override("MERGE_BY_POSITION") == ocds::ArrayOverride::merge_by_position);
    CHECK_THROWS_AS(ocds::parse_array_override("sideways"), ocds::setting_error);
    ocds::MergeRules rules;
    rules.set_override("awards.items", ocds::ArrayOverride::append);
    REQUIRE(rules.root().child("awards") != nullptr);
    CHECK(rules.root().child("awards")->child("items")->override == ocds::ArrayOverride::append);
}
