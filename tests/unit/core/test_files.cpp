#include <doctest/doctest.h>

#include "helpers.hpp"

#include <ocds/core/files.hpp>

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
