#pragma once

#include "command.hpp"
#include "command_build.hpp"
#include "command_map.hpp"
#include "command_publish.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ocds::cli {

/// `ocds update --config FILE`: what a scheduler runs every night: map (from CONSUL or a JSON
/// Lines file), build, publish, under a lock, one log line per stage, an exit code per outcome.
class CommandUpdate : public Command {
public:
    const char* name() const override { return "update"; }
    const char* synopsis() const override { return "ocds update --config FILE [OPTIONS] [INPUT.jsonl]"; }
    const char* description() const override {
        return "The one command a scheduler runs: reads the projects (from CONSUL's database with\n"
               "from-consul = CONNINFO in the configuration, or from INPUT.jsonl), maps them into the release\n"
               "store ('ocds map'), builds the publication ('ocds build') and publishes it to the configured\n"
               "target ('ocds publish --to'). Every setting of those commands is read from the same --config\n"
               "file (sections [map], [build], [publish] hold settings for one of them only). A lock file\n"
               "keeps two runs from overlapping; each stage writes one line on standard error; a stage that\n"
               "fails stops the run, so nothing is published unless the map and the build succeeded (the store\n"
               "and the site are left as a complete earlier run left them, and the target keeps serving its\n"
               "current version).";
    }
    const char* examples() const override {
        return "  ocds update --config /etc/ocds/publisher.ini\n"
               "  ocds update --config publisher.ini --now 2024-09-27T18:00:00Z export.jsonl\n";
    }
    const char* exit_codes() const override {
        return "Exit codes:\n"
               "  0  published: the target serves the current data\n"
               "  1  published, but some projects were rejected (the errors name them); fix them in the source\n"
               "  2  a usage or configuration error; nothing was done\n"
               "  3  another update holds the lock; nothing was done\n"
               "  4  reading or mapping failed (the database cannot be reached or went away, the input cannot be\n"
               "     read, the store cannot be written); nothing was built or published\n"
               "  5  the build failed; nothing was published, the site is as it was\n"
               "  6  the publish failed; the target still serves its previous version, the next run completes it\n";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    /// One log line: "ocds update: <stage>: <text> (<seconds> s)".
    void log(const char* stage, const std::string& text, double seconds) const;

    std::string m_store;
    std::string m_site;
    std::string m_target;
    std::string m_from_consul;
    std::string m_now;
    std::string m_lock;
    std::vector<std::string> m_inputs;
    CommandMap m_map;
    CommandBuild m_build;
    CommandPublish m_publish;
};

} // namespace ocds::cli
