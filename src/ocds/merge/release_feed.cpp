#include <ocds/merge/release_feed.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/error.hpp>
#include <ocds/io/package.hpp>
#include <ocds/schema/release_schema.hpp>

#include <algorithm>

namespace ocds {

void DeclaredPackages::add(const Value& package_metadata, bool is_release_package) {
    const std::string* version = package_metadata.find_string("version");
    const std::string used = version ? *version : "1.0";
    versions.insert(used);
    reasons.emplace(used, version ? "the packages declare it" : "a package without `version` is 1.0");
    for (const auto& url : declared_extensions(package_metadata)) {
        if (std::find(extensions.begin(), extensions.end(), url) == extensions.end()) {
            extensions.push_back(url);
        }
    }
    if (const std::string* uri = package_metadata.find_string("uri");
        uri && is_release_package && std::find(package_uris.begin(), package_uris.end(), *uri) == package_uris.end()) {
        package_uris.push_back(*uri);
    }
    merge_metadata(metadata, package_metadata);
}

void DeclaredPackages::add_undeclared(bool has_parties) {
    if (!has_parties) {
        undeclared_without_parties = true;
        return;
    }
    versions.insert(undeclared_version(true));
    reasons.emplace(undeclared_version(true), undeclared_version_reason(true));
}

std::string DeclaredPackages::version() const {
    if (versions.empty()) {
        return undeclared_without_parties ? undeclared_version(false) : "1.1";
    }
    return *versions.rbegin();
}

std::string DeclaredPackages::version_reason() const {
    if (versions.empty()) {
        return undeclared_without_parties ? undeclared_version_reason(false) : "no data";
    }
    std::string reason = reasons.at(version());
    if (versions.size() > 1) {
        std::string list;
        for (const auto& other : versions) {
            list += (list.empty() ? "" : ", ") + other;
        }
        reason += "; the input mixes versions (" + list + "): the highest is used";
    }
    return reason;
}

ReleaseFeed::ReleaseFeed(Compiler& compiler, ReadOptions options, Handlers handlers)
    : m_compiler(compiler), m_options(options), m_handlers(std::move(handlers)) {
    // Releases of packages only need storing until every input is read: they may come encoded.
    m_options.encode_items = !m_handlers.compiled;
    // Reading is the one single-threaded phase of compiling: JSON Lines are parsed on two threads.
    m_options.parse_in_pieces = true;
}

void ReleaseFeed::add_record(const Item& item) {
    if (m_handlers.compiled) {
        if (const Value* compiled = item.value.find("compiledRelease"); compiled && compiled->is_object()) {
            m_handlers.compiled(*compiled);
            return;
        }
    }
    bool embedded = false;
    bool linked = false;
    if (const Value* releases = item.value.find("releases"); releases && releases->is_array()) {
        for (const auto& release : releases->as_array()) {
            if (release.find("ocid")) { // linked releases have none
                m_compiler.add(release, item.location);
                embedded = true;
            } else {
                linked = true;
            }
        }
    }
    if (m_handlers.compiled && !embedded) {
        throw data_error(item.location,
                         "a record without a compiled release or embedded releases (its releases are only "
                         "linked): there is nothing to read its process from");
    }
    m_linked_records += linked;
}

/// add_record for a record the reader encoded (no compiled-release handler): its embedded
/// releases go to the compiler as they are encoded, without decoding the record, which for a
/// record of a million releases would take several times its size.
void ReleaseFeed::add_encoded_record(const Item& item) {
    bool linked = false;
    detail::BinaryView releases;
    if (detail::BinaryView(item.encoded.data()).find("releases", releases) && releases.is_array()) {
        releases.for_each_item([&](std::size_t, detail::BinaryView release) {
            detail::BinaryView ocid;
            if (release.find("ocid", ocid)) { // linked releases have none
                m_compiler.add_encoded(release, item.location);
            } else {
                linked = true;
            }
        });
    }
    m_linked_records += linked;
}

void ReleaseFeed::read(const std::string& path) {
    Reader reader(path, m_options);
    while (auto entry = reader.next()) {
        if (auto* start = std::get_if<PackageStart>(&*entry)) {
            m_declared.add(start->metadata, start->kind == Kind::release_package);
            // Its releases are linked by its uri when records link releases the way OCDS Kit does.
            m_source = start->kind == Kind::release_package ? static_cast<std::ptrdiff_t>(m_compiler.new_source()) : -1;
            if (const std::string* uri = start->metadata.find_string("uri"); uri && m_source >= 0) {
                m_compiler.set_source_uri(static_cast<std::size_t>(m_source), *uri);
            }
            m_compiler.set_source(m_source);
            if (m_handlers.package_start) {
                m_handlers.package_start(start->metadata, start->location);
            }
            continue;
        }
        if (auto* end = std::get_if<PackageEnd>(&*entry)) {
            m_declared.add(end->metadata, end->kind == Kind::release_package);
            if (const std::string* uri = end->metadata.find_string("uri"); uri && m_source >= 0) {
                m_compiler.set_source_uri(static_cast<std::size_t>(m_source), *uri); // when it came after the releases
            }
            m_source = -1;
            m_compiler.set_source(-1);
            continue;
        }
        auto* item = std::get_if<Item>(&*entry);
        if (!item) {
            continue;
        }
        if (item->container == Kind::other && (item->kind == Kind::release || item->kind == Kind::record ||
                                               item->kind == Kind::compiled_release || item->kind == Kind::other)) {
            m_declared.add_undeclared(item->is_encoded ? has_parties(detail::BinaryView(item->encoded.data()))
                                                       : has_parties(item->value));
        }
        if (item->is_encoded && item->kind == Kind::release) {
            m_compiler.add_encoded(*item);
        } else if (item->is_encoded && item->kind == Kind::record) {
            add_encoded_record(*item);
        } else {
            if (item->is_encoded) {
                const char* cursor = item->encoded.data();
                item->value = detail::decode(cursor);
            }
            const bool object = item->kind == Kind::other && item->value.is_object();
            if (item->kind == Kind::record) {
                add_record(*item);
            } else if (item->kind == Kind::compiled_release && m_handlers.compiled) {
                m_handlers.compiled(item->value);
            } else if (item->kind == Kind::release || item->kind == Kind::compiled_release || object) {
                m_compiler.add(item->value, item->location);
            } else if (m_handlers.compiled) {
                throw data_error(item->location,
                                 std::string("expected a record, a compiled release or a release, found a ") +
                                     kind_name(item->kind));
            } else {
                throw data_error(item->location,
                                 std::string("expected a release or a record, found a ") +
                                     (item->kind == Kind::other ? std::string("JSON ") + type_name(item->value.type())
                                                                : std::string(kind_name(item->kind))));
            }
        }
        if (m_handlers.progress) {
            m_handlers.progress(reader, ++m_items);
        }
    }
}

} // namespace ocds
