#pragma once

#include <ocds/core/value.hpp>

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace ocds {

namespace detail {
class BinaryView;
} // namespace detail

/// One way a value breaks its JSON Schema, as valijson words it.
struct SchemaViolation {
    std::string pointer;  ///< RFC 6901, relative to the value validated; the object for `required`
    std::string keyword;  ///< required, type, minItems, minLength, pattern, enum, minProperties, ...
    std::string property; ///< for `required`: the missing field
    std::string detail;   ///< valijson's words, for keywords this program does not phrase itself

    bool operator==(const SchemaViolation& other) const {
        return pointer == other.pointer && keyword == other.keyword && property == other.property &&
               detail == other.detail;
    }
};

/// A JSON Schema check compiled for speed, for the subset of draft 4 that OCDS schemas
/// use once the validator has stripped what it checks itself: type, properties, required,
/// items, enum, minItems, minLength, maxLength, minProperties, minimum, maximum, pattern,
/// `additionalProperties: false` and internal `$ref`s.
///
/// valijson copies its whole error context for every value it visits, which makes it the
/// slowest part of validation by far, and real publications fail often: so this check both
/// answers yes/no and, when the answer is no, says why exactly as valijson would. Semantics
/// follow valijson's strict types: "integer" is a number written without fraction or exponent
/// that fits 64 bits. Tested invariants: valid() agrees with valijson, and explain() gives
/// valijson's violations (same pointers, keywords, words, order) on the test suite's documents
/// and on generated real-like data.
class FastCheck {
public:
    /// nullptr when the schema uses a keyword this check does not implement (then valijson
    /// decides alone).
    static std::unique_ptr<FastCheck> compile(const Value& schema);

    ~FastCheck();
    bool valid(detail::BinaryView value) const;

    /// Appends every way `value` breaks the schema, as valijson reports them once its wrapper
    /// errors ("Failed to validate item #2") are left out: in valijson's order (within a schema:
    /// enum, items, maximum, maxLength, minimum, minItems, minLength, minProperties, pattern,
    /// properties by name, then additionalProperties, required by name, type). Nothing when valid.
    void explain(detail::BinaryView value, std::vector<SchemaViolation>& violations) const;

    struct Node;

private:
    FastCheck() = default;
    std::vector<std::unique_ptr<Node>> m_nodes;
    const Node* m_root = nullptr;
};

} // namespace ocds
