#pragma once

#include "command.hpp"

#include <ocds/build/publication_build.hpp>

namespace ocds::cli {

/// `ocds build --store DIR --out SITE`: the publication tree from the release store.
class CommandBuild : public Command {
public:
    const char* name() const override { return "build"; }
    const char* synopsis() const override { return "ocds build [--config FILE] [--store DIR] [--out SITE] [OPTIONS]"; }
    const char* description() const override {
        return "Builds the publication tree from the release store (made by 'ocds map'): a single-release\n"
               "package per release at a permanent URL (releases/<ocid>/<id>.json, never changed), the current\n"
               "record package of each process (records/<ocid>.json: linked releases, compiled and versioned\n"
               "release), and a new version under v/<version>/ with bulk files per year of each process's first\n"
               "release and for all years (JSON Lines and packages within the OCDS size limits, gzipped),\n"
               "ocids.txt, index.html and manifest.json (every file with size and sha256). The publisher's own\n"
               "extensions are hosted under extensions/. index.html and latest.json are written last. A build\n"
               "of an unchanged store with the same --now gives the same bytes.";
    }
    const char* examples() const override {
        return "  ocds build --config examples/san-pedro/publisher.ini --store ocds-data --out site\n"
               "  ocds build --config publisher.ini --store /srv/ocds-data --out /srv/site --keep 3\n";
    }
    bool run() override;

    /// Builds (progress on standard error unless quiet) and returns the figures; for run() and
    /// for ocds update.
    BuildSummary build();
    static std::string summary_line(const BuildSummary& summary);

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    BuildOptions m_options;
};

} // namespace ocds::cli
