#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ocds {

/// Base of every error the library throws. The CLI maps these to exit code 1 (data problem),
/// except setting_error and precondition_error.
///
/// The library never names command-line options: an error about a setting (an option or a
/// configuration key), or one that a setting can fix, carries the setting's name as data
/// (`settings()`, e.g. "overwrite", "max-depth"; "map.store" for another command's setting)
/// and, where the hint needs it, the value concerned. The CLI turns them into flags and hints.
class error : public std::runtime_error {
public:
    explicit error(const std::string& message, std::vector<std::string> settings = {}, std::string value = {})
        : std::runtime_error(message), m_settings(std::move(settings)), m_value(std::move(value)) {}

    const std::vector<std::string>& settings() const noexcept { return m_settings; }
    const std::string& value() const noexcept { return m_value; }

private:
    std::vector<std::string> m_settings;
    std::string m_value;
};

/// A file could not be opened, read or written.
class io_error : public error {
public:
    using error::error;
};

/// A setting has a value the library cannot work with (a date that is not RFC 3339, an unknown
/// merge rule, a URL of an unknown scheme). The CLI maps it to exit code 2, as a usage error.
class setting_error : public error {
public:
    setting_error(const std::string& setting, const std::string& message, std::string value = {})
        : error(message, {setting}, std::move(value)) {}
};

/// Settings without which the job cannot be done (and that nothing else gives); the CLI maps it
/// to exit code 2, naming them.
class missing_settings_error : public error {
public:
    missing_settings_error(std::vector<std::string> settings, const std::string& message)
        : error(message, std::move(settings)) {}
};

/// What a job needs before it can start is missing or broken: the bundled schemas, a time zone,
/// a release store, a built site. The CLI maps it to exit code 2.
class precondition_error : public error {
public:
    using error::error;
};

/// Where in an input something was found: file, byte offset, line and column (1-based; 0 when
/// unknown), the JSON Pointer inside the top-level value, and which top-level value it was.
struct Location {
    std::string file;
    std::uint64_t byte = 0;
    std::uint64_t line = 0;
    std::uint64_t column = 0;
    std::string pointer;
    std::uint64_t document = 0; // 0-based index of the top-level JSON value

    /// "file:line:column (byte N)" or "file (byte N)" when the line is unknown.
    std::string to_string() const;
};

/// The location of a whole file (or of a byte in it).
inline Location in_file(std::string file, std::uint64_t byte = 0) {
    Location location;
    location.file = std::move(file);
    location.byte = byte;
    return location;
}

/// Input that is not (well-formed, acceptable) JSON. what() is one line: location and reason.
class parse_error : public error {
public:
    parse_error(Location location, const std::string& reason, std::vector<std::string> settings = {});

    const Location& location() const noexcept { return m_location; }
    const std::string& reason() const noexcept { return m_reason; }

private:
    Location m_location;
    std::string m_reason;
};

/// Well-formed JSON that is not what a command expected (a record where a release must be, ...).
class data_error : public error {
public:
    data_error(Location location, const std::string& reason, std::vector<std::string> settings = {});

    const Location& location() const noexcept { return m_location; }
    const std::string& reason() const noexcept { return m_reason; }

private:
    Location m_location;
    std::string m_reason;
};

/// Builds the message of a failed system call: "<what> '<path>': <strerror(errno)>".
std::string system_message(const std::string& what, const std::string& path, int errnum);

} // namespace ocds
