#pragma once

#include <ocds/core/sink.hpp>
#include <ocds/indicators/process_facts.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ocds {

/// Appends the compact binary form of `facts` to `out`: only this program reads it back
/// (decode_facts), in the same run or, through `ocds build`'s process cache, the next.
void encode_facts(const ProcessFacts& facts, std::string& out);

/// Reads facts that encode_facts wrote; false when `bytes` are not that.
bool decode_facts(std::string_view bytes, ProcessFacts& facts);

/// Where one process's facts stand in a FactsSpool.
struct FactsRef {
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
};

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
