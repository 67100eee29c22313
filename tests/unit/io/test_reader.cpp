#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/reader.hpp>

using ocds::Kind;

namespace {

const char* const release_a1 = R"({"ocid":"ocds-abc123-a","id":"a1","date":"2020-01-01T00:00:00Z","tag":["tender"]})";
const char* const release_a2 = R"({"ocid":"ocds-abc123-a","id":"a2","date":"2020-02-01T00:00:00Z","tag":["award"]})";
const char* const release_b1 = R"({"ocid":"ocds-abc123-b","id":"b1","date":"2020-01-05T00:00:00Z","tag":["tender"]})";

template<typename T>
std::vector<T> only(const std::vector<ocds::Entry>& entries) {
    std::vector<T> found;
    for (const auto& entry : entries) {
        if (const T* typed = std::get_if<T>(&entry)) {
            found.push_back(*typed);
        }
    }
    return found;
}

} // namespace

TEST_CASE("reader: a release package is streamed item by item with its metadata") {
    test::TempDir dir;
    const std::string path = dir.write(
        "p.json",
        std::string(R"({"uri":"https://example.org/p.json","version":"1.1","publisher":{"name":"P"},"releases":[)") +
            release_a1 + "," + release_b1 + R"(],"publishedDate":"2020-03-01T00:00:00Z"})");
    const auto entries = test::read_all(path);
    const auto items = only<ocds::Item>(entries);
    REQUIRE(items.size() == 2);
    CHECK(items[0].kind == Kind::release);
    CHECK(items[0].container == Kind::release_package);
    CHECK(items[0].location.pointer == "/releases/0");
    CHECK(items[1].location.pointer == "/releases/1");
    CHECK(items[1].index == 1);
    CHECK(*items[1].value.find_string("id") == "b1");

    const auto starts = only<ocds::PackageStart>(entries);
    REQUIRE(starts.size() == 1);
    CHECK(starts[0].metadata.find_string("uri") != nullptr);
    CHECK(starts[0].metadata.find("publishedDate") == nullptr); // it comes after the items

    const auto ends = only<ocds::PackageEnd>(entries);
    REQUIRE(ends.size() == 1);
    CHECK(ends[0].items == 2);
    CHECK(ends[0].metadata.find("releases") == nullptr);
    CHECK(*ends[0].metadata.find_string("publishedDate") == "2020-03-01T00:00:00Z");

    const auto documents = only<ocds::DocumentEnd>(entries);
    REQUIRE(documents.size() == 1);
    CHECK(documents[0].kind == Kind::release_package);
    // Items come before the end of their package, which comes before the end of the document.
    CHECK(std::holds_alternative<ocds::PackageStart>(entries[0]));
    CHECK(std::holds_alternative<ocds::DocumentEnd>(entries.back()));
}

TEST_CASE("reader: a record package yields records") {
    test::TempDir dir;
    const std::string path =
        dir.write("p.json", std::string(R"({"uri":"u","records":[{"ocid":"ocds-abc123-a","releases":[)") + release_a1 +
                                R"(]}]})");
    const auto items = test::read_items(path);
    REQUIRE(items.size() == 1);
    CHECK(items[0].kind == Kind::record);
    CHECK(items[0].container == Kind::record_package);
    CHECK(items[0].value.find("releases")->as_array().size() == 1);
}

TEST_CASE("reader: 'releases' first with two ocids is a release package") {
    test::TempDir dir;
    const std::string path = dir.write("p.json", std::string("{\"releases\":[") + release_a1 + "," + release_b1 + "," +
                                                     release_a2 + "],\"uri\":\"u\"}");
    const auto entries = test::read_all(path);
    const auto items = only<ocds::Item>(entries);
    REQUIRE(items.size() == 3);
    CHECK(items[0].container == Kind::release_package);
    CHECK(items[2].location.pointer == "/releases/2");
    CHECK(only<ocds::DocumentEnd>(entries)[0].kind == Kind::release_package);
    CHECK(*only<ocds::PackageEnd>(entries)[0].metadata.find_string("uri") == "u");
}

TEST_CASE("reader: 'releases' first with one ocid, then package metadata, is a release package") {
    test::TempDir dir;
    const std::string path = dir.write("p.json", std::string("{\"releases\":[") + release_a1 + "," + release_a2 +
                                                     "],\"publishedDate\":\"2020-01-01T00:00:00Z\"}");
    const auto items = test::read_items(path);
    REQUIRE(items.size() == 2);
    CHECK(items[1].container == Kind::release_package);
}

TEST_CASE("reader: 'releases' before 'ocid' is a record, members kept in input order") {
    test::TempDir dir;
    const std::string path = dir.write("r.json", std::string("{\"releases\":[") + release_a1 + "," + release_a2 +
                                                     "],\"ocid\":\"ocds-abc123-a\"}");
    const auto items = test::read_items(path);
    REQUIRE(items.size() == 1);
    CHECK(items[0].kind == Kind::record);
    const auto& members = items[0].value.as_object();
    REQUIRE(members.size() == 2);
    CHECK(members[0].key == "releases");
    CHECK(members[0].value.as_array().size() == 2);
    CHECK(members[1].key == "ocid");
}

TEST_CASE("reader: a record with linked releases first is a record, its array still being read") {
    test::TempDir dir;
    const std::string path = dir.write(
        "r.json",
        R"({"releases":[{"url":"https://x/1.json#1","date":"2020-01-01T00:00:00Z"},{"url":"https://x/2.json#2","date":"2020-02-01T00:00:00Z","tag":["award"]}],"ocid":"ocds-abc123-a","compiledRelease":{"ocid":"ocds-abc123-a"}})");
    const auto items = test::read_items(path);
    REQUIRE(items.size() == 1);
    CHECK(items[0].kind == Kind::record);
    CHECK(items[0].value.find("releases")->as_array().size() == 2);
    CHECK(items[0].value.as_object().back().key == "compiledRelease");
}

TEST_CASE("reader: arrays, JSON Lines and concatenated JSON of any shape") {
    test::TempDir dir;
    SUBCASE("array of releases") {
        const auto entries =
            test::read_all(dir.write("a.json", std::string("[") + release_a1 + "," + release_b1 + "]"));
        const auto items = only<ocds::Item>(entries);
        REQUIRE(items.size() == 2);
        CHECK(items[1].location.pointer == "/1");
        const auto document = only<ocds::DocumentEnd>(entries).at(0);
        CHECK(document.is_array);
        CHECK(document.elements.at(Kind::release) == 2);
    }
    SUBCASE("array of packages streams the packages' items") {
        const auto entries =
            test::read_all(dir.write("a.json", std::string(R"([{"uri":"1","releases":[)") + release_a1 +
                                                   R"(]},{"uri":"2","releases":[)" + release_b1 + "]}]"));
        const auto items = only<ocds::Item>(entries);
        REQUIRE(items.size() == 2);
        CHECK(items[1].location.pointer == "/1/releases/0");
        CHECK(only<ocds::PackageEnd>(entries).size() == 2);
        CHECK(only<ocds::DocumentEnd>(entries).at(0).elements.at(Kind::release_package) == 2);
    }
    SUBCASE("JSON Lines: one document per line, with line numbers") {
        const auto entries = test::read_all(
            dir.write("a.jsonl", std::string(release_a1) + "\n" + release_b1 + "\n\n" + release_a2 + "\n"));
        const auto items = only<ocds::Item>(entries);
        REQUIRE(items.size() == 3);
        CHECK(items[0].location.line == 1);
        CHECK(items[2].location.line == 4);
        CHECK(items[2].location.document == 2);
        const auto documents = only<ocds::DocumentEnd>(entries);
        REQUIRE(documents.size() == 3);
        CHECK(documents[1].first_line == 2);
        CHECK(documents[1].last_line == 2);
    }
    SUBCASE("concatenated pretty-printed values") {
        const auto items = test::read_items(
            dir.write("a.json", "{\n \"ocid\": \"x\",\n \"id\": \"1\"\n}{\"ocid\":\"y\",\"id\":\"2\"}  \n"));
        REQUIRE(items.size() == 2);
        CHECK(items[1].location.line == 4);
        CHECK(items[1].location.column == 2);
    }
}

TEST_CASE("reader: gzip input is read transparently") {
    test::TempDir dir;
    {
        ocds::Output output(dir.path("r.jsonl.gz"));
        for (int i = 0; i < 1000; ++i) {
            output.write(std::string(release_a1) + "\n");
        }
        output.commit();
    }
    CHECK(test::read_items(dir.path("r.jsonl.gz")).size() == 1000);
}

TEST_CASE("reader: numbers keep their exact text and strings their content") {
    test::TempDir dir;
    const auto items = test::read_items(dir.write(
        "n.json",
        R"({"a":12345678901234567890,"b":0.10,"c":1e400,"d":-0,"e":1E-7,"f":"caf\u00e9 \ud83d\ude00 \"q\" \/","g":[true,false,null]})"));
    REQUIRE(items.size() == 1);
    const auto& value = items[0].value;
    CHECK(value.find("a")->number_text() == "12345678901234567890");
    CHECK(value.find("b")->number_text() == "0.10");
    CHECK(value.find("c")->number_text() == "1e400");
    CHECK(value.find("d")->number_text() == "-0");
    CHECK(value.find("e")->number_text() == "1E-7");
    CHECK(value.find("f")->as_string() == "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" /");
    CHECK(
        ocds::to_json(value) ==
        "{\"a\":12345678901234567890,\"b\":0.10,\"c\":1e400,\"d\":-0,\"e\":1E-7,\"f\":\"caf\xC3\xA9 \xF0\x9F\x98\x80 \\\"q\\\" /\",\"g\":[true,false,null]}");
}

TEST_CASE("reader: a BOM at the start is skipped") {
    test::TempDir dir;
    CHECK(test::read_items(dir.write("b.json", std::string("\xEF\xBB\xBF") + release_a1)).size() == 1);
}

TEST_CASE("reader: a big package is streamed, and stopping early does not hang") {
    test::TempDir dir;
    std::string content = R"({"uri":"u","releases":[)";
    for (int i = 0; i < 50000; ++i) {
        content += (i ? "," : "") + std::string(release_a1);
    }
    content += "]}";
    const std::string path = dir.write("big.json", content);
    {
        ocds::Reader reader(path);
        CHECK(reader.next_item() != nullptr);
        // The reader is destroyed with most of the input unread.
    }
    ocds::Reader reader(path);
    std::size_t count = 0;
    while (reader.next_item()) {
        ++count;
    }
    CHECK(count == 50000);
    CHECK(reader.bytes_read() == content.size());
}

TEST_CASE("reader: standard input is '-'") {
    // Only the name is checked here; the CLI tests read real standard input.
    test::TempDir dir;
    ocds::Reader reader(dir.write("x.json", "[]"));
    CHECK(reader.name() == dir.path("x.json"));
}

TEST_CASE("reader: with encode_items, a package's items arrive encoded, with their ocid") {
    test::TempDir dir;
    const std::string path = dir.write(
        "p.json", std::string(R"({"uri":"u","version":"1.1","releases":[)") + release_a1 + "," +
                      R"({"id":"no-ocid","tender":{"items":[{"id":1},{"id":2}]}})" + "]}\n" + release_b1 + "\n");
    ocds::ReadOptions options;
    options.encode_items = true;
    const auto items = test::read_items(path, options);
    REQUIRE(items.size() == 3);
    CHECK(items[0].is_encoded);
    CHECK(items[0].has_ocid);
    CHECK(items[0].ocid == "ocds-abc123-a");
    CHECK(items[0].value.is_null());
    const char* cursor = items[0].encoded.data();
    CHECK(ocds::to_json(ocds::detail::decode(cursor)) == release_a1);
    CHECK_FALSE(items[1].has_ocid);
    cursor = items[1].encoded.data();
    CHECK(ocds::to_json(ocds::detail::decode(cursor)) == R"({"id":"no-ocid","tender":{"items":[{"id":1},{"id":2}]}})");
    CHECK(items[1].location.pointer == "/releases/1");
    // A top-level release is encoded too, and classified from its encoding.
    CHECK(items[2].is_encoded);
    CHECK(items[2].kind == Kind::release);
    CHECK(items[2].ocid == "ocds-abc123-b");
}

TEST_CASE("reader: with encode_items, top-level records and packages are told apart as usual") {
    test::TempDir dir;
    const std::string path = dir.write(
        "mixed.jsonl",
        std::string(R"({"ocid":"ocds-abc123-r","compiledRelease":{"ocid":"x"},"releases":[)") + release_a1 + "]}\n" +
            R"({"uri":"u","publisher":{"name":"P"},"releases":[)" + release_a1 + "," + release_b1 + "]}\n" +
            R"([{"ocid":"ocds-abc123-c","id":"c1","date":"2024-01-01T00:00:00Z","tag":["compiled"]},{"url":"u","date":"d"}])" +
            "\n");
    ocds::ReadOptions options;
    options.encode_items = true;
    const auto entries = test::read_all(path, options);
    const auto items = only<ocds::Item>(entries);
    REQUIRE(items.size() == 5);
    // The record went the Value way once its releases member appeared, members in input order.
    CHECK_FALSE(items[0].is_encoded);
    CHECK(items[0].kind == Kind::record);
    CHECK(items[0].value.as_object()[1].key == "compiledRelease");
    // The package's releases are encoded items of it.
    CHECK(items[1].is_encoded);
    CHECK(items[1].container == Kind::release_package);
    CHECK(items[2].location.pointer == "/releases/1");
    REQUIRE(only<ocds::PackageStart>(entries).size() == 1);
    CHECK(*only<ocds::PackageStart>(entries)[0].metadata.find("publisher")->find_string("name") == "P");
    // Elements of a top-level array: encoded and classified.
    CHECK(items[3].kind == Kind::compiled_release);
    CHECK(items[3].location.pointer == "/0");
    CHECK(items[4].kind == Kind::linked_release);
}

TEST_CASE("reader: an error inside an encoded item names its place") {
    test::TempDir dir;
    ocds::ReadOptions options;
    options.encode_items = true;
    try {
        test::read_all(
            dir.write(
                "bad.json",
                R"({"uri":"u","releases":[{"ocid":"a"},{"ocid":"b","tender":{"items":[{"id":1},{"id":2,"x":tru}]}}]})"),
            options);
        FAIL("no error");
    } catch (const ocds::parse_error& e) {
        CHECK(e.location().pointer == "/releases/1/tender/items/1/x");
    }
}

namespace {

/// Everything a reader says about an entry, as text, to compare two ways of reading.
std::string describe(const ocds::Location& location) {
    return location.to_string() + " col " + std::to_string(location.column);
}

std::string describe(const ocds::Entry& entry) {
    if (const auto* item = std::get_if<ocds::Item>(&entry)) {
        return "item " + std::string(ocds::kind_name(item->kind)) + " " + ocds::kind_name(item->container) + " " +
               std::to_string(item->index) + " " + describe(item->location) + " " + ocds::to_json(item->value) + " " +
               (item->is_encoded ? "encoded " + item->encoded : std::string()) + " " + item->ocid +
               (item->has_ocid ? " has ocid" : "");
    }
    if (const auto* start = std::get_if<ocds::PackageStart>(&entry)) {
        return "start " + describe(start->location) + " " + ocds::to_json(start->metadata);
    }
    if (const auto* end = std::get_if<ocds::PackageEnd>(&entry)) {
        return "end " + describe(end->location) + " " + std::to_string(end->items) + " " + ocds::to_json(end->metadata);
    }
    const auto& document = std::get<ocds::DocumentEnd>(entry);
    std::string elements;
    for (const auto& [kind, count] : document.elements) {
        elements += std::string(ocds::kind_name(kind)) + "=" + std::to_string(count) + " ";
    }
    return "document " + std::to_string(document.index) + " " + ocds::kind_name(document.kind) + " " + elements +
           std::to_string(document.first_line) + "-" + std::to_string(document.last_line) + " " +
           std::to_string(document.first_byte) + "-" + std::to_string(document.end_byte);
}

/// What a reader gives for `path`, every entry described, then the error that stopped it.
std::vector<std::string> read_described(const std::string& path, bool in_pieces) {
    ocds::ReadOptions options;
    options.encode_items = true;
    options.parse_in_pieces = in_pieces;
    std::vector<std::string> seen;
    try {
        ocds::Reader reader(path, options);
        while (auto* entry = reader.next()) {
            seen.push_back(describe(*entry));
        }
    } catch (const ocds::parse_error& e) {
        seen.push_back(std::string("error: ") + e.what());
    }
    return seen;
}

/// About 3 MB of JSON Lines of release packages, with other top-level values among them
/// (records, arrays, scalars, values over several lines, blank and CRLF lines).
std::string many_lines() {
    std::string text;
    for (int line = 0; text.size() < (3u << 20); ++line) {
        switch (line % 7) {
        case 3: text += R"({"ocid":"ocds-abc123-r","releases":[)" + std::string(release_a1) + "]}\n"; break;
        case 4: text += "[" + std::string(release_b1) + ",\n" + release_a2 + "]\n\n"; break;
        case 5: text += "42\r\n"; break;
        default:
            text += R"({"uri":"https://example.org/)" + std::to_string(line) + R"(","releases":[)";
            for (int i = 0; i < 40 + line % 50; ++i) {
                text += (i ? "," : "") + std::string(release_a1);
            }
            text += "],\n\"version\":\"1.1\"}" + std::string(line % 2 ? "\r\n" : "\n");
        }
    }
    return text;
}

} // namespace

TEST_CASE("reader: JSON Lines read in pieces on two threads give what one thread gives") {
    test::TempDir dir;
    const std::string good = many_lines();
    const auto whole = read_described(dir.write("good.jsonl", good), false);
    REQUIRE(whole.size() > 10000);
    CHECK(whole.back().rfind("document", 0) == 0);
    CHECK(read_described(dir.path("good.jsonl"), true) == whole);

    // Errors in a later piece: the same message, line, byte and value number.
    const std::size_t late = good.find("\n{", good.size() - (1u << 20)) + 1;
    std::string bad_token = good;
    bad_token.insert(late + 1, R"("x":tru,)");
    std::string nul = good;
    nul[good.find("tender", late)] = '\0';
    // Lines that end with `}` and start with `{` inside an array (a comma is missing): not a
    // place to cut, so the piece that ends there is read again with what follows it. The
    // array's other lines end with a comma, so that the first cut looked for lands there.
    std::string array = "[";
    while (array.size() < (3u << 19)) {
        array += "{\"a\":1},\n";
    }
    array += "{\"a\":1}\n{\"b\":2}]\n";
    std::string no_comma = good;
    no_comma.insert(good.find("\n{", 1u << 19) + 1, array);
    const std::string cut_short = good.substr(0, good.size() - 10);
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"token", bad_token}, {"nul", nul}, {"no-comma", no_comma}, {"cut-short", cut_short}};
    for (const auto& input : bad) {
        CAPTURE(input.first);
        const std::string path = dir.write(input.first + ".jsonl", input.second);
        const auto expected = read_described(path, false);
        REQUIRE(expected.back().rfind("error: ", 0) == 0);
        CHECK(expected.back().find("JSON value ") != std::string::npos);
        CHECK(read_described(path, true) == expected);
    }
}
