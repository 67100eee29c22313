#include <ocds/io/package.hpp>

#include <ocds/core/error.hpp>

#include <algorithm>
#include <ctime>
#include <vector>

namespace ocds {

namespace {

/// Schema order of a package's metadata members.
const char* const metadata_order[] = {"uri",     "version",           "extensions",    "publisher",
                                      "license", "publicationPolicy", "publishedDate", "packages"};

void union_strings(Value& combined, const std::string& key, const Value* incoming) {
    if (!incoming || !incoming->is_array()) {
        return;
    }
    Value* existing = combined.find(key);
    if (!existing || !existing->is_array()) {
        combined.set(key, *incoming);
        return;
    }
    for (const auto& entry : incoming->as_array()) {
        bool present = false;
        for (const auto& old : existing->as_array()) {
            present = present || old == entry;
        }
        if (!present) {
            existing->push_back(entry);
        }
    }
}

/// "1.10" > "1.9": compares major.minor numerically; non-numeric text compares as text.
bool version_less(const std::string& a, const std::string& b) {
    try {
        const auto dot_a = a.find('.');
        const auto dot_b = b.find('.');
        const int major_a = std::stoi(a.substr(0, dot_a));
        const int major_b = std::stoi(b.substr(0, dot_b));
        if (major_a != major_b) {
            return major_a < major_b;
        }
        const int minor_a = dot_a == std::string::npos ? 0 : std::stoi(a.substr(dot_a + 1));
        const int minor_b = dot_b == std::string::npos ? 0 : std::stoi(b.substr(dot_b + 1));
        return minor_a < minor_b;
    } catch (const std::exception&) {
        return a < b;
    }
}

void set_if(Value& object, const char* key, const std::optional<std::string>& text) {
    if (text) {
        object.set(key, Value(*text));
    }
}

std::string replace_number(std::string text, std::size_t number) {
    const std::string placeholder = "{n}";
    for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at)) {
        text.replace(at, placeholder.size(), std::to_string(number));
    }
    return text;
}

} // namespace

void merge_metadata(Value& combined, const Value& package) {
    if (!package.is_object()) {
        return;
    }
    for (const auto& member : package.as_object()) {
        const std::string& key = member.key;
        if (key == "links" || key == "releases" || key == "records") {
            continue;
        }
        if (key == "extensions" || key == "packages") {
            union_strings(combined, key, &member.value);
            continue;
        }
        const Value* existing = combined.find(key);
        if (!existing || existing->is_null()) {
            combined.set(key, member.value);
        } else if (key == "version" && existing->is_string() && member.value.is_string() &&
                   version_less(existing->as_string(), member.value.as_string())) {
            combined.set(key, member.value);
        } else if (key == "publishedDate" && existing->is_string() && member.value.is_string() &&
                   existing->as_string() < member.value.as_string()) {
            combined.set(key, member.value);
        }
    }
}

Value package_metadata(const PackageSettings& settings, const Value& inherited, std::size_t number,
                       const std::string& now) {
    Value merged = inherited.is_object() ? inherited : Value::object();
    set_if(merged, "uri", settings.uri);
    set_if(merged, "version", settings.version);
    set_if(merged, "license", settings.license);
    set_if(merged, "publicationPolicy", settings.publication_policy);
    set_if(merged, "publishedDate", settings.published_date);
    if (settings.extensions) {
        Value extensions = Value::array();
        for (const auto& url : *settings.extensions) {
            extensions.push_back(Value(url));
        }
        merged.set("extensions", std::move(extensions));
    }
    if (settings.publisher_name || settings.publisher_scheme || settings.publisher_uid || settings.publisher_uri) {
        Value* publisher = merged.find("publisher");
        if (!publisher || !publisher->is_object()) {
            publisher = &merged.set("publisher", Value::object());
        }
        set_if(*publisher, "name", settings.publisher_name);
        set_if(*publisher, "scheme", settings.publisher_scheme);
        set_if(*publisher, "uid", settings.publisher_uid);
        set_if(*publisher, "uri", settings.publisher_uri);
    }
    if (!merged.find("version")) {
        merged.set("version", Value("1.1"));
    }
    if (!merged.find("publishedDate")) {
        merged.set("publishedDate", Value(now));
    }

    std::vector<std::string> missing;
    if (!merged.find("uri")) {
        missing.push_back("uri");
    }
    const Value* publisher = merged.find("publisher");
    if (!publisher || !publisher->find("name")) {
        missing.push_back("publisher-name");
    }
    if (!missing.empty()) {
        throw missing_settings_error(missing, "the package needs metadata that neither the options nor the input give");
    }

    Value ordered = Value::object();
    for (const char* key : metadata_order) {
        if (const Value* value = merged.find(key)) {
            ordered.as_object().push_back(Value::Member{key, *value});
        }
    }
    for (const auto& member : merged.as_object()) {
        if (!ordered.find(member.key)) {
            ordered.as_object().push_back(member);
        }
    }
    if (Value* uri = ordered.find("uri"); uri && uri->is_string()) {
        *uri = Value(replace_number(uri->as_string(), number));
    }
    return ordered;
}

const char* items_key(Kind package_kind) {
    return package_kind == Kind::record_package ? "records" : "releases";
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

PackageWriter::PackageWriter(Kind package_kind, int indent, const std::string& spool_dir)
    : m_kind(package_kind), m_indent(indent), m_spool(spool_dir, 1 << 16), m_writer(m_spool, indent) {}

void PackageWriter::write_directly(Output& output, const Value& metadata) {
    m_direct = &output;
    m_direct_writer = std::make_unique<JsonWriter>(output, m_indent);
    m_provisional = metadata;
    m_header_begin = output.bytes_written();
    write_header(output, metadata);
    m_items_begin = output.bytes_written();
}

JsonWriter& PackageWriter::begin_item() {
    JsonWriter& writer = m_direct ? *m_direct_writer : m_writer;
    if (m_count++ > 0) {
        writer.raw(',');
    }
    writer.newline(2);
    return writer;
}

void PackageWriter::add(const Value& item) {
    begin_item().value(item, 2);
}

void PackageWriter::add_json(std::string_view json) {
    begin_item().raw(json);
}

void PackageWriter::write_header(Sink& sink, const Value& metadata) const {
    JsonWriter out(sink, m_indent);
    out.raw('{');
    for (const auto& member : metadata.as_object()) {
        out.newline(1);
        out.string(member.key);
        out.colon();
        out.value(member.value, 1);
        out.raw(',');
    }
    out.newline(1);
    out.string(items_key(m_kind));
    out.colon();
    out.raw('[');
}

void PackageWriter::write_footer(Sink& sink) const {
    JsonWriter out(sink, m_indent);
    if (m_count > 0) {
        out.newline(1);
    }
    out.raw(']');
    out.newline(0);
    out.raw("}\n");
}

/// The metadata changed after the items were written behind the old one: move them.
void PackageWriter::move_items_behind(const Value& metadata) {
    std::vector<char> buffer(1 << 20);
    const std::uint64_t end = m_direct->bytes_written();
    for (std::uint64_t offset = m_items_begin; offset < end;) {
        const std::size_t count = m_direct->read_back(
            offset, buffer.data(), static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), end - offset)));
        if (count == 0) {
            throw io_error("cannot read back a package being written");
        }
        m_spool.write(buffer.data(), count);
        offset += count;
    }
    m_direct->truncate(m_header_begin);
    write_header(*m_direct, metadata);
    m_spool.copy_to(*m_direct);
}

void PackageWriter::finish(Sink& sink, const Value& metadata) {
    if (m_direct) {
        if (metadata != m_provisional) {
            move_items_behind(metadata);
        }
        write_footer(*m_direct);
        m_direct = nullptr;
        m_direct_writer.reset();
    } else {
        write_header(sink, metadata);
        m_spool.copy_to(sink);
        write_footer(sink);
    }
    m_count = 0;
}

void PackageWriter::discard() {
    if (m_direct) {
        m_direct->truncate(m_header_begin);
        m_direct = nullptr;
        m_direct_writer.reset();
    }
    m_count = 0;
}

} // namespace ocds
