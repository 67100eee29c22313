#include <doctest/doctest.h>

#include <ocds/core/producer.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

TEST_CASE("producer: every item in order, with at most the capacity waiting") {
    std::atomic<std::size_t> made{0};
    std::vector<int> taken;
    {
        ocds::Producer<int> items(2, [&](ocds::Producer<int>::Queue& queue) {
            for (int i = 0; i < 1000; ++i) {
                REQUIRE(queue.push(i));
                ++made;
            }
        });
        for (int item = 0; items.next(item);) {
            CHECK(made.load() <= taken.size() + 3); // 2 waiting, 1 being pushed, counted after
            taken.push_back(item);
        }
        int again = -1;
        CHECK_FALSE(items.next(again)); // the end stays the end
    }
    REQUIRE(taken.size() == 1000);
    for (int i = 0; i < 1000; ++i) {
        CHECK(taken[static_cast<std::size_t>(i)] == i);
    }
}

TEST_CASE("producer: its exception comes after the items made before it") {
    ocds::Producer<std::string> items(4, [](ocds::Producer<std::string>::Queue& queue) {
        queue.push("first");
        queue.push("second");
        throw std::runtime_error("the source went away");
    });
    std::string item;
    REQUIRE(items.next(item));
    CHECK(item == "first");
    REQUIRE(items.next(item));
    CHECK(item == "second");
    CHECK_THROWS_WITH_AS(items.next(item), "the source went away", std::runtime_error);
}

TEST_CASE("producer: a consumer that stops early stops the producer, blocked or not") {
    std::atomic<bool> refused{false};
    std::atomic<int> pushed{0};
    {
        ocds::Producer<int> items(1, [&](ocds::Producer<int>::Queue& queue) {
            for (int i = 0;; ++i) {
                if (!queue.push(i)) {
                    refused = true;
                    return;
                }
                ++pushed;
            }
        });
        int item = -1;
        REQUIRE(items.next(item));
        CHECK(item == 0);
    } // destroyed while the producer waits for room: it must end, not hang
    CHECK(refused.load());
    CHECK(pushed.load() <= 3);
}

TEST_CASE("producer: items given back are reused by the producer") {
    std::atomic<int> reused{0};
    ocds::Producer<std::string> items(1, [&](ocds::Producer<std::string>::Queue& queue) {
        for (int i = 0; i < 50; ++i) {
            std::string item = queue.recycled();
            if (item.capacity() >= 1000) {
                ++reused;
            }
            item.assign(1000, static_cast<char>('a' + i % 26));
            if (!queue.push(std::move(item))) {
                return;
            }
        }
    });
    std::string item;
    int count = 0;
    while (items.next(item)) {
        CHECK(item == std::string(1000, static_cast<char>('a' + count % 26)));
        ++count;
        item.clear(); // keeps its buffer
        items.give_back(std::move(item));
    }
    CHECK(count == 50);
    CHECK(reused.load() > 0);
}
