#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ocds {

enum class Severity { error, warning, info };

const char* severity_name(Severity severity) noexcept;

/// One thing wrong or notable in a dataset. `message` never holds the value itself, so that
/// findings of one kind group together in reports; the value is in `value`.
struct Finding {
    Severity severity = Severity::error;
    std::string check;   ///< the check's documented name: schema, closed-codelist, reference, ...
    std::string keyword; ///< the JSON Schema keyword or the OCDS rule that failed
    std::string path;    ///< RFC 6901 JSON Pointer in the top-level value (the object, for a missing field)
    std::string field;   ///< the path without array indexes: releases/tender/status
    std::string value;   ///< the value as JSON, cut at 200 characters; empty when there is none
    bool truncated = false;
    std::string message;
    std::uint64_t line = 0;     ///< line where the item holding the value starts (0: unknown)
    std::uint64_t document = 0; ///< 0-based index of the top-level JSON value
};

/// What was validated in one file.
struct FileSummary {
    std::string file;
    std::uint64_t releases = 0;
    std::uint64_t records = 0;
    std::uint64_t packages = 0;
    std::uint64_t ocids = 0;       ///< distinct ocids of releases and records
    std::map<std::string, std::uint64_t> schema_versions; ///< "1.1.5" → items validated with it
    std::vector<std::string> extensions;                  ///< extensions applied
    std::vector<std::string> unavailable_extensions;
    std::uint64_t errors = 0, warnings = 0, infos = 0;
    bool complete = true; ///< false when the file could not be read to its end
};

/// Receives findings as they are made, in input order.
class FindingSink {
public:
    virtual ~FindingSink() = default;
    virtual void begin_file(const std::string& file) = 0;
    virtual void add(const Finding& finding) = 0;
    virtual void end_file(const FileSummary& summary) = 0;
};

} // namespace ocds
