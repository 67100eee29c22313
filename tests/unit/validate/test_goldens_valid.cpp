// Every OCDS document the command-line goldens expect is valid against the bundled schemas:
// what ocds writes must be OCDS.

#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/json_writer.hpp>
#include <ocds/validate/schema_validation.hpp>
#include <ocds/schema/bundled_schemas.hpp>

namespace {

const std::string expected = OCDS_FIXTURES_DIR "/../tests/cli";

void check_valid(const std::string& schema_file, const std::string& path) {
    static const std::string dir = ocds::find_schemas_dir();
    const ocds::SchemaValidator validator(ocds::read_json_file(dir + "/1.1.5/" + schema_file), dir);
    ocds::ReadOptions options;
    options.whole_values = true;
    std::size_t documents = 0;
    for (const auto& item : test::read_items(path, options)) {
        ++documents;
        for (const auto& issue : validator.validate(item.value)) {
            FAIL_CHECK(path << " value " << documents << " " << issue.pointer << ": " << issue.message);
        }
    }
    CHECK(documents > 0);
}

} // namespace

TEST_CASE("goldens: packages are valid release and record packages") {
    for (const auto* file : {"package/expected/releases.json", "package/expected/releases-indented.json",
                             "package/expected/inherited.json", "package/expected/config.json",
                             "package/expected/two-packages.jsonl", "package/expected/metadata-last.json",
                             "combine/expected/combined.json", "combine/expected/combined-with-options.json",
                             "split/expected/by-two.jsonl", "split/expected/metadata-last.jsonl"}) {
        CAPTURE(file);
        check_valid("release-package-schema.json", expected + "/" + file);
    }
    for (const auto* file : {"package/expected/records.json", "compile/expected/records-indented.json",
                             "compile/expected/linked.json", "combine/expected/records.json"}) {
        CAPTURE(file);
        check_valid("record-package-schema.json", expected + "/" + file);
    }
}

TEST_CASE("goldens: compiled and versioned releases are valid") {
    check_valid("release-schema.json", expected + "/compile/expected/compiled.jsonl");
    check_valid("release-schema.json", expected + "/compile/expected/duplicate-ids.jsonl");
    check_valid("versioned-release-validation-schema.json", expected + "/compile/expected/versioned.jsonl");
}
