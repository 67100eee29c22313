#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/io/document_kind.hpp>

using ocds::Kind;

namespace {

// The value is read as a member of a wrapper object, so that the reader does not stream it.
Kind kind_of(const std::string& json) {
    test::TempDir dir;
    const auto items = test::read_items(dir.write("x.json", "{\"value\":" + json + "}"));
    REQUIRE(items.size() == 1);
    return ocds::classify(*items.front().value.find("value"));
}

} // namespace

TEST_CASE("format: classify tells every OCDS shape apart") {
    CHECK(kind_of(R"({"uri":"u","releases":[]})") == Kind::release_package);
    CHECK(kind_of(R"({"uri":"u","records":[]})") == Kind::record_package);
    CHECK(kind_of(R"({"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tag":["tender"]})") == Kind::release);
    CHECK(kind_of(R"({"ocid":"o","id":"o-1","tag":["compiled"]})") == Kind::compiled_release);
    CHECK(kind_of(R"({"ocid":"o","releases":[{"url":"u","date":"d"}]})") == Kind::record);
    CHECK(
        kind_of(
            R"({"ocid":"o","initiationType":[{"releaseID":"1","releaseDate":"d","releaseTag":["tender"],"value":"tender"}]})") ==
        Kind::versioned_release);
    CHECK(kind_of(R"({"url":"u","date":"d","tag":["tender"]})") == Kind::linked_release);
    CHECK(kind_of(R"({"hello":"world"})") == Kind::other);
    CHECK(kind_of(R"("text")") == Kind::other);
}

TEST_CASE("format: names and plurals") {
    CHECK(std::string(ocds::kind_name(Kind::release_package)) == "release package");
    CHECK(std::string(ocds::kind_plural(Kind::compiled_release)) == "compiled releases");
    CHECK(ocds::is_release_kind(Kind::versioned_release));
    CHECK_FALSE(ocds::is_release_kind(Kind::record));
    CHECK(ocds::is_package_metadata_key("publishedDate"));
    CHECK_FALSE(ocds::is_package_metadata_key("ocid"));
}
