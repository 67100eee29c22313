#include <ocds/schema/release_schema.hpp>

#include <ocds/core/detail/binary.hpp>

#include <ocds/core/error.hpp>
#include <ocds/io/reader.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/files.hpp>

#include <algorithm>

#include <sys/stat.h>

namespace ocds {

namespace {

bool is_dir(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

/// The path segments of a URL after its host.
std::vector<std::string> url_segments(const std::string& url) {
    std::vector<std::string> segments;
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : url.find('/', start + 3);
    while (start != std::string::npos) {
        const auto end = url.find('/', start + 1);
        segments.push_back(url.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1));
        start = end;
    }
    return segments;
}

} // namespace

void merge_patch(Value& target, const Value& patch) {
    if (!patch.is_object()) {
        target = patch;
        return;
    }
    if (!target.is_object()) {
        target = Value::object();
    }
    for (const auto& member : patch.as_object()) {
        if (member.value.is_null()) {
            target.erase(member.key);
        } else if (Value* existing = target.find(member.key)) {
            merge_patch(*existing, member.value);
        } else {
            Value added;
            merge_patch(added, member.value);
            target.set(member.key, std::move(added));
        }
    }
}

std::string find_extension_dir(const std::string& url, const ExtensionSources& sources) {
    const auto segments = url_segments(url);
    if (segments.size() < 3 || segments.back() != "extension.json") {
        return {};
    }
    const std::string& repository = segments[segments.size() - 3];
    const std::string& ref = segments[segments.size() - 2];
    // The URL comes from the data: its segments name folders, so none may leave the roots.
    const auto folder_name = [](const std::string& name) { return !name.empty() && name != "." && name != ".."; };
    if (!folder_name(repository) || !folder_name(ref)) {
        return {};
    }
    std::vector<std::string> roots;
    if (!sources.extensions_dir.empty()) {
        roots.push_back(sources.extensions_dir);
    }
    roots.push_back(sources.schemas_dir + "/extensions");
    for (const auto& root : roots) {
        // A publisher hosting its own extension names its folder: .../<name>/extension.json.
        for (const auto& name : {repository + "_" + ref, repository, ref}) {
            if (is_regular_file(root + "/" + name + "/extension.json")) {
                return root + "/" + name;
            }
        }
    }
    return {};
}

std::string bundled_version(const std::string& version) {
    if (version == "1.1") {
        return "1.1.5";
    }
    if (version == "1.0") {
        return "1.0.3";
    }
    return {};
}

ReleaseSchema build_release_schema(const std::string& version, const std::vector<std::string>& extension_urls,
                                   const ExtensionSources& sources) {
    ReleaseSchema result;
    result.version = bundled_version(version);
    if (result.version.empty()) {
        throw data_error(Location{}, "OCDS version '" + version + "' is not bundled (1.0 and 1.1 are)");
    }
    const std::string dir = sources.schemas_dir + "/" + result.version;
    if (!is_dir(dir)) {
        throw io_error("the bundled schemas folder has no " + result.version + "/");
    }
    result.schema = read_json_file(dir + "/release-schema.json");
    for (const auto& url : extension_urls) {
        const std::string extension = find_extension_dir(url, sources);
        if (extension.empty()) {
            result.missing_extensions.push_back(url);
            continue;
        }
        if (is_regular_file(extension + "/release-schema.json")) {
            merge_patch(result.schema, read_json_file(extension + "/release-schema.json"));
        }
    }
    return result;
}

std::vector<std::string> declared_extensions(const Value& package_metadata) {
    std::vector<std::string> urls;
    if (const Value* list = package_metadata.find("extensions"); list && list->is_array()) {
        for (const auto& url : list->as_array()) {
            if (url.is_string() && std::find(urls.begin(), urls.end(), url.as_string()) == urls.end()) {
                urls.push_back(url.as_string());
            }
        }
    }
    return urls;
}

std::string schema_key(const std::string& version, const std::vector<std::string>& extensions) {
    std::string key = version;
    for (const auto& url : extensions) {
        key += ' ' + url;
    }
    return key;
}

const char* undeclared_version(bool has_parties) noexcept {
    return has_parties ? "1.1" : "1.0";
}

std::string undeclared_version_reason(bool has_parties) {
    return has_parties
               ? "data outside a package declares no version and has `parties`, a field 1.1 added, so it is 1.1 "
                 "(OCDS Kit's rule)"
               : "data outside a package declares no version and has no `parties`, a field 1.1 added, so it is "
                 "1.0 (OCDS Kit's rule)";
}

namespace {

/// `find` for both kinds of release: a Value and an encoded release.
bool member(const Value& object, std::string_view key, const Value*& found) {
    found = object.is_object() ? object.find(key) : nullptr;
    return found != nullptr;
}
bool member(const detail::BinaryView& object, std::string_view key, detail::BinaryView& found) {
    return object.is_object() && object.find(key, found);
}
template<typename F>
void each_item(const Value* array, F f) {
    if (array->is_array()) {
        for (const auto& item : array->as_array()) {
            f(&item);
        }
    }
}
template<typename F>
void each_item(const detail::BinaryView& array, F f) {
    if (array.is_array()) {
        array.for_each_item([&](std::size_t, const detail::BinaryView& item) { f(item); });
    }
}
const Value& deref(const Value* value) {
    return *value;
}
const detail::BinaryView& deref(const detail::BinaryView& value) {
    return value;
}

template<typename V, typename Found>
bool parties_in(const V& value) {
    Found found;
    if (member(value, "parties", found)) {
        return true;
    }
    bool any = false;
    if (member(value, "releases", found)) {
        each_item(found, [&](const auto& release) {
            Found parties;
            any = any || member(deref(release), "parties", parties);
        });
    }
    for (const char* merged : {"compiledRelease", "versionedRelease"}) {
        Found release, parties;
        any = any || (member(value, merged, release) && member(deref(release), "parties", parties));
    }
    return any;
}

} // namespace

bool has_parties(const Value& value) {
    return parties_in<Value, const Value*>(value);
}

bool has_parties(const detail::BinaryView& value) {
    return parties_in<detail::BinaryView, detail::BinaryView>(value);
}

} // namespace ocds
