#include <ocds/core/json_text.hpp>

#include <ocds/core/detail/json.hpp>

#include <vector>

namespace ocds {

namespace {

/// Builds a Value from RapidJSON's SAX events; refuses to nest deeper than a limit, so a hostile
/// line of ten million '[' fails quickly instead of exhausting memory.
class ValueBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ValueBuilder> {
public:
    explicit ValueBuilder(std::size_t max_depth) : m_max_depth(max_depth) {}

    bool Null() { return add(Value()); }
    bool Bool(bool value) { return add(Value(value)); }
    bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
        return add(Value::number(std::string(text, length)));
    }
    bool String(const char* text, rapidjson::SizeType length, bool) { return add(Value(std::string(text, length))); }
    bool Key(const char* text, rapidjson::SizeType length, bool) {
        m_keys.emplace_back(text, length);
        return true;
    }
    bool StartObject() { return open(Value::object()); }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() { return open(Value::array()); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    Value result;
    bool too_deep = false;

private:
    bool open(Value container) {
        if (m_stack.size() >= m_max_depth) {
            too_deep = true;
            return false;
        }
        m_stack.push_back(std::move(container));
        return true;
    }
    bool close() {
        Value done = std::move(m_stack.back());
        m_stack.pop_back();
        return add(std::move(done));
    }
    bool add(Value value) {
        if (m_stack.empty()) {
            result = std::move(value);
        } else if (m_stack.back().is_array()) {
            m_stack.back().push_back(std::move(value));
        } else {
            // Appended without looking for an earlier member of the same name (that search made
            // parsing quadratic in an object's size); with a duplicate key, find() sees the first.
            m_stack.back().as_object().push_back(Value::Member{std::move(m_keys.back()), std::move(value)});
            m_keys.pop_back();
        }
        return true;
    }

    std::size_t m_max_depth;
    std::vector<Value> m_stack;
    std::vector<std::string> m_keys;
};

} // namespace

bool parse_json_text(std::string_view text, Value& out, JsonTextError& error, std::size_t max_depth) {
    ValueBuilder builder(max_depth);
    rapidjson::MemoryStream memory(text.data(), text.size());
    rapidjson::Reader reader;
    constexpr unsigned flags =
        rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag;
    reader.Parse<flags>(memory, builder);
    if (reader.HasParseError()) {
        error.offset = reader.GetErrorOffset();
        error.reason = builder.too_deep ? "nested deeper than " + std::to_string(max_depth) + " levels"
                                        : rapidjson::GetParseError_En(reader.GetParseErrorCode());
        return false;
    }
    out = std::move(builder.result);
    return true;
}

} // namespace ocds
