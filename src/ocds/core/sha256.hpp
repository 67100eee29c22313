#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ocds {

/// SHA-256 (FIPS 180-4), fed in pieces: the checksums of the publication manifest.
class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    /// The digest as 64 lower-case hex digits; the object must not be updated afterwards.
    std::string hex();

private:
    void block(const unsigned char* data);

    std::array<std::uint32_t, 8> m_state;
    std::array<unsigned char, 64> m_buffer{};
    std::size_t m_used = 0;
    std::uint64_t m_length = 0;
};

/// The hex SHA-256 of `text`.
std::string sha256_hex(std::string_view text);

} // namespace ocds
