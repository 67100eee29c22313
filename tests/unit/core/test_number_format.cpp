#include <doctest/doctest.h>

#include <ocds/core/number_format.hpp>

using namespace ocds;

TEST_CASE("number format: thousands separators, counts, sizes and durations as people read them") {
    CHECK(with_commas(0) == "0");
    CHECK(with_commas(999) == "999");
    CHECK(with_commas(25787) == "25,787");
    CHECK(with_commas(1234567890) == "1,234,567,890");
    CHECK(count_of(1, "release", "releases") == "1 release");
    CHECK(count_of(25787, "release", "releases") == "25,787 releases");

    CHECK(size_text(0) == "0 bytes");
    CHECK(size_text(1) == "1 byte");
    CHECK(size_text(999) == "999 bytes");
    CHECK(size_text(12345) == "12.3 kB");
    CHECK(size_text(999949) == "999.9 kB");
    CHECK(size_text(999960) == "1.0 MB"); // never "1000.0 kB"
    CHECK(size_text(107000000) == "107.0 MB");
    CHECK(size_text(999960000) == "1.00 GB");
    CHECK(size_text(2150000000ULL) == "2.15 GB");

    CHECK(duration_text(0.4) == "0 s");
    CHECK(duration_text(8.4) == "8 s");
    CHECK(duration_text(200) == "3 min 20 s");
    CHECK(duration_text(3900) == "1 h 05 min");
    CHECK(duration_text(-3) == "0 s");
}
