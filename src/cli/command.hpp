#pragma once

#include "errors.hpp"

#include <ocds/core/error.hpp>

#include <boost/program_options.hpp>

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace ocds::cli {

namespace po = boost::program_options;

/// One `ocds` command. The contract (osmium-tool's): setup() only parses and checks the
/// arguments, without I/O, and returns false when it printed --help; run() does the work and
/// returns false when it reported data problems (exit code 1).
class Command {
public:
    virtual ~Command() = default;

    virtual const char* name() const = 0;        ///< as typed: "detect-format"
    virtual const char* synopsis() const = 0;    ///< "ocds detect-format [OPTIONS] [FILE...]"
    virtual const char* description() const = 0; ///< a paragraph
    virtual const char* examples() const { return ""; }
    /// The "Exit codes:" part of the help; most commands share exit_codes_help.
    virtual const char* exit_codes() const;

    /// Parses `args` (the words after the command name) and the --config file.
    /// @throws usage_error
    bool setup(const std::vector<std::string>& args, std::ostream& help_out);

    virtual bool run() = 0;

    /// "Usage: ...", the description, every option group, examples and exit codes.
    std::string help();

    /// Every long option name this command accepts (to check config files).
    std::vector<std::string> option_names();
    /// The long option names its help lists (to suggest one for a typo).
    std::vector<std::string> visible_option_names();

    bool quiet() const noexcept { return m_quiet; }

protected:
    /// Adds the command's own option groups (the common group is added by the base).
    virtual void add_options(po::options_description& visible, po::positional_options_description& positional,
                             po::options_description& hidden) = 0;

    /// Reads the parsed values into the command's members; checks combinations.
    /// @throws usage_error
    virtual void check(const po::variables_map& values) = 0;

    std::string m_schemas_dir;

    /// The --config file, "" when none.
    const std::string& config_path() const noexcept { return m_config; }

private:
    void build_options();

    bool m_quiet = false;
    std::string m_config;
    std::unique_ptr<po::options_description> m_visible;
    std::unique_ptr<po::options_description> m_all;
    po::positional_options_description m_positional;
};

/// A registered command: its name, one-line summary, and a factory.
struct CommandInfo {
    std::string name;
    std::string summary;
    std::unique_ptr<Command> (*create)();
};

/// Registers every command (explicitly: a static library would drop self-registering objects).
const std::vector<CommandInfo>& commands();

/// The command named `name`, or nullptr.
std::unique_ptr<Command> make_command(const std::string& name);

/// "unknown command 'valdiate'; did you mean 'validate'?"
std::string unknown_command_message(const std::string& typed);

/// The text of `ocds --help`.
std::string general_help();

/// Exit codes, one line each, as printed in every help text.
extern const char* const exit_codes_help;

} // namespace ocds::cli
