#pragma once

// A compact binary form of Value for scratch files: much faster to write and read back than
// JSON, since nothing is escaped or validated twice. Not a file format: only this program, in
// one run, reads what it wrote. Containers carry their element count and their size in bytes,
// four bytes each, so that a parser can write them when the container closes (BinaryBuilder)
// and a reader can step over a container at once (BinaryView).

#include <ocds/core/value.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ocds::detail {

enum BinaryTag : char { null_tag, false_tag, true_tag, number_tag, string_tag, array_tag, object_tag };

void put_varint(std::string& out, std::uint64_t number);
std::uint64_t get_varint(const char*& cursor);
/// get_varint within [cursor, end), for bytes read back from a file that may be cut or damaged:
/// false (and the cursor anywhere up to end) when no whole varint is there.
bool get_varint(const char*& cursor, const char* end, std::uint64_t& number);

void encode(const Value& value, std::string& out);

/// Decodes one value at `cursor` and moves the cursor past it.
Value decode(const char*& cursor);

inline std::string_view get_bytes(const char*& cursor) {
    const auto size = static_cast<std::size_t>(get_varint(cursor));
    std::string_view bytes(cursor, size);
    cursor += size;
    return bytes;
}

/// A read-only view of one encoded value, for reading without decoding.
class BinaryView {
public:
    BinaryView() = default;
    explicit BinaryView(const char* at) : m_at(at) {}

    Value::Type type() const noexcept;
    bool is_null() const noexcept { return *m_at == null_tag; }
    bool is_object() const noexcept { return *m_at == object_tag; }
    bool is_array() const noexcept { return *m_at == array_tag; }
    bool is_string() const noexcept { return *m_at == string_tag; }
    bool is_number() const noexcept { return *m_at == number_tag; }

    /// The text of a string or number.
    std::string_view text() const {
        const char* cursor = m_at + 1;
        return get_bytes(cursor);
    }

    /// The element count of an array or object.
    std::uint32_t size() const {
        std::uint32_t count;
        std::memcpy(&count, m_at + 1, 4);
        return count;
    }

    /// Where the value ends: the next value's first byte.
    const char* end() const;

    /// The first item of a non-empty array.
    BinaryView first_item() const { return BinaryView(m_at + container_header); }

    /// Calls f(key, value) for each member of an object, in order.
    template<typename F>
    void for_each_member(F f) const {
        const char* cursor = m_at + container_header;
        for (std::uint32_t i = 0, n = size(); i < n; ++i) {
            const std::string_view key = get_bytes(cursor);
            const BinaryView value(cursor);
            cursor = value.end();
            f(key, value);
        }
    }

    /// Calls f(index, item) for each item of an array, in order.
    template<typename F>
    void for_each_item(F f) const {
        const char* cursor = m_at + container_header;
        for (std::uint32_t i = 0, n = size(); i < n; ++i) {
            const BinaryView item(cursor);
            cursor = item.end();
            f(static_cast<std::size_t>(i), item);
        }
    }

    /// The first member named `key`; false when absent or not an object.
    bool find(std::string_view key, BinaryView& found) const;

    /// Decodes the value.
    Value to_value() const {
        const char* cursor = m_at;
        return decode(cursor);
    }

    const char* data() const noexcept { return m_at; }

private:
    static constexpr std::size_t container_header = 9; // tag, count, size in bytes
    const char* m_at = nullptr;
};

/// Encodes one JSON value straight from parser events, with no Value in between, noting the
/// `ocid` string of a top-level object on the way.
class BinaryBuilder {
public:
    bool active() const noexcept { return m_active; }
    void start();

    /// A scalar; returns true when it was the whole value.
    bool scalar(BinaryTag tag, std::string_view text = {});
    void open(bool is_object);
    void key(std::string_view key);
    /// Closes the innermost container; returns true when that completed the value.
    bool close();

    /// The encoded value (valid once complete), and the top-level ocid if there was one.
    std::string& encoded() noexcept { return m_out; }
    const std::string& ocid() const noexcept { return m_ocid; }
    bool has_ocid() const noexcept { return m_has_ocid; }
    void finish() { m_active = false; }

    /// The JSON Pointer of the innermost place being built.
    void append_path(std::string& pointer) const;

private:
    void element();

    struct Frame {
        std::size_t count_at; // where the count and size bytes are
        std::uint32_t count;
        bool is_object;
        std::string last_key;
    };
    std::string m_out;
    std::vector<Frame> m_frames; // reused: frames[0, m_depth) are open
    std::size_t m_depth = 0;
    bool m_active = false;
    bool m_ocid_next = false;
    bool m_has_ocid = false;
    std::string m_ocid;
};

} // namespace ocds::detail
