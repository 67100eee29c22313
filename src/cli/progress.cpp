#include "progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace ocds::cli {

Progress::Progress(bool quiet)
    : m_enabled(!quiet && ::isatty(STDERR_FILENO)), m_start(std::chrono::steady_clock::now()), m_last(m_start) {
}

Progress::~Progress() {
    done();
}

void Progress::draw(std::uint64_t items, std::uint64_t bytes, bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - m_last < std::chrono::milliseconds(250)) {
        return;
    }
    m_last = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const double megabytes = static_cast<double>(bytes) / 1e6;
    std::fprintf(stderr, "\r%llu items, %.1f MB, %.1f MB/s   ", static_cast<unsigned long long>(items), megabytes,
                 seconds > 0 ? megabytes / seconds : 0.0);
    m_drawn = true;
}

void Progress::done() {
    if (m_drawn) {
        std::fputs("\r\033[K", stderr);
        m_drawn = false;
    }
}

} // namespace ocds::cli
