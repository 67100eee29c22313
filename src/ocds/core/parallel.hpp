#pragma once

#include <cstddef>
#include <functional>

namespace ocds {

/// Calls `work(i)` for every i in [0, count) on `threads` threads (the caller's among them), each
/// taking the next index as it finishes one. The first exception stops the others from taking
/// more and is rethrown once all have stopped.
void for_each_index(std::size_t count, unsigned threads, const std::function<void(std::size_t index)>& work);

} // namespace ocds
