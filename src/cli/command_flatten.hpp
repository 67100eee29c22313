#pragma once

#include "command.hpp"
#include "options.hpp"

#include <ocds/indicators/flatten.hpp>

namespace ocds::cli {

/// `ocds flatten FILE... -o DIR`: compiled releases (releases are compiled first) into CSV tables.
class CommandFlatten : public Command {
public:
    const char* name() const override { return "flatten"; }
    const char* synopsis() const override { return "ocds flatten [OPTIONS] [FILE...] -o DIR"; }
    const char* description() const override {
        return "Turns compiled releases into CSV tables (RFC 4180, UTF-8, CRLF) that a spreadsheet opens:\n"
               "processes.csv (one row per compiled release, every field outside arrays of objects) and\n"
               "parties, items, awards, contracts, payments, milestones and documents (one row per object,\n"
               "keyed by ocid, id and, when nested, in and parentID, or contractID). Nested fields are\n"
               "columns named with '/' (value/amount); lists are joined with ';' (roles: buyer;payer;\n"
               "suppliers/id: A;B). Only tables with rows are written; processes.csv always.\n"
               "Records give their compiledRelease; releases (and records that only embed releases) are\n"
               "compiled first, as ocds compile does, so each contracting process is one row. Tables\n"
               "appear all at once, and only when the whole input was read without error.";
    }
    const char* examples() const override {
        return "  ocds flatten releases.json -o tables              # compiled first: one row per process\n"
               "  ocds flatten --bom records.json -o tables          # for Excel\n"
               "  ocds flatten --gzip -O compiled.jsonl.gz -o tables  # tables/*.csv.gz, replacing old ones\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    InputOptions m_input;
    std::string m_directory;
    std::string m_tmpdir;
    FlattenOptions m_options;
};

} // namespace ocds::cli
