#pragma once

#include <ocds/io/document_kind.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/output.hpp>
#include <ocds/core/value.hpp>

#include <cstddef>
#include <memory>
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

/// The current time as an RFC 3339 UTC timestamp, e.g. "2026-11-24T02:27:38Z".
std::string utc_now();

/// Folds one input package's metadata into `combined` (an object): uri, publisher, license and
/// publicationPolicy come from the first package that has them; version is the highest;
/// publishedDate the latest; extensions and packages are the union in order of appearance.
/// Members that describe only the input package's own page (links) are dropped.
void merge_metadata(Value& combined, const Value& package);

/// The metadata of an output package: `settings` over `inherited`, members in the order of the
/// package schema (uri, version, extensions, publisher, license, publicationPolicy,
/// publishedDate, packages). `number` (1-based) replaces "{n}" in the uri; `now` is the
/// publishedDate when nothing else gives one.
/// @throws missing_settings_error naming the options to set when a required field (uri, publishedDate,
///         publisher.name, version) has no value
Value package_metadata(const PackageSettings& settings, const Value& inherited, std::size_t number,
                       const std::string& now = utc_now());

/// The name of the items array of a package kind: "releases" or "records".
const char* items_key(Kind package_kind);

/// Writes one package, streaming. The metadata goes first in the package but may be final only
/// after the items (input packages can give it after theirs), so items go to a scratch file and
/// are copied behind the metadata at the end; or, when the metadata is probably final already
/// and the output can be rewound, straight into the output, with the copy only if it changes.
class PackageWriter {
public:
    /// `package_kind` is release_package or record_package; the scratch file goes in `spool_dir`.
    PackageWriter(Kind package_kind, int indent, const std::string& spool_dir);

    /// Writes the package straight into `output` (which must can_rewind()) with `metadata` as
    /// its header for now. Call before the first item.
    void write_directly(Output& output, const Value& metadata);

    void add(const Value& item);

    /// Adds an item already serialised with this writer's indent at level 2.
    void add_json(std::string_view json);
    std::size_t size() const noexcept { return m_count; }

    /// Writes `{metadata..., "releases": [items...]}` and a newline to `sink` (the output given
    /// to write_directly, if it was called); empties the writer.
    void finish(Sink& sink, const Value& metadata);

    /// Takes back what write_directly wrote, for a package that will not be written.
    void discard();

private:
    void write_header(Sink& sink, const Value& metadata) const;
    void write_footer(Sink& sink) const;
    void move_items_behind(const Value& metadata);
    /// The separator and new line before an item; returns the writer for it.
    JsonWriter& begin_item();

    Kind m_kind;
    int m_indent;
    SpoolFile m_spool;
    JsonWriter m_writer;
    std::size_t m_count = 0;

    Output* m_direct = nullptr;
    std::unique_ptr<JsonWriter> m_direct_writer;
    Value m_provisional;
    std::uint64_t m_header_begin = 0;
    std::uint64_t m_items_begin = 0;
};

} // namespace ocds
