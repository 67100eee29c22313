#include <ocds/map/jsonb_text.hpp>

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

/// The top-level members of a jsonb object text, in their order; nullopt if it is not one.
std::optional<std::vector<Member>> members(std::string_view text) {
    std::vector<Member> list;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        return std::nullopt;
    }
    const std::string_view inside = text.substr(1, text.size() - 2);
    std::size_t at = 0;
    while (at < inside.size()) {
        if (inside[at] != '"') {
            return std::nullopt;
        }
        const std::size_t key_end = value_end(inside, at);
        if (key_end == std::string_view::npos || inside.compare(key_end, 2, ": ") != 0) {
            return std::nullopt;
        }
        const std::size_t start = key_end + 2;
        const std::size_t end = value_end(inside, start);
        if (end == std::string_view::npos || end == start) {
            return std::nullopt;
        }
        list.push_back({inside.substr(at + 1, key_end - at - 2), inside.substr(start, end - start)});
        at = end;
        if (at < inside.size()) {
            if (inside.compare(at, 2, ", ") != 0) {
                return std::nullopt;
            }
            at += 2;
        }
    }
    return list;
}

/// jsonb's order of keys: shorter first, then byte by byte.
int compare_keys(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return a.size() < b.size() ? -1 : 1;
    }
    return a.compare(b);
}

} // namespace

std::optional<std::string_view> jsonb_member(std::string_view object, std::string_view key) {
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

std::optional<std::string> merge_jsonb_objects(std::string_view base, std::string_view overlay) {
    const auto ours = members(base);
    const auto theirs = members(overlay);
    if (!ours || !theirs) {
        return std::nullopt;
    }
    std::string text;
    text.reserve(base.size() + overlay.size());
    text += '{';
    auto put = [&](const Member& member, bool overlaid) {
        if (overlaid && member.value == "null") {
            return;
        }
        if (text.size() > 1) {
            text += ", ";
        }
        text += '"';
        text += member.key;
        text += "\": ";
        text += member.value;
    };
    std::size_t i = 0, j = 0;
    while (i < ours->size() || j < theirs->size()) {
        const int order = i == ours->size()     ? 1
                          : j == theirs->size() ? -1
                                                : compare_keys((*ours)[i].key, (*theirs)[j].key);
        if (order < 0) {
            put((*ours)[i++], false);
        } else {
            i += order == 0; // the overlay's value replaces the base's
            put((*theirs)[j++], true);
        }
    }
    text += '}';
    return text;
}

} // namespace ocds
