// One merge conformance case from fixtures/merge/cases.json (the reference implementation's
// test cases): merge_conformance FIXTURES_DIR INDEX. Exit 0 when the output and the expected
// warnings agree with the case, through each of the merge's entries (releases as values,
// releases handed over, releases in the scratch encoding that compile uses, and compiled releases
// written straight from it); otherwise say how they differ.

#include "single_release_check.hpp"

#include <ocds/core/compare.hpp>
#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/io/reader.hpp>

#include <iostream>

int main(int argc, char* argv[]) {
    if (argc != 3) {
        std::cerr << "usage: merge_conformance FIXTURES_DIR INDEX\n";
        return 2;
    }
    const std::string dir = argv[1];
    const std::size_t index = std::stoul(argv[2]);
    try {
        const ocds::Value cases = ocds::read_json_file(dir + "/cases.json");
        const ocds::Value& entry = cases.as_array().at(index);
        const std::string input = *entry.find_string("input");
        const std::string mode = *entry.find_string("mode");
        std::cout << input << " (" << mode << ")\n";

        ocds::Value releases = ocds::read_json_file(dir + "/" + input);
        if (const ocds::Value* repeat = entry.find("input_repeat")) {
            const ocds::Value once = releases;
            for (int i = 1; i < std::stoi(repeat->number_text()); ++i) {
                for (const auto& release : once.as_array()) {
                    releases.push_back(release);
                }
            }
        }
        ocds::MergeRules rules =
            ocds::MergeRules::from_schema(ocds::read_json_file(dir + "/" + *entry.find_string("schema")));
        if (const ocds::Value* overrides = entry.find("rule_overrides")) {
            for (const auto& rule : overrides->as_object()) {
                rules.set_override(rule.key, ocds::parse_array_override(rule.value.as_string()));
            }
        }
        ocds::MergeOutput output;
        output.compiled = mode == "compiled";
        output.versioned = mode == "versioned";
        const ocds::Value expected = ocds::read_json_file(dir + "/" + *entry.find_string("expected"));
        std::vector<std::string> expected_warnings;
        for (const auto& warning : entry.find("expected_warnings")->as_array()) {
            expected_warnings.push_back(warning.as_string()); // the cases repeat no id within one array
        }

        bool ok = true;
        const auto check = [&](const char* entry_name, const ocds::MergeResult& result,
                               const std::vector<ocds::MergeWarning>& warnings) {
            const ocds::Value& actual = output.compiled ? result.compiled : result.versioned;
            bool same = true;
            for (const auto& difference : ocds::differences(expected, actual)) {
                std::cout << "  " << entry_name << ": " << difference.pointer << ": " << difference.what << '\n';
                same = false;
            }
            // The reference warns only about duplicate ids, once per repeated object, naming the
            // array's field path; we warn once per array and id, at the array's JSON Pointer.
            // Compare the first of each, in order, in the reference's words.
            std::vector<std::string> duplicate_warnings;
            for (const auto& warning : warnings) {
                if (warning.check == "duplicate-id") {
                    std::string dotted;
                    for (const auto& token : ocds::pointer_tokens(warning.path)) {
                        if (token.find_first_not_of("0123456789") != std::string::npos) {
                            dotted += (dotted.empty() ? "" : ".") + token;
                        }
                    }
                    duplicate_warnings.push_back("Multiple objects have the `id` value " + warning.value + " in the `" +
                                                 dotted + "` array");
                }
            }
            if (duplicate_warnings != expected_warnings) {
                same = false;
                std::cout << "  " << entry_name << ": warnings differ; expected:\n";
                for (const auto& w : expected_warnings) {
                    std::cout << "    " << w << '\n';
                }
                std::cout << "  got:\n";
                for (const auto& w : duplicate_warnings) {
                    std::cout << "    " << w << '\n';
                }
            }
            if (!same) {
                std::cout << "  " << entry_name << " output: " << ocds::to_json(actual) << '\n';
            }
            ok = ok && same;
        };

        {
            std::vector<const ocds::Value*> pointers;
            for (const auto& release : releases.as_array()) {
                pointers.push_back(&release);
            }
            std::vector<ocds::MergeWarning> warnings;
            check("merge_releases", ocds::merge_releases(pointers, rules, output, warnings), warnings);
        }
        {
            std::vector<std::string> encoded(releases.as_array().size());
            std::vector<ocds::detail::BinaryView> views;
            for (std::size_t i = 0; i < encoded.size(); ++i) {
                ocds::detail::encode(releases.as_array()[i], encoded[i]);
            }
            for (const auto& bytes : encoded) {
                views.emplace_back(bytes.data());
            }
            std::vector<ocds::MergeWarning> warnings;
            const ocds::MergeResult result = ocds::merge_encoded_releases(views, rules, output, warnings);
            check("merge_encoded_releases", result, warnings);
            if (output.compiled) {
                // compile writes compiled releases straight from the merged state: the same bytes
                // as the Value written by JsonWriter, compact and indented, at any level.
                for (const auto& [indent, level] : {std::pair<int, int>{0, 0}, {2, 0}, {2, 2}}) {
                    std::string expected_json;
                    ocds::StringSink expected_sink(expected_json);
                    ocds::JsonWriter(expected_sink, indent).value(result.compiled, level);
                    expected_sink.finish();
                    std::string written;
                    ocds::StringSink sink(written);
                    ocds::JsonWriter writer(sink, indent);
                    std::vector<ocds::MergeWarning> written_warnings;
                    const auto order = ocds::write_compiled_release(views, rules, written_warnings, writer, level);
                    sink.finish();
                    if (written != expected_json || order != result.order ||
                        written_warnings.size() != warnings.size()) {
                        std::cout << "  write_compiled_release (indent " << indent << ", level " << level
                                  << ") differs:\n    " << written << "\n  expected:\n    " << expected_json << '\n';
                        ok = false;
                    }
                }
            }
        }
        {
            // Each release alone, as the one release of a process: the one-release way writes
            // what the tree writes, or leaves it to the tree.
            test::SingleReleaseTally tally;
            for (const auto& release : releases.as_array()) {
                test::check_single_release(release, rules, tally);
            }
            std::cout << "  one release at a time: " << tally.direct << " writes without the tree, " << tally.tree
                      << " left to the tree\n";
            ok = ok && tally.differ == 0;
        }
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::cout << "error: " << e.what() << '\n';
        return 1;
    }
}
