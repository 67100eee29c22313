#include "command_help.hpp"

#include <iostream>

namespace ocds::cli {

void CommandHelp::add_options(po::options_description&, po::positional_options_description& positional,
                              po::options_description& hidden) {
    // clang-format off
    hidden.add_options()("topic", po::value<std::string>(&m_topic), "command");
    // clang-format on
    positional.add("topic", 1);
}

void CommandHelp::check(const po::variables_map&) {
    if (!m_topic.empty() && !make_command(m_topic)) {
        throw usage_error(unknown_command_message(m_topic) + " ('ocds --help' lists the commands)");
    }
}

bool CommandHelp::run() {
    std::cout << (m_topic.empty() ? general_help() : make_command(m_topic)->help());
    return true;
}

} // namespace ocds::cli
