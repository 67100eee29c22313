#pragma once

#include <ocds/core/value.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/merge/compiler.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ocds {

/// What the packages of an input declare: their versions, extensions and metadata.
struct DeclaredPackages {
    std::set<std::string> versions;             ///< packages' versions (1.0 without one), and 1.1 for
                                                ///< releases outside packages with `parties`
    std::map<std::string, std::string> reasons; ///< version → why the data has it (the first reason met)
    bool undeclared_without_parties = false;    ///< releases outside packages without `parties`
    std::vector<std::string> extensions;        ///< every package's, in order, without repeats
    Value metadata = Value::object();           ///< the packages' metadata merged (merge_metadata)
    std::vector<std::string> package_uris;      ///< the release packages' uris, without repeats

    void add(const Value& package_metadata, bool is_release_package);
    /// A release or record outside packages: by OCDS Kit's rule (undeclared_version), 1.1 when
    /// it has `parties`; the ones without are 1.0 only when no other data says otherwise (a
    /// planning release without parties is no sign of 1.0 beside one with them).
    void add_undeclared(bool has_parties);

    /// The version to merge with: the highest met, else 1.0 for releases outside packages
    /// without `parties`, else 1.1 (an empty input).
    std::string version() const;
    /// Why: the reason of that version, and that the input mixes versions when it does.
    std::string version_reason() const;
};

/// Reads OCDS data of any shape and gives its releases to a Compiler: releases (encoded as the
/// reader read them when it can), the embedded releases of records, and compiled releases.
/// It is the one reading loop of the commands that compile (compile, indicators).
class ReleaseFeed {
public:
    struct Handlers {
        /// When set, compiled releases (and records' compiledRelease) are taken as they are and
        /// handed here, and a record with neither a compiled release nor embedded releases is an
        /// error. When not set, compiled releases are merged again like releases, and a record's
        /// embedded releases are always what counts.
        std::function<void(const Value& compiled_release)> compiled;
        /// Each package's metadata as it starts (e.g. to follow its version and extensions), and
        /// where it starts (for an error about it).
        std::function<void(const Value& metadata, const Location& where)> package_start;
        /// After each item: the reader of the current input (how far it is) and the items read
        /// so far from every input.
        std::function<void(const Reader& reader, std::uint64_t items)> progress;
    };

    ReleaseFeed(Compiler& compiler, ReadOptions options, Handlers handlers);

    /// Reads one input ("-" for standard input). @throws parse_error, data_error, io_error
    void read(const std::string& path);

    const DeclaredPackages& declared() const noexcept { return m_declared; }

    /// Records whose releases are only linked (so cannot be compiled).
    std::uint64_t linked_records() const noexcept { return m_linked_records; }

private:
    void add_record(const Item& item);
    void add_encoded_record(const Item& item);

    Compiler& m_compiler;
    ReadOptions m_options;
    Handlers m_handlers;
    DeclaredPackages m_declared;
    std::uint64_t m_items = 0;
    std::uint64_t m_linked_records = 0;
    std::ptrdiff_t m_source = -1; // the Compiler's number of the release package being read
};

} // namespace ocds
