#include <ocds/build/bulk_files.hpp>

#include <ocds/core/files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/indicators/flatten.hpp>
#include <ocds/io/output.hpp>

#include <future>

namespace ocds {

namespace {

/// Bulk files are staged once, then listed with the size and sha256 counted as they were written.
const OutputOptions hashed_output{true, false, true};

/// Bulk packages of one kind and year, split into parts within the limits: <dir>/<stem>-<n>.json.gz.
class PackageParts {
public:
    PackageParts(std::string dir, std::string site_prefix, std::string stem, const char* key, Value metadata,
                 const PackageLimits& limits, std::string base_uri)
        : m_dir(std::move(dir)), m_site_prefix(std::move(site_prefix)), m_stem(std::move(stem)), m_key(key),
          m_metadata(std::move(metadata)), m_limits(limits), m_base_uri(std::move(base_uri)) {}

    void add(const std::string& json, std::uint64_t awards_contracts) {
        // The zipped size is known only as deflate emits it, so a part is closed a little before
        // the limit (deflate holds back at most about its window).
        const bool full = m_count > 0 && (m_file->bytes_written() + json.size() + 2 > m_limits.max_bytes ||
                                          m_awards_contracts + awards_contracts > m_limits.max_awards_contracts ||
                                          m_file->file_bytes() + (1 << 17) > m_limits.max_zipped_bytes);
        if (full) {
            close();
        }
        if (!m_file) {
            open();
        }
        if (m_count++ > 0) {
            m_file->put(',');
        }
        m_file->write(json);
        m_awards_contracts += awards_contracts;
    }

    /// Closes the last part; returns every part's manifest entry.
    std::vector<PublicationFile> finish() {
        close();
        return std::move(m_parts);
    }

private:
    std::string part_name() const { return m_stem + "-" + std::to_string(m_parts.size() + 1) + ".json.gz"; }

    void open() {
        const std::string name = part_name();
        m_file = std::make_unique<Output>(m_dir + "/" + name, hashed_output);
        Value metadata = Value::object();
        metadata.set("uri", Value(m_base_uri + "/" + m_site_prefix + name));
        for (auto& [key, value] : m_metadata.as_object()) {
            metadata.set(key, value);
        }
        std::string header = package_text(metadata, m_key, {});
        header.resize(header.size() - 2); // reopen the items array: "...[" without "]}"
        m_file->write(header);
    }

    void close() {
        if (!m_file) {
            return;
        }
        m_file->write("]}\n");
        m_file->commit();
        PublicationFile file;
        file.path = m_site_prefix + part_name();
        file.size = m_file->file_bytes();
        file.sha256 = m_file->file_sha256();
        file.kind = "bulk";
        file.format = m_stem == "releases" ? "release-package.json.gz" : "record-package.json.gz";
        m_parts.push_back(std::move(file));
        m_file.reset();
        m_count = 0;
        m_awards_contracts = 0;
    }

    std::string m_dir;
    std::string m_site_prefix;
    std::string m_stem;
    const char* m_key;
    Value m_metadata;
    PackageLimits m_limits;
    std::string m_base_uri;
    std::unique_ptr<Output> m_file;
    std::uint64_t m_count = 0;
    std::uint64_t m_awards_contracts = 0;
    std::vector<PublicationFile> m_parts;
};

} // namespace

/// The bulk files of one year (or "all").
struct BulkFiles::Year {
    std::unique_ptr<Output> release_lines; ///< per year only: "all" concatenates the years' files
    std::unique_ptr<Output> record_lines;
    std::unique_ptr<PackageParts> release_packages;
    std::unique_ptr<PackageParts> record_packages;
    std::unique_ptr<Flattener> tables;     ///< csv/<table>.csv.gz
    PublicationCounts counts;

    void write_lines(const BuiltProcess& process) {
        for (const auto& release : process.releases) {
            release_lines->write(release.json);
            release_lines->put('\n');
        }
        record_lines->write(process.record_json);
        record_lines->put('\n');
    }

    void write_packages(const BuiltProcess& process) {
        for (const auto& release : process.releases) {
            // Inside a package each release stands as itself, not as a one-release package.
            release_packages->add(release.item, release.awards_contracts);
        }
        record_packages->add(process.record_item, process.record_awards_contracts);
        counts.processes += 1;
        counts.releases += process.releases.size();
        counts.projects += process.project;
    }
};

BulkFiles::BulkFiles(std::string staging, std::string version_prefix, Value metadata, std::string base, PackageLimits limits)
    : m_staging(std::move(staging)), m_version_prefix(std::move(version_prefix)), m_metadata(std::move(metadata)),
      m_base(std::move(base)), m_limits(limits) {
}

BulkFiles::~BulkFiles() = default;

BulkFiles::Year& BulkFiles::year(const std::string& year) {
    auto found = m_years.find(year);
    if (found != m_years.end()) {
        return *found->second;
    }
    Year& bulk = *(m_years[year] = std::make_unique<Year>());
    const std::string prefix = m_version_prefix + "bulk/" + year + "/";
    const std::string dir = m_staging + "/" + prefix;
    make_directories(dir);
    if (year != "all") {
        bulk.release_lines = std::make_unique<Output>(dir + "releases.jsonl.gz", hashed_output);
        bulk.record_lines = std::make_unique<Output>(dir + "records.jsonl.gz", hashed_output);
    }
    bulk.release_packages = std::make_unique<PackageParts>(dir, prefix, "releases", "releases",
                                                           m_metadata, m_limits, m_base);
    bulk.record_packages = std::make_unique<PackageParts>(dir, prefix, "records", "records",
                                                          m_metadata, m_limits, m_base);
    // CSV for spreadsheets: a byte order mark, or Excel reads the UTF-8 accents wrongly.
    bulk.tables = std::make_unique<Flattener>(dir + "csv", FlattenOptions{true, true, false}, m_staging);
    return bulk;
}

void BulkFiles::add(const std::vector<BuiltProcess>& batch) {
    for (const auto& process : batch) {
        if (!process.ocid.empty()) {
            year(process.year); // the lanes only look years up: the map is not changed under them
        }
    }
    Year& all = year("all");
    auto year_lines = std::async(std::launch::async, [&] {
        for (const auto& process : batch) {
            if (!process.ocid.empty()) {
                m_years.find(process.year)->second->write_lines(process);
            }
        }
    });
    auto year_packages = std::async(std::launch::async, [&] {
        for (const auto& process : batch) {
            if (!process.ocid.empty()) {
                m_years.find(process.year)->second->write_packages(process);
            }
        }
    });
    auto all_packages = std::async(std::launch::async, [&] {
        for (const auto& process : batch) {
            if (!process.ocid.empty()) {
                all.write_packages(process);
            }
        }
    });
    auto year_tables = std::async(std::launch::async, [&] {
        for (const auto& process : batch) {
            if (!process.ocid.empty()) {
                m_years.find(process.year)->second->tables->add(process.compiled);
            }
        }
    });
    auto all_tables = std::async(std::launch::async, [&] {
        for (const auto& process : batch) {
            if (!process.ocid.empty()) {
                all.tables->add(process.compiled);
            }
        }
    });
    year_lines.get();
    year_packages.get();
    all_packages.get();
    year_tables.get();
    all_tables.get();
}

std::vector<PublicationFile> BulkFiles::finish(std::map<std::string, PublicationCounts>& counts) {
    std::vector<PublicationFile> files;
    const auto add_file = [&](const std::string& path, std::uint64_t size, const std::string& sha256, const std::string& year, const std::string& format) {
        files.push_back(PublicationFile{path, size, sha256, "bulk", year, format});
    };
    // The all-years JSON Lines files are the years' files one after another: gzip allows
    // several members in one file, and every gzip reader (zcat, Python, R) reads them all.
    std::vector<std::string> years;
    for (auto& [year, bulk] : m_years) {
        if (year == "all") {
            continue;
        }
        years.push_back(year);
        for (Output* file : {bulk->release_lines.get(), bulk->record_lines.get()}) {
            file->commit();
            const bool releases = file == bulk->release_lines.get();
            add_file(m_version_prefix + "bulk/" + year + (releases ? "/releases.jsonl.gz" : "/records.jsonl.gz"),
                     file->file_bytes(), file->file_sha256(), year, releases ? "releases.jsonl.gz" : "records.jsonl.gz");
        }
    }
    for (const char* name : {"releases.jsonl.gz", "records.jsonl.gz"}) {
        if (years.empty()) {
            break;
        }
        const std::string path = m_version_prefix + "bulk/all/" + name;
        std::vector<std::string> parts;
        for (const auto& year : years) {
            parts.push_back(m_staging + "/" + m_version_prefix + "bulk/" + year + "/" + name);
        }
        std::uint64_t size = 0;
        const std::string sha256 = concatenate_files(parts, m_staging + "/" + path, size);
        add_file(path, size, sha256, "all", name);
    }
    for (auto& [year, bulk] : m_years) {
        for (PackageParts* parts : {bulk->release_packages.get(), bulk->record_packages.get()}) {
            for (auto& file : parts->finish()) {
                file.year = year;
                files.push_back(std::move(file));
            }
        }
        counts[year] = bulk->counts;
        for (const auto& table : bulk->tables->finish()) {
            const std::string name = table.name + ".csv.gz";
            add_file(m_version_prefix + "bulk/" + year + "/csv/" + name, static_cast<std::uint64_t>(file_size(table.path)),
                     sha256_file(table.path), year, name);
        }
    }
    return files;
}

} // namespace ocds
