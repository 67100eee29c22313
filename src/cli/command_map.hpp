#pragma once

#include "command.hpp"
#include "options.hpp"

#include <ocds/map/map_run.hpp>
#include <ocds/io/package.hpp>

namespace ocds::cli {

/// `ocds map --config FILE [INPUT.jsonl...]`: budget-project records into the release store.
class CommandMap : public Command {
public:
    const char* name() const override { return "map"; }
    const char* synopsis() const override {
        return "ocds map --config FILE [OPTIONS] [INPUT.jsonl...]\n       ocds map --config FILE --from-consul CONNINFO [OPTIONS]";
    }
    const char* description() const override {
        return "Maps participatory-budget project records (JSON Lines, schemas/budget-project-record.schema.json)\n"
               "into OCDS releases: one planning process per project and one contracting process per\n"
               "procurement. Each line is checked first; a bad line is reported (file, line, project, JSON\n"
               "Pointer, what was expected) and nothing is written for it. The release store (--store) keeps\n"
               "every release ever made, one file each, never rewritten: each process is compared with the\n"
               "compiled releases already stored, and only a new or changed process gets a new release (with\n"
               "null for what disappeared). Publisher-wide settings come from the configuration file.\n"
               "With --from-consul the records come straight from CONSUL's PostgreSQL database, through the\n"
               "export query installed with the schemas (consul/budget-projects.sql; psql runs the same file).\n"
               "Exit code 0 when every record was mapped, 1 when some were rejected, 2 for a bad configuration.";
    }
    const char* examples() const override {
        return "  ocds map --config examples/san-pedro/publisher.ini examples/san-pedro/export-1.jsonl\n"
               "  ocds map --config publisher.ini --store /srv/ocds-data --now 2024-08-01T12:00:00Z export.jsonl\n"
               "  ocds map --config publisher.ini export.jsonl -o new-releases.json\n"
               "  ocds map --config publisher.ini --from-consul 'dbname=consul_production user=ocds_export'\n";
    }
    bool run() override;

    /// Maps (errors and warnings to standard error, not the summary) and returns the figures; for
    /// run() and for ocds update.
    MapSummary map();
    /// "95 projects read; processes: ...; 62 releases written to ocds-data": the figures in one line.
    std::string summary_line(const MapSummary& summary) const;
    /// Where the records come from, for messages: "CONSUL (dbname=... password=***)" or the files.
    std::string source_name() const;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    void check_consul(const po::variables_map& values);

    InputOptions m_input;
    OutputSettings m_output;
    PackageSettings m_package;
    MapOptions m_options;
    std::string m_time_zone;
    std::string m_from_consul;
    std::string m_editions;
    ConsulSource m_consul;
};

} // namespace ocds::cli
