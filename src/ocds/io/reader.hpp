#pragma once

#include <ocds/core/error.hpp>
#include <ocds/io/document_kind.hpp>
#include <ocds/core/value.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>

namespace ocds {

/// Limits that keep hostile input from exhausting memory or stack. Each is an error when exceeded.
struct ReadOptions {
    std::size_t max_depth = 1000;              ///< nesting of arrays and objects
    std::uint64_t max_token_bytes = 16u << 20; ///< one string, number or whitespace run
    std::size_t max_number_length = 100;       ///< characters of one number
    bool whole_values = false;                 ///< yield each top-level value whole: no package streaming (for schemas)
    /// Items arrive encoded (Item::encoded, in detail/binary.hpp's form) rather than as Values,
    /// where they can: items of packages, and top-level objects that are neither packages nor
    /// records. For consumers that only store them, this saves building and freeing a tree.
    bool encode_items = false;
    /// A plain file (regular, not gzip) of JSON Lines or concatenated JSON is parsed in pieces on
    /// two threads, cut where a line ends with `}` and the next starts with `{`. Entries still
    /// come in input order with the same locations, and errors are the same: a piece that turns
    /// out not to end between two values is read again with what follows it.
    bool parse_in_pieces = false;
};

/// One release, record or other value, read on its own from wherever it stood in the input.
struct Item {
    Kind kind = Kind::other;
    Value value;
    Location location;            ///< where the item starts; pointer is its place in its top-level value
    std::size_t index = 0;        ///< position in its array (package items or a top-level array)
    Kind container = Kind::other; ///< release_package or record_package when it came from one

    /// With ReadOptions::encode_items, for items read encoded: `value` stays null and the item is
    /// here, encoded, with its top-level `ocid` string (has_ocid false when it has none).
    bool is_encoded = false;
    std::string encoded;
    std::string ocid;
    bool has_ocid = false;
};

/// A release or record package whose items begin: the members that came before them.
struct PackageStart {
    Kind kind = Kind::release_package;
    Value metadata;    ///< the members before the releases/records array, in input order
    Location location; ///< where the package starts
};

/// A release or record package whose items have all been read.
struct PackageEnd {
    Kind kind = Kind::release_package;
    Value metadata; ///< the package object without its releases/records, members in input order
    std::size_t items = 0;
    Location location; ///< where the package starts
};

/// A top-level JSON value that has been read completely.
struct DocumentEnd {
    std::uint64_t index = 0; ///< 0-based position among the top-level values
    Kind kind = Kind::other; ///< what the value is; `other` for an array
    bool is_array = false;
    std::map<Kind, std::size_t> elements; ///< for an array: how many elements of each kind
    std::uint64_t first_line = 0, last_line = 0;
    std::uint64_t first_byte = 0, end_byte = 0;
};

using Entry = std::variant<Item, PackageStart, PackageEnd, DocumentEnd>;

/// Reads any OCDS input, one item at a time, with memory bounded by the largest item: a release
/// package, record package, release, record, compiled or versioned release, an array of any of
/// these, concatenated JSON or JSON Lines of any of these, optionally gzip-compressed.
///
/// Parsing runs on a second thread, a few items ahead of the caller.
///
///     ocds::Reader reader{"releases.json.gz"};
///     while (ocds::Entry* entry = reader.next()) {
///         if (auto* item = std::get_if<ocds::Item>(entry)) { ... }
///     }
class Reader {
public:
    /// Opens `path` ("-" for standard input).
    /// @throws io_error when the file cannot be opened
    explicit Reader(const std::string& path, ReadOptions options = {});
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    /// The next item, package start or end, or finished top-level value; nullptr at the end.
    /// The entry belongs to the reader and stays valid until the next call (move from it to
    /// keep it): the parsing thread frees entries in batches, since memory freed by another
    /// thread than the one that allocated it costs glibc's malloc a lock per block.
    /// @throws parse_error for input that is not acceptable JSON (with file, line, byte, pointer)
    /// @throws io_error when reading fails
    Entry* next();

    /// The next item, skipping package and document ends; nullptr at the end. Valid as next()'s.
    Item* next_item();

    /// Uncompressed bytes parsed so far (for progress reports; updated in steps).
    std::uint64_t bytes_read() const noexcept;

    /// Bytes taken from the file so far (compressed, for gzip input) and the file's size (0 when
    /// unknown, as for standard input): how far through the file a progress report is.
    std::uint64_t file_position() const noexcept;
    std::uint64_t file_size() const noexcept;

    /// The input's name as used in messages.
    const std::string& name() const noexcept;

    class Impl;

private:
    class Pieces;
    std::unique_ptr<Impl> m_impl;     // one parsing thread over the whole input
    std::unique_ptr<Pieces> m_pieces; // or pieces of it parsed on two (ReadOptions::parse_in_pieces)
};

/// Reads a file that holds exactly one JSON value (a schema, an extension's patch), whole.
/// @throws io_error, parse_error, or data_error when the file holds more than one value
Value read_json_file(const std::string& path, ReadOptions options = {});

} // namespace ocds
