#include <ocds/core/detail/binary.hpp>

#include <cstring>

namespace ocds::detail {

namespace {

void put_bytes(std::string& out, std::string_view bytes) {
    put_varint(out, bytes.size());
    out.append(bytes.data(), bytes.size());
}

void put_count(std::string& out, std::uint32_t count) {
    char bytes[4];
    std::memcpy(bytes, &count, 4);
    out.append(bytes, 4);
}

/// Reads a container's count and steps over its size.
std::uint32_t get_count(const char*& cursor) {
    std::uint32_t count;
    std::memcpy(&count, cursor, 4);
    cursor += 8;
    return count;
}

/// Writes a container's header (count, and room for its size); returns where the size goes.
std::size_t put_header(std::string& out, char tag, std::uint32_t count) {
    out.push_back(tag);
    put_count(out, count);
    const std::size_t size_at = out.size();
    out.append(4, '\0');
    return size_at;
}

void patch_size(std::string& out, std::size_t size_at) {
    const auto size = static_cast<std::uint32_t>(out.size() - (size_at + 4));
    std::memcpy(&out[size_at], &size, 4);
}

} // namespace

void put_varint(std::string& out, std::uint64_t number) {
    while (number >= 0x80) {
        out.push_back(static_cast<char>((number & 0x7F) | 0x80));
        number >>= 7;
    }
    out.push_back(static_cast<char>(number));
}

std::uint64_t get_varint(const char*& cursor) {
    std::uint64_t number = 0;
    for (int shift = 0;; shift += 7) {
        const auto byte = static_cast<unsigned char>(*cursor++);
        number |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if (byte < 0x80) {
            return number;
        }
    }
}

bool get_varint(const char*& cursor, const char* end, std::uint64_t& number) {
    number = 0;
    for (int shift = 0; cursor < end && shift < 64; shift += 7) {
        const auto byte = static_cast<unsigned char>(*cursor++);
        number |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if (byte < 0x80) {
            return true;
        }
    }
    return false;
}

void encode(const Value& value, std::string& out) {
    switch (value.type()) {
    case Value::Type::null: out.push_back(null_tag); break;
    case Value::Type::boolean: out.push_back(value.as_bool() ? true_tag : false_tag); break;
    case Value::Type::number:
        out.push_back(number_tag);
        put_bytes(out, value.number_text());
        break;
    case Value::Type::string:
        out.push_back(string_tag);
        put_bytes(out, value.as_string());
        break;
    case Value::Type::array: {
        const std::size_t size_at = put_header(out, array_tag, static_cast<std::uint32_t>(value.as_array().size()));
        for (const auto& item : value.as_array()) {
            encode(item, out);
        }
        patch_size(out, size_at);
        break;
    }
    case Value::Type::object: {
        const std::size_t size_at = put_header(out, object_tag, static_cast<std::uint32_t>(value.as_object().size()));
        for (const auto& member : value.as_object()) {
            put_bytes(out, member.key);
            encode(member.value, out);
        }
        patch_size(out, size_at);
        break;
    }
    }
}

Value decode(const char*& cursor) {
    switch (*cursor++) {
    case false_tag: return Value(false);
    case true_tag: return Value(true);
    case number_tag: return Value::number(std::string(get_bytes(cursor)));
    case string_tag: return Value(std::string(get_bytes(cursor)));
    case array_tag: {
        Value::Array items(get_count(cursor));
        for (auto& item : items) {
            item = decode(cursor);
        }
        return Value(std::move(items));
    }
    case object_tag: {
        const std::uint32_t size = get_count(cursor);
        Value::Object members;
        members.reserve(size);
        for (std::uint32_t i = 0; i < size; ++i) {
            std::string key(get_bytes(cursor));
            members.push_back(Value::Member{std::move(key), decode(cursor)});
        }
        return Value(std::move(members));
    }
    default: return Value();
    }
}

void BinaryBuilder::start() {
    m_out.clear();
    m_depth = 0;
    m_active = true;
    m_ocid_next = false;
    m_has_ocid = false;
    m_ocid.clear();
}

void BinaryBuilder::element() {
    if (m_depth > 0 && !m_frames[m_depth - 1].is_object) {
        ++m_frames[m_depth - 1].count;
    }
}

bool BinaryBuilder::scalar(BinaryTag tag, std::string_view text) {
    element();
    m_out.push_back(tag);
    if (tag == number_tag || tag == string_tag) {
        put_bytes(m_out, text);
    }
    if (m_ocid_next && m_depth == 1 && tag == string_tag) {
        m_ocid.assign(text.data(), text.size());
        m_has_ocid = true;
    }
    m_ocid_next = false;
    return m_depth == 0;
}

void BinaryBuilder::open(bool is_object) {
    element();
    m_ocid_next = false;
    m_out.push_back(is_object ? object_tag : array_tag);
    if (m_frames.size() == m_depth) {
        m_frames.emplace_back();
    }
    Frame& frame = m_frames[m_depth++];
    frame.count_at = m_out.size();
    frame.count = 0;
    frame.is_object = is_object;
    frame.last_key.clear();
    m_out.append(8, '\0');
}

void BinaryBuilder::key(std::string_view key) {
    Frame& frame = m_frames[m_depth - 1];
    ++frame.count;
    frame.last_key.assign(key.data(), key.size());
    put_bytes(m_out, key);
    m_ocid_next = m_depth == 1 && key == "ocid";
}

bool BinaryBuilder::close() {
    const Frame& frame = m_frames[--m_depth];
    std::memcpy(&m_out[frame.count_at], &frame.count, 4);
    const auto size = static_cast<std::uint32_t>(m_out.size() - (frame.count_at + 8));
    std::memcpy(&m_out[frame.count_at + 4], &size, 4);
    return m_depth == 0;
}

Value::Type BinaryView::type() const noexcept {
    switch (*m_at) {
    case false_tag:
    case true_tag: return Value::Type::boolean;
    case number_tag: return Value::Type::number;
    case string_tag: return Value::Type::string;
    case array_tag: return Value::Type::array;
    case object_tag: return Value::Type::object;
    default: return Value::Type::null;
    }
}

const char* BinaryView::end() const {
    switch (*m_at) {
    case number_tag:
    case string_tag: {
        const char* cursor = m_at + 1;
        get_bytes(cursor);
        return cursor;
    }
    case array_tag:
    case object_tag: {
        std::uint32_t size;
        std::memcpy(&size, m_at + 5, 4);
        return m_at + container_header + size;
    }
    default: return m_at + 1;
    }
}

bool BinaryView::find(std::string_view key, BinaryView& found) const {
    if (!is_object()) {
        return false;
    }
    const char* cursor = m_at + container_header;
    for (std::uint32_t i = 0, n = size(); i < n; ++i) {
        const std::string_view name = get_bytes(cursor);
        const BinaryView value(cursor);
        if (name == key) {
            found = value;
            return true;
        }
        cursor = value.end();
    }
    return false;
}

void BinaryBuilder::append_path(std::string& pointer) const {
    for (std::size_t i = 0; i < m_depth; ++i) {
        const Frame& frame = m_frames[i];
        if (frame.is_object) {
            if (frame.count > 0) {
                pointer += '/' + pointer_token(frame.last_key);
            }
        } else if (frame.count > 0) {
            pointer += '/' + std::to_string(frame.count - 1);
        }
    }
}

} // namespace ocds::detail
