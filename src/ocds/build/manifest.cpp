#include <ocds/build/manifest.hpp>

#include <ocds/core/json_writer.hpp>
#include <ocds/io/output.hpp>

#include <algorithm>

namespace ocds {

ManifestWriter::ManifestWriter(std::string base, const std::string& scratch_dir)
    : m_base(std::move(base)), m_site_entries(std::make_unique<SpoolFile>(scratch_dir)) {}

void ManifestWriter::add_site_file(const std::string& path, std::uint64_t size, const std::string& sha256,
                                   const char* kind) {
    PublicationFile file;
    file.path = path;
    file.size = size;
    file.sha256 = sha256;
    file.kind = kind;
    // Separated from the one before (write() adds the comma before the entry that follows them).
    m_site_entries->write(m_file_count == 0 ? "\n    " : ",\n    ");
    m_site_entries->write(entry(file));
    m_file_count += 1;
    m_byte_count += size;
}

void ManifestWriter::add(PublicationFile file) {
    m_files.push_back(std::move(file));
}

std::string ManifestWriter::write(const std::string& path, const Value& header) {
    std::sort(m_files.begin(), m_files.end(),
              [](const PublicationFile& a, const PublicationFile& b) { return a.path < b.path; });
    const bool has_site_entries = m_file_count > 0; // only add_site_file() counted so far
    for (const auto& file : m_files) {
        m_file_count += 1;
        m_byte_count += file.size;
    }
    std::string text = to_json(header, 2);
    text.resize(text.size() - 2); // "\n}": the files follow
    // One file per line: a large manifest stays readable with grep and diff.
    text += ",\n  \"files\": [";
    Output output(path, OutputOptions{false, false, true});
    output.write(text);
    // In path order, as far as the store's order allows: extensions/, then records/ and
    // releases/, then v/. A publish sends files in this order, the large bulk files last.
    // The spooled entries go before the first other file from records/ on, or last when there
    // is none (they were once dropped then).
    bool comma_due = false;
    bool site_entries_written = !has_site_entries;
    const auto write_site_entries = [&] {
        output.write(comma_due ? "," : "");
        m_site_entries->copy_to(output);
        comma_due = true;
        site_entries_written = true;
    };
    for (const auto& file : m_files) {
        if (!site_entries_written && file.path >= "records/") {
            write_site_entries();
        }
        output.write(comma_due ? ",\n    " : "\n    ");
        output.write(entry(file));
        comma_due = true;
    }
    if (!site_entries_written) {
        write_site_entries();
    }
    output.write("\n  ]\n}\n");
    output.commit();
    return output.file_sha256();
}

std::string ManifestWriter::entry(const PublicationFile& file) const {
    Value entry = Value::object();
    entry.set("path", Value(file.path));
    entry.set("url", Value(m_base + "/" + file.path));
    entry.set("size", Value::number(std::to_string(file.size)));
    entry.set("sha256", Value(file.sha256));
    entry.set("kind", Value(file.kind));
    if (!file.year.empty()) {
        entry.set("year", Value(file.year));
    }
    if (!file.format.empty()) {
        entry.set("format", Value(file.format));
    }
    if (!file.edition.empty()) {
        entry.set("edition", Value(file.edition));
    }
    if (file.kind == "record" || file.kind == "extension" || file.kind == "dashboard") {
        // Replaced by later versions at the same URL: the sha256 is this version's.
        entry.set("current", Value(true));
    }
    return to_json(entry);
}

} // namespace ocds
