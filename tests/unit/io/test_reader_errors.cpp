#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/reader.hpp>

// Every bad input is an ocds::error with file, line, byte offset and what was expected; none
// crashes, hangs or takes memory out of proportion.

namespace {

ocds::parse_error parse_failure(const std::string& path, ocds::ReadOptions options = {}) {
    try {
        test::read_all(path, options);
    } catch (const ocds::parse_error& e) {
        return e;
    }
    FAIL("no parse_error for " << path);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("reader errors: an empty file") {
    test::TempDir dir;
    const auto error = parse_failure(dir.write("empty.json", ""));
    CHECK(std::string(error.what()).find("empty.json") != std::string::npos);
    CHECK(error.reason().find("empty") != std::string::npos);
    CHECK(error.location().byte == 0);
    // Whitespace only is empty too.
    CHECK(parse_failure(dir.write("blank.json", " \n\t\n")).reason().find("empty") != std::string::npos);
}

TEST_CASE("reader errors: truncated JSON names the place inside the package") {
    test::TempDir dir;
    const std::string text =
        "{\"uri\":\"u\",\"releases\":[{\"ocid\":\"a\",\"id\":\"1\"},\n{\"ocid\":\"b\",\"tender\":{\"title\":\"x";
    const auto error = parse_failure(dir.write("cut.json", text));
    CHECK(error.reason().find("ends too early") != std::string::npos);
    CHECK(error.reason().find("expected the closing '\"'") != std::string::npos);
    CHECK(error.location().line == 2);
    CHECK(error.location().byte == text.size());
    CHECK(error.location().pointer == "/releases/1/tender/title");
}

TEST_CASE("reader errors: trailing garbage after a value") {
    test::TempDir dir;
    const auto error = parse_failure(dir.write("t.json", "{\"ocid\":\"a\"}\n garbage"));
    CHECK(error.reason().find("after the end of a JSON value") != std::string::npos);
    CHECK(error.location().line == 2);
    CHECK(error.location().column == 2);
    CHECK(error.location().byte == 14);
}

TEST_CASE("reader errors: a missing comma says what was expected") {
    test::TempDir dir;
    const auto error = parse_failure(dir.write("c.json", R"({"releases":[{"ocid":"a"} {"ocid":"b"}],"uri":"u"})"));
    CHECK(error.reason() == "expected ',' or ']' after the array element");
}

TEST_CASE("reader errors: invalid UTF-8") {
    test::TempDir dir;
    const auto error = parse_failure(
        dir.write("latin1.json", "{\"uri\":\"u\",\"releases\":[{\"ocid\":\"a\",\"title\":\"Construcci\xF3n\"}]}"));
    CHECK(error.reason().find("invalid UTF-8") != std::string::npos);
    CHECK(error.location().pointer == "/releases/0/title");
}

TEST_CASE("reader errors: a NUL byte") {
    test::TempDir dir;
    const auto error = parse_failure(dir.write("nul.json", std::string("[{\"ocid\":\"a\"},\0{}]", 18)));
    CHECK(error.reason().find("NUL byte") != std::string::npos);
    CHECK(error.location().byte == 14);
}

TEST_CASE("reader errors: 100,000-deep nesting stops at the depth limit") {
    test::TempDir dir;
    const auto error = parse_failure(dir.write("deep.json", std::string(100000, '[') + std::string(100000, ']')));
    CHECK(error.reason().find("nested deeper than 1000") != std::string::npos);
    CHECK(error.location().byte == 1000); // the bracket that opens level 1001

    ocds::ReadOptions options;
    options.max_depth = 5;
    CHECK(parse_failure(dir.write("six.json", "[[[[[[]]]]]]"), options).reason().find("deeper than 5") !=
          std::string::npos);
    CHECK_NOTHROW(test::read_all(dir.write("five.json", "[[[[[]]]]]"), options));
}

TEST_CASE("reader errors: a 50 MB string is refused at the token limit") {
    test::TempDir dir;
    const std::string path = dir.write("long.json", "{\"ocid\":\"" + std::string(50u << 20, 'a') + "\"}");
    const auto error = parse_failure(path);
    CHECK(error.reason().find("longer than 16777216 bytes") != std::string::npos);
    CHECK(error.location().byte == 7); // where the previous token ends
    CHECK(error.location().pointer == "/ocid");
}

TEST_CASE("reader errors: a number with 10,000 digits") {
    test::TempDir dir;
    const auto error = parse_failure(dir.write("digits.json", "{\"amount\":" + std::string(10000, '7') + "}"));
    CHECK(error.reason().find("10000 characters") != std::string::npos);
    CHECK(error.location().pointer == "/amount");
    CHECK(error.location().byte == 10); // where the number starts
}

TEST_CASE("reader errors: malformed numbers") {
    test::TempDir dir;
    CHECK(parse_failure(dir.write("a.json", "[1.]")).reason() == "expected digits after the decimal point");
    CHECK(parse_failure(dir.write("b.json", "[1e]")).reason() == "expected digits in the exponent");
    CHECK(parse_failure(dir.write("c.json", "[-]")).reason().find("expected a JSON value") != std::string::npos);
    CHECK(parse_failure(dir.write("d.json", "[01]")).reason() == "expected ',' or ']' after the array element");
}

TEST_CASE("reader errors: a gzip file cut in the middle") {
    test::TempDir dir;
    {
        ocds::Output output(dir.path("whole.json.gz"));
        for (int i = 0; i < 20000; ++i) {
            output.write("{\"ocid\":\"ocds-abc123-" + std::to_string(i) + "\",\"id\":\"" + std::to_string(i * 7919) +
                         "\"}\n");
        }
        output.commit();
    }
    const std::string whole = test::read_file(dir.path("whole.json.gz"));
    const auto error = parse_failure(dir.write("cut.json.gz", whole.substr(0, whole.size() / 2)));
    CHECK(error.reason().find("cut short") != std::string::npos);
}

TEST_CASE("reader errors: a directory or a missing file is an io_error at once") {
    test::TempDir dir;
    CHECK_THROWS_AS(ocds::Reader(dir.path()), ocds::io_error);
    CHECK_THROWS_AS(ocds::Reader(dir.path("none.json")), ocds::io_error);
}

TEST_CASE("reader errors: items before an error are delivered first") {
    test::TempDir dir;
    ocds::Reader reader(
        dir.write("half.jsonl", "{\"ocid\":\"a\",\"id\":\"1\"}\n{\"ocid\":\"b\",\"id\":\"2\"}\n{\"ocid\":"));
    CHECK(reader.next_item() != nullptr);
    CHECK(reader.next_item() != nullptr);
    CHECK_THROWS_AS(reader.next_item(), ocds::parse_error);
}
