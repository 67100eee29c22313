#include <doctest/doctest.h>

#include <ocds/map/jsonb_text.hpp>

using ocds::jsonb_member;
using ocds::merge_jsonb_objects;

TEST_CASE("jsonb text: a member's value is found at the top only") {
    const std::string record =
        R"({"budget": {"id": "12", "project": {"id": "x"}}, "project": {"id": "4703", "title": "a, b} [\"c\""}, "size": 3})";
    CHECK(jsonb_member(record, "project") ==
          std::optional<std::string_view>(R"({"id": "4703", "title": "a, b} [\"c\""})"));
    CHECK(jsonb_member(record, "size") == std::optional<std::string_view>("3"));
    CHECK_FALSE(jsonb_member(record, "id"));
    CHECK_FALSE(jsonb_member("{}", "project"));
    CHECK_FALSE(jsonb_member(R"({"project": {"id": "1"})", "project")); // cut short
    CHECK_FALSE(jsonb_member(R"(["project"])", "project"));
}

TEST_CASE("jsonb text: two objects merge in jsonb's order of keys, the overlay winning") {
    // jsonb sorts keys shorter first, then byte by byte: the merged text is what the server
    // would write for the whole object.
    const std::string base =
        R"({"budget": {"a": 1}, "project": {"id": "7"}, "location": null, "procurement": [], "record_version": "1"})";
    const std::string overlay =
        R"({"parties": [{"id": "P-1"}], "progress": {"as_of": "2024-08-30"}, "procurement": [{"x": "]"}]})";
    CHECK(merge_jsonb_objects(base, overlay) ==
          std::optional<std::string>(R"({"budget": {"a": 1}, "parties": [{"id": "P-1"}], "project": {"id": "7"}, )"
                                     R"("location": null, "progress": {"as_of": "2024-08-30"}, )"
                                     R"("procurement": [{"x": "]"}], "record_version": "1"})"));
    // an overlay's null removes the member, as jsonb_strip_nulls would have
    CHECK(merge_jsonb_objects(R"({"a": 1, "procurement": []})", R"({"procurement": null, "progress": null})") ==
          std::optional<std::string>(R"({"a": 1})"));
    CHECK(merge_jsonb_objects("{}", R"({"b": [1, 2]})") == std::optional<std::string>(R"({"b": [1, 2]})"));
    CHECK(merge_jsonb_objects(R"({"b": 2})", "{}") == std::optional<std::string>(R"({"b": 2})"));
    CHECK_FALSE(merge_jsonb_objects(R"({"b": 2)", "{}"));
    CHECK_FALSE(merge_jsonb_objects(R"({"b": 2})", R"({"c" 3})"));
    CHECK_FALSE(merge_jsonb_objects(R"({"b": "open})", "{}"));
}
