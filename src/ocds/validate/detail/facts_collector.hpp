#pragma once

#include <ocds/core/string_formats.hpp>
#include <ocds/core/value.hpp>
#include <ocds/io/document_kind.hpp>
#include <ocds/validate/findings.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ocds::detail {

class BinaryView;

/// An amount in millionths, exact for what publishers write (amounts with more than six decimal
/// places are rounded to six).
__extension__ typedef __int128 Micros;

/// `text` (a JSON number) in millionths; false when it is too large to add up (beyond 1e30).
bool parse_micros(std::string_view text, Micros& out);

/// Millionths as a plain decimal: "1500000.5", "-0.25", "0".
std::string micros_text(Micros value);

/// What one release (or compiled release) adds to the publication facts. Made on a validating
/// thread, merged on the reading thread in input order.
struct ReleaseFacts {
    bool dated = false; ///< `date` is a valid date-time
    std::string date;
    Instant instant;
    bool counts_release = true; ///< its date and tags count (not a record's compiled release)
    std::vector<std::string> tags;
    /// A tender (key: its ocid), an award or a contract (key: ocid and id) and its value.
    struct Staged {
        int stage = 0; ///< 0 tender, 1 award, 2 contract
        std::uint64_t key = 0;
        bool valued = false;
        Micros amount = 0;
        std::string currency;
    };
    std::vector<Staged> staged;
};

/// The facts of an item as the reader gives it: a release, a compiled release, or a record (its
/// releases' dates and tags; the values of its compiled release, else of its embedded releases).
/// Versioned releases give nothing (their values are histories).
void extract_facts(BinaryView item, Kind kind, std::vector<ReleaseFacts>& out);

/// Gathers the facts of one file. Memory: a few dozen bytes per distinct tender, award and
/// contract, as the Data Review Tool's sets of ids.
class FactsCollector {
public:
    void add_package(const Value& metadata);
    void add(const ReleaseFacts& release);
    /// Adds up the values into `facts`.
    void finish(PublicationFacts& facts);

private:
    struct Latest {
        Instant instant;
        bool dated = false;
        bool valued = false;
        std::uint16_t currency = 0;
        std::uint8_t stage = 0;
        Micros amount = 0;
    };
    void add_date(PublicationFacts::DateRange& range, Instant& first, Instant& last, const std::string& text,
                  const Instant& instant);
    std::uint16_t currency_index(const std::string& currency);

    PublicationFacts m_facts;
    Instant m_first_published, m_last_published, m_first_release, m_last_release;
    std::unordered_map<std::uint64_t, Latest> m_latest;
    std::vector<std::string> m_currencies;
};

} // namespace ocds::detail
