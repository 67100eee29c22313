#include "command_package.hpp"

#include <ocds/io/package_series.hpp>
#include "progress.hpp"

#include <iostream>

#include <unistd.h>

namespace ocds::cli {

void CommandPackage::add_options(po::options_description& visible, po::positional_options_description& positional,
                                 po::options_description& hidden) {
    po::options_description own("Package options");
    // clang-format off
    own.add_options()("max-items", po::value<std::size_t>(&m_max_items)->default_value(0)->value_name("N"),
                      "at most N releases or records per package (0: no limit)");
    // clang-format on
    visible.add(own);
    add_package_options(visible);
    m_output.add_to(visible, true);
    // clang-format off
    hidden.add_options()("kind", po::value<std::string>(&m_kind_word), "releases or records");
    // clang-format on
    positional.add("kind", 1);
    m_input.add_to(visible, positional, hidden);
}

void CommandPackage::check(const po::variables_map& values) {
    if (m_kind_word == "releases") {
        m_kind = Kind::release_package;
    } else if (m_kind_word == "records") {
        m_kind = Kind::record_package;
    } else {
        throw usage_error(m_kind_word.empty() ? "say what to package: 'releases' or 'records'"
                                              : "'" + m_kind_word + "' is neither 'releases' nor 'records'");
    }
    m_output.check();
    m_settings = read_package_options(values);
}

bool CommandPackage::run() {
    PackageSeries series(m_kind, m_settings, m_output, m_max_items);
    Progress progress(quiet(), "package");
    for (const auto& path : m_input.paths_to_read("package", quiet())) {
        Reader reader(path, m_input.read);
        while (auto entry = reader.next()) {
            if (auto* item = std::get_if<Item>(&*entry)) {
                check_item_fits(*item, m_kind);
                series.add(item->value);
                progress.reading(reader, series.items(), m_kind_word.c_str());
            } else if (auto* start = std::get_if<PackageStart>(&*entry)) {
                series.inherit(start->metadata);
            } else if (auto* end = std::get_if<PackageEnd>(&*entry)) {
                series.inherit(end->metadata);
            }
        }
    }
    progress.done();
    if (series.items() == 0) {
        throw ocds::error(std::string("the input has no ") + m_kind_word +
                          ": a package must hold at least one (the OCDS schema's minItems is 1)");
    }
    const std::size_t packages = series.finish();
    if (!quiet() && isatty(2)) {
        std::cerr << "ocds package: " << count_of(packages, "package", "packages") << ", "
                  << count_of(series.items(), m_kind_word == "releases" ? "release" : "record", m_kind_word.c_str())
                  << '\n';
    }
    return true;
}

} // namespace ocds::cli
