#pragma once

// The example publisher's mapping configuration and data, for the tests that map records.

#include <ocds/core/json_text.hpp>
#include <ocds/core/time_zone.hpp>
#include <ocds/core/value.hpp>
#include <ocds/io/line_reader.hpp>
#include <ocds/map/project_mapping.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace test {

/// examples/san-pedro/: export-1.jsonl, export-2.jsonl.
inline const std::string san_pedro_examples = OCDS_FIXTURES_DIR "/../examples/san-pedro/";

inline ocds::MappingConfig san_pedro() {
    ocds::MappingConfig config;
    config.ocid_prefix = "ocds-sp5p3d";
    config.base_uri = "https://datos.sanpedro.gob.mx/ocds";
    config.time_zone = ocds::TimeZone::load("America/Monterrey");
    config.buyer.id = "MX-RFC-MSP850101AB1";
    config.buyer.name = "Municipio de San Pedro Garza García";
    config.buyer.rfc = "MSP850101AB1";
    config.procuring_entity.id = "MX-RFC-MSP850101AB1-DA";
    config.procuring_entity.name = "Dirección de Adquisiciones";
    return config;
}

inline ocds::Value json(const std::string& text) {
    ocds::Value value;
    ocds::JsonTextError error;
    REQUIRE_MESSAGE(ocds::parse_json_text(text, value, error), error.reason);
    return value;
}

/// Each line of a JSON Lines file, parsed.
inline std::vector<ocds::Value> read_records(const std::string& path) {
    std::vector<ocds::Value> records;
    ocds::LineReader reader(path);
    ocds::Line line;
    while (reader.next(line)) {
        records.push_back(json(line.text));
    }
    return records;
}

} // namespace test
