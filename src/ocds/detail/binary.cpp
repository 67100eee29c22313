#include <ocds/detail/binary.hpp>

namespace ocds::detail {

namespace {

enum Tag : char { null_tag, false_tag, true_tag, number_tag, string_tag, array_tag, object_tag };

void put_bytes(std::string& out, std::string_view bytes) {
    put_varint(out, bytes.size());
    out.append(bytes.data(), bytes.size());
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

void encode(const Value& value, std::string& out) {
    switch (value.type()) {
    case Value::Type::null:
        out.push_back(null_tag);
        break;
    case Value::Type::boolean:
        out.push_back(value.as_bool() ? true_tag : false_tag);
        break;
    case Value::Type::number:
        out.push_back(number_tag);
        put_bytes(out, value.number_text());
        break;
    case Value::Type::string:
        out.push_back(string_tag);
        put_bytes(out, value.as_string());
        break;
    case Value::Type::array:
        out.push_back(array_tag);
        put_varint(out, value.as_array().size());
        for (const auto& item : value.as_array()) {
            encode(item, out);
        }
        break;
    case Value::Type::object:
        out.push_back(object_tag);
        put_varint(out, value.as_object().size());
        for (const auto& member : value.as_object()) {
            put_bytes(out, member.key);
            encode(member.value, out);
        }
        break;
    }
}

Value decode(const char*& cursor) {
    switch (*cursor++) {
    case false_tag:
        return Value(false);
    case true_tag:
        return Value(true);
    case number_tag:
        return Value::number(std::string(get_bytes(cursor)));
    case string_tag:
        return Value(std::string(get_bytes(cursor)));
    case array_tag: {
        Value::Array items(static_cast<std::size_t>(get_varint(cursor)));
        for (auto& item : items) {
            item = decode(cursor);
        }
        return Value(std::move(items));
    }
    case object_tag: {
        const auto size = static_cast<std::size_t>(get_varint(cursor));
        Value::Object members;
        members.reserve(size);
        for (std::size_t i = 0; i < size; ++i) {
            std::string key(get_bytes(cursor));
            members.push_back(Value::Member{std::move(key), decode(cursor)});
        }
        return Value(std::move(members));
    }
    default:
        return Value();
    }
}

} // namespace ocds::detail
