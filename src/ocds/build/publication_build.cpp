#include <ocds/build/publication_build.hpp>

#include <ocds/core/error.hpp>
#include <ocds/indicators/dashboard.hpp>
#include <ocds/core/files.hpp>
#include <ocds/indicators/flatten.hpp>
#include <ocds/indicators/indicators.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/schema/merge_rules.hpp>
#include <ocds/io/output.hpp>
#include <ocds/publish/page.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/map/release_store.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/core/time_zone.hpp>
#include <ocds/validate/profile.hpp>

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocds {

namespace {

/// A gzip file whose compressed bytes are counted and hashed as they are written, so the
/// manifest's size and sha256 come without reading the file back.
class GzipFile : public Sink {
public:
    explicit GzipFile(std::string path) : m_path(std::move(path)), m_out(1 << 16) {
        m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (m_fd < 0) {
            throw io_error(system_message("cannot create", m_path, errno));
        }
        // windowBits 16+: a gzip wrapper with no name and mtime 0, so the bytes are reproducible.
        if (deflateInit2(&m_stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            ::close(m_fd);
            throw io_error("cannot start gzip compression for '" + m_path + "'");
        }
    }
    ~GzipFile() override {
        deflateEnd(&m_stream);
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }

    /// Ends the gzip stream and closes the file.
    void finish() {
        drain();
        compress(nullptr, 0, Z_FINISH);
        if (::close(m_fd) != 0) {
            m_fd = -1;
            throw io_error(system_message("cannot write", m_path, errno));
        }
        m_fd = -1;
    }

    std::uint64_t compressed_bytes() const noexcept { return m_compressed; }
    std::string sha256() { return m_hash.hex(); }
    const std::string& path() const noexcept { return m_path; }

protected:
    void deliver(const char* data, std::size_t size) override { compress(data, size, Z_NO_FLUSH); }

private:
    void compress(const char* data, std::size_t size, int flush) {
        m_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        m_stream.avail_in = static_cast<uInt>(size);
        do {
            m_stream.next_out = reinterpret_cast<Bytef*>(m_out.data());
            m_stream.avail_out = static_cast<uInt>(m_out.size());
            const int result = deflate(&m_stream, flush);
            if (result == Z_STREAM_ERROR) {
                throw io_error("gzip compression failed for '" + m_path + "'");
            }
            const std::size_t produced = m_out.size() - m_stream.avail_out;
            write_fd(m_out.data(), produced);
            m_hash.update(m_out.data(), produced);
            m_compressed += produced;
        } while (m_stream.avail_out == 0 || m_stream.avail_in > 0);
    }

    void write_fd(const char* data, std::size_t size) { write_fd_fully(m_fd, data, size, m_path); }

    std::string m_path;
    std::vector<char> m_out;
    z_stream m_stream{};
    int m_fd = -1;
    Sha256 m_hash;
    std::uint64_t m_compressed = 0;
};

/// Passes bytes on to another sink and hashes them on the way.
class HashingSink : public Sink {
public:
    explicit HashingSink(Sink& target) : m_target(target) {}
    void finish() { drain(); }
    std::string sha256() { return m_hash.hex(); }

protected:
    void deliver(const char* data, std::size_t size) override {
        m_hash.update(data, size);
        m_target.write(data, size);
    }

private:
    Sink& m_target;
    Sha256 m_hash;
};

/// What one contracting process contributes to the publication.
struct BuiltProcess {
    struct Release {
        std::string path;       ///< releases/<ocid>/<id>.json
        std::string json;       ///< its single-release package
        std::string item;       ///< the release itself, as bulk packages hold it
        std::string sha256;
        std::uint64_t awards_contracts = 0;
    };
    std::string ocid;
    std::string year;           ///< of the first release
    std::vector<Release> releases;
    std::string record_path;    ///< records/<ocid>.json
    std::string record_json;    ///< its record package
    std::string record_item;    ///< the record itself, as bulk packages hold it
    std::string record_sha256;
    std::uint64_t record_awards_contracts = 0;
    bool project = false;       ///< a participatory-budget project's planning process
    ProcessFacts facts;         ///< for the indicators
    Value compiled;             ///< the compiled release, for the CSV tables
};

std::uint64_t awards_contracts(const Value& release) {
    std::uint64_t count = 0;
    for (const char* key : {"awards", "contracts"}) {
        if (const Value* list = release.find(key); list && list->is_array()) {
            count += list->as_array().size();
        }
    }
    return count;
}

/// A package's text: `metadata` (an object) with the items' JSON texts as `key`.
std::string package_text(const Value& metadata, const char* key, const std::vector<const std::string*>& items) {
    std::string text = to_json(metadata);
    text.pop_back(); // the closing brace
    if (text.size() > 1) {
        text += ',';
    }
    text += '"';
    text += key;
    text += "\":[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            text += ',';
        }
        text += *items[i];
    }
    text += "]}";
    return text;
}

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
                                          m_file->compressed_bytes() + (1 << 17) > m_limits.max_zipped_bytes);
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
        m_file = std::make_unique<GzipFile>(m_dir + "/" + name);
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
        m_file->finish();
        PublicationFile file;
        file.path = m_site_prefix + part_name();
        file.size = m_file->compressed_bytes();
        file.sha256 = m_file->sha256();
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
    std::unique_ptr<GzipFile> m_file;
    std::uint64_t m_count = 0;
    std::uint64_t m_awards_contracts = 0;
    std::vector<PublicationFile> m_parts;
};

/// The bulk files of one year (or "all").
struct BulkYear {
    std::unique_ptr<GzipFile> release_lines; ///< per year only: "all" concatenates the years' files
    std::unique_ptr<GzipFile> record_lines;
    std::unique_ptr<PackageParts> release_packages;
    std::unique_ptr<PackageParts> record_packages;
    std::unique_ptr<Flattener> tables;         ///< csv/<table>.csv.gz
    PublicationCounts counts;
};

class PublicationBuild {
public:
    explicit PublicationBuild(const BuildOptions& options) : m_options(options) {
        Instant instant;
        if (!is_date_time(options.now, &instant)) {
            throw setting_error("now", "'" + options.now + "' is not an RFC 3339 date-time such as 2024-03-01T12:00:00Z");
        }
        m_published = format_utc(instant.seconds);
        m_version = date_stamp(m_published);
        m_base = options.base_uri;
        while (!m_base.empty() && m_base.back() == '/') {
            m_base.pop_back();
        }
        const std::string metadata_path = options.store_dir + "/package-metadata.json";
        if (!is_regular_file(metadata_path)) {
            throw precondition_error("'" + options.store_dir + "' is not a release store: it has no package-metadata.json",
                                     {"map.store"}, options.store_dir);
        }
        JsonTextError failure;
        if (!parse_json_text(read_file(metadata_path), m_store_metadata, failure) || !m_store_metadata.is_object()) {
            Location location = in_file(metadata_path);
            location.byte = failure.offset;
            throw data_error(location, "the store's package metadata is not a JSON object");
        }
        m_sources = ExtensionSources{options.schemas_dir, ""};
        const std::vector<std::string> extensions = declared_extensions(m_store_metadata);
        m_extensions = extensions;
        const std::string* version = m_store_metadata.find_string("version");
        ReleaseSchema schema = build_release_schema(version ? *version : "1.1", extensions, m_sources);
        m_rules = MergeRules::from_schema(schema.schema);
        m_profile = ValidationProfile::build(version ? *version : "1.1", extensions, m_sources);
    }

    BuildSummary run(const std::function<void(std::uint64_t)>& progress) {
        const std::string site = m_options.site_dir;
        make_directories(site);
        check_not_older_than_latest();
        m_staging = site + "/.staging-" + m_version;
        remove_tree(m_staging); // a build that stopped half way
        m_version_prefix = "v/" + m_version + "/";
        for (const char* folder : {"", "/releases", "/records", "/extensions", "/dashboard", "/v"}) {
            make_directory(m_staging + folder);
            make_directory(site + folder);
        }
        make_directories(m_staging + "/" + m_version_prefix + "bulk");
        m_site_entries = std::make_unique<SpoolFile>(m_staging);
        m_indicators = std::make_unique<Indicators>(m_published, m_staging); // its scratch file beside the site

        ReleaseStore store(m_options.store_dir);
        std::vector<std::string> folders = store.folders();
        const std::size_t batch_size = 256;
        auto build_batch = [&](std::size_t first) {
            const std::size_t end = std::min(folders.size(), first + batch_size);
            std::vector<BuiltProcess> built(end - first);
            std::atomic<std::size_t> next{first};
            std::exception_ptr failure;
            std::mutex failure_mutex;
            auto work = [&] {
                for (std::size_t i = next++; i < end; i = next++) {
                    try {
                        built[i - first] = build_process(store, folders[i]);
                    } catch (...) {
                        std::lock_guard<std::mutex> lock(failure_mutex);
                        if (!failure) {
                            failure = std::current_exception();
                        }
                        next = end;
                    }
                }
            };
            std::vector<std::thread> workers;
            for (unsigned t = 1; t < std::max(1u, m_options.threads); ++t) {
                workers.emplace_back(work);
            }
            work();
            for (auto& worker : workers) {
                worker.join();
            }
            if (failure) {
                std::rethrow_exception(failure);
            }
            return built;
        };
        // Processes are built on the worker threads one batch ahead of the writing here.
        std::future<std::vector<BuiltProcess>> ahead;
        if (!folders.empty()) {
            ahead = std::async(std::launch::async, build_batch, 0);
        }
        std::uint64_t done = 0;
        for (std::size_t first = 0; first < folders.size(); first += batch_size) {
            std::vector<BuiltProcess> batch = ahead.get();
            if (first + batch_size < folders.size()) {
                ahead = std::async(std::launch::async, build_batch, first + batch_size);
            }
            write_batch(batch);
            done += batch.size();
            if (progress) {
                progress(done);
            }
        }
        finish_bulk();
        copy_extensions();
        write_dashboard();
        write_lists();
        return commit();
    }

    /// Removes the staging folder of a build that failed.
    void discard() noexcept {
        try {
            if (!m_staging.empty()) {
                m_years.clear(); // closes the open bulk files first
                remove_tree(m_staging);
            }
        } catch (...) {
        }
    }

private:
    BuiltProcess build_process(const ReleaseStore& store, const std::string& folder) const {
        std::vector<std::string> texts = store.folder_texts(folder);
        std::vector<Value> releases;
        releases.reserve(texts.size());
        BuiltProcess built;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            Value release;
            JsonTextError failure;
            if (!parse_json_text(texts[i], release, failure, 200) || !release.is_object()) {
                Location location = in_file(m_options.store_dir + "/releases/" + folder);
                location.byte = failure.offset;
                throw data_error(location, "a stored release is not a JSON object: " + failure.reason);
            }
            const std::string* ocid = release.find_string("ocid");
            const std::string* id = release.find_string("id");
            const std::string* date = release.find_string("date");
            if (!ocid || !id || !date) {
                throw error(m_options.store_dir + "/releases/" + folder + ": a stored release lacks its ocid, id or date");
            }
            if (built.ocid.empty()) {
                built.ocid = *ocid;
            } else if (built.ocid != *ocid) {
                throw error(m_options.store_dir + "/releases/" + folder + ": the folder holds releases of two ocids: " + built.ocid + " and " + *ocid);
            }
            releases.push_back(std::move(release));
        }
        if (releases.empty()) {
            return built; // an empty folder left by a crashed map run
        }
        const std::string ocid_name = site_file_name(built.ocid);
        std::vector<Value*> pointers;
        for (auto& release : releases) {
            pointers.push_back(&release);
        }
        // Every release's package first: the merge below consumes the releases.
        std::vector<Value> linked;
        for (auto& release : releases) {
            BuiltProcess::Release out;
            const std::string id = *release.find_string("id");
            const std::string date = *release.find_string("date");
            out.path = "releases/" + ocid_name + "/" + site_file_name(id) + ".json";
            out.awards_contracts = awards_contracts(release);
            out.item = to_json(release);
            out.json = package_text(package_metadata(out.path, date), "releases", {&out.item});
            out.sha256 = sha256_hex(out.json);
            Value link = Value::object();
            link.set("url", Value(m_base + "/" + out.path));
            link.set("date", Value(date));
            if (const Value* tag = release.find("tag")) {
                link.set("tag", *tag);
            }
            linked.push_back(std::move(link));
            built.releases.push_back(std::move(out));
        }
        std::vector<MergeWarning> warnings;
        MergeResult merged = merge_releases_consuming(pointers, m_rules, MergeOutput{true, true}, warnings);
        Value record = Value::object();
        record.set("ocid", Value(built.ocid));
        Value list = Value::array();
        Value packages = Value::array();
        std::string first_date, last_date;
        for (const std::size_t i : merged.order) {
            const std::string& date = linked[i].find("date")->as_string();
            if (first_date.empty()) {
                first_date = date;
            }
            last_date = std::max(last_date, date);
            packages.push_back(*linked[i].find("url"));
            list.push_back(std::move(linked[i]));
        }
        built.year = first_date.size() >= 4 ? first_date.substr(0, 4) : "unknown";
        record.set("releases", std::move(list));
        built.record_awards_contracts = awards_contracts(merged.compiled);
        const Value* planning = merged.compiled.find("planning");
        built.project = planning && planning->is_object() && planning->find("participatoryBudget");
        built.record_path = "records/" + ocid_name + ".json";
        ProcessFiles files{built.record_path, {}};
        for (const auto& release : built.releases) {
            files.releases.push_back(release.path);
        }
        built.facts = process_facts(merged.compiled, m_published, m_profile.get(), std::move(files));
        record.set("compiledRelease", std::move(merged.compiled));
        record.set("versionedRelease", std::move(merged.versioned));
        // Dated by the process's latest release: an unchanged process keeps the same bytes.
        Value metadata = package_metadata(built.record_path, last_date);
        metadata.set("packages", std::move(packages));
        built.record_item = to_json(record);
        built.record_json = package_text(metadata, "records", {&built.record_item});
        built.record_sha256 = sha256_hex(built.record_json);
        built.compiled = std::move(*record.find("compiledRelease"));
        return built;
    }

    /// Package metadata in the schema's order, for a package at `path` published on `date`.
    Value package_metadata(const std::string& path, const std::string& date) const {
        Value metadata = Value::object();
        if (!path.empty()) {
            metadata.set("uri", Value(m_base + "/" + path));
        }
        if (const Value* version = m_store_metadata.find("version")) {
            metadata.set("version", *version);
        }
        if (const Value* extensions = m_store_metadata.find("extensions")) {
            metadata.set("extensions", *extensions);
        }
        metadata.set("publishedDate", Value(date));
        for (const char* key : {"publisher", "license", "publicationPolicy"}) {
            if (const Value* value = m_store_metadata.find(key)) {
                metadata.set(key, *value);
            }
        }
        return metadata;
    }

    /// Stages a site file unless the site has it with these bytes already.
    /// `immutable`: a different existing file is history being rewritten, an error.
    bool stage_site_file(const std::string& path, const std::string& bytes, bool immutable) {
        const std::string existing = m_options.site_dir + "/" + path;
        const std::int64_t size = file_size(existing);
        if (size >= 0) {
            if (static_cast<std::uint64_t>(size) == bytes.size() && read_file(existing) == bytes) {
                return false;
            }
            if (immutable) {
                throw error(existing + ": this release file exists with other content; published releases are never "
                                 "changed (was the store rebuilt, or a release edited?)");
            }
        }
        const std::string staged = m_staging + "/" + path;
        make_directory(parent_directory(staged));
        write_new_file(staged, bytes);
        return true;
    }

    BulkYear& bulk_year(const std::string& year) {
        auto found = m_years.find(year);
        if (found != m_years.end()) {
            return found->second;
        }
        BulkYear& bulk = m_years[year];
        const std::string prefix = m_version_prefix + "bulk/" + year + "/";
        const std::string dir = m_staging + "/" + prefix;
        make_directories(dir);
        if (year != "all") {
            bulk.release_lines = std::make_unique<GzipFile>(dir + "releases.jsonl.gz");
            bulk.record_lines = std::make_unique<GzipFile>(dir + "records.jsonl.gz");
        }
        bulk.release_packages = std::make_unique<PackageParts>(dir, prefix, "releases", "releases",
                                                               package_metadata("", m_published), m_options.limits, m_base);
        bulk.record_packages = std::make_unique<PackageParts>(dir, prefix, "records", "records",
                                                              package_metadata("", m_published), m_options.limits, m_base);
        // CSV for spreadsheets: a byte order mark, or Excel reads the UTF-8 accents wrongly.
        bulk.tables = std::make_unique<Flattener>(dir + "csv", FlattenOptions{true, true, false}, m_staging);
        return bulk;
    }

    /// Writes a built batch. The bulk files are written by five lanes at once, each with files of
    /// its own (the years' JSON Lines, the years' packages, the all-years packages, the years' and
    /// the all-years CSV tables): compressing every byte three times is most of a build's work, and
    /// one thread would hold up both cores.
    void write_batch(std::vector<BuiltProcess>& batch) {
        for (const auto& process : batch) {
            if (!process.ocid.empty()) {
                bulk_year(process.year); // the lanes only look years up: the map is not changed under them
            }
        }
        BulkYear& all = bulk_year("all");
        auto year_lines = std::async(std::launch::async, [&] {
            for (const auto& process : batch) {
                if (!process.ocid.empty()) {
                    write_lines(process, m_years.find(process.year)->second);
                }
            }
        });
        auto year_packages = std::async(std::launch::async, [&] {
            for (const auto& process : batch) {
                if (!process.ocid.empty()) {
                    write_packages(process, m_years.find(process.year)->second);
                }
            }
        });
        auto all_packages = std::async(std::launch::async, [&] {
            for (const auto& process : batch) {
                if (!process.ocid.empty()) {
                    write_packages(process, all);
                }
            }
        });
        auto year_tables = std::async(std::launch::async, [&] {
            for (const auto& process : batch) {
                if (!process.ocid.empty()) {
                    m_years.find(process.year)->second.tables->add(process.compiled);
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
        for (auto& process : batch) {
            if (!process.ocid.empty()) {
                write_site_files(process);
            }
        }
        year_lines.get();
        year_packages.get();
        all_packages.get();
        year_tables.get();
        all_tables.get();
    }

    void write_site_files(BuiltProcess& process) {
        m_indicators->add(process.facts); // the lanes do not read the facts
        for (const auto& release : process.releases) {
            m_summary.releases_written += stage_site_file(release.path, release.json, true);
            add_site_entry(release.path, release.json.size(), release.sha256, "release");
        }
        m_summary.records_written += stage_site_file(process.record_path, process.record_json, false);
        add_site_entry(process.record_path, process.record_json.size(), process.record_sha256, "record");
        m_ocids.push_back(process.ocid);
        m_summary.processes += 1;
        m_summary.releases += process.releases.size();
        m_summary.projects += process.project;
    }

    static void write_lines(const BuiltProcess& process, BulkYear& bulk) {
        for (const auto& release : process.releases) {
            bulk.release_lines->write(release.json);
            bulk.release_lines->put('\n');
        }
        bulk.record_lines->write(process.record_json);
        bulk.record_lines->put('\n');
    }

    static void write_packages(const BuiltProcess& process, BulkYear& bulk) {
        for (const auto& release : process.releases) {
            // Inside a package each release stands as itself, not as a one-release package.
            bulk.release_packages->add(release.item, release.awards_contracts);
        }
        bulk.record_packages->add(process.record_item, process.record_awards_contracts);
        bulk.counts.processes += 1;
        bulk.counts.releases += process.releases.size();
        bulk.counts.projects += process.project;
    }

    /// Release and record files go to the manifest through a scratch file: at 100,000 projects
    /// their entries would be hundreds of megabytes in memory.
    void add_site_entry(const std::string& path, std::uint64_t size, const std::string& sha256, const char* kind) {
        PublicationFile file;
        file.path = path;
        file.size = size;
        file.sha256 = sha256;
        file.kind = kind;
        m_site_entries->write("\n    ");
        m_site_entries->write(manifest_entry(file));
        m_site_entries->put(',');
        m_summary.files += 1;
        m_summary.bytes += size;
    }

    void add_file(const std::string& path, std::uint64_t size, const std::string& sha256, const char* kind,
                  const std::string& year = "", const std::string& format = "") {
        PublicationFile file;
        file.path = path;
        file.size = size;
        file.sha256 = sha256;
        file.kind = kind;
        file.year = year;
        file.format = format;
        m_files.push_back(std::move(file));
    }

    void finish_bulk() {
        // The all-years JSON Lines files are the years' files one after another: gzip allows
        // several members in one file, and every gzip reader (zcat, Python, R) reads them all.
        std::vector<std::string> years;
        for (auto& [year, bulk] : m_years) {
            if (year == "all") {
                continue;
            }
            years.push_back(year);
            for (GzipFile* file : {bulk.release_lines.get(), bulk.record_lines.get()}) {
                file->finish();
                const bool releases = file == bulk.release_lines.get();
                add_file(m_version_prefix + "bulk/" + year + (releases ? "/releases.jsonl.gz" : "/records.jsonl.gz"),
                         file->compressed_bytes(), file->sha256(), "bulk", year,
                         releases ? "releases.jsonl.gz" : "records.jsonl.gz");
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
            add_file(path, size, sha256, "bulk", "all", name);
        }
        for (auto& [year, bulk] : m_years) {
            for (PackageParts* parts : {bulk.release_packages.get(), bulk.record_packages.get()}) {
                for (auto& file : parts->finish()) {
                    file.year = year;
                    m_files.push_back(std::move(file));
                }
            }
            m_counts[year] = bulk.counts;
            for (const auto& table : bulk.tables->finish()) {
                const std::string name = table.name + ".csv.gz";
                add_file(m_version_prefix + "bulk/" + year + "/csv/" + name, static_cast<std::uint64_t>(file_size(table.path)),
                         sha256_file(table.path), "bulk", year, name);
            }
        }
    }

    /// The dashboard (SITE/dashboard/): its static files, and the indicators as JSON and as a
    /// script for the page. A copy of the indicators (JSON and CSV) goes into the version too.
    /// The indicators hold an entry per project, so they are streamed to their files.
    void write_dashboard() {
        for (const auto& asset : dashboard_assets()) {
            const std::string path = "dashboard/" + asset.name;
            const std::string bytes(asset.bytes);
            stage_site_file(path, bytes, false);
            add_file(path, bytes.size(), sha256_hex(bytes), "dashboard");
        }
        const PublicationFile json = stream_staged_file("dashboard/indicators.json", "dashboard", [&](Sink& sink) {
            m_indicators->write_json(sink, 1);
            sink.put('\n');
        });
        stream_staged_file("dashboard/indicators.js", "dashboard", [&](Sink& sink) {
            IndicatorsScript script(sink);
            m_indicators->write_json(script);
            script.finish();
        });
        copy_file_replacing(m_staging + "/" + json.path, m_staging + "/" + m_version_prefix + "indicators.json");
        add_file(m_version_prefix + "indicators.json", json.size, json.sha256, "indicators");
        write_version_file("indicators.csv", indicators_csv(m_indicators->summary()), "indicators");
    }

    /// Writes a staged file through `write`, hashing it on the way, and lists it.
    PublicationFile stream_staged_file(const std::string& path, const char* kind, const std::function<void(Sink&)>& write) {
        make_directories(parent_directory(m_staging + "/" + path));
        Output output(m_staging + "/" + path);
        HashingSink hashed(output);
        write(hashed);
        hashed.finish();
        output.commit();
        add_file(path, hashed.bytes_written(), hashed.sha256(), kind);
        return m_files.back();
    }

    /// Hosts the publisher's own extensions (those declared under <base-uri>/extensions/) at
    /// the URL the packages declare.
    void copy_extensions() {
        const std::string prefix = m_base + "/extensions/";
        for (const auto& url : m_extensions) {
            if (url.compare(0, prefix.size(), prefix) != 0) {
                continue;
            }
            const std::string dir = find_extension_dir(url, m_sources);
            if (dir.empty()) {
                throw precondition_error("the extension " + url + " is declared by the store but not bundled in " +
                                  m_options.schemas_dir + "/extensions");
            }
            const std::string name = url.substr(prefix.size(), url.size() - prefix.size() - 15); // "/extension.json"
            copy_extension_folder(dir, "extensions/" + name);
        }
    }

    void copy_extension_folder(const std::string& from, const std::string& to) {
        for (const auto& name : list_directory(from)) {
            const std::string source = from + "/" + name;
            if (!is_regular_file(source)) {
                copy_extension_folder(source, to + "/" + name);
                continue;
            }
            const std::string bytes = read_file(source);
            stage_site_file(to + "/" + name, bytes, false);
            add_file(to + "/" + name, bytes.size(), sha256_hex(bytes), "extension");
        }
    }

    void write_lists() {
        std::sort(m_ocids.begin(), m_ocids.end());
        std::string ocids;
        for (const auto& ocid : m_ocids) {
            ocids += ocid;
            ocids += '\n';
        }
        write_version_file("ocids.txt", ocids, "list");
        m_summary.bulk_files = 0;
        for (const auto& file : m_files) {
            m_summary.bulk_files += file.kind == "bulk";
        }
        PublicationPage page;
        page.version = m_version;
        page.published = m_published;
        page.base_uri = m_base;
        if (const Value* publisher = m_store_metadata.find("publisher")) {
            if (const std::string* name = publisher->find_string("name")) {
                page.publisher = *name;
            }
        }
        if (const std::string* license = m_store_metadata.find_string("license")) {
            page.license = *license;
        }
        if (const std::string* policy = m_store_metadata.find_string("publicationPolicy")) {
            page.publication_policy = *policy;
        }
        page.counts = m_counts;
        for (const auto& file : m_files) {
            if (file.kind == "bulk") {
                page.bulk_files.push_back(file);
            }
        }
        page.extensions = m_extensions;
        page.dashboard = "dashboard/index.html";
        for (const auto& file : m_files) {
            if (file.kind == "indicators") {
                page.indicator_files.push_back(file);
            }
        }
        write_version_file("index.html", publication_page(page, m_version_prefix), "page");
        m_root_index = publication_page(page, "");
        std::sort(m_files.begin(), m_files.end(),
                  [](const PublicationFile& a, const PublicationFile& b) { return a.path < b.path; });
        for (const auto& file : m_files) {
            m_summary.files += 1;
            m_summary.bytes += file.size;
        }
        write_manifest();
    }

    void write_version_file(const std::string& name, const std::string& bytes, const char* kind) {
        write_new_file(m_staging + "/" + m_version_prefix + name, bytes);
        add_file(m_version_prefix + name, bytes.size(), sha256_hex(bytes), kind);
    }

    /// The manifest, streamed to its staged file and hashed on the way.
    void write_manifest() {
        Value manifest = Value::object();
        manifest.set("version", Value(m_version));
        manifest.set("published", Value(m_published));
        manifest.set("uri", Value(m_base + "/" + manifest_path(m_version)));
        for (const char* key : {"publisher", "license", "publicationPolicy"}) {
            if (const Value* value = m_store_metadata.find(key)) {
                manifest.set(key, *value);
            }
        }
        if (const Value* version = m_store_metadata.find("version")) {
            manifest.set("ocdsVersion", *version);
        }
        Value counts = Value::object();
        const PublicationCounts& all = m_counts.count("all") ? m_counts.at("all") : PublicationCounts{};
        counts.set("projects", Value::number(std::to_string(all.projects)));
        counts.set("processes", Value::number(std::to_string(all.processes)));
        counts.set("releases", Value::number(std::to_string(all.releases)));
        Value by_year = Value::object();
        for (const auto& [year, count] : m_counts) {
            if (year == "all") {
                continue;
            }
            Value entry = Value::object();
            entry.set("projects", Value::number(std::to_string(count.projects)));
            entry.set("processes", Value::number(std::to_string(count.processes)));
            entry.set("releases", Value::number(std::to_string(count.releases)));
            by_year.set(year, std::move(entry));
        }
        counts.set("byYear", std::move(by_year));
        manifest.set("counts", std::move(counts));
        std::string text = to_json(manifest, 2);
        text.resize(text.size() - 2); // "\n}": the files follow
        // One file per line: a large manifest stays readable with grep and diff.
        text += ",\n  \"files\": [";
        Output output(m_staging + "/" + manifest_path(m_version));
        HashingSink hashed(output);
        hashed.write(text);
        // In path order, as far as the store's order allows: extensions/, then records/ and
        // releases/, then v/. A publish sends files in this order, the large bulk files last.
        // The spooled entries each end with a comma: the version's own files (v/) always follow.
        bool comma_due = false;
        for (std::size_t i = 0; i < m_files.size(); ++i) {
            if (m_files[i].path >= "records/" && (i == 0 || m_files[i - 1].path < "records/")) {
                hashed.write(comma_due ? "," : "");
                m_site_entries->copy_to(hashed);
                comma_due = false;
            }
            hashed.write(comma_due ? ",\n    " : "\n    ");
            hashed.write(manifest_entry(m_files[i]));
            comma_due = true;
        }
        hashed.write("\n  ]\n}\n");
        hashed.finish();
        output.commit();
        m_manifest_sha256 = hashed.sha256();
    }

    std::string manifest_entry(const PublicationFile& file) const {
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
        if (file.kind == "record" || file.kind == "extension" || file.kind == "dashboard") {
            // Replaced by later versions at the same URL: the sha256 is this version's.
            entry.set("current", Value(true));
        }
        return to_json(entry);
    }

    void check_not_older_than_latest() const {
        const std::string latest_path = m_options.site_dir + "/latest.json";
        if (!is_regular_file(latest_path)) {
            return;
        }
        const LatestPointer latest = parse_latest(read_file(latest_path), latest_path);
        if (latest.version > m_version) {
            throw setting_error("now",
                                "the site's current version is " + latest.version + ", later than this build's " + m_version,
                                m_options.now);
        }
    }

    /// Moves the staged files into the site: releases, records and extensions, then the version,
    /// then index.html and latest.json, so the site never names a file it does not have.
    BuildSummary commit() {
        const std::string site = m_options.site_dir;
        const std::string version_dir = site + "/v/" + m_version;
        const std::string staged_version = m_staging + "/v/" + m_version;
        if (path_exists(version_dir)) {
            if (!same_tree(staged_version, version_dir)) {
                throw error(version_dir + ": version " + m_version + " exists with other content: the store changed since it "
                                 "was built",
                            {"later-now"});
            }
            m_summary.unchanged = true;
        }
        sync_file_system(m_staging);
        move_staged("releases", true);
        move_staged("records", false);
        move_staged("extensions", false);
        move_staged("dashboard", false);
        if (!m_summary.unchanged && ::rename(staged_version.c_str(), version_dir.c_str()) != 0) {
            throw io_error(system_message("cannot move the version into", version_dir, errno));
        }
        sync_file_system(site);
        replace_file(site + "/index.html", m_root_index);
        LatestPointer latest;
        latest.version = m_version;
        latest.published = m_published;
        latest.manifest = manifest_path(m_version);
        latest.sha256 = m_manifest_sha256;
        replace_file(site + "/latest.json", latest_json(latest));
        sync_file_system(site);
        remove_tree(m_staging);
        remove_old_versions();
        m_summary.version = m_version;
        m_summary.index_path = site + "/index.html";
        return m_summary;
    }

    /// Moves the staged files under `folder` into the site; a release file never replaces one.
    void move_staged(const std::string& folder, bool never_replace) {
        const std::string from_dir = m_staging + "/" + folder;
        const std::string to_dir = m_options.site_dir + "/" + folder;
        for (const auto& name : list_directory(from_dir)) {
            const std::string from = from_dir + "/" + name;
            const std::string to = to_dir + "/" + name;
            if (!is_regular_file(from)) {
                make_directory(to);
                move_staged(folder + "/" + name, never_replace);
                continue;
            }
            if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), never_replace ? RENAME_NOREPLACE : 0) != 0) {
                throw io_error(system_message("cannot move a file into", to, errno));
            }
        }
    }

    static bool same_tree(const std::string& a, const std::string& b) {
        const auto names = list_directory(a);
        if (names != list_directory(b)) {
            return false;
        }
        for (const auto& name : names) {
            const std::string left = a + "/" + name;
            const std::string right = b + "/" + name;
            if (is_regular_file(left) != is_regular_file(right)) {
                return false;
            }
            if (is_regular_file(left) ? !same_file_contents(left, right) : !same_tree(left, right)) {
                return false;
            }
        }
        return true;
    }

    void remove_old_versions() {
        std::vector<std::string> versions;
        for (const auto& name : list_directory(m_options.site_dir + "/v")) {
            if (!name.empty() && name[0] != '.') {
                versions.push_back(name);
            }
        }
        const std::size_t keep = std::max(1u, m_options.keep);
        for (std::size_t i = 0; i + keep < versions.size(); ++i) {
            if (versions[i] == m_version) {
                continue;
            }
            remove_tree(m_options.site_dir + "/v/" + versions[i]);
            m_summary.removed_versions.push_back(versions[i]);
        }
    }

    const BuildOptions& m_options;
    std::string m_published;
    std::string m_version;
    std::string m_version_prefix;
    std::string m_base;
    std::string m_staging;
    Value m_store_metadata;
    ExtensionSources m_sources;
    std::vector<std::string> m_extensions;
    MergeRules m_rules;
    std::shared_ptr<const ValidationProfile> m_profile; ///< for the indicators' data-quality counts
    std::unique_ptr<Indicators> m_indicators;
    std::map<std::string, BulkYear> m_years;
    std::map<std::string, PublicationCounts> m_counts;
    std::vector<PublicationFile> m_files;
    std::unique_ptr<SpoolFile> m_site_entries; ///< manifest entries of release and record files
    std::vector<std::string> m_ocids;
    std::string m_root_index;
    std::string m_manifest_sha256;
    BuildSummary m_summary;
};

} // namespace

BuildSummary build_publication(const BuildOptions& options, const std::function<void(std::uint64_t)>& progress) {
    PublicationBuild build(options);
    try {
        return build.run(progress);
    } catch (...) {
        build.discard(); // a failed build leaves the site as it was
        throw;
    }
}

} // namespace ocds
