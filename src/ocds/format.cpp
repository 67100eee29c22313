#include <ocds/format.hpp>

#include <array>

namespace ocds {

namespace {

struct KindNames {
    const char* singular;
    const char* plural;
};

constexpr std::array<KindNames, 8> kind_names{{
    {"release package", "release packages"},
    {"record package", "record packages"},
    {"release", "releases"},
    {"record", "records"},
    {"compiled release", "compiled releases"},
    {"versioned release", "versioned releases"},
    {"linked release", "linked releases"},
    {"other JSON value", "other JSON values"},
}};

bool has_compiled_tag(const Value& release) {
    const Value* tag = release.find("tag");
    if (!tag || !tag->is_array()) {
        return false;
    }
    for (const auto& entry : tag->as_array()) {
        if (entry.is_string() && entry.as_string() == "compiled") {
            return true;
        }
    }
    return false;
}

/// A versioned field is an array of objects that carry releaseID and value.
bool has_versioned_field(const Value& release) {
    for (const auto& member : release.as_object()) {
        if (member.key == "ocid" || !member.value.is_array() || member.value.as_array().empty()) {
            continue;
        }
        const Value& first = member.value.as_array().front();
        if (first.find("releaseID") && first.find("value")) {
            return true;
        }
    }
    return false;
}

} // namespace

const char* kind_name(Kind kind) noexcept {
    return kind_names[static_cast<std::size_t>(kind)].singular;
}

const char* kind_plural(Kind kind) noexcept {
    return kind_names[static_cast<std::size_t>(kind)].plural;
}

bool is_release_kind(Kind kind) noexcept {
    return kind == Kind::release || kind == Kind::compiled_release || kind == Kind::versioned_release;
}

bool is_package_metadata_key(const std::string& key) noexcept {
    return key == "uri" || key == "version" || key == "extensions" || key == "publishedDate" ||
           key == "publisher" || key == "license" || key == "publicationPolicy" || key == "packages" ||
           key == "links";
}

Kind classify(const Value& value) {
    if (!value.is_object()) {
        return Kind::other;
    }
    const Value* releases = value.find("releases");
    if (value.find("records")) {
        return Kind::record_package;
    }
    if (value.find("ocid")) {
        if (releases) {
            return Kind::record;
        }
        if (has_compiled_tag(value)) {
            return Kind::compiled_release;
        }
        if (value.find("id") || value.find("date") || value.find("tag")) {
            return Kind::release;
        }
        return has_versioned_field(value) ? Kind::versioned_release : Kind::release;
    }
    if (releases) {
        return Kind::release_package;
    }
    if (value.find("url") && value.find("date") && !value.find("id")) {
        return Kind::linked_release;
    }
    return Kind::other;
}

} // namespace ocds
