#include "command_combine.hpp"

#include <ocds/io/package_series.hpp>
#include "progress.hpp"

#include <iostream>
#include <memory>

#include <unistd.h>

namespace ocds::cli {

void CommandCombine::add_options(po::options_description& visible, po::positional_options_description& positional,
                                 po::options_description& hidden) {
    add_package_options(visible);
    m_output.add_to(visible, false);
    m_input.add_to(visible, positional, hidden);
}

void CommandCombine::check(const po::variables_map& values) {
    m_output.check();
    m_settings = read_package_options(values);
}

namespace {

/// The package kind an item belongs in, judged by where it came from or what it is.
Kind package_kind_of(const Item& item) {
    if (item.container != Kind::other) {
        return item.container;
    }
    return item.kind == Kind::record ? Kind::record_package : Kind::release_package;
}

void check_same_kind(Kind expected, Kind found, const Location& location) {
    if (expected != found) {
        throw data_error(location, std::string("cannot combine a ") + kind_name(found) + " with " +
                                       kind_plural(expected) + ": combine packages of one kind");
    }
}

} // namespace

bool CommandCombine::run() {
    std::unique_ptr<PackageSeries> series;
    Progress progress(quiet(), "combine");
    auto series_for = [&](Kind kind, const Location& location) -> PackageSeries& {
        if (!series) {
            series = std::make_unique<PackageSeries>(kind, m_settings, m_output, 0);
        }
        check_same_kind(series->kind(), kind, location);
        return *series;
    };
    for (const auto& path : m_input.paths_to_read("combine", quiet())) {
        Reader reader(path, m_input.read);
        while (auto entry = reader.next()) {
            if (auto* item = std::get_if<Item>(&*entry)) {
                PackageSeries& target = series_for(package_kind_of(*item), item->location);
                check_item_fits(*item, target.kind());
                target.add(item->value);
                progress.reading(reader, target.items(), "items");
            } else if (auto* start = std::get_if<PackageStart>(&*entry)) {
                series_for(start->kind, start->location).inherit(start->metadata);
            } else if (auto* end = std::get_if<PackageEnd>(&*entry)) {
                series_for(end->kind, end->location).inherit(end->metadata);
            }
        }
    }
    progress.done();
    if (!series || series->items() == 0) {
        throw ocds::error("the input has no releases or records: a package must hold at least one");
    }
    series->finish();
    if (!quiet() && isatty(2)) {
        std::cerr << "ocds combine: " << count_of(series->items(), "item", "items") << " in one "
                  << kind_name(series->kind()) << '\n';
    }
    return true;
}

} // namespace ocds::cli
