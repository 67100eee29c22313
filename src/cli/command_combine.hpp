#pragma once

#include "command.hpp"
#include "options.hpp"

namespace ocds::cli {

/// `ocds combine FILE...`: packages of one kind into one package.
class CommandCombine : public Command {
public:
    const char* name() const override { return "combine"; }
    const char* synopsis() const override { return "ocds combine [OPTIONS] [FILE...]"; }
    const char* description() const override {
        return "Merges release packages (or record packages) into one package, streaming. The metadata\n"
               "is the first package's uri, publisher, license and publicationPolicy, the highest\n"
               "version, the latest publishedDate, and every package's extensions (and, for record\n"
               "packages, packages), unless options say otherwise. Mixing release and record packages\n"
               "is an error.";
    }
    const char* examples() const override {
        return "  ocds combine 2023/*.json -o releases-2023.json\n"
               "  ocds combine --uri https://example.org/all.json part-1.json part-2.json.gz\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    InputOptions m_input;
    OutputSettings m_output;
    PackageSettings m_settings;
};

} // namespace ocds::cli
