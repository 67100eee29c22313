#pragma once

#include "command.hpp"
#include "options.hpp"

namespace ocds::cli {

/// `ocds indicators FILE...`: the participatory budget's dashboards' numbers, as JSON or CSV.
class CommandIndicators : public Command {
public:
    const char* name() const override { return "indicators"; }
    const char* synopsis() const override { return "ocds indicators [OPTIONS] [FILE...]"; }
    const char* description() const override {
        return "Computes the participatory budget's indicators from OCDS data of any shape (records,\n"
               "compiled releases, or releases, which are compiled first): execution of the winning\n"
               "projects (stages, estimated, contracted and paid amounts, physical progress, late\n"
               "milestones, days from the winners' announcement to the contract), feasibility of all\n"
               "projects (by sector and size, with the reasons given), and follow-up (envelopes against\n"
               "costs, direct awards, single bidders, suppliers and concentration, amendments that raised\n"
               "values, data quality: validation findings and useful fields missing per process). For all\n"
               "projects, each edition, each sector and each edition and sector. The README defines each\n"
               "indicator. Processes of other publishers (no participatory budget) count in the overall\n"
               "follow-up figures.";
    }
    const char* examples() const override {
        return "  ocds indicators records.jsonl.gz > indicators.json\n"
               "  ocds indicators --as-of 2024-09-30T00:00:00Z --format csv site/v/*/bulk/all/records.jsonl.gz -o indicators.csv\n"
               "  ocds compile releases.json | ocds indicators\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    InputOptions m_input;
    OutputSettings m_output;
    std::string m_as_of;
    std::string m_format = "json";
    bool m_no_quality = false;
    unsigned m_threads = 2;
};

} // namespace ocds::cli
