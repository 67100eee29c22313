#include <ocds/indicators/detail/figures.hpp>
#include <ocds/core/json_writer.hpp>

#include <doctest/doctest.h>

using namespace ocds;
using namespace ocds::detail;

TEST_CASE("indicator figures: decimals drop trailing zeros and never read -0") {
    CHECK(decimal(12.5L, 1).number_text() == "12.5");
    CHECK(decimal(12.0L, 2).number_text() == "12");
    CHECK(decimal(0.10L, 4).number_text() == "0.1");
    CHECK(decimal(2.0L / 3, 4).number_text() == "0.6667");
    CHECK(decimal(-0.00001L, 2).number_text() == "0");
    CHECK(decimal(1234567.891L, 2).number_text() == "1234567.89");
}

TEST_CASE("indicator figures: shares and rates are null without a whole") {
    CHECK(share(1, 3).number_text() == "0.3333");
    CHECK(share(1, 0).is_null());
    CHECK(share(1, -1).is_null());
    CHECK(per_process(7, 2).number_text() == "3.5");
    CHECK(per_process(7, 0).is_null());
}

TEST_CASE("indicator figures: amounts by currency, two decimals, empty text is null") {
    const Amounts sums{{"MXN", 1000.005L}, {"USD", 3}};
    CHECK(to_json(amounts(sums)) == R"({"MXN":1000.01,"USD":3})");
    CHECK(in_currency(sums, "USD") == 3);
    CHECK(in_currency(sums, "EUR") == 0);
    CHECK(optional_text("").is_null());
    CHECK(to_json(object_of({{"b", count(2)}, {"a", optional_text("x")}})) == R"({"b":2,"a":"x"})");
}
