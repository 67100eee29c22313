// The bulk build's tables in chunks named by their rows' digests (FlatRows::digests): a chunk
// is made from the scratch files only when the previous version does not have it, and what it
// makes must read exactly as the tables written a row at a time.

#include <doctest/doctest.h>

#include "helpers.hpp"
#include "zip_reader.hpp"

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/indicators/flatten.hpp>
#include <ocds/indicators/workbook.hpp>
#include <ocds/io/segmented_gzip.hpp>

#include <string>
#include <vector>

namespace {

/// Releases shaped like many small processes, with the texts that CSV quotes and a member
/// "a/b" beside a member b of a (one column, the last text wins).
std::vector<std::string> releases(int count, const std::string& changed_title = "") {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        // As JSON text: a comma, quotes, CR LF.
        std::string title =
            i == count / 2 && !changed_title.empty() ? changed_title : "Obra " + n + R"(, \"fase\"\r\n1)";
        std::string json = R"({"ocid":"ocds-x-)" + n + R"(","id":")" + n + R"(","date":"2024-02-12T09:30:00-06:00",)" +
                           R"("tender":{"id":"T)" + n + R"(","title":")" + title + R"(","value":{"amount":)" +
                           std::to_string(1000 + i) + R"(.5,"currency":"MXN"},)" + R"("items":[{"id":"1","quantity":)" +
                           n + R"(},{"id":"2","description":"x"}]},)" + R"("parties":[{"id":"P)" + n +
                           R"(","name":"Parte )" + n + R"(","roles":["supplier"]}])";
        if (i % 7 == 0) {
            json +=
                R"(,"a/b":"slash","a":{"b":"nested"},"planning":{"milestones":[{"id":"M","dueDate":"2024-03-01"}]})";
        }
        out.push_back(json + "}");
    }
    return out;
}

/// Flattens `jsons` into `folder` (relative to `root`) as gzip tables in chunks through `cache`,
/// the rows named by their digests unless `named` is false (then a row at a time).
std::vector<ocds::FlatTable> chunked(const std::vector<std::string>& jsons, const std::string& root,
                                     const std::string& folder, ocds::SegmentCache& cache, bool named = true) {
    ocds::Flattener flattener(root + "/" + folder, ocds::FlattenOptions{true, true, true}, root);
    flattener.use_segments(&cache, folder);
    for (const auto& json : jsons) {
        ocds::FlatRows rows = ocds::Flattener::rows(test::parse(json));
        if (!named) {
            rows.digests.clear();
        }
        flattener.add(rows);
    }
    return flattener.finish();
}

/// `rows` with their tables' shares.
ocds::FlatRows rows_with(ocds::FlatRows rows, const std::vector<ocds::FlatTableRows>& tables) {
    rows.tables = tables;
    return rows;
}

/// chunked(), each release given only as its tables' shares (Flattener::tables) and its place in
/// one file of them all: the rows are made again from there when a chunk is made. With `only`,
/// the rows of the tables it marks are given too (Flattener::decode_rows' `only`).
std::vector<ocds::FlatTable> chunked_unread(const std::vector<std::string>& jsons, const std::string& root,
                                            const std::string& folder, ocds::SegmentCache& cache,
                                            const std::vector<bool>& only = {}) {
    std::string all;
    std::vector<ocds::FlatRows> given;
    for (const auto& json : jsons) {
        const ocds::FlatRows rows = ocds::Flattener::rows(test::parse(json));
        ocds::FlatRows unread;
        unread.tables = ocds::Flattener::tables(rows);
        if (!only.empty()) { // as a build reads them back from the previous build's rows
            std::string kept;
            ocds::Flattener::encode_rows(rows_with(rows, unread.tables), kept);
            REQUIRE(ocds::Flattener::decode_rows(kept, unread.tables, only, unread));
            unread.tables = ocds::Flattener::tables(rows);
        }
        unread.source = ocds::JsonTextPlace{root + "/" + folder + ".jsonl", all.size(), json.size()};
        given.push_back(std::move(unread));
        all += json + "\n";
    }
    ocds::write_new_file(root + "/" + folder + ".jsonl", all);
    ocds::Flattener flattener(root + "/" + folder, ocds::FlattenOptions{true, true, true}, root);
    flattener.use_segments(&cache, folder);
    for (const auto& rows : given) {
        flattener.add(rows);
    }
    return flattener.finish();
}

} // namespace

TEST_CASE("flatten: rows given as their tables' shares are made again from their release, and read the same") {
    test::TempDir dir;
    const std::vector<std::string> jsons = releases(700);
    ocds::SegmentCache first(dir.path(), "");
    const std::vector<ocds::FlatTable> named = chunked(jsons, dir.path(), "named", first);
    ocds::SegmentCache second(dir.path(), "");
    const std::vector<ocds::FlatTable> unread = chunked_unread(jsons, dir.path(), "unread", second);
    REQUIRE(named.size() == unread.size());
    CHECK(named.size() >= 4);
    for (std::size_t i = 0; i < named.size(); ++i) {
        CAPTURE(named[i].name);
        CHECK(test::read_file(unread[i].path) == test::read_file(named[i].path)); // same columns, same bytes
        CHECK(unread[i].bytes == named[i].bytes);
        CHECK(unread[i].rows == named[i].rows);
    }

    // The releases' file changed after the shares were taken: an error, not other rows.
    const std::vector<std::string> changed = releases(700, "Obra corregida");
    std::string all;
    for (const auto& json : jsons) {
        all += json + "\n";
    }
    ocds::FlatRows unread_rows;
    unread_rows.tables = ocds::Flattener::tables(ocds::Flattener::rows(test::parse(changed[350])));
    const std::string place = dir.path("other.jsonl");
    ocds::write_new_file(place, jsons[350]);
    unread_rows.source = ocds::JsonTextPlace{place, 0, jsons[350].size()};
    ocds::Flattener flattener(dir.path("bad"), ocds::FlattenOptions{true, true, true}, dir.path());
    ocds::SegmentCache none(dir.path(), "");
    flattener.use_segments(&none, "bad");
    flattener.add(unread_rows);
    CHECK_THROWS_AS(flattener.finish(), ocds::io_error);
}

TEST_CASE("flatten: rows of some tables read back, the others' made again from their release, read the same") {
    test::TempDir dir;
    const std::vector<std::string> jsons = releases(700);
    ocds::SegmentCache first(dir.path(), "");
    const std::vector<ocds::FlatTable> named = chunked(jsons, dir.path(), "named", first);
    // By table: processes, parties, items, awards, contracts, payments, milestones, documents.
    const std::vector<std::vector<bool>> masks{{true, false, false, false, false, false, false, false},
                                               {false, true, true, false, false, false, false, false},
                                               {false, false, false, false, false, false, true, false},
                                               {true, true, true, true, true, true, true, true}};
    for (std::size_t m = 0; m < masks.size(); ++m) {
        CAPTURE(m);
        const ocds::FlatRows whole = ocds::Flattener::rows(test::parse(jsons[0]));
        std::string kept;
        ocds::Flattener::encode_rows(rows_with(whole, ocds::Flattener::tables(whole)), kept);
        REQUIRE(!kept.empty());
        ocds::FlatRows some;
        REQUIRE(ocds::Flattener::decode_rows(kept, ocds::Flattener::tables(whole), masks[m], some));
        for (const auto& row : some.rows) {
            CHECK(masks[m][row.table]); // only the tables asked for
        }
        ocds::SegmentCache cache(dir.path(), "");
        const std::string folder = "some-" + std::to_string(m);
        const std::vector<ocds::FlatTable> mixed = chunked_unread(jsons, dir.path(), folder, cache, masks[m]);
        REQUIRE(mixed.size() == named.size());
        for (std::size_t i = 0; i < named.size(); ++i) {
            CAPTURE(named[i].name);
            CHECK(test::read_file(mixed[i].path) == test::read_file(named[i].path));
            CHECK(mixed[i].rows == named[i].rows);
        }
    }
}

TEST_CASE("flatten: tables in chunks named by their rows read as the tables written a row at a time") {
    test::TempDir dir;
    const std::vector<std::string> jsons = releases(1500);
    ocds::SegmentCache first(dir.path(), "");
    const std::vector<ocds::FlatTable> named = chunked(jsons, dir.path(), "named", first);
    ocds::SegmentCache unnamed_cache(dir.path(), "");
    const std::vector<ocds::FlatTable> unnamed = chunked(jsons, dir.path(), "unnamed", unnamed_cache, false);
    REQUIRE(named.size() == unnamed.size());
    CHECK(named.size() >= 4); // processes, parties, items, milestones
    for (std::size_t i = 0; i < named.size(); ++i) {
        CAPTURE(named[i].name);
        const std::string text = test::gunzip_file(named[i].path);
        CHECK(text == test::gunzip_file(unnamed[i].path));
        CHECK(named[i].bytes == text.size()); // counted without making the text
    }
    CHECK(first.compressed() > named.size()); // several chunks a table
    first.save(dir.path("index"));

    // The next version: the same rows but one process's title; only the chunks holding it made.
    ocds::SegmentCache second(dir.path(), dir.path("index"));
    const std::vector<ocds::FlatTable> again = chunked(releases(1500, "Obra corregida"), dir.path(), "again", second);
    CHECK(second.compressed() >= 1);
    CHECK(second.compressed() <= 2);
    CHECK(second.copied() >= first.compressed() - 2);
    ocds::SegmentCache fresh_cache(dir.path(), "");
    const std::vector<ocds::FlatTable> fresh =
        chunked(releases(1500, "Obra corregida"), dir.path(), "fresh", fresh_cache);
    REQUIRE(again.size() == fresh.size());
    for (std::size_t i = 0; i < again.size(); ++i) {
        CAPTURE(again[i].name);
        CHECK(test::read_file(again[i].path) == test::read_file(fresh[i].path)); // the bytes of a fresh build
        CHECK(again[i].bytes == fresh[i].bytes);
    }
}

TEST_CASE("flatten: a table of one column and an empty row, in chunks, keeps its \"\" line") {
    test::TempDir dir;
    ocds::SegmentCache cache(dir.path(), "");
    const std::vector<ocds::FlatTable> tables = chunked({"{}", R"({"ocid":"ocds-x-1"})"}, dir.path(), "t", cache);
    REQUIRE(tables.size() == 1);
    CHECK(test::gunzip_file(tables[0].path) == "\xEF\xBB\xBFocid\r\n\"\"\r\nocds-x-1\r\n");
    CHECK(tables[0].bytes == test::gunzip_file(tables[0].path).size());
}

TEST_CASE("workbook: sheets in chunks named by their rows read as sheets written a row at a time") {
    test::TempDir dir;
    const std::vector<std::string> jsons = releases(400);
    std::vector<std::string> sheets[2];
    for (int named = 0; named < 2; ++named) {
        const std::string folder = dir.path(named ? "named" : "unnamed");
        ocds::make_directories(folder);
        ocds::Flattener tables(folder + "/csv", {}, dir.path());
        for (const auto& json : jsons) {
            ocds::FlatRows rows = ocds::Flattener::rows(test::parse(json));
            if (!named) {
                rows.digests.clear();
            }
            tables.add(rows);
        }
        ocds::WorkbookSettings settings;
        settings.title = "Prueba";
        settings.date = "2024-09-27T19:00:00Z";
        settings.scratch_dir = dir.path();
        settings.sheet_rows = 250; // a process's rows may not fit: a row at a time there
        ocds::SegmentCache cache(dir.path(), "");
        ocds::write_workbook(tables, folder + "/t.xlsx", settings, &cache, "t.xlsx");
        for (const auto& entry : test::read_zip(test::read_file(folder + "/t.xlsx"))) {
            if (entry.name.rfind("xl/worksheets/", 0) == 0) {
                sheets[named].push_back(entry.content);
            }
        }
    }
    CHECK(sheets[1].size() > 4); // tables split over several sheets
    CHECK(sheets[0] == sheets[1]);
}
