#include "command_flatten.hpp"

#include "progress.hpp"

#include <ocds/core/files.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/merge/compiler.hpp>
#include <ocds/merge/release_feed.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/schema/merge_rules.hpp>
#include <ocds/schema/release_schema.hpp>

#include <iostream>

namespace ocds::cli {

void CommandFlatten::add_options(po::options_description& visible, po::positional_options_description& positional,
                                 po::options_description& hidden) {
    po::options_description own("Flatten options");
    // clang-format off
    own.add_options()
        ("output,o", po::value<std::string>(&m_directory)->value_name("DIR"),
         "write the tables into DIR (required; created if missing)")
        ("overwrite,O", po::bool_switch(&m_options.overwrite),
         "replace tables already in DIR, and remove those this input leaves without rows")
        ("bom", po::bool_switch(&m_options.bom), "start each file with a UTF-8 byte order mark (for Excel)")
        ("gzip", po::bool_switch(&m_options.gzip), "write <table>.csv.gz instead of <table>.csv")
        ("tmpdir", po::value<std::string>(&m_tmpdir)->value_name("DIR"),
         "where to put scratch files (default: the output folder)");
    // clang-format on
    visible.add(own);
    m_input.add_to(visible, positional, hidden);
}

void CommandFlatten::check(const po::variables_map&) {
    if (m_directory.empty()) {
        throw usage_error("flatten writes several files: give their folder with -o DIR");
    }
    if (m_directory == "-") {
        throw usage_error("-o must be a folder, not standard output");
    }
}

bool CommandFlatten::run() {
    const std::string scratch = m_tmpdir.empty() ? m_directory : m_tmpdir;
    make_directories(scratch); // the compiler's scratch partitions live there from the start
    Flattener flattener(m_directory, m_options, scratch);
    // Compiled releases and records' compiled releases are flattened as they come; releases
    // (and records that only embed releases) are compiled first, as `ocds compile` does, so
    // that each contracting process is one row of processes.csv, never one row per release.
    CompileSettings settings;
    settings.merge.compiled = true;
    settings.scratch_dir = scratch;
    Compiler compiler(settings);
    Progress progress(quiet(), "flatten");
    ReleaseFeed::Handlers handlers;
    handlers.compiled = [&](const Value& compiled) { flattener.add(compiled); };
    handlers.progress = [&](const Reader& reader, std::uint64_t items) { progress.reading(reader, items, "items"); };
    ReleaseFeed feed(compiler, m_input.read, handlers);
    for (const auto& path : m_input.paths_to_read("flatten", quiet())) {
        feed.read(path);
    }
    const std::vector<std::string>& errors = compiler.errors();
    if (compiler.releases() > 0) {
        const DeclaredPackages& declared = feed.declared();
        const ExtensionSources sources{find_schemas_dir(m_schemas_dir), ""};
        const ReleaseSchema schema = build_release_schema(declared.version(), declared.extensions, sources);
        progress.done();
        for (const auto& url : schema.missing_extensions) {
            std::cerr << "ocds flatten: warning: the extension " << url
                      << " is not available offline; its merge rules are not applied\n";
        }
        std::uint64_t written = 0;
        compiler.finish(
            MergeRules::from_schema(schema.schema),
            [&](std::string_view json) {
                Value compiled;
                JsonTextError failure;
                if (parse_json_text(std::string(json), compiled, failure)) {
                    flattener.add(compiled);
                }
                progress.writing(++written, compiler.processes());
            },
            [&](std::size_t done, std::size_t total) { progress.merging(done, total); });
        progress.done();
        for (const auto& line : errors) {
            std::cerr << "ocds flatten: error: " << line << '\n';
        }
    }
    progress.done();
    if (compiler.processes() > 0 && !quiet()) {
        std::cerr << "ocds flatten: " << count_of(compiler.releases(), "release", "releases") << " compiled first into "
                  << count_of(compiler.processes(), "contracting process", "contracting processes")
                  << " (one row each in processes.csv)\n";
    }
    for (const auto& table : flattener.finish()) {
        if (!quiet()) {
            std::cerr << table.path << ": " << count_of(table.rows, "row", "rows") << ", "
                      << count_of(table.columns, "column", "columns") << '\n';
        }
    }
    return errors.empty();
}

} // namespace ocds::cli
