#pragma once

#include "command.hpp"

namespace ocds::cli {

/// `ocds help [COMMAND]`: the general help, or a command's.
class CommandHelp : public Command {
public:
    const char* name() const override { return "help"; }
    const char* synopsis() const override { return "ocds help [COMMAND]"; }
    const char* description() const override {
        return "Shows the list of commands, or the options and examples of COMMAND (the same as\n"
               "'ocds COMMAND --help').";
    }
    bool run() override;

protected:
    void add_options(po::options_description& visible, po::positional_options_description& positional,
                     po::options_description& hidden) override;
    void check(const po::variables_map& values) override;

private:
    std::string m_topic;
};

} // namespace ocds::cli
