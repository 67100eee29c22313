#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/io/byte_source.hpp>
#include <ocds/io/input_stream.hpp>

#include <tuple>

TEST_CASE("input stream: reads every byte across buffer boundaries and tells offsets") {
    test::TempDir dir;
    auto source = ocds::open_source(dir.write("a", "abcdefghij"));
    ocds::InputStream stream(*source, 0, 3);
    std::string seen;
    while (stream.Peek() != '\0') {
        CHECK(stream.Tell() == seen.size());
        seen += stream.Take();
    }
    CHECK(seen == "abcdefghij");
    CHECK(stream.at_end());
    CHECK(stream.stop_reason().empty());
}

TEST_CASE("input stream: skips a UTF-8 byte order mark") {
    test::TempDir dir;
    auto source = ocds::open_source(dir.write("a", "\xEF\xBB\xBF[1]"));
    ocds::InputStream stream(*source, 0);
    CHECK(stream.Peek() == '[');
    CHECK(stream.Tell() == 3);
}

TEST_CASE("input stream: stops at a NUL byte and says where") {
    test::TempDir dir;
    auto source = ocds::open_source(dir.write("a", std::string("[1,\0 2]", 7)));
    ocds::InputStream stream(*source, 0);
    std::string seen;
    while (stream.Peek() != '\0') {
        seen += stream.Take();
    }
    CHECK(seen == "[1,");
    CHECK(stream.stop_offset() == 3);
    CHECK(stream.stop_reason().find("NUL") != std::string::npos);
}

TEST_CASE("input stream: stops when one token grows beyond the limit") {
    test::TempDir dir;
    auto source = ocds::open_source(dir.write("a", "\"" + std::string(1000, 'x') + "\""));
    ocds::InputStream stream(*source, 100, 16);
    std::size_t taken = 0;
    while (stream.Peek() != '\0') {
        stream.Take();
        ++taken;
    }
    CHECK(taken <= 100);
    CHECK(stream.stop_reason().find("longer than 100 bytes") != std::string::npos);
}

TEST_CASE("input stream: line and column of offsets, forwards and within the buffer backwards") {
    test::TempDir dir;
    auto source = ocds::open_source(dir.write("a", "ab\ncd\n\nef"));
    ocds::InputStream stream(*source, 0);
    while (stream.Peek() != '\0') {
        stream.Take();
    }
    auto at = stream.locate(0);
    CHECK(at.line == 1);
    CHECK(at.column == 1);
    at = stream.locate(4); // 'd'
    CHECK(at.line == 2);
    CHECK(at.column == 2);
    at = stream.locate(8); // 'f'
    CHECK(at.line == 4);
    CHECK(at.column == 2);
    at = stream.locate(3); // 'c', behind the cursor
    CHECK(at.line == 2);
    CHECK(at.column == 1);
}

TEST_CASE("input stream: UTF-8 is validated in bulk, across buffer boundaries") {
    test::TempDir dir;
    const auto taken = [&](const std::string& content, std::size_t buffer) {
        auto source = ocds::open_source(dir.write("u", content));
        ocds::InputStream stream(*source, 0, buffer);
        std::string seen;
        while (stream.Peek() != '\0') {
            seen += stream.Take();
        }
        return std::make_tuple(seen, stream.stop_reason(), stream.stop_offset());
    };
    // Valid: accents, a 3-byte and a 4-byte character, split across 1-, 2- and 3-byte buffers.
    const std::string valid = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 plain ascii text here";
    for (std::size_t buffer : {1, 2, 3, 7, 64}) {
        CAPTURE(buffer);
        const auto [seen, reason, offset] = taken(valid, buffer);
        CHECK(seen == valid);
        CHECK(reason.empty());
        (void)offset;
    }
    // Invalid: a Latin-1 byte, an overlong form, a surrogate, beyond U+10FFFF, a lone continuation.
    for (const std::string bad : {"ab\xF3n", "ab\xC0\xAF", "ab\xED\xA0\x80", "ab\xF4\x90\x80\x80", "ab\x80"}) {
        for (std::size_t buffer : {1, 3, 64}) {
            CAPTURE(buffer);
            const auto [seen, reason, offset] = taken(bad, buffer);
            CHECK(reason.find("invalid UTF-8") == 0);
            CHECK(offset == 2); // where the bad sequence starts
            if (buffer == 64) {
                CHECK(seen == "ab"); // (a smaller buffer may already have handed out its first byte)
            }
        }
    }
}

TEST_CASE("input stream: the byte just before the buffer keeps its line after a refill") {
    test::TempDir dir;
    auto source = ocds::open_source(dir.write("a", "ab\ncd\nef"));
    ocds::InputStream stream(*source, 0, 3); // buffers: "ab\n", "cd\n", "ef"
    for (int i = 0; i < 6; ++i) {
        stream.Take(); // taking the last byte of a buffer refills
    }
    const auto at = stream.locate(5); // the second "\n", now behind the buffer
    CHECK(at.line == 2);
    CHECK(at.column == 3);
    CHECK(stream.locate(1).line == 0); // anything older is unknown
}
