#include <doctest/doctest.h>

#include "helpers.hpp"
#include "single_release_check.hpp"

#include <ocds/core/compare.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/schema/bundled_schemas.hpp>

namespace {

const ocds::MergeRules& rules_1_1() {
    static const ocds::MergeRules rules =
        ocds::MergeRules::from_schema(ocds::build_release_schema("1.1", {}, {ocds::find_schemas_dir(), ""}).schema);
    return rules;
}

struct Merged {
    ocds::MergeResult result;
    std::vector<ocds::MergeWarning> warnings;
};

Merged merge(const std::string& json_array, bool versioned = false) {
    test::TempDir dir;
    const ocds::Value releases = ocds::read_json_file(dir.write("r.json", json_array));
    std::vector<const ocds::Value*> pointers;
    for (const auto& release : releases.as_array()) {
        pointers.push_back(&release);
    }
    Merged merged;
    ocds::MergeOutput output;
    output.versioned = versioned;
    merged.result = ocds::merge_releases(pointers, rules_1_1(), output, merged.warnings);
    return merged;
}

std::vector<std::string> checks(const Merged& merged) {
    std::vector<std::string> names;
    for (const auto& warning : merged.warnings) {
        names.push_back(warning.check);
    }
    return names;
}

} // namespace

TEST_CASE("merge: the documentation's update example: later releases win, history is kept") {
    const auto merged = merge(R"([
      {"ocid":"o","id":"2","date":"2016-02-05T10:30:00Z","tag":["tenderAmendment"],"tender":{"id":"t","value":{"amount":2000,"currency":"USD"}}},
      {"ocid":"o","id":"1","date":"2016-01-01T09:30:00Z","tag":["tender"],"tender":{"id":"t","value":{"amount":1000,"currency":"USD"}}}
    ])",
                              true);
    CHECK(ocds::to_json(*merged.result.compiled.find("tender")) ==
          R"({"id":"t","value":{"amount":2000,"currency":"USD"}})");
    CHECK(*merged.result.compiled.find_string("id") == "o-2016-02-05T10:30:00Z");
    CHECK(merged.result.order == std::vector<std::size_t>{1, 0});
    const ocds::Value& amount = *merged.result.versioned.find("tender")->find("value")->find("amount");
    REQUIRE(amount.as_array().size() == 2);
    CHECK(*amount.as_array()[0].find_string("releaseID") == "1");
    CHECK(ocds::to_json(*amount.as_array()[1].find("value")) == "2000");
    // currency did not change: one version only
    CHECK(merged.result.versioned.find("tender")->find("value")->find("currency")->as_array().size() == 1);
}

TEST_CASE("merge: deleting an array item by setting its fields to null leaves its id") {
    const auto merged = merge(R"([
      {"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"items":[{"id":"a","description":"A","unit":{"name":"kg"}},{"id":"b","description":"B"}]}},
      {"ocid":"o","id":"2","date":"2020-02-01T00:00:00Z","tender":{"items":[{"id":"a","description":null,"unit":{"name":null}}]}}
    ])");
    CHECK(ocds::to_json(*merged.result.compiled.find("tender")) ==
          R"({"items":[{"id":"a","unit":{}},{"id":"b","description":"B"}]})");
}

TEST_CASE("merge: numbers and strings keep their exact text") {
    const auto merged = merge(
        R"([{"ocid":"o","id":"1","date":"d","value":{"amount":1250000.50},"big":12345678901234567890,"e":1e400}])");
    CHECK(
        ocds::to_json(merged.result.compiled) ==
        R"({"tag":["compiled"],"id":"o-d","date":"d","ocid":"o","value":{"amount":1250000.50},"big":12345678901234567890,"e":1e400})");
}

TEST_CASE("merge: versioned values do not repeat a value equal in JSON terms (1.0 == 1)") {
    const auto merged = merge(R"([
      {"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","value":{"amount":1}},
      {"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","value":{"amount":1.0}}
    ])",
                              true);
    CHECK(merged.result.versioned.find("value")->find("amount")->as_array().size() == 1);
}

TEST_CASE("merge: warnings name the ocid, release and place") {
    const auto merged = merge(R"([
      {"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","awards":[{"id":"x"},{"id":"x"},{"title":"no id"}]},
      {"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"id":"t","items":[{"id":"i"}]}},
      {"ocid":"o","id":"3","date":"2020-01-03T00:00:00Z","tender":{"items":null}}
    ])");
    // In the order the merge meets them, release by release in date order.
    CHECK(checks(merged) == std::vector<std::string>{"duplicate-id", "missing-id", "same-date", "duplicate-release-id",
                                                     "null-container"});
    CHECK(merged.warnings[0].message == "2 objects of this array have the `id` value 'x', so they are merged into one");
    CHECK(merged.warnings[0].path == "/awards");
    CHECK(merged.warnings[0].value == "'x'");
    CHECK(merged.warnings[1].path == "/awards");
    CHECK(merged.warnings[2].path == "/date");
    CHECK(merged.warnings[4].path == "/tender/items");
    CHECK(merged.warnings[4].release_id == "3");
    CHECK(merged.warnings[0].ocid == "o");
}

TEST_CASE("merge: without warnings asked for, the same merge and nothing warned") {
    const std::string releases = R"([
      {"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","awards":[{"id":"x"},{"id":"x"},{"title":"no id"}]},
      {"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"id":"t","items":[{"id":"i"}]}},
      {"ocid":"o","id":"3","date":"2020-01-03T00:00:00Z","tender":{"items":null}}
    ])";
    const auto warned = merge(releases);
    REQUIRE(warned.warnings.size() == 5);
    test::TempDir dir;
    const ocds::Value values = ocds::read_json_file(dir.write("r.json", releases));
    std::vector<const ocds::Value*> pointers;
    for (const auto& release : values.as_array()) {
        pointers.push_back(&release);
    }
    for (const bool versioned : {false, true}) {
        CAPTURE(versioned);
        std::vector<ocds::MergeWarning> warnings;
        const auto quiet =
            ocds::merge_releases(pointers, rules_1_1(), ocds::MergeOutput{true, versioned, false}, warnings);
        CHECK(warnings.empty()); // a check that needs the merged values alone holds no warning per release
        CHECK(ocds::to_json(quiet.compiled) == ocds::to_json(warned.result.compiled));
        if (versioned) {
            CHECK(ocds::to_json(quiet.versioned) == ocds::to_json(merge(releases, true).result.versioned));
        }
    }
}

TEST_CASE("merge: one warning per array for each repeated id and one for the objects without id, counted") {
    const auto merged = merge(R"([
      {"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z",
       "tender":{"items":[{"id":"1"},{"id":"1"},{"id":"2"},{"id":"1"},{"id":"2"},{"title":"a"},{"title":"b"}]}}
    ])");
    REQUIRE(merged.warnings.size() == 3);
    CHECK(merged.warnings[0].message == "3 objects of this array have the `id` value '1', so they are merged into one");
    CHECK(merged.warnings[1].message == "2 objects of this array have the `id` value '2', so they are merged into one");
    CHECK(merged.warnings[2].message ==
          "2 objects without an `id` in an array merged by id: they are appended, never merged");
    for (const auto& warning : merged.warnings) {
        CHECK(warning.path == "/tender/items");
    }
}

TEST_CASE("merge: a missing, null or non-string date and a type conflict are errors") {
    CHECK_THROWS_WITH_AS(merge(R"([{"ocid":"o","id":"1"}])"), doctest::Contains("ocid o, release 1, at /date"),
                         ocds::merge_error);
    CHECK_THROWS_WITH_AS(merge(R"([{"ocid":"o","id":"1","date":null}])"), doctest::Contains("null"), ocds::merge_error);
    CHECK_THROWS_WITH_AS(merge(R"([{"ocid":"o","id":"1","date":20200101}])"),
                         doctest::Contains("a number, not a string"), ocds::merge_error);
    CHECK_THROWS_WITH_AS(merge(R"([
      {"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":"text"},
      {"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","tender":{"id":"t"}}
    ])"),
                         doctest::Contains("at /tender"), ocds::merge_error);
}

TEST_CASE("merge: a process of one release is written without the tree only when that gives the tree's bytes") {
    // Each construct where merging changes a single release, and its neighbours that it does not.
    const char* const releases[] = {
        R"({"ocid":"o","id":"1","date":"d","tag":["tender"],"tender":{"id":"t","title":"x"}})",
        R"({"date":"d","tender":{"title":"x"},"ocid":"o","id":"1"})",
        R"({"ocid":"o","date":"d","buyer":{"name":"b","id":null}})",
        R"({"ocid":"o","date":"d","buyer":{"identifier":{"id":null}},"x":1})",
        R"({"ocid":"o","date":"d","tender":{"items":[{"id":"1","a":1},{"id":1,"b":2}]}})",
        R"({"ocid":"o","date":"d","tender":{"items":[{"id":"1"},{"id":"2","description":"two"}]}})",
        R"({"ocid":"o","date":"d","tender":{"items":[{"description":"no id"},{"description":"none","id":"2"},{}]}})",
        R"({"ocid":"o","date":"d","tender":{"items":[{"id":1.0},{"id":"1.0"}]}})",
        R"({"ocid":"o","date":"d","tender":{"items":[{"id":null,"description":"x"}]}})",
        R"({"ocid":"o","date":"d","tender":{"items":[{"id":true}]}})",
        R"({"ocid":"o","date":"d","tender":{"items":[{"description":"a","id":"z"}],"documents":[]}})",
        R"({"ocid":"o","date":"d","tender":{},"planning":{"budget":{}},"awards":[{}],"parties":[]})",
        R"({"ocid":"o","date":"d","tender":{"title":"a","title":"b","value":{"amount":1},"value":{"amount":2}}})",
        R"({"ocid":"o","date":"d","tender":{"title":"a","title":null}})",
        R"({"ocid":"o","date":"d","date":"e"})",
        R"({"ocid":"o","date":"d","id":"1","id":"2"})",
        R"({"ocid":"o","date":"d","tag":["a"],"tag":["b"],"x":[1,null,{"a":null}]})",
        R"({"ocid":"o","date":"d","tender":{"amendment":{"changes":[{"property":null},{}]}},"y":[{"a":1},2]})",
        R"({"ocid":"o","date":"d","tender":{"amendment":{"changes":{}}},"awards":[{"id":"a","items":[{"x":1}]}]})",
        R"({"ocid":"o","date":"d","contracts":[{"id":"c","implementation":{"transactions":[{"a":{}}]}}]})",
        R"({"ocid":"o","date":"d","tender":{"id":"t","tenderers":[{"name":"n"},{"name":"m"}]}})",
        R"({"ocid":"o","date":"d","tender":{"items":{}}})",
        R"({"ocid":"o","date":"d","tender":{"title":"x\ny\"z","value":{"amount":1.50e3}}})",
        R"({"ocid":"o","date":"d","tender":[{"id":"1"}]})",
        R"({"ocid":"o","date":null})",
        R"({"ocid":"o"})",
        R"({"ocid":1,"date":"d"})",
        R"({"ocid":"o","date":"d","awards":[{"id":"a","date":"x","id":"b"}]})",
    };
    test::TempDir dir;
    test::SingleReleaseTally tally;
    for (const char* release : releases) {
        INFO(std::string(release));
        const std::size_t differ = tally.differ;
        test::check_single_release(ocds::read_json_file(dir.write("r.json", release)), rules_1_1(), tally);
        CHECK(tally.differ == differ);
    }
    CHECK(tally.direct > 0);
    CHECK(tally.tree > 0);
}

TEST_CASE("compare: numbers by value, objects in any order") {
    CHECK(ocds::compare_numbers("1", "1.0") == 0);
    CHECK(ocds::compare_numbers("1e2", "100") == 0);
    CHECK(ocds::compare_numbers("-0", "0.000") == 0);
    CHECK(ocds::compare_numbers("0.10", "0.1") == 0);
    CHECK(ocds::compare_numbers("12345678901234567890", "12345678901234567891") < 0);
    CHECK(ocds::compare_numbers("-2", "-10") > 0);
    CHECK(ocds::compare_numbers("1e400", "1e399") > 0);
    CHECK(ocds::compare_numbers("0.5", "-0.5") > 0);
    test::TempDir dir;
    const ocds::Value a = ocds::read_json_file(dir.write("a.json", R"({"x":1,"y":[1,{"z":2}]})"));
    const ocds::Value b = ocds::read_json_file(dir.write("b.json", R"({"y":[1.0,{"z":2e0}],"x":1})"));
    const ocds::Value c = ocds::read_json_file(dir.write("c.json", R"({"y":[1,{"z":3}],"w":1})"));
    CHECK(ocds::json_equal(a, b));
    CHECK_FALSE(ocds::json_equal(a, c));
    const auto found = ocds::differences(a, c);
    REQUIRE(found.size() == 3);
    CHECK(found[0].pointer == "/x");
    CHECK(found[0].what.find("missing") == 0);
    CHECK(found[1].pointer == "/y/1/z");
    CHECK(found[1].what == "expected 2, found 3");
    CHECK(found[2].pointer == "/w");
}
