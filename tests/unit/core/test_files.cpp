#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/io/output.hpp>

#include <unistd.h>

TEST_CASE("file lock: one holder at a time, its process id in the file, free again when released") {
    test::TempDir dir;
    const std::string path = dir.path("update.lock");
    std::string holder;
    auto first = ocds::FileLock::try_lock(path, &holder);
    REQUIRE(first != nullptr);
    CHECK(ocds::read_file(path) == std::to_string(::getpid()) + "\n");
    CHECK(ocds::FileLock::try_lock(path, &holder) == nullptr); // flock: per open file, so also in one process
    CHECK(holder == std::to_string(::getpid()));
    first.reset();
    CHECK(ocds::FileLock::try_lock(path) != nullptr);
    CHECK_THROWS_AS(ocds::FileLock::try_lock(dir.path("no/such/folder/lock")), ocds::io_error);
}

TEST_CASE("big files: written back to disk as they grow, their bytes and SHA-256 unchanged") {
    // Output and concatenate_files hand each 8 MB to start_writeback while they write: a file of
    // a little over two such steps, in odd-sized pieces, must read back as written.
    test::TempDir dir;
    std::string bytes;
    for (std::uint64_t i = 0; bytes.size() < 2 * ocds::writeback_step + 12345; ++i) {
        bytes += std::to_string(i * 2654435761u % 1000003) + (i % 7 == 0 ? "\n" : ",");
    }
    {
        ocds::Output output(dir.path("whole.txt"), ocds::OutputOptions{false, false, true});
        for (std::size_t at = 0; at < bytes.size(); at += 1000003) {
            output.write(std::string_view(bytes).substr(at, 1000003));
        }
        output.commit();
        CHECK(output.file_bytes() == bytes.size());
        CHECK(output.file_sha256() == ocds::sha256_hex(bytes));
    }
    CHECK(ocds::read_file(dir.path("whole.txt")) == bytes);
    const std::size_t cut = ocds::writeback_step - 5;
    ocds::write_new_file(dir.path("a.txt"), bytes.substr(0, cut));
    ocds::write_new_file(dir.path("b.txt"), bytes.substr(cut));
    std::uint64_t size = 0;
    const std::string sha256 =
        ocds::concatenate_files({dir.path("a.txt"), dir.path("b.txt")}, dir.path("joined.txt"), size);
    CHECK(size == bytes.size());
    CHECK(sha256 == ocds::sha256_hex(bytes));
    CHECK(ocds::read_file(dir.path("joined.txt")) == bytes);
}
