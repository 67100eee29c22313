#pragma once

#include <cstdint>
#include <map>
#include <set>
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

/// What a file says about its publication, gathered while it is validated (what the Data Review
/// Tool's page shows at its top, and more). Lists of distinct texts keep their first
/// `PublicationFacts::listed` entries and count the others.
struct PublicationFacts {
    static constexpr std::size_t listed = 10;

    /// Distinct texts in the order first seen, the first `listed` of them, and how many times
    /// texts beyond those were seen.
    struct Texts {
        std::vector<std::string> values;
        std::uint64_t others = 0;
        void add(const std::string& text);
    };
    /// The earliest and latest of some RFC 3339 date-times, as written.
    struct DateRange {
        std::string first, last;
        std::uint64_t count = 0; ///< how many valid date-times were seen
    };
    /// Distinct tenders (one per ocid), awards or contracts (per ocid and id), as the Data Review
    /// Tool counts them, and the sum of their values by currency: each counted once, with the
    /// value of the latest release (by `date`) that gives one. Sums are exact decimals.
    struct Stage {
        std::uint64_t count = 0;
        std::map<std::string, std::string> values; ///< currency → decimal sum ("1500000.5")
        std::uint64_t without_value = 0;           ///< counted, but no amount with a currency
    };

    Texts publishers; ///< publisher.name of the packages
    Texts licenses;
    Texts publication_policies;
    DateRange published;                       ///< packages' publishedDate
    DateRange release_dates;                   ///< releases' `date` (embedded releases of records included)
    std::map<std::string, std::uint64_t> tags; ///< release tag → releases with it (first 100 tags)
    std::uint64_t other_tags = 0;
    Stage tenders, awards, contracts;
};

/// What was validated in one file.
/// Why items were validated with an OCDS version (a key fact of the report).
enum class VersionReason {
    declared,             ///< their package's "version"
    package_without,      ///< their package has no "version": 1.0
    unknown,              ///< their package's "version" is no OCDS version: 1.1
    bare_with_parties,    ///< outside packages, with `parties` (added in 1.1): 1.1, OCDS Kit's rule
    bare_without_parties, ///< outside packages, without `parties`: 1.0, OCDS Kit's rule
    setting,              ///< the schema-version setting chose it
};

struct FileSummary {
    std::string file;
    std::uint64_t releases = 0;
    std::uint64_t records = 0;
    std::uint64_t packages = 0;
    std::uint64_t ocids = 0;                                               ///< distinct ocids of releases and records
    std::map<std::string, std::uint64_t> schema_versions;                  ///< "1.1.5" → items validated with it
    std::map<std::string, std::set<VersionReason>> schema_version_reasons; ///< "1.1.5" → why
    std::vector<std::string> extensions;                                   ///< extensions applied
    std::vector<std::string> unavailable_extensions;
    std::uint64_t errors = 0, warnings = 0, infos = 0;
    bool complete = true; ///< false when the file could not be read to its end
    PublicationFacts facts;
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
