#include <ocds/indicators/detail/figures.hpp>

#include <cstdio>

namespace ocds::detail {

Value decimal(long double number, int places) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*Lf", places, number);
    std::string rendered = text;
    if (rendered.find('.') != std::string::npos) {
        while (rendered.back() == '0') {
            rendered.pop_back();
        }
        if (rendered.back() == '.') {
            rendered.pop_back();
        }
    }
    if (rendered == "-0") {
        rendered = "0";
    }
    return Value::number(rendered);
}

Value count(std::uint64_t number) {
    return Value::number(std::to_string(number));
}

Value share(long double part, long double whole) {
    return whole > 0 ? decimal(part / whole, 4) : Value();
}

Value per_process(std::uint64_t count, std::uint64_t processes) {
    return processes ? decimal(static_cast<long double>(count) / processes, 4) : Value();
}

Value amounts(const Amounts& sums) {
    Value object = Value::object();
    for (const auto& [currency, amount] : sums) {
        object.set(currency, decimal(amount, 2));
    }
    return object;
}

long double in_currency(const Amounts& sums, const std::string& currency) {
    auto found = sums.find(currency);
    return found == sums.end() ? 0 : found->second;
}

Value optional_text(const std::string& text) {
    return text.empty() ? Value() : Value(text);
}

Value object_of(std::initializer_list<std::pair<const char*, Value>> members) {
    Value object = Value::object();
    for (const auto& [key, value] : members) {
        object.set(key, value);
    }
    return object;
}

} // namespace ocds::detail
