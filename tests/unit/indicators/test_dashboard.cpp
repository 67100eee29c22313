#include <ocds/indicators/dashboard.hpp>
#include <ocds/io/output.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace ocds;

namespace {

/// indicators.js of `json`, written through a buffer of `buffer_size` bytes.
std::string script_of(const std::string& json, std::size_t buffer_size) {
    std::string out;
    StringSink target(out);
    IndicatorsScript script(target, "window.OCDS_INDICATORS = ", buffer_size);
    script.write(json);
    script.finish();
    target.finish();
    return out;
}

} // namespace

TEST_CASE("dashboard: indicators.js sets window.OCDS_INDICATORS to the JSON") {
    CHECK(script_of(R"({"a":[1,"x"]})", 1 << 10) == "window.OCDS_INDICATORS = {\"a\":[1,\"x\"]};\n");
    CHECK(script_of("", 16) == "window.OCDS_INDICATORS = ;\n");
}

TEST_CASE("dashboard: indicators.js escapes </ and U+2028/U+2029, wherever the buffer cuts them") {
    const std::string json = "{\"t\":\"a</script><b>\xE2\x80\xA8"
                             "c\xE2\x80\xA9\xE2\x80\x94</\",\"u\":\"<\"}";
    const std::string expected =
        "window.OCDS_INDICATORS = {\"t\":\"a<\\/script><b>\\u2028c\\u2029\xE2\x80\x94<\\/\",\"u\":\"<\"};\n";
    // Every buffer size from 1 byte cuts the patterns at every place.
    for (std::size_t size = 1; size <= json.size() + 1; ++size) {
        CAPTURE(size);
        CHECK(script_of(json, size) == expected);
    }
}

TEST_CASE("dashboard: the static files are compiled in") {
    bool html = false, script = false, style = false;
    for (const auto& asset : dashboard_assets()) {
        html = html || (asset.name == "index.html" && asset.bytes.find("dashboard.js") != std::string_view::npos);
        script =
            script || (asset.name == "dashboard.js" && asset.bytes.find("OCDS_INDICATORS") != std::string_view::npos);
        style = style || (asset.name == "dashboard.css" && !asset.bytes.empty());
    }
    CHECK(html);
    CHECK(script);
    CHECK(style);
}
