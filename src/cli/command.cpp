#include "command.hpp"

#include "config.hpp"

#include <ostream>
#include <sstream>

namespace ocds::cli {

const char* const exit_codes_help =
    "Exit codes:\n"
    "  0  success\n"
    "  1  a data problem: input that is not acceptable JSON or OCDS, data with errors (validate), or a\n"
    "     transfer that failed (a server that cannot be reached, refuses, or sends something else)\n"
    "  2  the command could not do its work: a usage error (unknown command or option, missing or bad\n"
    "     argument, an output file that exists without --overwrite), a file that cannot be opened, read\n"
    "     or written, or a fatal internal error\n";

void Command::build_options() {
    if (m_all) {
        return;
    }
    m_visible = std::make_unique<po::options_description>("OPTIONS");
    po::options_description common("Common options");
    // clang-format off
    common.add_options()
        ("help,h", "show this help")
        ("quiet,q", po::bool_switch(&m_quiet), "no progress or summary on stderr")
        ("config", po::value<std::string>(&m_config)->value_name("FILE"),
         "read options from an INI file: 'name = value' lines, optionally under [command] sections; "
         "the command line wins")
        ("schemas-dir", po::value<std::string>(&m_schemas_dir)->value_name("DIR"),
         "the bundled OCDS schemas folder (default: found beside the program or in its source tree)");
    // clang-format on
    po::options_description hidden;
    add_options(*m_visible, m_positional, hidden);
    m_visible->add(common);
    m_all = std::make_unique<po::options_description>();
    m_all->add(*m_visible).add(hidden);
}

namespace {
std::vector<std::string> long_names(const po::options_description& options) {
    std::vector<std::string> names;
    for (const auto& option : options.options()) {
        names.push_back(option->long_name());
    }
    return names;
}
} // namespace

std::vector<std::string> Command::visible_option_names() {
    build_options();
    return long_names(*m_visible);
}

std::vector<std::string> Command::option_names() {
    build_options();
    return long_names(*m_all);
}

bool Command::setup(const std::vector<std::string>& args, std::ostream& help_out) {
    build_options();
    po::variables_map values;
    try {
        po::store(po::command_line_parser(args).options(*m_all).positional(m_positional).run(), values);
        if (values.count("help")) {
            help_out << help();
            return false;
        }
        if (values.count("config")) {
            // Stored after the command line, so the command line wins.
            const std::string path = values["config"].as<std::string>();
            po::store(parse_config(path, name(), *m_all), values);
        }
        po::notify(values);
    } catch (const po::unknown_option& e) {
        std::string typed = e.get_option_name();
        typed.erase(0, typed.find_first_not_of('-'));
        throw usage_error(std::string(e.what()) + did_you_mean(typed, visible_option_names(), "--"));
    } catch (const po::error& e) {
        throw usage_error(e.what());
    }
    check(values);
    return true;
}

std::string Command::help() {
    build_options();
    std::ostringstream text;
    text << "Usage: " << synopsis() << "\n\n" << description() << "\n\n" << *m_visible;
    const std::string more = examples();
    if (!more.empty()) {
        text << "\nExamples:\n" << more;
    }
    text << '\n' << exit_codes();
    return text.str();
}

const char* Command::exit_codes() const {
    return exit_codes_help;
}

std::unique_ptr<Command> make_command(const std::string& name) {
    for (const auto& info : commands()) {
        if (info.name == name) {
            return info.create();
        }
    }
    return nullptr;
}

std::string unknown_command_message(const std::string& typed) {
    std::vector<std::string> names;
    for (const auto& info : commands()) {
        names.push_back(info.name);
    }
    return "unknown command '" + typed + "'" + did_you_mean(typed, names);
}

std::string general_help() {
    std::ostringstream text;
    text << "Usage: ocds COMMAND [OPTIONS] [FILE...]\n"
            "       ocds help COMMAND | ocds COMMAND --help\n"
            "       ocds --version\n\n"
            "Publish and check Open Contracting Data Standard (OCDS) data. Every command reads any OCDS\n"
            "shape (packages, releases, records, arrays, JSON Lines, concatenated JSON, gzip); no FILE or\n"
            "'-' reads standard input.\n\n"
            "Commands:\n";
    for (const auto& info : commands()) {
        text << "  " << info.name << std::string(info.name.size() < 16 ? 16 - info.name.size() : 1, ' ') << info.summary
             << '\n';
    }
    text << '\n' << exit_codes_help;
    return text.str();
}

} // namespace ocds::cli
