#pragma once

// A release store mapped from San Pedro's example records, for the build tests.

#include "helpers.hpp"
#include "map/san_pedro.hpp"

#include <ocds/core/json_writer.hpp>
#include <ocds/map/map_run.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace test {

/// Maps `records` into the store `store` as a run at `now` (their JSON Lines written in `dir`).
inline void map_records(const TempDir& dir, const std::string& store, const std::vector<ocds::Value>& records,
                        const char* now) {
    std::string lines;
    for (const auto& record : records) {
        lines += ocds::to_json(record) + "\n";
    }
    ocds::MapOptions options;
    options.inputs = {dir.write("export.jsonl", lines)};
    options.store_dir = store;
    options.schemas_dir = OCDS_SCHEMAS_DIR;
    options.config = san_pedro();
    options.now = now;
    ocds::Value publisher = ocds::Value::object();
    publisher.set("name", ocds::Value("Municipio de San Pedro Garza García"));
    options.package_metadata.set("publisher", std::move(publisher));
    options.package_metadata.set("license", ocds::Value("https://creativecommons.org/licenses/by/4.0/"));
    std::vector<std::string> problems;
    ocds::run_map(options, [&](const ocds::MapError& error) { problems.push_back(error.to_string()); });
    REQUIRE_MESSAGE(problems.empty(), (problems.empty() ? std::string() : problems.front()));
}

} // namespace test
