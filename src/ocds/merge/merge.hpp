#pragma once

#include <ocds/core/error.hpp>
#include <ocds/schema/merge_rules.hpp>
#include <ocds/core/value.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ocds {

class JsonWriter;

namespace detail {
class BinaryView;
} // namespace detail

/// Something odd the merge met and went on from.
struct MergeWarning {
    std::string check; ///< duplicate-id, missing-id, same-date, duplicate-release-id, null-container
    std::string ocid;
    std::string release_id;
    std::string path; ///< JSON Pointer inside the release (of the array, for duplicate-id and missing-id)
    std::string message;
    std::string value; ///< duplicate-id: the id, quoted as the reference implementation quotes it ('1')
};

/// A warning as a JSON object: {check, ocid, release, path, message}.
Value warning_to_value(const MergeWarning& warning);

/// A release set that cannot be merged: a missing, null or non-string date, or a field that is
/// an object in one release and a literal or array in another.
class merge_error : public error {
public:
    merge_error(std::string ocid, const std::string& release_id, const std::string& path, const std::string& reason);
    const std::string& ocid() const noexcept { return m_ocid; }

private:
    std::string m_ocid;
};

/// What to produce from one contracting process's releases.
struct MergeOutput {
    bool compiled = true;
    bool versioned = false;
    /// false: nothing is added to the warnings, for a check that needs the merged values alone
    /// (a process of a million releases sharing dates would otherwise hold a million warnings).
    bool warnings = true;
};

struct MergeResult {
    Value compiled;                 ///< when asked for
    Value versioned;                ///< when asked for
    std::vector<std::size_t> order; ///< the releases' indexes in date order (stable)
};

/// Merges the releases of one contracting process into its compiled and/or versioned release,
/// as the OCDS merging specification and its reference implementation (ocds-merge) do:
/// releases in date order (a stable sort of the date strings); fields omitted when merged;
/// objects merged field by field; literals, whole-list arrays and arrays of non-objects
/// replaced; arrays of objects merged by `id` (or appended, or by position, with an override);
/// `null` removing a literal field (compiled) or recorded as a version (versioned).
/// Numbers and strings keep their exact text.
/// @throws merge_error
MergeResult merge_releases(const std::vector<const Value*>& releases, const MergeRules& rules, MergeOutput output,
                           std::vector<MergeWarning>& warnings);

/// The same, for releases read straight from the scratch encoding (detail/binary.hpp).
MergeResult merge_encoded_releases(const std::vector<detail::BinaryView>& releases, const MergeRules& rules,
                                   MergeOutput output, std::vector<MergeWarning>& warnings);

/// The compiled release alone, for releases read straight from the scratch encoding, written as
/// JSON (as JsonWriter writes merge_encoded_releases' `compiled` at `level`) straight from the
/// merged state: leaves are copied from the releases, no Value is built. Returns the releases'
/// indexes in date order. Nothing is written when it throws.
/// @throws merge_error
std::vector<std::size_t> write_compiled_release(const std::vector<detail::BinaryView>& releases,
                                                const MergeRules& rules, std::vector<MergeWarning>& warnings,
                                                JsonWriter& writer, int level);

/// The compiled release of a process of one release, written straight from the encoded release
/// without a merge tree, when that gives the bytes and warnings write_compiled_release's tree
/// gives: false, and nothing written or warned, for a release the tree treats otherwise (nulls,
/// repeated keys, repeated ids in an array, fields left empty, no string ocid or date).
/// write_compiled_release takes this way by itself.
bool write_single_compiled_release(const detail::BinaryView& release, const MergeRules& rules,
                                   std::vector<MergeWarning>& warnings, JsonWriter& writer, int level);

/// The same merge, for releases handed over one at a time in date order (releases of equal
/// dates in input order), holding only the merged state: memory does not grow with the number
/// of releases of the process. `order` of the result is left empty.
class IncrementalMerge {
public:
    IncrementalMerge(const MergeRules& rules, MergeOutput output, std::vector<MergeWarning>& warnings);
    ~IncrementalMerge();
    IncrementalMerge(const IncrementalMerge&) = delete;
    IncrementalMerge& operator=(const IncrementalMerge&) = delete;

    /// @throws merge_error (a release without a string date; a field that is an object in one
    /// release and a literal in another)
    void add(const detail::BinaryView& release);
    /// The same, for a release held as a Value (not kept after the call: leaves are copied).
    void add(const Value& release);
    MergeResult finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ocds
