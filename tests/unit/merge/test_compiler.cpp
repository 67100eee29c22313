#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/merge/compiler.hpp>
#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/schema/bundled_schemas.hpp>

namespace {

const ocds::MergeRules& rules() {
    static const ocds::MergeRules rules =
        ocds::MergeRules::from_schema(ocds::build_release_schema("1.1", {}, {ocds::find_schemas_dir(), ""}).schema);
    return rules;
}

std::string release(int process, int number) {
    return R"({"ocid":"ocds-abc123-)" + std::to_string(process) + R"(","id":")" + std::to_string(number) +
           R"(","date":"2024-01-)" + (number < 10 ? "0" : "") + std::to_string(number) +
           R"(T00:00:00Z","tag":["tender"],"tender":{"title":"v)" + std::to_string(number) + R"("}})";
}

std::vector<std::string> compile(const std::vector<std::string>& releases, ocds::CompileSettings settings,
                                 std::vector<std::string>* errors = nullptr,
                                 std::vector<std::string>* warnings = nullptr) {
    test::TempDir dir;
    settings.scratch_dir = dir.path();
    ocds::Compiler compiler(settings);
    for (const auto& json : releases) {
        compiler.add(test::parse(json), ocds::Location());
    }
    std::vector<std::string> out;
    compiler.finish(rules(), [&](std::string_view json) { out.emplace_back(json); });
    if (errors) {
        *errors = compiler.errors();
    }
    if (warnings) {
        compiler.write_warnings([&](std::string_view json) { warnings->emplace_back(json); });
    }
    return out;
}

} // namespace

TEST_CASE("compiler: groups releases by ocid wherever they stand, and writes in ocid order") {
    // Interleaved and out of date order, spread over partitions.
    const std::vector<std::string> releases{release(3, 2), release(1, 5), release(2, 1), release(1, 3), release(3, 1)};
    for (const std::size_t partitions : {1, 2, 7}) {
        for (const unsigned threads : {1u, 2u}) {
            CAPTURE(partitions);
            CAPTURE(threads);
            ocds::CompileSettings settings;
            settings.partitions = partitions;
            settings.threads = threads;
            const auto out = compile(releases, settings);
            REQUIRE(out.size() == 3);
            CHECK(out[0].find(R"("ocid":"ocds-abc123-1")") != std::string::npos);
            CHECK(out[0].find(R"("title":"v5")") != std::string::npos); // the latest of 1's releases wins
            CHECK(out[1].find(R"("ocid":"ocds-abc123-2")") != std::string::npos);
            CHECK(out[2].find(R"("title":"v2")") != std::string::npos);
        }
    }
}

TEST_CASE("compiler: records embed the releases in date order, or link them") {
    ocds::CompileSettings settings;
    settings.records = true;
    settings.merge.versioned = true;
    auto out = compile({release(1, 2), release(1, 1)}, settings);
    REQUIRE(out.size() == 1);
    const ocds::Value record = test::parse(out[0]);
    const auto& releases = record.find("releases")->as_array();
    REQUIRE(releases.size() == 2);
    CHECK(*releases[0].find_string("id") == "1");
    CHECK(record.find("compiledRelease") != nullptr);
    CHECK(record.find("versionedRelease") != nullptr);

    settings.linked_releases = true;
    settings.release_url = "https://example.org/{ocid}/{id}.json#{id}";
    out = compile({release(1, 2), release(1, 1)}, settings);
    const ocds::Value linked = test::parse(out[0]);
    CHECK(*linked.find("releases")->as_array()[1].find_string("url") == "https://example.org/ocds-abc123-1/2.json#2");
}

TEST_CASE("compiler: a release without ocid, or an ocid that cannot be merged, is an error, the rest is compiled") {
    std::vector<std::string> errors;
    const auto out =
        compile({R"({"id":"x","date":"2024-01-01T00:00:00Z"})", R"({"ocid":"ocds-abc123-9","id":"1"})", release(1, 1)},
                ocds::CompileSettings(), &errors);
    CHECK(out.size() == 1);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].find("no string ocid") != std::string::npos);
    CHECK(errors[1].find("ocid ocds-abc123-9") != std::string::npos);
}

TEST_CASE(
    "compiler: a partition beyond the memory budget, sorted on disk and merged release by release, gives the same") {
    // Out of order, interleaved, shared dates, a repeated release id, ids missing and repeated in
    // arrays, a release without date and one whose field changes type (errors for their ocids).
    std::vector<std::string> releases;
    for (int n = 1; n <= 12; ++n) {
        for (int process = 1; process <= 5; ++process) {
            releases.push_back(release(process, (n * 7) % 12 + 1));
        }
    }
    releases.push_back(
        R"({"ocid":"ocds-abc123-1","id":"3","date":"2024-01-03T00:00:00Z","awards":[{"id":"a"},{"id":"a"},{"title":"x"}]})");
    releases.push_back(R"({"ocid":"ocds-abc123-6","id":"1","tender":{"title":"no date"}})");
    releases.push_back(R"({"ocid":"ocds-abc123-7","id":"1","date":"2024-01-01T00:00:00Z","tender":"text"})");
    releases.push_back(R"({"ocid":"ocds-abc123-7","id":"2","date":"2024-01-02T00:00:00Z","tender":{"id":"t"}})");
    for (const bool records : {false, true}) {
        for (const bool versioned : {false, true}) {
            for (const bool linked : {false, true}) {
                for (const int indent : {0, 2}) {
                    CAPTURE(records);
                    CAPTURE(versioned);
                    CAPTURE(linked);
                    CAPTURE(indent);
                    ocds::CompileSettings settings;
                    settings.partitions = 3;
                    settings.records = records;
                    settings.merge.versioned = versioned;
                    settings.merge.compiled = records || !versioned;
                    settings.linked_releases = linked;
                    settings.release_url = "https://example.org/{ocid}/{id}.json";
                    settings.indent = indent;
                    settings.level = records ? 2 : 0;
                    std::vector<std::string> errors, warnings;
                    const auto expected = compile(releases, settings, &errors, &warnings);
                    settings.memory_budget = 1; // every partition goes the sorted way
                    std::vector<std::string> large_errors, large_warnings;
                    const auto large = compile(releases, settings, &large_errors, &large_warnings);
                    CHECK(large == expected);
                    CHECK(large_errors == errors);
                    CHECK(large_warnings == warnings);
                    CHECK(expected.size() == 5);
                    CHECK(errors.size() == 2);
                }
            }
        }
    }
}

TEST_CASE("compiler: release_url fills {ocid} and {id}") {
    CHECK(ocds::release_url("https://x/{ocid}/{id}#{id}", "o", "i") == "https://x/o/i#i");
}

TEST_CASE("binary codec: every value survives encoding and decoding exactly") {
    const ocds::Value value =
        test::parse(R"({"s":"caf\u00e9","n":[0.10,1e400,-0],"b":[true,false,null],"o":{},"a":[],"long":")" +
                    std::string(300, 'x') + R"("})");
    std::string encoded;
    ocds::detail::encode(value, encoded);
    const char* cursor = encoded.data();
    const ocds::Value decoded = ocds::detail::decode(cursor);
    CHECK(cursor == encoded.data() + encoded.size());
    CHECK(ocds::to_json(decoded) == ocds::to_json(value));
    std::string varint;
    ocds::detail::put_varint(varint, 300);
    const char* at = varint.data();
    CHECK(ocds::detail::get_varint(at) == 300);
}

TEST_CASE("binary view: reads encoded values without decoding, and steps over containers at once") {
    const ocds::Value value =
        test::parse(R"({"ocid":"o","tender":{"items":[{"id":1},{"id":"2"}],"x":null},"date":"d"})");
    std::string encoded;
    ocds::detail::encode(value, encoded);
    const ocds::detail::BinaryView view(encoded.data());
    CHECK(view.is_object());
    CHECK(view.size() == 3);
    CHECK(view.end() == encoded.data() + encoded.size());
    ocds::detail::BinaryView found;
    REQUIRE(view.find("date", found)); // found by stepping over "tender" whole
    CHECK(found.text() == "d");
    CHECK_FALSE(view.find("missing", found));
    std::vector<std::string> keys;
    view.for_each_member([&](std::string_view key, const ocds::detail::BinaryView&) { keys.emplace_back(key); });
    CHECK(keys == std::vector<std::string>{"ocid", "tender", "date"});
    REQUIRE(view.find("tender", found));
    ocds::detail::BinaryView items;
    REQUIRE(found.find("items", items));
    std::vector<std::string> ids;
    items.for_each_item([&](std::size_t, const ocds::detail::BinaryView& item) {
        ocds::detail::BinaryView id;
        REQUIRE(item.find("id", id));
        ids.push_back(std::string(id.is_number() ? "n" : "s") + std::string(id.text()));
    });
    CHECK(ids == std::vector<std::string>{"n1", "s2"});
    CHECK(ocds::to_json(found.to_value()) == R"({"items":[{"id":1},{"id":"2"}],"x":null})");
}

TEST_CASE("merge: releases merged from their encoding give what merging Values gives") {
    const std::vector<std::string> inputs{
        R"({"ocid":"o","id":"2","date":"2024-02-01T00:00:00Z","tag":["award"],"awards":[{"id":"a","status":"active","value":{"amount":1.50}}],"tender":{"items":null}})",
        R"({"ocid":"o","id":"1","date":"2024-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","items":[{"id":1,"quantity":2}]},"parties":[{"id":"p","roles":["buyer"]}]})"};
    std::vector<ocds::Value> values;
    std::vector<std::string> encoded(inputs.size());
    std::vector<ocds::detail::BinaryView> views;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        values.push_back(test::parse(inputs[i]));
        ocds::detail::encode(values.back(), encoded[i]);
    }
    std::vector<const ocds::Value*> pointers;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        pointers.push_back(&values[i]);
        views.emplace_back(encoded[i].data());
    }
    ocds::MergeOutput output;
    output.versioned = true;
    std::vector<ocds::MergeWarning> from_values;
    std::vector<ocds::MergeWarning> from_encoding;
    const auto a = ocds::merge_releases(pointers, rules(), output, from_values);
    const auto b = ocds::merge_encoded_releases(views, rules(), output, from_encoding);
    CHECK(ocds::to_json(a.compiled) == ocds::to_json(b.compiled));
    CHECK(ocds::to_json(a.versioned) == ocds::to_json(b.versioned));
    CHECK(a.order == b.order);
    CHECK(from_values.size() == from_encoding.size());
}
