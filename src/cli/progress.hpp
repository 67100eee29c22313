#pragma once

#include <chrono>
#include <cstdint>

namespace ocds::cli {

/// A one-line progress report on stderr (items, MB, MB/s), redrawn at most four times a second,
/// only when stderr is a terminal and the user did not ask for --quiet.
class Progress {
public:
    explicit Progress(bool quiet);
    ~Progress();

    void update(std::uint64_t items, std::uint64_t bytes) {
        if (m_enabled && (++m_calls & 255) == 0) {
            draw(items, bytes, false);
        }
    }

    /// Clears the line.
    void done();

private:
    void draw(std::uint64_t items, std::uint64_t bytes, bool force);

    bool m_enabled;
    bool m_drawn = false;
    std::uint64_t m_calls = 0;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
};

} // namespace ocds::cli
