#pragma once

#include <ocds/core/value.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace ocds {

/// How a field is merged, beyond the default (objects merged field by field, literals replaced,
/// arrays of objects merged by `id`).
enum class MergeRule {
    none,
    omit,       ///< omitWhenMerged (or 1.0's mergeStrategy ocdsOmit): dropped
    whole_list, ///< wholeListMerge (or ocdsVersion), or implied by the schema: the array is a literal
};

/// A user's override for an array of objects whose publisher reuses ids wrongly.
enum class ArrayOverride {
    none,
    append,            ///< never merge objects by id: append every one
    merge_by_position, ///< merge objects by their position in the array
};

/// The merge rules of a release schema, as a tree of field names (array items are transparent,
/// so `awards.items.additionalClassifications` names the field in every award's every item).
/// Derived from the schema, never hard-coded: `$ref`s are followed, and the rules are those of the
/// OCDS merging specification (omitWhenMerged, wholeListMerge, arrays of non-objects, arrays of
/// objects without an `id` property).
class MergeRules {
public:
    struct Node {
        MergeRule rule = MergeRule::none;
        ArrayOverride override = ArrayOverride::none;
        std::map<std::string, std::unique_ptr<Node>, std::less<>> children;

        /// The node of a child field, or nullptr when no rule applies at or below it.
        const Node* child(std::string_view key) const {
            const auto found = children.find(key);
            return found == children.end() ? nullptr : found->second.get();
        }
    };

    MergeRules() : m_root(std::make_unique<Node>()) {}

    /// @throws data_error when the schema has no `properties` object
    static MergeRules from_schema(const Value& schema);

    /// Sets an override for the dotted path of an array (e.g. "awards.items").
    void set_override(const std::string& dotted_path, ArrayOverride override);

    const Node& root() const noexcept { return *m_root; }

    /// Every path with a rule, dotted, to "omitWhenMerged" or "wholeListMerge".
    std::map<std::string, std::string> describe() const;

private:
    Node& node_at(const std::string& dotted_path);
    std::unique_ptr<Node> m_root;
};

/// Parses "append" or "merge-by-position" (also the reference's APPEND, MERGE_BY_POSITION).
/// @throws setting_error otherwise
ArrayOverride parse_array_override(const std::string& text);

} // namespace ocds
