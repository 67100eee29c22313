#pragma once

#include "command.hpp"
#include "options.hpp"

#include <ocds/merge/compiler.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/schema/merge_rules.hpp>

#include <map>

namespace ocds::cli {

/// `ocds compile FILE...`: releases into compiled releases, versioned releases or records.
class CommandCompile : public Command {
public:
    const char* name() const override { return "compile"; }
    const char* synopsis() const override { return "ocds compile [OPTIONS] [FILE...]"; }
    const char* description() const override {
        return "Merges the releases of each contracting process (ocid) into its compiled release, as the\n"
               "OCDS merging rules and the reference implementation do, and writes one per line, ordered\n"
               "by ocid. Releases come from any input (release packages, records' embedded releases,\n"
               "JSON Lines, arrays, gzip), in any order: input larger than memory is grouped through\n"
               "scratch files. The merge rules come from the bundled schema of the data's version (1.0\n"
               "for packages without one, 1.1 for bare releases) patched with the packages' extensions.\n"
               "With --check, recomputes each record's compiled and versioned release from its\n"
               "embedded releases and reports every difference (ignoring the compiled release's id and tag).";
    }
    const char* examples() const override {
        return "  ocds compile releases.jsonl.gz > compiled.jsonl\n"
               "  ocds compile --versioned releases.json -o versioned.jsonl\n"
               "  ocds compile --package --versioned --config publisher.ini --uri https://example.org/records.json releases.json -o records.json\n"
               "  ocds compile --package --linked-releases --release-url 'https://example.org/releases/{ocid}/{id}.json#{id}' ...\n"
               "  ocds compile --merge-rule awards.items=append releases.json\n"
               "  ocds compile --check record-package.json\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    /// A warning about the whole input, with the check it is listed under in --warnings-json.
    struct Note {
        std::string check;
        std::string message;
    };

    bool run_check();
    MergeRules rules_for(const std::string& version, const std::vector<std::string>& extensions,
                         std::vector<Note>& notes);
    void report_warnings(Compiler& compiler, const std::vector<Note>& notes);

    InputOptions m_input;
    OutputSettings m_output;
    PackageSettings m_settings;
    bool m_versioned = false;
    bool m_package = false;
    bool m_linked = false;
    bool m_check = false;
    std::string m_release_url;
    std::string m_schema_file;
    std::string m_schema_version;
    std::string m_extensions_dir;
    std::vector<std::string> m_merge_rules;
    std::map<std::string, ArrayOverride> m_overrides;
    std::string m_warnings_json;
    std::string m_tmpdir;
    unsigned m_threads = 2;
    std::size_t m_partitions = 256;
};

} // namespace ocds::cli
