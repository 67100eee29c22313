#pragma once

#include "command.hpp"
#include "options.hpp"

#include <ocds/io/document_kind.hpp>

namespace ocds::cli {

/// `ocds package releases|records FILE...`: items from any input shape into packages.
class CommandPackage : public Command {
public:
    const char* name() const override { return "package"; }
    const char* synopsis() const override { return "ocds package releases|records [OPTIONS] [FILE...]"; }
    const char* description() const override {
        return "Wraps releases (or records) into a release package (or record package) with the package\n"
               "metadata. Items are read from any input shape: packages, JSON Lines, arrays, concatenated\n"
               "JSON, gzip. Metadata not given by an option comes from the input packages; uri and\n"
               "publisher name are required from one or the other. --max-items splits the output into\n"
               "several packages (the OCDS guidance: at most 250,000 awards or contracts per package).";
    }
    const char* examples() const override {
        return "  ocds package releases --uri https://example.org/releases.json --publisher-name 'Municipio' releases.jsonl\n"
               "  ocds package releases --config publisher.ini --max-items 1000 -o 'releases-{n}.json' releases.jsonl.gz\n"
               "  ocds package records --config publisher.ini --indent 2 records.jsonl -o records.json\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    std::string m_kind_word;
    Kind m_kind = Kind::release_package;
    std::size_t m_max_items = 0;
    InputOptions m_input;
    OutputSettings m_output;
    PackageSettings m_settings;
};

} // namespace ocds::cli
