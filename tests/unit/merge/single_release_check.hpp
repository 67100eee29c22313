#pragma once

// Compares the one-release way of writing a compiled release (write_single_compiled_release) with
// the merge tree's, byte for byte, for one release: used by merge_conformance (every case's
// releases one at a time) and single_release_agreement (fixtures, the real-like generator's data).

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/merge/merge.hpp>

#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace test {

struct SingleReleaseTally {
    std::size_t direct = 0; // written without the tree, and the same bytes
    std::size_t tree = 0;   // left to the tree
    std::size_t differ = 0; // written without the tree, and not the same bytes (or the tree fails)
};

/// Every field of the warnings, as JSON.
inline std::string warnings_json(const std::vector<ocds::MergeWarning>& warnings) {
    std::string text;
    for (const auto& warning : warnings) {
        text += ocds::to_json(ocds::warning_to_value(warning)) + '\n';
    }
    return text;
}

/// Checks one release, compact and indented at two levels; prints what differs.
inline void check_single_release(const ocds::Value& release, const ocds::MergeRules& rules, SingleReleaseTally& tally) {
    std::string encoded;
    ocds::detail::encode(release, encoded);
    const ocds::detail::BinaryView view(encoded.data());
    for (const auto& [indent, level] : {std::pair<int, int>{0, 0}, {2, 0}, {2, 2}}) {
        std::string direct;
        bool taken = false;
        std::vector<ocds::MergeWarning> direct_warnings;
        {
            ocds::StringSink sink(direct);
            ocds::JsonWriter writer(sink, indent);
            taken = ocds::write_single_compiled_release(view, rules, direct_warnings, writer, level);
            sink.finish();
        }
        if (!taken) {
            if (!direct.empty() || !direct_warnings.empty()) {
                std::cout << "  left to the tree but wrote " << direct << '\n';
                ++tally.differ;
            } else {
                ++tally.tree;
            }
            continue;
        }
        std::string expected;
        std::vector<ocds::MergeWarning> warnings;
        try {
            const ocds::MergeResult result = ocds::merge_encoded_releases({view}, rules, ocds::MergeOutput{}, warnings);
            ocds::StringSink sink(expected);
            ocds::JsonWriter(sink, indent).value(result.compiled, level);
            sink.finish();
        } catch (const ocds::merge_error& e) {
            expected = std::string("(merge error) ") + e.what();
        }
        if (direct != expected || warnings_json(direct_warnings) != warnings_json(warnings)) {
            std::cout << "  one-release way (indent " << indent << ", level " << level << "):\n    " << direct
                      << "\n    " << warnings_json(direct_warnings) << "\n  tree:\n    " << expected << "\n    "
                      << warnings_json(warnings) << '\n';
            ++tally.differ;
        } else {
            ++tally.direct;
        }
    }
}

} // namespace test
