// libFuzzer target (pull): the parsers of what a publication's server sends before any file,
// latest.json and the manifest, on any bytes. Their checks (safe relative paths, sha256 form,
// each path once, a version that is a name) are what pull relies on.

#include "fuzz_input.hpp"

#include <ocds/publish/publication.hpp>

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    OCDS_FUZZ_EXPECTING_ERRORS({
        const ocds::Manifest manifest = ocds::parse_manifest(text, "manifest.json");
        for (const auto& file : manifest.files) {
            if (!ocds::is_safe_relative_path(file.path) || file.sha256.size() != 64) {
                std::abort(); // parse_manifest let through what it promised to refuse
            }
        }
    })
    OCDS_FUZZ_EXPECTING_ERRORS({
        const ocds::LatestPointer latest = ocds::parse_latest(text, "latest.json");
        if (!ocds::is_safe_relative_path(latest.manifest)) {
            std::abort();
        }
        // What publish writes, pull must read back the same.
        const ocds::LatestPointer again = ocds::parse_latest(ocds::latest_json(latest), "again");
        if (again.version != latest.version || again.manifest != latest.manifest || again.sha256 != latest.sha256) {
            std::abort();
        }
    })
    return 0;
}
