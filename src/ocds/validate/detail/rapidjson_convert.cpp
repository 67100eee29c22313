#include <ocds/validate/detail/rapidjson_convert.hpp>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace ocds::detail {

namespace {

void number_into(const std::string& text, rapidjson::Value& out) {
    if (text.find_first_of(".eE") == std::string::npos) {
        errno = 0;
        char* end = nullptr;
        if (text[0] == '-') {
            const long long number = std::strtoll(text.c_str(), &end, 10);
            if (errno == 0 && *end == '\0') {
                out.SetInt64(number);
                return;
            }
        } else {
            const unsigned long long number = std::strtoull(text.c_str(), &end, 10);
            if (errno == 0 && *end == '\0') {
                out.SetUint64(number);
                return;
            }
        }
    }
    out.SetDouble(std::strtod(text.c_str(), nullptr));
}

void value_into(const Value& value, rapidjson::Value& out, rapidjson::Document::AllocatorType& allocator) {
    switch (value.type()) {
    case Value::Type::null: out.SetNull(); break;
    case Value::Type::boolean: out.SetBool(value.as_bool()); break;
    case Value::Type::number: number_into(value.number_text(), out); break;
    case Value::Type::string:
        out.SetString(value.as_string().data(), static_cast<rapidjson::SizeType>(value.as_string().size()), allocator);
        break;
    case Value::Type::array:
        out.SetArray();
        out.Reserve(static_cast<rapidjson::SizeType>(value.as_array().size()), allocator);
        for (const auto& item : value.as_array()) {
            rapidjson::Value element;
            value_into(item, element, allocator);
            out.PushBack(element, allocator);
        }
        break;
    case Value::Type::object:
        out.SetObject();
        for (const auto& member : value.as_object()) {
            rapidjson::Value key(member.key.data(), static_cast<rapidjson::SizeType>(member.key.size()), allocator);
            rapidjson::Value element;
            value_into(member.value, element, allocator);
            out.AddMember(key, element, allocator);
        }
        break;
    }
}

} // namespace

std::unique_ptr<rapidjson::Document> to_document(const Value& value) {
    auto document = std::make_unique<rapidjson::Document>();
    value_into(value, *document, document->GetAllocator());
    return document;
}

void view_into(BinaryView view, rapidjson::Value& out, rapidjson::Document::AllocatorType& allocator) {
    switch (view.type()) {
    case Value::Type::null: out.SetNull(); break;
    case Value::Type::boolean: out.SetBool(*view.data() == true_tag); break;
    case Value::Type::number: number_into(std::string(view.text()), out); break;
    case Value::Type::string: {
        const auto text = view.text();
        out.SetString(rapidjson::StringRef(text.data(), static_cast<rapidjson::SizeType>(text.size())));
        break;
    }
    case Value::Type::array:
        out.SetArray();
        out.Reserve(view.size(), allocator);
        view.for_each_item([&](std::size_t, BinaryView item) {
            rapidjson::Value element;
            view_into(item, element, allocator);
            out.PushBack(element, allocator);
        });
        break;
    case Value::Type::object:
        out.SetObject();
        view.for_each_member([&](std::string_view name, BinaryView member) {
            rapidjson::Value key(rapidjson::StringRef(name.data(), static_cast<rapidjson::SizeType>(name.size())));
            rapidjson::Value element;
            view_into(member, element, allocator);
            out.AddMember(key, element, allocator);
        });
        break;
    }
}

} // namespace ocds::detail
