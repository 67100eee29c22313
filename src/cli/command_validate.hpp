#pragma once

#include "command.hpp"
#include "options.hpp"

#include <ocds/io/output.hpp>
#include <ocds/validate/validation.hpp>

namespace ocds::cli {

/// `ocds validate FILE...`: JSON Schema and the OCDS checks beyond it, streamed (any size).
class CommandValidate : public Command {
public:
    const char* name() const override { return "validate"; }
    const char* synopsis() const override { return "ocds validate [OPTIONS] [FILE...]"; }
    const char* description() const override {
        return "Checks OCDS data of any shape (packages, releases, records, compiled and versioned releases,\n"
               "arrays, JSON Lines, gzip) as the OCDS Data Review Tool does, and further: JSON Schema (draft 4)\n"
               "against the bundled schema of the data's version with the package's extensions applied;\n"
               "release and record uniqueness, codelists, deprecated, additional and empty fields, formats,\n"
               "ocid prefixes and ids; then references to parties and awards, party roles, dates in order,\n"
               "negative amounts, mixed currencies and records whose compiled release is not the merge of\n"
               "their releases. Offline unless --fetch-extensions. Exit code 0 when there are no errors\n"
               "(warnings and infos allowed), 1 when there are, 2 when a file cannot be read at all.\n"
               "Every check is described in the README.";
    }
    const char* examples() const override {
        return "  ocds validate releases.json\n"
               "  ocds validate --format json records.jsonl.gz > report.json\n"
               "  ocds validate --format html -o report.html package.json\n"
               "  ocds validate --schema-version 1.1 release.json\n"
               "  ocds validate --fetch-extensions --extensions-dir ~/.cache/ocds/extensions package.json\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    InputOptions m_input;
    ValidateOptions m_options;
    std::string m_format = "text";
    std::size_t m_examples = 5;
    std::string m_output_path = "-";
    OutputOptions m_output_options;
};

} // namespace ocds::cli
