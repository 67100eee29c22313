#include <doctest/doctest.h>

#include <ocds/core/error.hpp>

TEST_CASE("error: locations read file:line:column (byte, pointer, value)") {
    ocds::Location location;
    location.file = "releases.json";
    location.byte = 41;
    CHECK(location.to_string() == "releases.json (byte 41)");
    location.line = 2;
    location.column = 7;
    location.pointer = "/releases/3/tender";
    location.document = 4;
    CHECK(location.to_string() == "releases.json:2:7 (byte 41, at /releases/3/tender, JSON value 5)");
    ocds::Location stdin_location;
    CHECK(stdin_location.to_string() == "<stdin> (byte 0)");
}

TEST_CASE("error: parse and data errors put the location first") {
    ocds::Location location;
    location.file = "a.json";
    location.byte = 3;
    const ocds::parse_error parse(location, "expected a JSON value");
    CHECK(std::string(parse.what()) == "a.json (byte 3): expected a JSON value");
    CHECK(parse.reason() == "expected a JSON value");
    CHECK(std::string(ocds::data_error(location, "expected a release").what()) ==
          "a.json (byte 3): expected a release");
    CHECK(ocds::system_message("cannot open", "x.json", ENOENT) == "cannot open 'x.json': No such file or directory");
}
