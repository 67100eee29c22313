#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/schema/bundled_schemas.hpp>

TEST_CASE("schemas: found in the source tree when not installed") {
    const std::string dir = ocds::find_schemas_dir();
    CHECK(test::read_file(dir + "/1.1.5/release-schema.json").find("release-schema.json") != std::string::npos);
    CHECK(test::read_file(dir + "/1.0.3/release-schema.json").size() > 1000);
}

TEST_CASE("schemas: an explicit folder must hold the schemas") {
    CHECK(ocds::find_schemas_dir(OCDS_SCHEMAS_DIR) == OCDS_SCHEMAS_DIR);
    test::TempDir empty;
    CHECK_THROWS_WITH_AS(ocds::find_schemas_dir(empty.path()), doctest::Contains("not a schemas folder"),
                         ocds::io_error);
}

TEST_CASE("schemas: the bundled files are the unedited OCDS ones, with their licence") {
    const std::string dir = OCDS_SCHEMAS_DIR;
    CHECK(test::read_file(dir + "/1.1.5/release-schema.json").size() == 88553);
    CHECK(test::read_file(dir + "/1.1.5/release-package-schema.json").size() == 3831);
    CHECK(test::read_file(dir + "/LICENSE-Apache-2.0.txt").find("Apache License") != std::string::npos);
    CHECK(test::read_file(dir + "/PROVENANCE.md").find("1__1__5") != std::string::npos);
}
