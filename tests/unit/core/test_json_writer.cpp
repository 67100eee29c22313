#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/json_writer.hpp>

using ocds::Value;

using test::parse;

TEST_CASE("json writer: compact output keeps member order and number text") {
    const std::string json = R"({"z":1,"a":[1.50,-2e+5,{}],"m":{"k":null,"t":true},"e":[]})";
    CHECK(ocds::to_json(parse(json)) == json);
}

TEST_CASE("json writer: indented output looks like json.dumps(indent=2)") {
    const Value value = parse(R"({"a":[1,{"b":"c"}],"d":{},"e":[]})");
    CHECK(ocds::to_json(value, 2) ==
          "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"c\"\n    }\n  ],\n  \"d\": {},\n  \"e\": []\n}");
}

TEST_CASE("json writer: escapes only what JSON requires") {
    const Value value(std::string("quote\" back\\ nl\n tab\t ctl\x01 del\x7f slash/ \xC3\xB1 \xE2\x80\xA8"));
    CHECK(ocds::to_json(value) ==
          "\"quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001 del\x7f slash/ \xC3\xB1 \xE2\x80\xA8\"");
    CHECK(ocds::to_json(Value(std::string("nul\0byte", 8))) == "\"nul\\u0000byte\"");
}

TEST_CASE("json writer: a round trip through the reader is the identity on compact input") {
    const std::string json =
        R"({"ocid":"ocds-abc123-1","value":{"amount":1250000.50,"currency":"MXN"},"big":123456789012345678901234567890,"tiny":1e-400,"text":"Construcci\u00f3n"})";
    const std::string once = ocds::to_json(parse(json));
    CHECK(once.find("1250000.50") != std::string::npos);
    CHECK(once.find("Construcci\xC3\xB3n") != std::string::npos);
    CHECK(ocds::to_json(parse(once)) == once);
}
