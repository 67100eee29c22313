#include "command_flatten.hpp"

#include "progress.hpp"

#include <iostream>

namespace ocds::cli {

void CommandFlatten::add_options(po::options_description& visible, po::positional_options_description& positional,
                                 po::options_description& hidden) {
    po::options_description own("Flatten options");
    own.add_options()
        ("output,o", po::value<std::string>(&m_directory)->value_name("DIR"),
         "write the tables into DIR (required; created if missing)")
        ("overwrite,O", po::bool_switch(&m_options.overwrite),
         "replace tables already in DIR, and remove those this input leaves without rows")
        ("bom", po::bool_switch(&m_options.bom), "start each file with a UTF-8 byte order mark (for Excel)")
        ("gzip", po::bool_switch(&m_options.gzip), "write <table>.csv.gz instead of <table>.csv")
        ("tmpdir", po::value<std::string>(&m_tmpdir)->value_name("DIR"),
         "where to put scratch files (default: the output folder)");
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
    Flattener flattener(m_directory, m_options, m_tmpdir.empty() ? m_directory : m_tmpdir);
    Progress progress(quiet());
    for (const auto& path : m_input.paths()) {
        Reader reader(path, m_input.read);
        while (Item* item = reader.next_item()) {
            if (item->kind == Kind::record) {
                const Value* compiled = item->value.find("compiledRelease");
                if (!compiled || !compiled->is_object()) {
                    throw data_error(item->location, "a record without a compiledRelease: compile its releases first "
                                                     "(ocds compile records.json | ocds flatten -o DIR)");
                }
                flattener.add(*compiled);
            } else if (item->kind == Kind::release || item->kind == Kind::compiled_release ||
                       (item->kind == Kind::other && item->value.find_string("ocid"))) {
                flattener.add(item->value);
            } else {
                throw data_error(item->location, std::string("expected a compiled release or a record, found a ") +
                                                     (item->kind == Kind::other ? std::string("JSON ") + type_name(item->value.type())
                                                                                : std::string(kind_name(item->kind))));
            }
            progress.update(flattener.processes(), reader.bytes_read());
        }
    }
    progress.done();
    for (const auto& table : flattener.finish()) {
        if (!quiet()) {
            std::cerr << table.path << ": " << plural(table.rows, "row", "rows") << ", "
                      << plural(table.columns, "column", "columns") << '\n';
        }
    }
    return true;
}

} // namespace ocds::cli
