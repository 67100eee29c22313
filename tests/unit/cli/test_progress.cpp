#include <doctest/doctest.h>

#include "progress.hpp"

using ocds::cli::Progress;

// The line's words and numbers; whether it is drawn (a terminal, not -q) is tested through a
// pseudo-terminal in tests/cli/progress_test.py.
TEST_CASE("progress: how far, the rate and the time left with a known total, counts without") {
    Progress bytes(true, "validate");
    bytes.stage("releases.json", Progress::Unit::bytes, 107000000);
    CHECK(bytes.line(45200000, 25787, "items", 2.0) ==
          "validate releases.json: 45.2 MB of 107.0 MB (42%), 25,787 items, 22.6 MB/s, 3 s left");
    CHECK(bytes.line(45200000, 25787, "items", 0.1) ==
          "validate releases.json: 45.2 MB of 107.0 MB (42%), 25,787 items");

    Progress pipe(true, "validate");
    pipe.stage("<stdin>", Progress::Unit::bytes);
    CHECK(pipe.line(5000, 12, "items", 1.0) == "validate <stdin>: 5.0 kB, 12 items, 5.0 kB/s");

    Progress build(true, "build");
    build.stage("", Progress::Unit::items, 5000, "processes");
    CHECK(build.line(1234, 0, nullptr, 12.34) == "build: 1,234 of 5,000 processes (24%), 100/s, 38 s left");
    CHECK(build.line(5000, 0, nullptr, 50.0) == "build: 5,000 of 5,000 processes (100%), 100/s");

    Progress map(true, "map");
    map.stage("", Progress::Unit::items, 0, "projects");
    CHECK(map.line(0, 0, nullptr, 0) == "map: …");
    CHECK(map.line(1234, 0, nullptr, 2.0) == "map: 1,234 projects, 617/s");
}
