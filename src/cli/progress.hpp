#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ocds {
class Reader;
} // namespace ocds

namespace ocds::cli {

/// A one-line progress report on stderr, redrawn at most four times a second, only when stderr
/// is a terminal and the user did not ask for --quiet (nothing before a quarter of a second, so
/// quick runs stay silent; OCDS_PROGRESS_INTERVAL sets another interval in milliseconds, as
/// GIT_PROGRESS_DELAY does for git: a slow terminal, or a test that needs lines from a quick run). With a known total it shows how far, the rate and the time left;
/// otherwise counts and the rate. Numbers as everywhere: 25,787; sizes in kB, MB, GB.
///
///     validate releases.json: 45.2 MB of 107.0 MB (42%), 25,787 items, 21.3 MB/s, 3 s left
///     build: 1,234 of 5,000 processes (24%), 98/s, 38 s left
///     validate <stdin>: 45.2 MB, 25,787 items, 21.3 MB/s
class Progress {
public:
    enum class Unit { items, bytes };

    /// `label` starts the line: the command, and what it works on.
    explicit Progress(bool quiet, std::string label = {});
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    /// Starts a stage: its label, what is counted (`noun`: "processes"; unused for bytes) and how
    /// much there is in all (0: not known). The rate and time left start again, unless it is the
    /// stage already under way (then only its total and noun change).
    void stage(std::string label, Unit unit, std::uint64_t total = 0, std::string noun = "items");

    /// How far the stage is, and optionally how many things were handled on the way (shown as
    /// "25,787 releases" beside bytes, with `items_noun`).
    void update(std::uint64_t done, std::uint64_t items = 0, const char* items_noun = nullptr);

    /// Reading a file: one stage per file (named after it, sized when its size is known), at the
    /// reader's place in it; `items` things read so far, called `items_noun`.
    void reading(const Reader& reader, std::uint64_t items, const char* items_noun);

    /// Files sent or fetched of all, and their bytes (publish, pull).
    void transfer(std::uint64_t files, std::uint64_t total_files, std::uint64_t bytes);

    /// The stages of Compiler::finish: partitions merged of all, then processes written of all.
    void merging(std::size_t partitions_done, std::size_t partitions);
    void writing(std::uint64_t processes_done, std::uint64_t processes);

    /// Clears the line (before other output on stderr, and at the end).
    void done();

    bool enabled() const noexcept { return m_enabled; }

    /// The line for a state, without drawing it (for tests).
    std::string line(std::uint64_t done, std::uint64_t items, const char* items_noun, double seconds) const;

private:
    /// Whether the interval has passed since the last line (then it is time for one).
    bool due();
    void draw(std::uint64_t done, std::uint64_t items, const char* items_noun);

    bool m_enabled;
    bool m_drawn = false;
    std::string m_label, m_stage;
    Unit m_unit = Unit::items;
    std::uint64_t m_total = 0;
    std::string m_noun = "items";
    std::string m_extra; ///< said after the count (the bytes of a transfer)
    std::chrono::milliseconds m_interval;
    std::chrono::steady_clock::time_point m_start, m_last, m_stage_start;
};

} // namespace ocds::cli
