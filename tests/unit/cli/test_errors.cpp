#include <doctest/doctest.h>

#include "errors.hpp"

using ocds::cli::message_with_hints;

TEST_CASE("cli errors: the settings a library error carries become flags and hints") {
    CHECK(message_with_hints(ocds::io_error("'out.json' exists already", {"overwrite"})) ==
          "'out.json' exists already: add --overwrite (-O) to replace it");
    CHECK(message_with_hints(ocds::setting_error("now", "'yesterday' is not an RFC 3339 date-time")) ==
          "--now 'yesterday' is not an RFC 3339 date-time");
    CHECK(message_with_hints(
              ocds::setting_error("now", "the site's current version is B, later than A", "2024-01-01T00:00:00Z")) ==
          "the site's current version is B, later than A (--now 2024-01-01T00:00:00Z)");
    CHECK(message_with_hints(ocds::missing_settings_error({"uri", "publisher-name"}, "the package needs metadata")) ==
          "the package needs metadata: set --uri --publisher-name (on the command line or in the --config file)");
    CHECK(message_with_hints(ocds::precondition_error("'s' is not a release store", {"map.store"}, "s")) ==
          "'s' is not a release store (make one with 'ocds map --store s')");
    CHECK(message_with_hints(ocds::parse_error(ocds::in_file("f.json", 3), "too deep", {"max-depth"})) ==
          "f.json (byte 3): too deep (see --max-depth)");
    CHECK(message_with_hints(ocds::error("plain")) == "plain");
}

TEST_CASE("cli errors: did you mean, for a word a few letters off or the start of a name") {
    using ocds::cli::did_you_mean;
    const std::vector<std::string> commands{"validate", "compile", "combine", "flatten", "indicators"};
    CHECK(did_you_mean("valdiate", commands) == "; did you mean 'validate'?");
    CHECK(did_you_mean("compil", commands) == "; did you mean 'compile'?");
    CHECK(did_you_mean("indic", commands) == "; did you mean 'indicators'?");
    CHECK(did_you_mean("frobnicate", commands).empty());
    CHECK(did_you_mean("", commands).empty());
    CHECK(did_you_mean("overwirte", {"overwrite", "output"}, "--") == "; did you mean '--overwrite'?");
}
