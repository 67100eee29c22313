#pragma once

#include <ocds/core/error.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace ocds::cli {

/// A bad command line or configuration; main maps it to exit code 2.
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A problem that stops a command from doing its job at all (an input it cannot open, schemas
/// it cannot find), as opposed to a problem in the data; main maps it to exit code 2.
class fatal_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A stage of a command that chains others (ocds update) failed: main prints the message and
/// exits with the stage's documented code, for monitoring.
class stage_error : public std::runtime_error {
public:
    stage_error(int exit_code, const std::string& message) : std::runtime_error(message), m_exit_code(exit_code) {}
    int exit_code() const noexcept { return m_exit_code; }

private:
    int m_exit_code;
};

/// For commands that go on with the next file when one cannot be read: after the last file,
/// a fatal_error (exit 2) naming how many could not be read, if any.
void throw_if_unreadable(const std::vector<std::string>& unreadable);

/// "; did you mean 'validate'?" when one of `known` is a likely intended spelling of `typed`
/// (a few letters apart, or `typed` is its start), else "". `prefix` goes before the name ("--").
std::string did_you_mean(const std::string& typed, const std::vector<std::string>& known,
                         const std::string& prefix = "");

/// A library error's message as the command line says it: the settings it carries become
/// flags (--overwrite, --max-depth...) and hints, e.g. "'out.json' exists already: add
/// --overwrite (-O) to replace it".
std::string message_with_hints(const ocds::error& error);

} // namespace ocds::cli
