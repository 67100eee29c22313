#include <ocds/publish/publication.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/file_names.hpp>
#include <ocds/core/value.hpp>

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <unordered_set>

namespace ocds {

namespace {

/// Collects the manifest's version, published date and files/*/{path,size,sha256,kind,year,format,edition}.
class ManifestHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ManifestHandler> {
public:
    explicit ManifestHandler(Manifest& manifest) : m_manifest(manifest) {}

    bool Default() { return true; }
    bool StartObject() {
        ++m_depth;
        if (m_depth == 2 && m_in_files && m_array_depth == 1) {
            m_manifest.files.emplace_back();
        }
        return true;
    }
    bool EndObject(rapidjson::SizeType) {
        --m_depth;
        return true;
    }
    bool StartArray() {
        if (m_array_depth++ == 0) {
            m_in_files = m_depth == 1 && m_key == "files";
        }
        return true;
    }
    bool EndArray(rapidjson::SizeType) {
        if (--m_array_depth == 0) {
            m_in_files = false;
        }
        return true;
    }
    bool Key(const char* text, rapidjson::SizeType length, bool) {
        m_key.assign(text, length);
        return true;
    }
    bool String(const char* text, rapidjson::SizeType length, bool) {
        const std::string value(text, length);
        if (m_depth == 1 && m_array_depth == 0) {
            if (m_key == "version") {
                m_manifest.version = value;
            } else if (m_key == "published") {
                m_manifest.published = value;
            }
        } else if (m_depth == 2 && m_in_files && m_array_depth == 1 && !m_manifest.files.empty()) {
            PublicationFile& file = m_manifest.files.back();
            if (m_key == "path") {
                file.path = value;
            } else if (m_key == "sha256") {
                file.sha256 = value;
            } else if (m_key == "kind") {
                file.kind = value;
            } else if (m_key == "year") {
                file.year = value;
            } else if (m_key == "format") {
                file.format = value;
            } else if (m_key == "edition") {
                file.edition = value;
            }
        }
        return true;
    }
    bool Uint64(std::uint64_t number) {
        if (m_depth == 2 && m_in_files && m_array_depth == 1 && !m_manifest.files.empty() && m_key == "size") {
            m_manifest.files.back().size = number;
        }
        return true;
    }
    bool Uint(unsigned number) { return Uint64(number); }

private:
    Manifest& m_manifest;
    std::string m_key;
    int m_depth = 0;
    int m_array_depth = 0;
    bool m_in_files = false;
};

bool is_hex_sha256(const std::string& text) {
    if (text.size() != 64) {
        return false;
    }
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace

Manifest parse_manifest(std::string_view json, const std::string& source) {
    Manifest manifest;
    ManifestHandler handler(manifest);
    rapidjson::Reader reader;
    rapidjson::MemoryStream stream(json.data(), json.size());
    const rapidjson::ParseResult result = reader.Parse(stream, handler);
    if (!result) {
        Location location;
        location.file = source;
        location.byte = result.Offset();
        throw data_error(location, "the manifest is not JSON");
    }
    if (manifest.version.empty()) {
        throw error(source + ": not a publication manifest: no \"version\"");
    }
    if (!is_safe_relative_path(manifest.version) || manifest.version.find('/') != std::string::npos) {
        throw data_error(in_file(source), "the version \"" + manifest.version.substr(0, 100) +
                                              "\" is not a name such as 20240927T180000Z");
    }
    // A path listed twice would be downloaded twice into one place, by two threads at once.
    std::unordered_set<std::string_view> paths;
    for (std::size_t i = 0; i < manifest.files.size(); ++i) {
        const PublicationFile& file = manifest.files[i];
        Location location = in_file(source);
        location.pointer = "/files/" + std::to_string(i);
        if (!is_safe_relative_path(file.path)) {
            throw data_error(location, "\"" + file.path.substr(0, 200) +
                                           "\" is not a safe relative path: expected segments without '..'");
        }
        if (!is_hex_sha256(file.sha256)) {
            throw data_error(location, "the sha256 of " + file.path + " is not 64 hex digits");
        }
        if (!paths.insert(file.path).second) {
            throw data_error(location, file.path + " is listed twice: a manifest lists each file once");
        }
    }
    return manifest;
}

LatestPointer parse_latest(std::string_view json, const std::string& source) {
    rapidjson::Document document;
    document.Parse(json.data(), json.size());
    LatestPointer latest;
    if (document.HasParseError() || !document.IsObject()) {
        throw error(source + ": latest.json is not a JSON object");
    }
    auto text = [&](const char* key) -> std::string {
        const auto member = document.FindMember(key);
        return member != document.MemberEnd() && member->value.IsString() ? member->value.GetString() : "";
    };
    latest.version = text("version");
    latest.published = text("published");
    latest.manifest = text("manifest");
    latest.sha256 = text("sha256");
    if (latest.version.empty() || !is_safe_relative_path(latest.manifest) || !is_hex_sha256(latest.sha256)) {
        throw error(source + ": latest.json lacks a version, a safe manifest path or its sha256");
    }
    return latest;
}

std::string latest_json(const LatestPointer& latest) {
    Value value = Value::object();
    value.set("version", Value(latest.version));
    value.set("published", Value(latest.published));
    value.set("manifest", Value(latest.manifest));
    value.set("sha256", Value(latest.sha256));
    return to_json(value, 2) + "\n";
}

std::string site_file_name(const std::string& id) {
    return escaped_file_name(id, true, "id");
}

bool is_safe_relative_path(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.back() == '/') {
        return false;
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        const std::string_view segment = path.substr(start, end - start);
        if (segment.empty() || segment == "." || segment == "..") {
            return false;
        }
        start = end + 1;
    }
    for (const char c : path) {
        if (static_cast<unsigned char>(c) < 0x20 || c == '\\' || c == 0x7f) {
            return false;
        }
    }
    return true;
}

std::string manifest_path(const std::string& version) {
    return "v/" + version + "/manifest.json";
}

} // namespace ocds
