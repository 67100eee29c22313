// The process cache: what a build keeps of a process comes back as it was (data-quality counts
// included, which are not checked again), its texts stay in the site's files, and a site file
// rewritten or replaced since (another stamp) makes the entry unusable.

#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/build/process_cache.hpp>
#include <ocds/build/process_files.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/indicators/flatten.hpp>
#include <ocds/indicators/process_facts.hpp>

#include <string>

namespace {

const std::string ocid = "ocds-sp5p3d-pb-1";
const std::string compiled = R"({"ocid":"ocds-sp5p3d-pb-1","id":"1","tender":{"title":"Obra, \"fase\" 1"},)"
                             R"("parties":[{"id":"P1","name":"Parte","roles":["buyer"]}]})";

/// A process of one release whose files are in `site` as a build writes them.
ocds::BuiltProcess process_in(const std::string& site) {
    ocds::BuiltProcess built;
    built.ocid = ocid;
    built.folder = ocid;
    built.year = "2024";
    built.store_key = "key";
    ocds::BuiltProcess::Release release;
    release.path = "releases/" + ocid + "/1.json";
    const std::string release_json = "{\"releases\":[" + compiled + "]}";
    release.size = release_json.size();
    release.item_size = compiled.size();
    release.sha256 = ocds::sha256_hex(release_json);
    ocds::make_directories(site + "/releases/" + ocid);
    ocds::write_new_file(site + "/" + release.path, release_json);
    release.stamp = ocds::file_stamp(site + "/" + release.path);
    built.releases.push_back(release);
    const std::string record = "{\"ocid\":\"" + ocid + "\",\"compiledRelease\":" + compiled + "}";
    built.record_path = "records/" + ocid + ".json";
    built.record_json = "{\"records\":[" + record + "]}";
    built.record_size = built.record_json.size();
    built.record_item_size = record.size();
    built.record_sha256 = ocds::sha256_hex(built.record_json);
    built.compiled_offset = record.find("{", 1);
    built.compiled_length = compiled.size();
    ocds::make_directories(site + "/records");
    ocds::write_new_file(site + "/" + built.record_path, built.record_json);
    built.record_stamp = ocds::file_stamp(site + "/" + built.record_path);
    built.facts.errors = 3;
    built.facts.warnings = 5;
    return built;
}

} // namespace

TEST_CASE("process cache: a process comes back with its findings and its texts left in the site, unless a file "
          "changed since") {
    test::TempDir dir;
    const std::string site = dir.path("site");
    const ocds::BuiltProcess built = process_in(site);
    ocds::ProcessCache first("", "", "context");
    first.start(dir.path("cache"), dir.path("rows"));
    first.add(built);
    first.commit();

    const ocds::ProcessCache next(dir.path("cache"), dir.path("rows"), "context");
    CHECK(!next.find(ocid, "another key"));
    CHECK(!ocds::ProcessCache(dir.path("cache"), dir.path("rows"), "another context").find(ocid, "key"));
    const auto entry = next.find(ocid, "key");
    REQUIRE(entry);
    auto restored = ocds::restore_process(*entry, ocid, site);
    REQUIRE(restored);
    CHECK(restored->facts.errors == 3);
    CHECK(restored->facts.warnings == 5);
    CHECK(restored->record_json.empty()); // its texts stay in the site's files
    REQUIRE(restored->releases.size() == 1);
    CHECK(restored->releases[0].json.empty());
    CHECK(restored->releases[0].stamp == built.releases[0].stamp);
    CHECK(restored->record_size == built.record_size);
    CHECK(restored->compiled.is_null()); // read only when its facts or rows are not kept
    REQUIRE(ocds::read_compiled(*restored, site));
    CHECK(restored->compiled.find_string("id") != nullptr);
    restored->site_dir = site;
    const ocds::FileBytes item = restored->release_item_in_site(restored->releases[0]);
    CHECK(ocds::read_file_range(item.path, item.offset, item.size) == compiled);
    const ocds::FileBytes record = restored->record_item_in_site();
    CHECK(ocds::read_file_range(record.path, record.offset, record.size) ==
          built.record_json.substr(12, built.record_json.size() - 14));

    // The same bytes written again (another inode and time): not trusted without reading them.
    ocds::replace_file(site + "/" + built.releases[0].path, ocds::read_file(site + "/" + built.releases[0].path));
    CHECK(!ocds::restore_process(*entry, ocid, site));
}

TEST_CASE("process cache: a process's facts come back while they hold, and its tables' shares of rows with it") {
    test::TempDir dir;
    const std::string site = dir.path("site");
    ocds::BuiltProcess built = process_in(site);
    REQUIRE(ocds::read_compiled(built, site));
    built.facts = ocds::process_facts(built.compiled, "2024-09-06T18:00:00Z", nullptr);
    built.facts_as_of = "2024-09-06T18:00:00Z";
    built.facts.recheck_at = *ocds::seconds_of("2024-10-01T00:00:00Z");
    built.facts.envelope = {{"MXN", 1250000.5L}};
    built.rows = ocds::Flattener::rows(built.compiled);
    built.rows.tables = ocds::Flattener::tables(built.rows);
    REQUIRE(!built.rows.tables.empty());
    ocds::ProcessCache first("", "", "context");
    first.start(dir.path("cache"), dir.path("rows"));
    first.add(built);
    first.commit();

    const ocds::ProcessCache next(dir.path("cache"), dir.path("rows"), "context");
    const auto entry = next.find(ocid, "key");
    REQUIRE(entry);
    ocds::ProcessFacts facts;
    std::string as_of;
    REQUIRE(next.facts(*entry, "2024-09-20T00:00:00Z", facts, as_of));
    CHECK(as_of == "2024-09-06T18:00:00Z");
    CHECK(facts.ocid == built.facts.ocid);
    CHECK(facts.envelope == built.facts.envelope);
    CHECK(facts.recheck_at == built.facts.recheck_at);
    CHECK_FALSE(next.facts(*entry, "2024-10-01T00:00:00Z", facts, as_of)); // read again from then on

    std::vector<ocds::FlatTableRows> tables;
    REQUIRE(next.tables(*entry, tables));
    REQUIRE(tables.size() == built.rows.tables.size());
    for (std::size_t i = 0; i < tables.size(); ++i) {
        CAPTURE(i);
        CHECK(tables[i].digest == built.rows.tables[i].digest);
        CHECK(tables[i].rows == built.rows.tables[i].rows);
        CHECK(tables[i].field_bytes == built.rows.tables[i].field_bytes);
        CHECK(tables[i].blank == built.rows.tables[i].blank);
        REQUIRE(tables[i].paths);
        CHECK(*tables[i].paths == *built.rows.tables[i].paths);
    }

    // Its rows themselves, all of them or some tables', as they were made.
    auto restored = ocds::restore_process(*entry, ocid, site);
    REQUIRE(restored);
    CHECK(restored->rows_length > 0);
    REQUIRE(next.read_rows(*restored));
    ocds::FlatRows all;
    REQUIRE(ocds::Flattener::decode_rows(restored->kept_rows, tables, {}, all));
    CHECK(all.digests == built.rows.digests);
    REQUIRE(all.rows.size() == built.rows.rows.size());
    std::size_t parties = 0;
    for (const auto& row : built.rows.rows) {
        parties += row.table == 1;
    }
    REQUIRE(parties > 0);
    ocds::FlatRows some;
    REQUIRE(ocds::Flattener::decode_rows(restored->kept_rows, tables, {false, true}, some)); // parties alone
    CHECK(some.rows.size() == parties);
    CHECK(some.has_rows_of(1));
    CHECK_FALSE(some.has_rows_of(0));
    std::size_t at = 0;
    for (const auto& row : built.rows.rows) {
        if (row.table != 1) {
            continue;
        }
        CHECK(some.rows[at].keys == row.keys);
        REQUIRE(some.rows[at].cells.size() == row.cells.size());
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
            CHECK(some.rows[at].cells[c].path == row.cells[c].path);
            CHECK(some.rows[at].cells[c].text == row.cells[c].text);
            CHECK(some.rows[at].cells[c].kind == row.cells[c].kind);
        }
        ++at;
    }
    // Rows that are not those the shares name: not used (flattened again).
    std::string bytes = restored->kept_rows;
    const std::size_t text = bytes.find(built.ocid);
    REQUIRE(text != std::string::npos);
    bytes[text + built.ocid.size() - 1] ^= 1;
    CHECK_FALSE(ocds::Flattener::decode_rows(bytes, tables, {}, all));
    CHECK_FALSE(ocds::Flattener::decode_rows(bytes.substr(0, bytes.size() / 2), tables, {}, all));
    // The file of rows damaged or cut since: its CRC tells, nothing read.
    ocds::replace_file(dir.path("rows"), bytes);
    auto again = ocds::restore_process(*entry, ocid, site);
    REQUIRE(again);
    CHECK_FALSE(ocds::ProcessCache(dir.path("cache"), dir.path("rows"), "context").read_rows(*again));
    ocds::replace_file(dir.path("rows"), restored->kept_rows.substr(0, 10));
    CHECK_FALSE(ocds::ProcessCache(dir.path("cache"), dir.path("rows"), "context").read_rows(*again));
    CHECK(again->kept_rows.empty());

    // A damaged entry keeps nothing: the process is read again.
    ocds::Value damaged = *entry;
    damaged.set("facts", ocds::Value("not base64!"));
    damaged.set("tables", ocds::Value("no list"));
    CHECK_FALSE(next.facts(damaged, "2024-09-20T00:00:00Z", facts, as_of));
    CHECK_FALSE(next.tables(damaged, tables));
}
