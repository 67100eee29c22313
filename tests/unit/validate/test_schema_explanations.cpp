// The compiled schema check explains failures itself (valijson's per-value error context made
// explaining the slowest part of validating real data). valijson stays the oracle here: the same
// violations, one document at a time, and the same findings for whole files, on the fixtures and
// on generated data shaped like real publications.

#include <doctest/doctest.h>

#include "helpers.hpp"
#include "validate/mutations.hpp"

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/validate/profile.hpp>
#include <ocds/validate/validation.hpp>

#include <cstdlib>
#include <dirent.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace {

using Shape = ocds::ValidationProfile::Shape;

std::string describe(const std::vector<ocds::SchemaViolation>& violations) {
    std::ostringstream text;
    for (const auto& violation : violations) {
        text << "\n  " << violation.pointer << " " << violation.keyword << " '" << violation.property << "' "
             << violation.detail;
    }
    return text.str();
}

/// Compares the compiled check's explanations with valijson's on documents, counting them.
struct Comparison {
    const ocds::ValidationProfile& profile;
    std::size_t documents = 0, invalid = 0, violations = 0, disagreements = 0;

    void compare(Shape shape, const ocds::Value& document) {
        std::string encoded;
        ocds::detail::encode(document, encoded);
        const ocds::detail::BinaryView view(encoded.data());
        const auto compiled = profile.violations(shape, view);
        const auto oracle = profile.valijson_violations(shape, view);
        ++documents;
        invalid += !oracle.empty();
        violations += oracle.size();
        if (compiled != oracle && disagreements++ < 5) {
            FAIL_CHECK("explanations differ for " << ocds::to_json(document) << "\ncompiled check:"
                                                  << describe(compiled) << "\nvalijson:" << describe(oracle));
        }
    }

    /// The document and every single-value change of it.
    void compare_mutations(Shape shape, const ocds::Value& document) {
        compare(shape, document);
        test::each_mutation(document, [&](const ocds::Value& mutated) { compare(shape, mutated); });
    }
};

std::shared_ptr<const ocds::ValidationProfile> profile_of(const std::string& version) {
    return ocds::ValidationProfile::build(
        version,
        {"https://raw.githubusercontent.com/open-contracting-extensions/ocds_process_title_extension/v1.1.5/extension.json",
         "https://raw.githubusercontent.com/open-contracting-extensions/ocds_project_extension/master/extension.json"},
        {ocds::find_schemas_dir(), ""});
}

/// Each item of a file (releases, records, ...) and each package's metadata, as Values.
template<typename F>
void each_item(const std::string& path, F f) {
    ocds::Reader reader(path, ocds::ReadOptions{});
    while (ocds::Entry* entry = reader.next()) {
        if (auto* item = std::get_if<ocds::Item>(entry)) {
            f(*item);
        }
    }
}

class KeepText : public ocds::FindingSink {
public:
    void begin_file(const std::string& file) override { text += "file " + file + "\n"; }
    void add(const ocds::Finding& finding) override {
        ++findings;
        schema += finding.check == "schema";
        text += std::to_string(static_cast<int>(finding.severity)) + " " + finding.check + " " + finding.keyword + " " +
                finding.path + " " + finding.field + " " + finding.value + (finding.truncated ? "..." : "") + " " +
                finding.message + " " + std::to_string(finding.line) + ":" + std::to_string(finding.document) + "\n";
    }
    void end_file(const ocds::FileSummary& summary) override {
        text += "errors " + std::to_string(summary.errors) + " warnings " + std::to_string(summary.warnings) + "\n";
    }
    std::string text;
    std::size_t findings = 0, schema = 0;
};

/// Every finding of validating `path`, as text, with the compiled check's or valijson's explanations.
std::string validate_as_text(const std::string& path, bool valijson, KeepText& sink) {
    ocds::ValidateOptions options;
    options.sources.schemas_dir = ocds::find_schemas_dir();
    ocds::ValidationProfile::explain_with_valijson(valijson);
    try {
        ocds::validate_file(path, options, sink);
    } catch (const std::exception& e) {
        sink.text += std::string("exception ") + e.what() + "\n";
    }
    ocds::ValidationProfile::explain_with_valijson(false);
    return sink.text;
}

/// Holds the findings of validating `path` equal both ways; returns the schema findings' count.
std::size_t same_findings(const std::string& path) {
    KeepText compiled, oracle;
    const std::string by_compiled = validate_as_text(path, false, compiled);
    const std::string by_valijson = validate_as_text(path, true, oracle);
    CHECK_MESSAGE(by_compiled == by_valijson, path);
    return oracle.schema;
}

void json_files(const std::string& dir, std::vector<std::string>& found) {
    DIR* folder = ::opendir(dir.c_str());
    if (!folder) {
        return;
    }
    while (const dirent* entry = ::readdir(folder)) {
        const std::string name = entry->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        const std::string path = dir + "/" + name;
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
            json_files(path, found);
        } else if (name.size() > 5 &&
                   (name.rfind(".json") == name.size() - 5 || name.rfind(".jsonl") == name.size() - 6 ||
                    name.rfind(".json.gz") == name.size() - 8)) {
            found.push_back(path);
        }
    }
    ::closedir(folder);
}

/// Real-like data from the benchmark generator: JSON Lines of release packages of twelve
/// publisher profiles (1.0, 1.1 and undeclared versions, their usual mistakes).
std::string generate_real_like(const test::TempDir& dir, int seed, const char* size) {
    const std::string path = dir.path("real-like-" + std::to_string(seed) + ".jsonl");
    const std::string command = std::string(OCDS_REAL_LIKE_GENERATOR) + " --size " + size + " --seed " +
                                std::to_string(seed) + " -o " + path + " 2>/dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    return path;
}

} // namespace

TEST_CASE("the compiled check explains every single-value change of real releases as valijson does") {
    for (const char* version : {"1.1", "1.0"}) {
        const auto profile = profile_of(version);
        REQUIRE(profile->fast_valid(Shape::release, ocds::detail::BinaryView("\x06\0\0\0\0\0\0\0\0")) != -1);
        Comparison comparison{*profile};
        const ocds::Value package = ocds::read_json_file(OCDS_FIXTURES_DIR "/validate/invalid-release-package.json");
        const auto& releases = package.find("releases")->as_array();
        for (std::size_t i = 0; i < releases.size(); i += 12) {
            comparison.compare_mutations(Shape::release, releases[i]);
        }
        ocds::Value metadata = package;
        metadata.erase("releases");
        comparison.compare_mutations(Shape::release_package, metadata);
        MESSAGE(std::string(version) << ": " << comparison.documents << " documents, " << comparison.invalid
                                     << " invalid, " << comparison.violations << " violations");
        CHECK(comparison.documents > 1000);
        CHECK(comparison.invalid > comparison.documents / 10);
    }
}

TEST_CASE("validate finds the same on every fixture with the compiled check's explanations as with valijson's") {
    std::vector<std::string> files;
    json_files(OCDS_FIXTURES_DIR, files);
    REQUIRE(files.size() > 20);
    std::size_t schema_findings = 0;
    for (const auto& file : files) {
        schema_findings += same_findings(file);
    }
    MESSAGE(files.size() << " fixtures, " << schema_findings << " schema findings");
    CHECK(schema_findings > 100);
}

TEST_CASE("on generated real-like data the compiled check explains as valijson does") {
    const test::TempDir dir;
    const auto profile_11 = profile_of("1.1");
    const auto profile_10 = profile_of("1.0");
    Comparison on_11{*profile_11}, on_10{*profile_10};
    for (int seed = 1; seed <= 3; ++seed) {
        const std::string path = generate_real_like(dir, seed, "1M");
        // Whole files: every finding the same, in the same order.
        CHECK(same_findings(path) > 100);
        // Document by document, against both versions' schemas, each release and many changes of it.
        std::size_t index = 0;
        each_item(path, [&](const ocds::Item& item) {
            for (Comparison* comparison : {&on_11, &on_10}) {
                if (index % 80 == 0) {
                    comparison->compare_mutations(Shape::release, item.value);
                } else {
                    comparison->compare(Shape::release, item.value);
                }
            }
            ++index;
        });
    }
    for (const Comparison* comparison : {&on_11, &on_10}) {
        MESSAGE(comparison->documents << " documents, " << comparison->invalid << " invalid, " << comparison->violations
                                      << " violations");
        CHECK(comparison->documents > 10000);
        CHECK(comparison->invalid > comparison->documents / 4);
        CHECK(comparison->disagreements == 0);
    }
}
