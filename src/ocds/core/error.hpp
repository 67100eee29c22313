#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace ocds {

/// Base of every error the library throws. The CLI maps these to exit code 1 (data problem).
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A file could not be opened, read or written.
class io_error : public error {
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
    parse_error(Location location, const std::string& reason);

    const Location& location() const noexcept { return m_location; }
    const std::string& reason() const noexcept { return m_reason; }

private:
    Location m_location;
    std::string m_reason;
};

/// Well-formed JSON that is not what a command expected (a record where a release must be, ...).
class data_error : public error {
public:
    data_error(Location location, const std::string& reason);

    const Location& location() const noexcept { return m_location; }

private:
    Location m_location;
};

/// A bad command line or configuration; the CLI maps it to exit code 2.
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A problem that stops a command from doing its job at all (an input it cannot open, schemas
/// it cannot find), as opposed to a problem in the data; the CLI maps it to exit code 2.
class fatal_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Builds the message of a failed system call: "<what> '<path>': <strerror(errno)>".
std::string system_message(const std::string& what, const std::string& path, int errnum);

} // namespace ocds
