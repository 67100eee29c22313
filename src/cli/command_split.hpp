#pragma once

#include "command.hpp"
#include "options.hpp"

namespace ocds::cli {

/// `ocds split --max-items N FILE...`: packages into smaller packages.
class CommandSplit : public Command {
public:
    const char* name() const override { return "split"; }
    const char* synopsis() const override { return "ocds split --max-items N [OPTIONS] [FILE...]"; }
    const char* description() const override {
        return "Splits each release or record package into packages of at most N items that keep the\n"
               "package's metadata (options override it; '{n}' in --uri numbers them). The packages are\n"
               "written one per line, or each to its own file with '{n}' in --output.";
    }
    const char* examples() const override {
        return "  ocds split --max-items 10000 big.json -o 'part-{n}.json'\n"
               "  ocds split --max-items 250000 --uri 'https://example.org/releases-{n}.json' all.json.gz -o 'releases-{n}.json.gz'\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    std::size_t m_max_items = 0;
    InputOptions m_input;
    OutputSettings m_output;
    PackageSettings m_settings;
};

} // namespace ocds::cli
