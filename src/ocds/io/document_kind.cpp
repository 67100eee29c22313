#include <ocds/io/document_kind.hpp>

#include <ocds/core/detail/binary.hpp>

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
    return key == "uri" || key == "version" || key == "extensions" || key == "publishedDate" || key == "publisher" ||
           key == "license" || key == "publicationPolicy" || key == "packages" || key == "links";
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

Kind classify(const detail::BinaryView& value) {
    if (!value.is_object()) {
        return Kind::other;
    }
    detail::BinaryView member;
    if (value.find("ocid", member)) {
        detail::BinaryView tag;
        if (value.find("tag", tag) && tag.is_array()) {
            bool compiled = false;
            tag.for_each_item([&](std::size_t, const detail::BinaryView& entry) {
                compiled = compiled || (entry.is_string() && entry.text() == "compiled");
            });
            if (compiled) {
                return Kind::compiled_release;
            }
        }
        if (value.find("id", member) || value.find("date", member) || value.find("tag", member)) {
            return Kind::release;
        }
        bool versioned = false;
        value.for_each_member([&](std::string_view key, const detail::BinaryView& field) {
            if (versioned || key == "ocid" || !field.is_array() || field.size() == 0) {
                return;
            }
            const detail::BinaryView first = field.first_item();
            detail::BinaryView found;
            versioned = first.find("releaseID", found) && first.find("value", found);
        });
        return versioned ? Kind::versioned_release : Kind::release;
    }
    if (value.find("url", member) && value.find("date", member) && !value.find("id", member)) {
        return Kind::linked_release;
    }
    return Kind::other;
}

} // namespace ocds
