#pragma once

#include "command.hpp"

#include <ocds/publish/pull.hpp>

namespace ocds::cli {

/// `ocds pull URL --out DIR`: a publication's bulk files, verified.
class CommandPull : public Command {
public:
    const char* name() const override { return "pull"; }
    const char* synopsis() const override { return "ocds pull URL [--out DIR] [--version VERSION] [OPTIONS]"; }
    const char* description() const override {
        return "Downloads the bulk files of an ocds publication (the current version, named by its\n"
               "latest.json, or --version) as its manifest lists them, and checks every sha256. Interrupted\n"
               "downloads are resumed (Range requests); files already present and verified are skipped. A\n"
               "file whose sha256 does not match is not kept. Exit code 1 when any file could not be fetched\n"
               "or verified.";
    }
    const char* examples() const override {
        return "  ocds pull https://datos.sanpedro.gob.mx/ocds --out sanpedro\n"
               "  ocds pull https://datos.sanpedro.gob.mx/ocds --version 20240927T180000Z --out sanpedro-sept\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    PullOptions m_options;
};

} // namespace ocds::cli
