#pragma once

#include <ocds/schema/codelists.hpp>
#include <ocds/schema/merge_rules.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/core/value.hpp>
#include <ocds/validate/fast_check.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocds {

namespace detail {
class BinaryView;
} // namespace detail

enum class StringFormat { none, date_time, date, uri, email };

struct SchemaNode;

/// A field of an object schema, with what its own schema says beside any `$ref`.
struct SchemaProperty {
    const SchemaNode* node = nullptr;
    std::string deprecated_version; ///< non-empty when the field is deprecated
    std::string deprecated_note;
};

/// What the OCDS checks beyond JSON Schema need of one schema: its fields, its array items, and
/// OCDS's own keywords (codelist, openCodelist, deprecated, wholeListMerge). Built once per
/// profile with `$ref`s resolved, so that walking a release follows pointers only.
struct SchemaNode {
    std::string types; ///< the `type` keyword as text ("string or null"); empty when absent
    std::map<std::string, SchemaProperty, std::less<>> properties;
    std::vector<std::string> language_fields; ///< fields that may have `_xx` language variants
    const SchemaNode* items = nullptr;
    std::string codelist; ///< codelist file name, on a string or on an array of strings
    bool open_codelist = false;
    const std::vector<std::string>* closed_codes = nullptr; ///< the `enum` that closes a codelist
    const Codelist* codes = nullptr;                        ///< the codelist's CSV codes
    StringFormat format = StringFormat::none;
    std::string pattern;
    std::string enum_text; ///< the allowed values of an `enum`, as a list to show
    bool unique_items = false;
    bool whole_list_merge = false;
    bool has_id = false; ///< an object schema with an `id` field
    bool id_required = false;

    const SchemaProperty* property(std::string_view name) const {
        const auto found = properties.find(name);
        return found == properties.end() ? nullptr : &found->second;
    }
};

/// Everything needed to validate data of one OCDS version with one list of extensions: the
/// patched release and package schemas compiled for valijson, their walkable SchemaNode trees,
/// the codelists, and the merge rules. Built once, then shared read-only by every thread.
class ValidationProfile {
public:
    /// What a piece of data is validated as.
    enum class Shape { release, release_package, record_package, record, linked_release, versioned_release };

    /// @param version a package's `version` ("1.0", "1.1") or a full bundled version ("1.1.5")
    /// @throws data_error for a version that is not bundled; io_error when the schemas are missing
    static std::shared_ptr<const ValidationProfile>
    build(const std::string& version, const std::vector<std::string>& extensions, const ExtensionSources& sources);
    ~ValidationProfile();

    /// build()'s profile for `version` and those of `extensions` that are available (bundled or
    /// in the extensions folder: see unavailable_extensions for the others), from a process-wide
    /// cache of the few built last. Profiles are costly (schemas read, patched and compiled: about
    /// 1.5 MB and 20 ms each) and the same for every file and package that declares the same
    /// extensions; the cache is keyed by the available ones only and bounded, so that data
    /// declaring thousands of made-up extension lists cannot fill the memory with profiles.
    /// Thread-safe.
    static std::shared_ptr<const ValidationProfile>
    shared(const std::string& version, const std::vector<std::string>& extensions, const ExtensionSources& sources);

    const std::string& version() const noexcept { return m_version; } ///< "1.1.5"
    const std::vector<std::string>& extensions() const noexcept { return m_extensions; }
    /// Declared extensions that could not be used, with why (empty: not available offline).
    const std::vector<std::pair<std::string, std::string>>& unavailable() const noexcept { return m_unavailable; }

    /// The walkable schema of a shape (the package shapes without their releases/records).
    const SchemaNode& node(Shape shape) const;
    const MergeRules& merge_rules() const noexcept { return m_merge_rules; }

    /// Validates `value` against the schema of `shape`; none when valid. The compiled check
    /// answers and explains; valijson only when the schema uses a keyword the check lacks.
    /// Thread-safe.
    std::vector<SchemaViolation> violations(Shape shape, detail::BinaryView value) const;

    /// valijson's violations, whatever the compiled check could do: the oracle of the tests
    /// that hold violations() equal to it.
    std::vector<SchemaViolation> valijson_violations(Shape shape, detail::BinaryView value) const;

    /// When on, violations() asks valijson for every explanation, as before the compiled check
    /// could give them: for the tests that compare whole validations both ways. Process-wide;
    /// switch it only while nothing validates.
    static void explain_with_valijson(bool on);

    /// valijson's verdict alone, and the fast check's (-1 when the schema is beyond it): for the
    /// test that holds them equal.
    bool valijson_valid(Shape shape, detail::BinaryView value) const;
    int fast_valid(Shape shape, detail::BinaryView value) const;

    class Impl;

private:
    ValidationProfile();

    std::string m_version;
    std::vector<std::string> m_extensions;
    std::vector<std::pair<std::string, std::string>> m_unavailable;
    MergeRules m_merge_rules;
    std::unique_ptr<Impl> m_impl;
};

/// Those of `extensions` that are not available offline (no folder for them among the bundled
/// extensions or in the extensions folder), in order: ValidationProfile::shared leaves them out.
std::vector<std::string> unavailable_extensions(const std::vector<std::string>& extensions,
                                                const ExtensionSources& sources);

/// The node of `pointer` (relative to `root`'s value) in a schema tree; nullptr when the schema
/// says nothing there.
const SchemaNode* node_at(const SchemaNode& root, std::string_view pointer);

} // namespace ocds
