#include <doctest/doctest.h>

#include <ocds/map/json_members.hpp>

using ocds::json_member;
using ocds::merge_json_objects;

TEST_CASE("json members: a member's value is found at the top only, with or without spaces") {
    const std::string record =
        R"({"budget":{"id":"12","project":{"id":"x"}},"project":{"id":"4703","title":"a, b} [\"c\""},"size":3})";
    CHECK(json_member(record, "project") == std::optional<std::string_view>(R"({"id":"4703","title":"a, b} [\"c\""})"));
    CHECK(json_member(record, "size") == std::optional<std::string_view>("3"));
    CHECK_FALSE(json_member(record, "id"));
    CHECK_FALSE(json_member("{}", "project"));
    CHECK_FALSE(json_member(R"({"project":{"id":"1"})", "project")); // cut short
    CHECK_FALSE(json_member(R"(["project"])", "project"));
    CHECK_FALSE(json_member(R"({"a":1,})", "a")); // a comma before the end
    // json_build_object's own spacing
    CHECK(json_member(R"({"progress" : null, "procurement" : [1, 2]})", "procurement") ==
          std::optional<std::string_view>("[1, 2]"));
}

TEST_CASE("json members: the overlay's members take the base's places, those it lacks go before the next") {
    // The record as the query writes it without the procurement system's members (procurement
    // and parties [], no progress), and those members as ocds map reads them: the merged text
    // is what the query writes for the whole, progress between documents and procurement.
    const std::string base =
        R"({"record_version":"1","project":{"id":"7"},"documents":[],"procurement":[],"parties":[]})";
    const std::string overlay =
        R"({"progress" : {"as_of":"2024-08-30"}, "procurement" : [{"x":"]"}], "parties" : [{"id":"P-1"}]})";
    CHECK(merge_json_objects(base, overlay) ==
          std::optional<std::string>(R"({"record_version":"1","project":{"id":"7"},"documents":[],)"
                                     R"("progress":{"as_of":"2024-08-30"},"procurement":[{"x":"]"}],)"
                                     R"("parties":[{"id":"P-1"}]})"));
    // an overlay's null removes the member, as json_strip_nulls would have; the base's stay
    CHECK(merge_json_objects(R"({"a":null,"procurement":[]})", R"({"progress":null,"procurement":null})") ==
          std::optional<std::string>(R"({"a":null})"));
    // members in another order than the base's: each overlay value in the base's place, none
    // lost, and d before a, the overlay's next member that the base has
    CHECK(merge_json_objects(R"({"a":1,"b":2,"c":3})", R"({"c":30,"d":40,"a":10})") ==
          std::optional<std::string>(R"({"d":40,"a":10,"b":2,"c":30})"));
    CHECK(merge_json_objects(R"({"b":2})", R"({"a":1})") == std::optional<std::string>(R"({"b":2,"a":1})"));
    CHECK(merge_json_objects("{}", R"({"b":[1,2]})") == std::optional<std::string>(R"({"b":[1,2]})"));
    CHECK(merge_json_objects(R"({"b":2})", "{}") == std::optional<std::string>(R"({"b":2})"));
    CHECK_FALSE(merge_json_objects(R"({"b":2)", "{}"));
    CHECK_FALSE(merge_json_objects(R"({"b":2})", R"({"c" 3})"));
    CHECK_FALSE(merge_json_objects(R"({"b":"open})", "{}"));
}
