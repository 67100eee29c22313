#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/io/package.hpp>

using ocds::Value;
using test::parse;

namespace {

std::string keys(const Value& object) {
    std::string text;
    for (const auto& member : object.as_object()) {
        text += member.key + ' ';
    }
    return text;
}

} // namespace

TEST_CASE("package: merge_metadata keeps the first uri, the highest version, the latest date, every extension") {
    Value combined = Value::object();
    ocds::merge_metadata(combined, parse(R"({"uri":"1","version":"1.0","publishedDate":"2020-01-01T00:00:00Z",
        "extensions":["a","b"],"links":{"next":"x"},"publisher":{"name":"P"}})"));
    ocds::merge_metadata(combined, parse(R"({"uri":"2","version":"1.1","publishedDate":"2021-01-01T00:00:00Z",
        "extensions":["b","c"],"publisher":{"name":"Q"},"license":"L"})"));
    CHECK(*combined.find_string("uri") == "1");
    CHECK(*combined.find_string("version") == "1.1");
    CHECK(*combined.find_string("publishedDate") == "2021-01-01T00:00:00Z");
    CHECK(ocds::to_json(*combined.find("extensions")) == R"(["a","b","c"])");
    CHECK(*combined.find("publisher")->find_string("name") == "P");
    CHECK(*combined.find_string("license") == "L");
    CHECK(combined.find("links") == nullptr);
}

TEST_CASE("package: settings override inherited metadata, members come in schema order") {
    ocds::PackageSettings settings;
    settings.uri = "https://example.org/releases-{n}.json";
    settings.publisher_name = "Municipio";
    settings.published_date = "2024-01-01T00:00:00Z";
    settings.extensions = std::vector<std::string>{"https://example.org/extension.json"};
    const Value inherited = parse(R"({"publishedDate":"2020-01-01T00:00:00Z","publisher":{"name":"Old","uid":"1"},
        "license":"L","version":"1.1"})");
    const Value metadata = ocds::package_metadata(settings, inherited, 3);
    CHECK(keys(metadata) == "uri version extensions publisher license publishedDate ");
    CHECK(*metadata.find_string("uri") == "https://example.org/releases-3.json");
    CHECK(ocds::to_json(*metadata.find("publisher")) == R"({"name":"Municipio","uid":"1"})");
    CHECK(*metadata.find_string("publishedDate") == "2024-01-01T00:00:00Z");
}

TEST_CASE("package: defaults for version and publishedDate, uri and publisher name are required") {
    ocds::PackageSettings settings;
    try {
        ocds::package_metadata(settings, Value::object(), 1);
        FAIL("no error for missing metadata");
    } catch (const ocds::missing_settings_error& e) {
        CHECK(e.settings() == std::vector<std::string>{"uri", "publisher-name"}); // the CLI names them as options
    }
    settings.uri = "u";
    settings.publisher_name = "P";
    const Value metadata = ocds::package_metadata(settings, Value::object(), 1);
    CHECK(*metadata.find_string("version") == "1.1");
    CHECK(metadata.find_string("publishedDate")->size() == 20);
}

TEST_CASE("package: the writer streams items into a package, compact or indented") {
    test::TempDir dir;
    const Value metadata = parse(R"({"uri":"u","version":"1.1"})");
    {
        ocds::PackageWriter writer(ocds::Kind::release_package, 0, dir.path());
        writer.add(parse(R"({"ocid":"a"})"));
        writer.add(parse(R"({"ocid":"b"})"));
        CHECK(writer.size() == 2);
        ocds::Output output(dir.path("compact.json"));
        writer.finish(output, metadata);
        output.commit();
    }
    CHECK(test::read_file(dir.path("compact.json")) ==
          R"({"uri":"u","version":"1.1","releases":[{"ocid":"a"},{"ocid":"b"}]})"
          "\n");
    {
        ocds::PackageWriter writer(ocds::Kind::record_package, 2, dir.path());
        writer.add(parse(R"({"ocid":"a","releases":[]})"));
        ocds::Output output(dir.path("pretty.json"));
        writer.finish(output, metadata);
        output.commit();
    }
    CHECK(test::read_file(dir.path("pretty.json")) ==
          "{\n  \"uri\": \"u\",\n  \"version\": \"1.1\",\n  \"records\": [\n"
          "    {\n      \"ocid\": \"a\",\n      \"releases\": []\n    }\n  ]\n}\n");
}

TEST_CASE("package: utc_now is RFC 3339 in UTC") {
    const std::string now = ocds::utc_now();
    CHECK(now.size() == 20);
    CHECK(now[10] == 'T');
    CHECK(now.back() == 'Z');
}

TEST_CASE("package: written straight into the output, moved behind a new header only if the metadata changes") {
    test::TempDir dir;
    const Value first = parse(R"({"uri":"u","version":"1.1"})");
    const Value changed = parse(R"({"uri":"u","version":"1.1","extensions":["https://example.org/a/extension.json"]})");
    const auto write = [&](const std::string& name, const Value& final_metadata) {
        ocds::Output output(dir.path(name));
        output.write("{\"before\":1}\n"); // an earlier package in the same output stays as it is
        ocds::PackageWriter writer(ocds::Kind::release_package, 0, dir.path());
        writer.write_directly(output, first);
        writer.add(parse(R"({"ocid":"a"})"));
        writer.add_json(R"({"ocid":"b"})");
        writer.finish(output, final_metadata);
        output.commit();
        return test::read_file(dir.path(name));
    };
    CHECK(write("same.json", first) == "{\"before\":1}\n"
                                       R"({"uri":"u","version":"1.1","releases":[{"ocid":"a"},{"ocid":"b"}]})"
                                       "\n");
    CHECK(
        write("changed.json", changed) ==
        "{\"before\":1}\n"
        R"({"uri":"u","version":"1.1","extensions":["https://example.org/a/extension.json"],"releases":[{"ocid":"a"},{"ocid":"b"}]})"
        "\n");

    ocds::Output output(dir.path("discarded.json"));
    ocds::PackageWriter writer(ocds::Kind::record_package, 2, dir.path());
    writer.write_directly(output, first);
    writer.discard();
    output.commit();
    CHECK(test::read_file(dir.path("discarded.json")).empty());
}
