#include "progress.hpp"

#include <ocds/core/number_format.hpp>
#include <ocds/io/reader.hpp>

#include <cstdio>
#include <cstdlib>

#include <sys/ioctl.h>
#include <unistd.h>

namespace ocds::cli {

namespace {

/// The terminal's width in columns (80 when it does not say).
std::size_t terminal_columns() {
    struct winsize size {};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    return 80;
}

/// `text` cut to `columns` characters (UTF-8 sequences kept whole).
std::string fit(const std::string& text, std::size_t columns) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && characters++ == columns) {
            return text.substr(0, i);
        }
    }
    return text;
}

/// The time between lines: OCDS_PROGRESS_INTERVAL milliseconds (1 to 60,000), else a quarter
/// of a second.
std::chrono::milliseconds progress_interval() {
    const char* setting = std::getenv("OCDS_PROGRESS_INTERVAL");
    if (setting && *setting) {
        char* end = nullptr;
        const long milliseconds = std::strtol(setting, &end, 10);
        if (*end == '\0' && milliseconds >= 1 && milliseconds <= 60000) {
            return std::chrono::milliseconds(milliseconds);
        }
    }
    return std::chrono::milliseconds(250);
}

} // namespace

Progress::Progress(bool quiet, std::string label)
    : m_enabled(!quiet && ::isatty(STDERR_FILENO)), m_label(std::move(label)), m_interval(progress_interval()),
      m_start(std::chrono::steady_clock::now()), m_last(m_start), m_stage_start(m_start) {}

Progress::~Progress() {
    done();
}

void Progress::stage(std::string label, Unit unit, std::uint64_t total, std::string noun) {
    if (label != m_stage || unit != m_unit) { // the same stage again only learns its total
        m_stage = std::move(label);
        m_unit = unit;
        m_stage_start = std::chrono::steady_clock::now();
    }
    m_total = total;
    m_noun = std::move(noun);
}

std::string Progress::line(std::uint64_t done, std::uint64_t items, const char* items_noun, double seconds) const {
    const bool bytes = m_unit == Unit::bytes;
    const auto amount = [&](std::uint64_t value) { return bytes ? size_text(value) : with_commas(value); };
    std::string text = m_label + (m_stage.empty() ? "" : " " + m_stage) + ": ";
    if (done == 0 && m_total == 0 && !bytes) {
        return text + "…"; // a stage that counts nothing yet
    }
    text += amount(done);
    if (m_total > 0) {
        text += " of " + amount(m_total);
    }
    if (!bytes) {
        text += " " + m_noun;
    }
    if (m_total > 0) {
        const std::uint64_t percent = done >= m_total ? 100 : done * 100 / m_total;
        text += " (" + std::to_string(percent) + "%)";
    }
    if (items_noun && items > 0) {
        text += ", " + with_commas(items) + " " + items_noun;
    }
    if (!m_extra.empty()) {
        text += ", " + m_extra;
    }
    if (seconds >= 0.5 && done > 0) {
        const double rate = static_cast<double>(done) / seconds;
        text += ", " +
                (bytes ? size_text(static_cast<std::uint64_t>(rate)) : with_commas(static_cast<std::uint64_t>(rate))) +
                "/s";
        if (m_total > done) {
            text += ", " + duration_text(static_cast<double>(m_total - done) / rate) + " left";
        }
    }
    return text;
}

bool Progress::due() {
    if (!m_enabled) {
        return false;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - m_last < m_interval) {
        return false;
    }
    m_last = now;
    return true;
}

void Progress::draw(std::uint64_t done, std::uint64_t items, const char* items_noun) {
    const double seconds = std::chrono::duration<double>(m_last - m_stage_start).count();
    const std::size_t columns = terminal_columns() - 1;
    std::string text = line(done, items, items_noun, seconds);
    if (text.size() > columns && items_noun) {
        // On a narrow terminal the count beside the bytes goes first: the time left matters more.
        text = line(done, 0, nullptr, seconds);
    }
    text = fit(text, columns);
    std::fprintf(stderr, "\r%s\033[K", text.c_str());
    std::fflush(stderr);
    m_drawn = true;
}

void Progress::update(std::uint64_t done, std::uint64_t items, const char* items_noun) {
    if (due()) {
        draw(done, items, items_noun);
    }
}

void Progress::reading(const Reader& reader, std::uint64_t items, const char* items_noun) {
    if (!m_enabled) {
        return;
    }
    // The file's name without its folders keeps the line within a terminal's width.
    const std::string& name = reader.name();
    const auto slash = name.rfind('/');
    std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    if (base != m_stage || m_unit != Unit::bytes) {
        stage(std::move(base), Unit::bytes, reader.file_size());
    }
    if (due()) {
        draw(reader.file_position(), items, items_noun);
    }
}

void Progress::transfer(std::uint64_t files, std::uint64_t total_files, std::uint64_t bytes) {
    stage("", Unit::items, total_files, "files");
    if (due()) {
        const double seconds = std::chrono::duration<double>(m_last - m_stage_start).count();
        m_extra = size_text(bytes) +
                  (seconds >= 0.5
                       ? " at " + size_text(static_cast<std::uint64_t>(static_cast<double>(bytes) / seconds)) + "/s"
                       : std::string());
        draw(files, 0, nullptr);
    }
}

void Progress::merging(std::size_t partitions_done, std::size_t partitions) {
    stage("merging", Unit::items, partitions, "partitions");
    update(partitions_done);
}

void Progress::writing(std::uint64_t processes_done, std::uint64_t processes) {
    stage("writing", Unit::items, processes, "processes");
    update(processes_done);
}

void Progress::done() {
    if (m_drawn) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        m_drawn = false;
    }
}

} // namespace ocds::cli
