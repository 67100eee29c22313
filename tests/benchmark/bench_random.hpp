#pragma once

// The benchmark generators' random numbers: our own generator and range reduction, because the
// standard distributions differ between library implementations and the data must be the same
// everywhere.

#include <array>
#include <cstddef>
#include <cstdint>

namespace bench {

inline std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// xoshiro256** seeded through splitmix64.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : m_state) {
            word = splitmix64(seed);
        }
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// Uniform in [0, n); the tiny modulo bias does not matter here.
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }

    /// Uniform in [low, high].
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low) + 1));
    }

    /// True with the given probability in percent.
    bool percent(unsigned chance) { return below(100) < chance; }

    /// A count in [low, high] that favours small values (most processes are small, a few large).
    int skewed(int low, int high) {
        const auto a = between(low, high);
        const auto b = between(low, high);
        return static_cast<int>(a < b ? a : b);
    }

    template<typename T, std::size_t N>
    const T& pick(const std::array<T, N>& items) {
        return items[below(N)];
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> m_state{};
};

inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    std::uint64_t state = a * 0x100000001B3ULL ^ b;
    splitmix64(state);
    return splitmix64(state);
}

} // namespace bench
