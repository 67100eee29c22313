#include <ocds/map/json_members.hpp>

#include <algorithm>
#include <vector>

namespace ocds {

namespace {

struct Member {
    std::string_view key;   ///< as written, without its quotes
    std::string_view value; ///< as written
};

/// Past the string whose opening quote is at `at`, or npos.
std::size_t string_end(std::string_view text, std::size_t at) {
    for (std::size_t i = at + 1; i < text.size(); ++i) {
        if (text[i] == '\\') {
            ++i;
        } else if (text[i] == '"') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

/// Past the JSON value starting at `at`, or npos: strings are skipped with their escapes and
/// containers by depth; what a value holds is not checked (the server wrote it).
std::size_t value_end(std::string_view text, std::size_t at) {
    if (at >= text.size()) {
        return std::string_view::npos;
    }
    if (text[at] == '"') {
        return string_end(text, at);
    }
    if (text[at] != '{' && text[at] != '[') { // a number, true, false or null
        std::size_t i = at;
        while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']') {
            ++i;
        }
        return i;
    }
    std::size_t depth = 0;
    for (std::size_t i = at; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            i = string_end(text, i);
            if (i == std::string_view::npos) {
                return i;
            }
            --i;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

std::size_t skip_spaces(std::string_view text, std::size_t at) {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) {
        ++at;
    }
    return at;
}

/// The top-level members of an object text, in their order; nullopt if it is not one.
std::optional<std::vector<Member>> members(std::string_view text) {
    std::vector<Member> list;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        return std::nullopt;
    }
    const std::string_view inside = text.substr(1, text.size() - 2);
    std::size_t at = skip_spaces(inside, 0);
    while (at < inside.size()) {
        if (inside[at] != '"') {
            return std::nullopt;
        }
        const std::size_t key_end = value_end(inside, at);
        const std::size_t colon = key_end == std::string_view::npos ? key_end : skip_spaces(inside, key_end);
        if (colon >= inside.size() || inside[colon] != ':') {
            return std::nullopt;
        }
        const std::size_t start = skip_spaces(inside, colon + 1);
        const std::size_t end = value_end(inside, start);
        if (end == std::string_view::npos || end == start) {
            return std::nullopt;
        }
        list.push_back({inside.substr(at + 1, key_end - at - 2), inside.substr(start, end - start)});
        at = skip_spaces(inside, end);
        if (at < inside.size()) {
            if (inside[at] != ',') {
                return std::nullopt;
            }
            at = skip_spaces(inside, at + 1);
            if (at == inside.size()) {
                return std::nullopt; // a comma before the end
            }
        }
    }
    return list;
}

} // namespace

std::optional<std::string_view> json_member(std::string_view object, std::string_view key) {
    const auto list = members(object);
    if (list) {
        for (const auto& member : *list) {
            if (member.key == key) {
                return member.value;
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> merge_json_objects(std::string_view base, std::string_view overlay) {
    const auto ours = members(base);
    const auto theirs = members(overlay);
    if (!ours || !theirs) {
        return std::nullopt;
    }
    auto in = [](const std::vector<Member>& list, std::string_view key) {
        return std::any_of(list.begin(), list.end(), [&](const Member& member) { return member.key == key; });
    };
    std::string text;
    text.reserve(base.size() + overlay.size());
    text += '{';
    auto put = [&](const Member& member, bool overlaid = true) {
        if (overlaid && member.value == "null") {
            return; // json_strip_nulls leaves no null member
        }
        if (text.size() > 1) {
            text += ',';
        }
        text += '"';
        text += member.key;
        text += "\":";
        text += member.value;
    };
    auto index_in_overlay = [&](std::string_view key) {
        std::size_t index = 0;
        while (index < theirs->size() && (*theirs)[index].key != key) {
            ++index;
        }
        return index;
    };
    // The overlay's members the base lacks, before its member `end`.
    std::size_t next = 0;
    auto put_lacking = [&](std::size_t end) {
        for (; next < end; ++next) {
            if (!in(*ours, (*theirs)[next].key)) {
                put((*theirs)[next]);
            }
        }
    };
    for (const Member& member : *ours) {
        const std::size_t index = index_in_overlay(member.key);
        if (index == theirs->size()) {
            put(member, false);
            continue;
        }
        if (index >= next) {
            put_lacking(index);
            next = index + 1;
        }
        put((*theirs)[index]);
    }
    put_lacking(theirs->size());
    text += '}';
    return text;
}

} // namespace ocds
