// DEMONSTRATES: merging the releases of one contracting process into its compiled and versioned
// releases with the merge rules of the bundled OCDS 1.1 schema and an extension, using only the
// library (ocds::build_release_schema, ocds::MergeRules, ocds::merge_releases).
//
// Usage: example_compile_releases RELEASES_FILE OCID
// Prints the compiled release of OCID, then how many versions each top-level field has.

#include <ocds/core/error.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/schema/bundled_schemas.hpp>

#include <iostream>

int main(int argc, char* argv[]) {
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " RELEASES_FILE OCID\n";
        return 2;
    }
    try {
        // The releases of one ocid, in input order (merge_releases puts them in date order).
        std::vector<ocds::Value> releases;
        ocds::Reader reader(argv[1]);
        while (ocds::Item* item = reader.next_item()) {
            const std::string* ocid = item->value.find_string("ocid");
            if (ocid && *ocid == argv[2]) {
                releases.push_back(std::move(item->value));
            }
        }
        if (releases.empty()) {
            std::cerr << "no release of " << argv[2] << '\n';
            return 1;
        }

        // Merge rules come from the schema: OCDS 1.1 with the Project extension applied.
        const ocds::ExtensionSources sources{ocds::find_schemas_dir(), ""};
        const ocds::ReleaseSchema schema = ocds::build_release_schema(
            "1.1",
            {"https://raw.githubusercontent.com/open-contracting-extensions/ocds_project_extension/master/extension.json"},
            sources);
        const ocds::MergeRules rules = ocds::MergeRules::from_schema(schema.schema);

        std::vector<const ocds::Value*> pointers;
        for (const auto& release : releases) {
            pointers.push_back(&release);
        }
        std::vector<ocds::MergeWarning> warnings;
        ocds::MergeOutput output;
        output.versioned = true;
        const ocds::MergeResult result = ocds::merge_releases(pointers, rules, output, warnings);

        std::cout << ocds::to_json(result.compiled, 2) << '\n';
        // A versioned field is a list of {releaseID, releaseDate, releaseTag, value}; arrays of
        // objects merged by id (parties, awards...) hold versioned fields inside instead.
        for (const auto& field : result.versioned.as_object()) {
            const bool versions = field.value.is_array() && !field.value.as_array().empty() &&
                                  field.value.as_array().front().find("releaseID");
            if (versions) {
                std::cerr << field.key << ": " << field.value.as_array().size() << " version(s)\n";
            }
        }
        for (const auto& warning : warnings) {
            std::cerr << "warning: " << warning.message << '\n';
        }
    } catch (const ocds::error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
