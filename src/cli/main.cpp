// ocds: the command line. Maps argv to a command and errors to exit codes (0, 1, 2); the only
// place that prints errors.

#include "command.hpp"

#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/version.hpp>

#include <iostream>
#include <new>
#include <string>
#include <vector>

namespace {

constexpr int exit_ok = 0;
constexpr int exit_data = 1;  // the data has problems
constexpr int exit_usage = 2; // the command could not do its work: usage, files, internal errors

int usage(const std::string& message) {
    std::cerr << "ocds: " << message << "\nTry 'ocds --help'.\n";
    return exit_usage;
}

} // namespace

int main(int argc, char* argv[]) {
    std::ios::sync_with_stdio(false);
    const std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty()) {
        std::cerr << ocds::cli::general_help();
        return exit_usage;
    }
    const std::string& first = words.front();
    if (first == "--help" || first == "-h") {
        std::cout << ocds::cli::general_help();
        return exit_ok;
    }
    if (first == "--version" || first == "-V") {
        std::cout << "ocds " << ocds::version_string << "\n";
        try {
            std::cout << "OCDS schemas: " << ocds::find_schemas_dir() << "\n";
        } catch (const ocds::error& e) {
            std::cout << "OCDS schemas: not found (" << e.what() << ")\n";
        }
        return exit_ok;
    }
    auto command = ocds::cli::make_command(first);
    if (!command) {
        return usage(first[0] == '-' ? "unknown option '" + first + "' before the command"
                                     : ocds::cli::unknown_command_message(first));
    }
    const std::string prefix = "ocds " + first + ": ";
    try {
        if (!command->setup({words.begin() + 1, words.end()}, std::cout)) {
            return exit_ok;
        }
        return command->run() ? exit_ok : exit_data;
    } catch (const ocds::cli::stage_error& e) {
        std::cerr << prefix << "error: " << e.what() << '\n';
        return e.exit_code();
    } catch (const ocds::cli::usage_error& e) {
        std::cerr << prefix << e.what() << "\nTry 'ocds " << first << " --help'.\n";
        return exit_usage;
    } catch (const ocds::setting_error& e) {
        std::cerr << prefix << ocds::cli::message_with_hints(e) << "\nTry 'ocds " << first << " --help'.\n";
        return exit_usage;
    } catch (const ocds::missing_settings_error& e) {
        std::cerr << prefix << ocds::cli::message_with_hints(e) << "\nTry 'ocds " << first << " --help'.\n";
        return exit_usage;
    } catch (const ocds::cli::fatal_error& e) {
        std::cerr << prefix << "fatal: " << e.what() << '\n';
        return exit_usage;
    } catch (const ocds::precondition_error& e) {
        std::cerr << prefix << "fatal: " << ocds::cli::message_with_hints(e) << '\n';
        return exit_usage;
    } catch (const ocds::io_error& e) {
        // A file that cannot be opened, read or written is no data problem: the command could not
        // do its work at all (a path mistyped, a permission, a full disk, an output in the way).
        std::cerr << prefix << "error: " << ocds::cli::message_with_hints(e) << '\n';
        return exit_usage;
    } catch (const ocds::error& e) {
        std::cerr << prefix << "error: " << ocds::cli::message_with_hints(e) << '\n';
        return exit_data;
    } catch (const std::bad_alloc&) {
        std::cerr << prefix << "fatal: out of memory\n";
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << prefix << "fatal: " << e.what() << '\n';
        return exit_usage;
    }
}
