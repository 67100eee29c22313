#include "command_split.hpp"

#include <ocds/io/package_series.hpp>
#include "progress.hpp"

#include <iostream>
#include <memory>

#include <unistd.h>

namespace ocds::cli {

void CommandSplit::add_options(po::options_description& visible, po::positional_options_description& positional,
                               po::options_description& hidden) {
    po::options_description own("Split options");
    // clang-format off
    own.add_options()("max-items", po::value<std::size_t>(&m_max_items)->value_name("N"),
                      "at most N releases or records per package (required)");
    // clang-format on
    visible.add(own);
    add_package_options(visible);
    m_output.add_to(visible, true);
    m_input.add_to(visible, positional, hidden);
}

void CommandSplit::check(const po::variables_map& values) {
    if (m_max_items == 0) {
        throw usage_error("--max-items N (N > 0) is required");
    }
    m_output.check();
    m_settings = read_package_options(values);
}

bool CommandSplit::run() {
    std::unique_ptr<PackageSeries> series;
    Progress progress(quiet(), "split");
    for (const auto& path : m_input.paths_to_read("split", quiet())) {
        Reader reader(path, m_input.read);
        while (auto entry = reader.next()) {
            if (auto* start = std::get_if<PackageStart>(&*entry)) {
                if (!series) {
                    series = std::make_unique<PackageSeries>(start->kind, m_settings, m_output, m_max_items);
                } else if (series->kind() != start->kind) {
                    throw data_error(start->location, std::string("found a ") + kind_name(start->kind) + " after " +
                                                          kind_plural(series->kind()) + ": split packages of one kind");
                }
                // Each input package's items keep that package's metadata.
                series->flush();
                series->reset_inherited();
                series->inherit(start->metadata);
            } else if (auto* item = std::get_if<Item>(&*entry)) {
                if (!series || item->container == Kind::other) {
                    throw data_error(item->location, std::string("expected a package, found a ") +
                                                         kind_name(item->kind) +
                                                         " outside any package ('ocds package' wraps bare items)");
                }
                check_item_fits(*item, series->kind());
                series->add(item->value);
                progress.reading(reader, series->items(), "items");
            } else if (auto* end = std::get_if<PackageEnd>(&*entry)) {
                series->inherit(end->metadata);
                series->flush();
            }
        }
    }
    progress.done();
    if (!series || series->items() == 0) {
        throw ocds::error("the input has no package with releases or records to split");
    }
    const std::size_t packages = series->finish();
    if (!quiet() && isatty(2)) {
        std::cerr << "ocds split: " << count_of(series->items(), "item", "items") << " in "
                  << count_of(packages, "package", "packages") << '\n';
    }
    return true;
}

} // namespace ocds::cli
