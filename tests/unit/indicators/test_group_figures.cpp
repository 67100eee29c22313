#include <ocds/indicators/detail/group_figures.hpp>
#include <ocds/core/json_writer.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace ocds;
using namespace ocds::detail;

namespace {

ProcessFacts contracting_process(const std::string& supplier, long double amount) {
    ProcessFacts process;
    process.is_contracting = true;
    process.has_awards = true;
    process.suppliers.push_back({supplier, "Name " + supplier, Amounts{{"MXN", amount}}});
    return process;
}

} // namespace

TEST_CASE("group figures: the suppliers' list ranks by awarded value, then id, and keeps 50") {
    Totals totals;
    for (int i = 0; i < 60; ++i) {
        totals.add_process(contracting_process("S" + std::to_string(100 + i), 10 + i % 7));
    }
    totals.add_process(contracting_process("S100", 10)); // a second process for S100: 20 in all
    const Value follow_up = follow_up_value(totals, "MXN");
    const Value& suppliers = *follow_up.find("suppliers");
    CHECK(to_json(*suppliers.find("distinct")) == "60");
    const auto& list = suppliers.find("list")->as_array();
    REQUIRE(list.size() == listed_suppliers);
    CHECK(to_json(list[0]) == R"({"id":"S100","name":"Name S100","value":{"MXN":20},"share":0.0255,"processes":2})");
    CHECK(*list[1].find_string("id") == "S106"); // 16, the first id of the next value
    CHECK(*list[2].find_string("id") == "S113");
    for (std::size_t i = 1; i < list.size(); ++i) {
        const long double before = std::stold(list[i - 1].find("value")->find("MXN")->number_text());
        const long double here = std::stold(list[i].find("value")->find("MXN")->number_text());
        CHECK(before >= here);
    }
}

TEST_CASE("group figures: days to contract, median to one decimal and mean to two") {
    Totals totals;
    ProcessFacts project;
    project.winner = true;
    for (const std::int64_t days : {3, 4, 10, 11}) {
        totals.add_project(0, project, {}, planning, days);
    }
    const Value execution = execution_value(totals);
    CHECK(to_json(*execution.find("daysToContract")) == R"({"projects":4,"median":7,"mean":7,"min":3,"max":11})");
    totals.add_project(0, project, {}, planning, 2);
    CHECK(to_json(*execution_value(totals).find("daysToContract")) ==
          R"({"projects":5,"median":4,"mean":6,"min":2,"max":11})");
}
