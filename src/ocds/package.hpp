#pragma once

#include <ocds/format.hpp>
#include <ocds/json_writer.hpp>
#include <ocds/output.hpp>
#include <ocds/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ocds {

/// Package metadata set by the user (options or --config); unset fields come from the input
/// packages, if any.
struct PackageSettings {
    std::optional<std::string> uri; ///< may contain "{n}", replaced by the package's number
    std::optional<std::string> published_date;
    std::optional<std::string> version;
    std::optional<std::string> publisher_name;
    std::optional<std::string> publisher_scheme;
    std::optional<std::string> publisher_uid;
    std::optional<std::string> publisher_uri;
    std::optional<std::string> license;
    std::optional<std::string> publication_policy;
    std::optional<std::vector<std::string>> extensions;
};

/// Folds one input package's metadata into `combined` (an object): uri, publisher, license and
/// publicationPolicy come from the first package that has them; version is the highest;
/// publishedDate the latest; extensions and packages are the union in order of appearance.
/// Members that describe only the input package's own page (links) are dropped.
void merge_metadata(Value& combined, const Value& package);

/// The metadata of an output package: `settings` over `inherited`, members in the order of the
/// package schema (uri, version, extensions, publisher, license, publicationPolicy,
/// publishedDate, packages). `number` (1-based) replaces "{n}" in the uri.
/// @throws usage_error naming the options to set when a required field (uri, publishedDate,
///         publisher.name, version) has no value
Value package_metadata(const PackageSettings& settings, const Value& inherited, std::size_t number);

/// The name of the items array of a package kind: "releases" or "records".
const char* items_key(Kind package_kind);

/// The current time as an RFC 3339 UTC timestamp, e.g. "2026-11-24T02:27:38Z".
std::string utc_now();

/// Writes one package, streaming: items are added one by one (to a scratch file), and the
/// package, metadata first, is written when the metadata is final.
class PackageWriter {
public:
    /// `package_kind` is release_package or record_package; the scratch file goes in `spool_dir`.
    PackageWriter(Kind package_kind, int indent, const std::string& spool_dir);

    void add(const Value& item);

    /// Adds an item already serialised with this writer's indent at level 2.
    void add_json(std::string_view json);
    std::size_t size() const noexcept { return m_count; }

    /// Writes `{metadata..., "releases": [items...]}` and a newline to `sink`; empties the writer.
    void finish(Sink& sink, const Value& metadata);

private:
    Kind m_kind;
    int m_indent;
    SpoolFile m_spool;
    JsonWriter m_writer;
    std::size_t m_count = 0;
};

} // namespace ocds
