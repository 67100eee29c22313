// single_release_agreement FILE...: every object with an `ocid` in the files (JSON, or JSON Lines
// when the name ends in .jsonl; releases, packages, records, whatever nests them), taken as the
// one release of a process, is written by write_single_compiled_release and by the merge tree
// with OCDS 1.1's merge rules: exit 0 when every release the one-release way writes gives the
// tree's bytes, and the one-release way wrote at least one (so the test cannot pass empty).

#include "single_release_check.hpp"

#include <ocds/core/json_text.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/schema/release_schema.hpp>

#include <fstream>
#include <iostream>

namespace {

void visit(const ocds::Value& value, const ocds::MergeRules& rules, test::SingleReleaseTally& tally) {
    if (value.is_object()) {
        if (value.find("ocid")) {
            test::check_single_release(value, rules, tally);
        }
        for (const auto& member : value.as_object()) {
            visit(member.value, rules, tally);
        }
    } else if (value.is_array()) {
        for (const auto& item : value.as_array()) {
            visit(item, rules, tally);
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: single_release_agreement FILE...\n";
        return 2;
    }
    try {
        const ocds::MergeRules rules =
            ocds::MergeRules::from_schema(ocds::build_release_schema("1.1", {}, {ocds::find_schemas_dir(), ""}).schema);
        test::SingleReleaseTally tally;
        for (int i = 1; i < argc; ++i) {
            const std::string path = argv[i];
            if (path.size() > 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0) {
                std::ifstream in(path);
                std::string line;
                while (std::getline(in, line)) {
                    ocds::Value value;
                    ocds::JsonTextError error;
                    if (ocds::parse_json_text(line, value, error)) {
                        visit(value, rules, tally);
                    }
                }
            } else {
                try {
                    visit(ocds::read_json_file(path), rules, tally);
                } catch (const ocds::error&) {
                    // Fixtures of broken JSON: no release to take.
                }
            }
        }
        std::cout << tally.direct << " writes without the tree, " << tally.tree << " left to the tree, " << tally.differ
                  << " different\n";
        return tally.differ == 0 && tally.direct > 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cout << "error: " << e.what() << '\n';
        return 1;
    }
}
