#pragma once

// Documents made from a real one by spoiling one value at a time: the inputs of the tests that
// hold the compiled schema check equal to valijson.

#include <ocds/core/value.hpp>

#include <cstddef>
#include <functional>
#include <vector>

namespace test {

/// Every way to spoil one value: other types, empty values, numbers that are not integers.
inline std::vector<ocds::Value> replacements() {
    using ocds::Value;
    return {Value(),
            Value(true),
            Value::number("1"),
            Value::number("1.5"),
            Value::number("-3"),
            Value::number("1e400"),
            Value("x"),
            Value(""),
            Value("2024-13-01"),
            Value::array(),
            Value::object(),
            Value(Value::Array{Value("x")}),
            Value(Value::Array{Value::object()})};
}

/// Calls f on a copy of `document` for each single change of one of its values (replaced or,
/// for object members, removed).
template<typename F>
void each_mutation(const ocds::Value& document, F f) {
    std::vector<std::vector<std::size_t>> paths; // child indexes from the root
    std::function<void(const ocds::Value&, std::vector<std::size_t>&)> collect = [&](const ocds::Value& value,
                                                                                     std::vector<std::size_t>& path) {
        paths.push_back(path);
        const std::size_t size = value.is_array()    ? value.as_array().size()
                                 : value.is_object() ? value.as_object().size()
                                                     : 0;
        for (std::size_t i = 0; i < size; ++i) {
            path.push_back(i);
            collect(value.is_array() ? value.as_array()[i] : value.as_object()[i].value, path);
            path.pop_back();
        }
    };
    std::vector<std::size_t> path;
    collect(document, path);
    const auto at = [](ocds::Value& root, const std::vector<std::size_t>& steps, std::size_t depth) {
        ocds::Value* value = &root;
        for (std::size_t i = 0; i < depth; ++i) {
            value = value->is_array() ? &value->as_array()[steps[i]] : &value->as_object()[steps[i]].value;
        }
        return value;
    };
    for (const auto& steps : paths) {
        if (steps.empty()) {
            continue;
        }
        for (const auto& replacement : replacements()) {
            ocds::Value copy = document;
            *at(copy, steps, steps.size()) = replacement;
            f(copy);
        }
        ocds::Value copy = document;
        ocds::Value* parent = at(copy, steps, steps.size() - 1);
        if (parent->is_object()) {
            parent->as_object().erase(parent->as_object().begin() + static_cast<std::ptrdiff_t>(steps.back()));
            f(copy);
        }
    }
}

} // namespace test
