#pragma once

#include <ocds/indicators.hpp>
#include <ocds/output.hpp>

#include <cstdint>
#include <string>

namespace ocds {

/// The ProcessFacts of a whole publication in an anonymous scratch file, so that the indicators
/// keep only a few keys per process in memory. A compact binary form, read back only by this
/// program in the same run.
class FactsSpool {
public:
    /// @throws io_error when the scratch file cannot be created in `directory`
    explicit FactsSpool(const std::string& directory);

    FactsRef append(const ProcessFacts& facts);

    /// @throws io_error when the scratch file cannot be read back
    ProcessFacts load(FactsRef ref);

private:
    SpoolFile m_file;
    std::string m_buffer;
};

} // namespace ocds
