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

/// A yes/no JSON Schema check compiled for speed, for the subset of draft 4 that OCDS schemas
/// use once the validator has stripped what it checks itself: type, properties, required,
/// items, enum, minItems, minLength, maxLength, minProperties, minimum, maximum, pattern,
/// `additionalProperties: false` and internal `$ref`s.
///
/// valijson copies its whole error context for every value it visits, which makes it the
/// slowest part of validation by far; valid data is the usual case, so the validator asks this
/// check first and runs valijson only on what fails, to say why. Semantics follow valijson's
/// strict types: "integer" is a number written without fraction or exponent that fits 64 bits.
/// A tested invariant: valid() agrees with valijson on every document of the test suite.
class FastCheck {
public:
    /// nullptr when the schema uses a keyword this check does not implement (then valijson
    /// decides alone).
    static std::unique_ptr<FastCheck> compile(const Value& schema);

    ~FastCheck();
    bool valid(detail::BinaryView value) const;

    struct Node;

private:
    FastCheck() = default;
    std::vector<std::unique_ptr<Node>> m_nodes;
    const Node* m_root = nullptr;
};

} // namespace ocds
