#include <ocds/core/compare.hpp>

#include <ocds/core/json_writer.hpp>

#include <cstdlib>

namespace ocds {

namespace {

/// A decimal number as sign, significant digits (no leading or trailing zeros) and the
/// exponent of its first digit, so that equal values have equal forms.
struct Decimal {
    bool negative = false;
    std::string digits; // empty for zero
    long long exponent = 0;
};

Decimal decimal(const std::string& text) {
    Decimal number;
    std::size_t i = 0;
    if (i < text.size() && text[i] == '-') {
        number.negative = true;
        ++i;
    }
    std::string digits;
    long long point = 0; // digits before the decimal point
    bool seen_point = false;
    for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
        if (text[i] == '.') {
            seen_point = true;
        } else {
            digits += text[i];
            point += seen_point ? 0 : 1;
        }
    }
    long long exponent = 0;
    if (i < text.size()) {
        exponent = std::strtoll(text.c_str() + i + 1, nullptr, 10);
    }
    const auto first = digits.find_first_not_of('0');
    if (first == std::string::npos) {
        number.negative = false;
        return number;
    }
    const auto last = digits.find_last_not_of('0');
    number.digits = digits.substr(first, last - first + 1);
    number.exponent = point - static_cast<long long>(first) + exponent;
    return number;
}

std::string cut(const Value& value) {
    std::string text = to_json(value);
    if (text.size() > 200) {
        text.resize(200);
        text += "...";
    }
    return text;
}

Difference missing(const std::string& pointer, const Value& expected) {
    const std::string text = cut(expected);
    return {pointer, text, "", "missing (expected " + text + ")"};
}

Difference unexpected(const std::string& pointer, const Value& found) {
    const std::string text = cut(found);
    return {pointer, "", text, "unexpected (found " + text + ")"};
}

void collect(const Value& expected, const Value& found, std::string& pointer, std::vector<Difference>& out,
             std::size_t limit) {
    if (out.size() >= limit) {
        return;
    }
    if (expected.is_object() && found.is_object()) {
        for (const auto& member : expected.as_object()) {
            const auto size = pointer.size();
            pointer += '/' + pointer_token(member.key);
            if (const Value* other = found.find(member.key)) {
                collect(member.value, *other, pointer, out, limit);
            } else if (out.size() < limit) {
                out.push_back(missing(pointer, member.value));
            }
            pointer.resize(size);
        }
        for (const auto& member : found.as_object()) {
            if (!expected.find(member.key) && out.size() < limit) {
                out.push_back(unexpected(pointer + '/' + pointer_token(member.key), member.value));
            }
        }
        return;
    }
    if (expected.is_array() && found.is_array()) {
        const auto& a = expected.as_array();
        const auto& b = found.as_array();
        for (std::size_t i = 0; i < a.size() || i < b.size(); ++i) {
            const auto size = pointer.size();
            pointer += '/' + std::to_string(i);
            if (i >= b.size()) {
                if (out.size() < limit) {
                    out.push_back(missing(pointer, a[i]));
                }
            } else if (i >= a.size()) {
                if (out.size() < limit) {
                    out.push_back(unexpected(pointer, b[i]));
                }
            } else {
                collect(a[i], b[i], pointer, out, limit);
            }
            pointer.resize(size);
        }
        return;
    }
    if (!json_equal(expected, found)) {
        const std::string a = cut(expected);
        const std::string b = cut(found);
        out.push_back({pointer, a, b, "expected " + a + ", found " + b});
    }
}

} // namespace

int compare_numbers(const std::string& a, const std::string& b) {
    const Decimal x = decimal(a);
    const Decimal y = decimal(b);
    const bool x_zero = x.digits.empty();
    const bool y_zero = y.digits.empty();
    if (x_zero || y_zero) {
        if (x_zero && y_zero) {
            return 0;
        }
        return x_zero ? (y.negative ? 1 : -1) : (x.negative ? -1 : 1);
    }
    if (x.negative != y.negative) {
        return x.negative ? -1 : 1;
    }
    const int sign = x.negative ? -1 : 1;
    if (x.exponent != y.exponent) {
        return x.exponent < y.exponent ? -sign : sign;
    }
    const int digits = x.digits.compare(y.digits);
    return digits == 0 ? 0 : (digits < 0 ? -sign : sign);
}

bool json_equal(const Value& a, const Value& b) {
    if (a.type() != b.type()) {
        return false;
    }
    switch (a.type()) {
    case Value::Type::null: return true;
    case Value::Type::boolean: return a.as_bool() == b.as_bool();
    case Value::Type::number:
        return a.number_text() == b.number_text() || compare_numbers(a.number_text(), b.number_text()) == 0;
    case Value::Type::string: return a.as_string() == b.as_string();
    case Value::Type::array: {
        const auto& x = a.as_array();
        const auto& y = b.as_array();
        if (x.size() != y.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!json_equal(x[i], y[i])) {
                return false;
            }
        }
        return true;
    }
    case Value::Type::object: {
        const auto& x = a.as_object();
        const auto& y = b.as_object();
        if (x.size() != y.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            // The same order is the common case; otherwise look the member up.
            const Value* other = y[i].key == x[i].key ? &y[i].value : b.find(x[i].key);
            if (!other || !json_equal(x[i].value, *other)) {
                return false;
            }
        }
        return true;
    }
    }
    return false;
}

std::vector<Difference> differences(const Value& expected, const Value& found, std::size_t limit) {
    std::vector<Difference> out;
    std::string pointer;
    collect(expected, found, pointer, out, limit);
    return out;
}

} // namespace ocds
