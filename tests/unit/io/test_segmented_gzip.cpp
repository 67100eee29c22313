// Segmented gzip files: segments compressed on their own form one gzip member that zlib reads
// back whole (its CRC checked), and a segment copied from an earlier file through the
// SegmentCache gives the very bytes that compressing it again would.

#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/io/segmented_gzip.hpp>

#include <string>
#include <thread>

namespace {

std::string lines(int first, int count) {
    std::string text;
    for (int i = first; i < first + count; ++i) {
        text += "{\"id\":\"" + std::to_string(i) + "\",\"title\":\"Banquetas y alumbrado " + std::to_string(i * 7) +
                "\"}\n";
    }
    return text;
}

/// `count` items of one line each, without its newline.
std::vector<std::string> numbered_items(int count) {
    std::vector<std::string> items;
    for (int i = 0; i < count; ++i) {
        std::string line = lines(i * 10, 1);
        line.pop_back();
        items.push_back(line);
    }
    return items;
}

/// Writes `items` as lines to `folder`/`name` through `cache` (its chunks recorded under that path).
std::string write_lines(const std::string& folder, const std::string& name, const std::vector<std::string>& items,
                        ocds::SegmentCache& cache) {
    ocds::make_directories(folder);
    ocds::ChunkedGzip file(folder + "/" + name, ocds::OutputOptions{}, &cache, "test lines",
                           ocds::ChunkLimits{256, 4096});
    file.write_fixed("header\n"); // a version's header: never a chunk
    for (const auto& item : items) {
        file.add(item, item, "\n");
    }
    file.commit();
    cache.record(name, 0, file.file().file_bytes(), file.file().keyed());
    return ocds::read_file(folder + "/" + name);
}

/// The text write_lines writes: its header, then each item on a line.
std::string written_text(const std::vector<std::string>& items) {
    std::string text = "header\n";
    for (const auto& item : items) {
        text += item + "\n";
    }
    return text;
}

} // namespace

TEST_CASE("segmented gzip: segments make one gzip member that zlib reads whole, with its CRC") {
    test::TempDir dir;
    ocds::SegmentedGzipFile file(dir.path("joined.gz"), ocds::OutputOptions{});
    ocds::SegmentCompressor compressor;
    const std::string a = lines(0, 500), b = lines(500, 3), c = lines(503, 2000);
    file.append(compressor.compress(a));
    file.append(compressor.compress(""));
    file.append(compressor.compress(b));
    file.append(compressor.compress(c));
    file.commit();
    CHECK(test::gunzip_file(dir.path("joined.gz")) == a + b + c);
    CHECK(file.text_bytes() == a.size() + b.size() + c.size());
    CHECK(static_cast<std::int64_t>(file.file_bytes()) == ocds::file_size(dir.path("joined.gz")));

    // The same text compressed again gives the same bytes: a segment depends on its text alone
    // (and on the dictionary given, the text before it).
    CHECK(compressor.compress(b).bytes == compressor.compress(b).bytes);
    CHECK(compressor.compress(b, a).bytes == compressor.compress(b, a).bytes);
    CHECK(compressor.compress(b, a).bytes.size() < compressor.compress(b).bytes.size());

    // A segment compressed after the text before it reads back in the stream.
    ocds::SegmentedGzipFile chained(dir.path("chained.gz"), ocds::OutputOptions{});
    chained.append(compressor.compress(a));
    chained.append(compressor.compress(c, a));
    chained.commit();
    CHECK(test::gunzip_file(dir.path("chained.gz")) == a + c);

    ocds::SegmentedGzipFile empty(dir.path("empty.gz"), ocds::OutputOptions{});
    empty.commit();
    CHECK(test::gunzip_file(dir.path("empty.gz")).empty());
}

TEST_CASE("segmented gzip: unchanged chunks are copied from the previous file, and the bytes equal a fresh write") {
    test::TempDir dir;
    std::vector<std::string> items = numbered_items(400);
    ocds::SegmentCache first(dir.path("site"), "");
    write_lines(dir.path("site"), "v1.gz", items, first);
    CHECK(first.copied() == 0);
    const std::uint64_t chunks = first.compressed();
    REQUIRE(chunks > 5);
    first.save(dir.path("index-1"));

    // One item changed: its chunk is compressed again, the others are copied.
    items[200] = "{\"id\":\"changed\"}";
    ocds::SegmentCache second(dir.path("site"), dir.path("index-1"));
    const std::string after = write_lines(dir.path("site"), "v2.gz", items, second);
    CHECK(second.compressed() >= 1);
    // Its chunk (two if a boundary moved there) and the next, whose dictionary is its end.
    CHECK(second.compressed() <= 4);
    CHECK(second.copied() + second.compressed() >= chunks - 1);
    CHECK(test::gunzip_file(dir.path("site/v2.gz")) == written_text(items));

    // Written with no previous version: the same bytes.
    ocds::SegmentCache none(dir.path("fresh"), "");
    CHECK(write_lines(dir.path("fresh"), "v2.gz", items, none) == after);
    CHECK(none.copied() == 0);

    // An index whose file changed size since is not trusted: everything compressed again.
    second.save(dir.path("index-2"));
    ocds::replace_file(dir.path("site/v2.gz"), after + "x");
    ocds::SegmentCache stale(dir.path("site"), dir.path("index-2"));
    write_lines(dir.path("site"), "v3.gz", items, stale);
    CHECK(stale.copied() == 0);
    CHECK(stale.compressed() == second.compressed() + second.copied());
}

TEST_CASE("segmented gzip: a chunk that two files of one build hold is compressed once, the files written at once") {
    test::TempDir dir;
    std::vector<std::string> items = numbered_items(400);
    ocds::SegmentCache alone(dir.path("alone"), "");
    const std::string fresh = write_lines(dir.path("alone"), "all.gz", items, alone);
    const std::uint64_t chunks = alone.compressed();
    REQUIRE(chunks > 5);
    CHECK(alone.shared() == 0);

    // bulk/all and a year's folder, written by two lanes: each chunk compressed by one of them.
    ocds::SegmentCache cache(dir.path("site"), "");
    std::string all, year;
    std::thread other([&] { year = write_lines(dir.path("site"), "year.gz", items, cache); });
    all = write_lines(dir.path("site"), "all.gz", items, cache);
    other.join();
    CHECK(all == fresh);
    CHECK(year == fresh);
    CHECK(cache.compressed() == 2 * chunks); // new in this build, in each file
    CHECK(cache.shared() == chunks);
    CHECK(cache.compressed_bytes() <= written_text(items).size()); // one file's text, not two

    // A third file with one item changed shares all but that item's chunks and the next.
    items[200] = "{\"id\":\"changed\"}";
    const std::string changed = write_lines(dir.path("site"), "edition.gz", items, cache);
    CHECK(test::gunzip_file(dir.path("site/edition.gz")) == written_text(items));
    CHECK(cache.shared() >= 2 * chunks - 4);
    ocds::SegmentCache none(dir.path("none"), "");
    CHECK(write_lines(dir.path("none"), "edition.gz", items, none) == changed);
}

TEST_CASE("segmented gzip: items whose bytes are in files give the bytes of given items, and a copied chunk's files "
          "are never read") {
    test::TempDir dir;
    ocds::make_directories(dir.path("items"));
    std::vector<std::string> items;
    std::vector<ocds::FileBytes> in_files;
    for (int i = 0; i < 300; ++i) {
        std::string line = lines(i * 10, 1);
        line.pop_back();
        items.push_back(line);
        // Each item is the end of its file, after a prefix (as a release is the end of its package).
        const std::string path = dir.path("items/" + std::to_string(i));
        ocds::write_new_file(path, "{\"prefix\":[" + line + "]}");
        in_files.push_back(ocds::FileBytes{path, 11, line.size()});
    }
    auto write = [&](const std::string& site, const std::string& name, ocds::SegmentCache& cache, bool from_files) {
        ocds::make_directories(site);
        ocds::ChunkedGzip file(site + "/" + name, ocds::OutputOptions{}, &cache, "test lines",
                               ocds::ChunkLimits{256, 4096});
        file.write_fixed("header\n");
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string identity = ocds::sha256_hex(items[i]);
            if (from_files && i % 3 != 0) { // given and deferred items mixed
                file.add(in_files[i], identity, "\n");
            } else {
                file.add(items[i], identity, "\n");
            }
        }
        file.commit();
        cache.record(name, 0, file.file().file_bytes(), file.file().keyed());
        return ocds::read_file(site + "/" + name);
    };
    ocds::SegmentCache given(dir.path("given"), "");
    const std::string expected = write(dir.path("given"), "v1.gz", given, false);
    ocds::SegmentCache deferred(dir.path("deferred"), "");
    CHECK(write(dir.path("deferred"), "v1.gz", deferred, true) == expected);
    CHECK(deferred.copied() == 0);
    deferred.save(dir.path("index"));

    // The next version, every item's file gone: every chunk is copied by its key, none read.
    for (const auto& bytes : in_files) {
        ocds::remove_tree(bytes.path);
    }
    ocds::SegmentCache next(dir.path("deferred"), dir.path("index"));
    CHECK(write(dir.path("deferred"), "v2.gz", next, true) == expected);
    CHECK(next.compressed() == 0);
    CHECK(next.copied() == deferred.compressed());

    // A chunk to compress again (no previous version) whose file is gone: an error naming it.
    ocds::SegmentCache none(dir.path("none"), "");
    CHECK_THROWS_WITH_AS(write(dir.path("none"), "v1.gz", none, true), doctest::Contains(dir.path("items/").c_str()),
                         ocds::io_error);
}

TEST_CASE("deferred text: pieces given and read from files") {
    test::TempDir dir;
    ocds::write_new_file(dir.path("f"), "0123456789");
    ocds::DeferredText text;
    text.append(std::string_view("ab"));
    text.append(ocds::FileBytes{dir.path("f"), 2, 5}); // 23456
    text.append(std::string_view("cd"));
    CHECK(text.size() == 9);
    CHECK(text.read() == "ab23456cd");
    std::string buffer;
    CHECK(text.view(buffer) == "ab23456cd");
    ocds::DeferredText copy;
    copy.append(text);
    copy.append(std::string_view("e"));
    CHECK(copy.read() == "ab23456cde");
    ocds::DeferredText beyond;
    beyond.append(ocds::FileBytes{dir.path("f"), 8, 5}); // the file has 2 of them
    CHECK_THROWS_AS(beyond.read(), ocds::io_error);
}

TEST_CASE("segmented gzip: an item of a chunk's size has a chunk of its own, so a change in it makes two chunks") {
    test::TempDir dir;
    // Small lines, and every tenth a big one (as a project's record among its contracts').
    std::vector<std::string> items;
    for (int i = 0; i < 400; ++i) {
        std::string line = lines(i * 10, i % 10 == 5 ? 12 : 1);
        line.pop_back();
        items.push_back(line);
    }
    REQUIRE(items[205].size() >= 256);
    ocds::SegmentCache first(dir.path("site"), "");
    write_lines(dir.path("site"), "v1.gz", items, first);
    first.save(dir.path("index-1"));

    // The big item alone, and the chunk after it (its dictionary is the big item's end): not
    // the small items gathered before it.
    items[205] = lines(77777, 12);
    items[205].pop_back();
    ocds::SegmentCache second(dir.path("site"), dir.path("index-1"));
    const std::string after = write_lines(dir.path("site"), "v2.gz", items, second);
    CHECK(second.compressed() == 2);
    // The next chunk holds the small items up to the next big one at most.
    CHECK(second.compressed_bytes() <= items[205].size() + 1 + items[206].size() * 9 + 9);
    CHECK(test::gunzip_file(dir.path("site/v2.gz")) == written_text(items));
    ocds::SegmentCache none(dir.path("fresh"), "");
    CHECK(write_lines(dir.path("fresh"), "v2.gz", items, none) == after);
}
