#include <ocds/build/publication_build.hpp>

#include <ocds/build/bulk_files.hpp>
#include <ocds/build/manifest.hpp>
#include <ocds/build/process_cache.hpp>
#include <ocds/build/process_files.hpp>
#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/parallel.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/core/time_zone.hpp>
#include <ocds/indicators/dashboard.hpp>
#include <ocds/indicators/indicators.hpp>
#include <ocds/indicators/indicators_csv.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/segmented_gzip.hpp>
#include <ocds/map/release_store.hpp>
#include <ocds/publish/page.hpp>
#include <ocds/schema/merge_rules.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/validate/profile.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <functional>
#include <future>
#include <map>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocds {

namespace {

class PublicationBuild {
public:
    explicit PublicationBuild(const BuildOptions& options) : m_options(options) {
        Instant instant;
        if (!is_date_time(options.now, &instant)) {
            throw setting_error("now",
                                "'" + options.now + "' is not an RFC 3339 date-time such as 2024-03-01T12:00:00Z");
        }
        m_published = format_utc(instant.seconds);
        m_version = date_stamp(m_published);
        m_base = options.base_uri;
        while (!m_base.empty() && m_base.back() == '/') {
            m_base.pop_back();
        }
        const std::string metadata_path = options.store_dir + "/package-metadata.json";
        if (!is_regular_file(metadata_path)) {
            throw precondition_error("'" + options.store_dir +
                                         "' is not a release store: it has no package-metadata.json",
                                     {"map.store"}, options.store_dir);
        }
        JsonTextError failure;
        if (!parse_json_text(read_file(metadata_path), m_store_metadata, failure) || !m_store_metadata.is_object()) {
            Location location = in_file(metadata_path);
            location.byte = failure.offset;
            throw data_error(location, "the store's package metadata is not a JSON object");
        }
        if (!options.time_zone.empty()) {
            try {
                TimeZone::load(options.time_zone); // the dashboard shows dates in it
            } catch (const precondition_error& unknown) {
                throw setting_error("time-zone", unknown.what(), options.time_zone);
            }
        }
        m_sources = ExtensionSources{options.schemas_dir, ""};
        const std::vector<std::string> extensions = declared_extensions(m_store_metadata);
        m_extensions = extensions;
        const std::string* version = m_store_metadata.find_string("version");
        ReleaseSchema schema = build_release_schema(version ? *version : "1.1", extensions, m_sources);
        // What every process's files depend on beyond its store folder (ProcessCache).
        m_cache_context = sha256_hex(program_digest() + "\n" + to_json(m_store_metadata) + "\n" + m_base + "\n" +
                                     to_json(schema.schema));
        m_processes = std::make_unique<ProcessBuilder>(
            m_store_metadata, m_base, m_published, MergeRules::from_schema(schema.schema),
            ValidationProfile::build(version ? *version : "1.1", extensions, m_sources), staging_dir());
    }

    BuildSummary run(const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
        const std::string site = m_options.site_dir;
        make_directories(site);
        check_not_older_than_latest();
        m_staging = staging_dir();
        remove_tree(m_staging); // a build that stopped half way
        m_version_prefix = "v/" + m_version + "/";
        for (const char* folder : {"", "/releases", "/records", "/extensions", "/dashboard", "/v"}) {
            make_directory(m_staging + folder);
            make_directory(site + folder);
        }
        make_directories(m_staging + "/" + m_version_prefix + "bulk");
        m_manifest = std::make_unique<ManifestWriter>(m_base, m_staging);
        // The previous version's segments (its unchanged chunks of bulk files are copied, not
        // compressed again) and processes (an unchanged one is not built again).
        std::string previous;
        if (is_regular_file(site + "/latest.json")) {
            previous = parse_latest(read_file(site + "/latest.json"), site + "/latest.json").version;
        }
        // Both read at once: each is a file of a line per process or chunk (a second apiece at
        // 100,000 projects) that the build waits for.
        auto segments = std::async(std::launch::async, [&] {
            return std::make_unique<SegmentCache>(site, previous.empty() ? "" : segment_index_path(previous));
        });
        m_cache = std::make_unique<ProcessCache>(previous.empty() ? "" : process_cache_path(previous),
                                                 previous.empty() ? "" : process_rows_path(previous), m_cache_context);
        m_segments = segments.get();
        m_cache->start(m_staging + "/.process-cache", m_staging + "/.process-rows");
        BulkDescription description;
        description.publisher = publisher_name();
        if (const std::string* license = m_store_metadata.find_string("license")) {
            description.license = *license;
        }
        description.source = m_base;
        description.published = m_published;
        m_bulk = std::make_unique<BulkFiles>(
            m_staging, m_version_prefix, m_processes->package_metadata("", m_published), m_base, m_options.limits,
            description,
            [this](const std::string& folder) { return obtain(ReleaseStore(m_options.store_dir), folder); },
            m_options.threads, m_segments.get());
        m_indicators = std::make_unique<Indicators>(m_published, m_staging); // its scratch file beside the site

        ReleaseStore store(m_options.store_dir);
        std::vector<std::string> folders = store.folders();
        const std::size_t batch_size = 256;
        auto build_batch = [&](std::size_t first) {
            std::vector<BuiltProcess> built(std::min(folders.size(), first + batch_size) - first);
            for_each_index(built.size(), m_options.threads,
                           [&](std::size_t i) { built[i] = obtain(store, folders[first + i]); });
            read_rows_near_changes(built, first);
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
            // The site's files and the next cache beside the bulk files' lanes: neither changes
            // what the other reads (write_site_files sets the files' stamps only).
            auto site_files = std::async(std::launch::async, [&] {
                for (auto& process : batch) {
                    if (!process.ocid.empty()) {
                        write_site_files(process);
                    }
                }
            });
            m_bulk->add(batch);
            site_files.get();
            done += batch.size();
            if (progress) {
                progress(done, folders.size());
            }
        }
        // The dashboard needs the indicators, complete once every process is added, and the
        // editions: it is written while the bulk files are finished (much of its time is the
        // disk's, which the bulk files' compression does not wait for).
        const std::vector<PublicationEdition> editions = m_bulk->editions();
        std::future<void> dashboard = std::async(std::launch::async, [&] { write_dashboard(editions); });
        BulkSummary bulk;
        try {
            bulk = m_bulk->finish();
        } catch (...) {
            dashboard.wait(); // it uses this build's members; its own failure is secondary
            throw;
        }
        dashboard.get();
        m_summary.chunks_compressed = m_segments->compressed();
        m_summary.chunks_copied = m_segments->copied();
        m_summary.chunks_shared = m_segments->shared();
        m_summary.rows_read_back = m_rows_read_back;
        for (auto& file : bulk.files) {
            m_manifest->add(std::move(file));
        }
        m_counts = std::move(bulk.years);
        m_editions = std::move(bulk.editions);
        m_without_edition = bulk.without_edition;
        copy_extensions();
        write_lists();
        return commit();
    }

    /// Removes the staging folder of a build that failed.
    void discard() noexcept {
        try {
            if (!m_staging.empty()) {
                m_bulk.reset(); // closes the open bulk files first
                m_cache.reset();
                remove_tree(m_staging);
            }
        } catch (...) {
        }
    }

private:
    /// A process of the store: as the previous build built it when its stored releases are the
    /// same (and the site has its files), else built.
    BuiltProcess obtain(const ReleaseStore& store, const std::string& folder) const {
        const std::vector<std::string> files = store.folder_files(folder);
        StoreFolderKey folder_key;
        bool listed = true;
        for (const auto& file : files) {
            listed = folder_key.add_file(file) && listed;
        }
        const std::string key = listed ? folder_key.hex() : "";
        if (const std::optional<Value> entry = listed ? m_cache->find(folder, key) : std::nullopt) {
            std::optional<BuiltProcess> restored = restore_process(*entry, folder, m_options.site_dir);
            // Its facts and its rows' shares as kept, when they hold: then its compiled release
            // is not read, unless a chunk of its rows must be made and its rows cannot be read
            // back (FlatRows::source).
            const bool facts_kept =
                restored && m_cache->facts(*entry, m_published, restored->facts, restored->facts_as_of);
            // Its rows too, as the previous build kept them; without them (a file cut or damaged)
            // they are made here, so that this version's file of rows has every process's.
            const bool rows_kept =
                restored && m_cache->tables(*entry, restored->rows.tables) && m_cache->read_rows(*restored);
            if (restored && (facts_kept && rows_kept ? true : read_compiled(*restored, m_options.site_dir))) {
                restored->store_key = key;
                restored->reused = true;
                restored->site_dir = m_options.site_dir;
                if (!facts_kept) {
                    m_processes->compute_facts(*restored, false); // its findings are in the cache
                }
                if (rows_kept) {
                    restored->rows.source = compiled_place(*restored, m_options.site_dir);
                } else {
                    restored->rows = Flattener::rows(restored->compiled);
                    restored->rows.tables = Flattener::tables(restored->rows);
                }
                restored->compiled = Value(); // freed on this worker thread, which made it
                return std::move(*restored);
            }
        }
        // The releases' bytes are kept for the build while they are few (the normal case: each
        // file read once); a process of many releases is built reading each file again.
        std::vector<std::string> texts;
        std::uint64_t kept = 0;
        for (const auto& file : files) {
            std::string text = read_file(file);
            if (kept + text.size() > BuiltProcess::spill_budget) {
                texts = {};
                break;
            }
            kept += text.size();
            texts.push_back(std::move(text));
        }
        BuiltProcess built = m_processes->build(folder, files, texts);
        built.store_key = key;
        built.rows = Flattener::rows(built.compiled);      // once here, on the worker threads, for every group
        built.rows.tables = Flattener::tables(built.rows); // kept for the next build (ProcessCache)
        built.compiled = Value();
        // The tables whose rows changed: only their chunks near this process are made again.
        std::vector<FlatTableRows> before;
        if (const std::optional<Value> entry = m_cache->find(folder, key, true)) {
            if (m_cache->tables(*entry, before) && before.size() == built.rows.tables.size()) {
                built.changed_tables.resize(before.size());
                for (std::size_t table = 0; table < before.size(); ++table) {
                    built.changed_tables[table] = before[table].digest != built.rows.tables[table].digest;
                }
            }
        }
        return built;
    }

    /// The rows of the unchanged processes of a batch (starting at folder `first`) near a
    /// changed one, in folder order (every group's order of processes): a chunk of a changed
    /// process's rows is made with its neighbours' rows, which are read here on the worker
    /// threads rather than flattened again for each group and file while the tables are
    /// written, a single thread for the biggest group. Far from any change, rows stay unread,
    /// and so do the tables whose rows no process near changed (a vote counted changes the
    /// processes table alone).
    void read_rows_near_changes(std::vector<BuiltProcess>& batch, std::size_t first) {
        // A table's chunk holds 16 kB of rows or more, some 30 processes of a small city's; in
        // an edition's or a year's tables, neighbours are further apart in folder order.
        const std::size_t before = 64, after = 128;
        std::vector<std::vector<bool>> near(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const BuiltProcess& process = batch[i];
            const std::size_t folder = first + i;
            if (!process.reused && !process.ocid.empty()) {
                const std::size_t tables = process.rows.digests.size();
                m_last_changed.resize(std::max(m_last_changed.size(), tables), SIZE_MAX);
                for (std::size_t table = 0; table < tables; ++table) {
                    if (process.changed_tables.empty() || process.changed_tables[table]) {
                        m_last_changed[table] = folder;
                        for (std::size_t j = i >= before ? i - before : 0; j < i; ++j) {
                            mark(near[j], table);
                        }
                    }
                }
            }
            for (std::size_t table = 0; table < m_last_changed.size(); ++table) {
                if (m_last_changed[table] != SIZE_MAX && folder - m_last_changed[table] <= after) {
                    mark(near[i], table);
                }
            }
        }
        for_each_index(batch.size(), m_options.threads, [&](std::size_t i) {
            BuiltProcess& process = batch[i];
            if (near[i].empty() || !process.reused || !process.rows.rows.empty() || process.rows.tables.empty()) {
                return; // unread, its rows are made again where a chunk needs them
            }
            near[i].resize(process.rows.tables.size(), false);
            // The previous build's rows: no JSON parsed, nothing flattened.
            FlatRows read;
            if (Flattener::decode_rows(process.kept_rows, process.rows.tables, near[i], read)) {
                read.tables = std::move(process.rows.tables);
                read.source = std::move(process.rows.source);
                process.rows = std::move(read);
                m_rows_read_back += 1;
                return;
            }
            // Not the rows its shares name: all of them made and counted again, and kept so.
            process.kept_rows.clear();
            if (!read_compiled(process, m_options.site_dir)) {
                return;
            }
            process.rows = Flattener::rows(process.compiled);
            process.rows.tables = Flattener::tables(process.rows);
            process.compiled = Value();
        });
    }

    static void mark(std::vector<bool>& tables, std::size_t table) {
        if (tables.size() <= table) {
            tables.resize(table + 1, false);
        }
        tables[table] = true;
    }

    /// Stages a site file unless the site has it with these bytes already.
    /// `immutable`: a different existing file is history being rewritten, an error.
    bool stage_site_file(const std::string& path, const std::string& bytes, bool immutable) {
        std::string stamp;
        return stage_site_file(path, bytes, immutable, stamp);
    }

    /// stage_site_file, setting `stamp` to the file's file_stamp (moved into the site, the
    /// staged file keeps it): the next build trusts the file while it has that stamp.
    bool stage_site_file(const std::string& path, const std::string& bytes, bool immutable, std::string& stamp) {
        const std::string existing = m_options.site_dir + "/" + path;
        const std::int64_t size = file_size(existing);
        if (size >= 0) {
            if (static_cast<std::uint64_t>(size) == bytes.size() && read_file(existing) == bytes) {
                stamp = file_stamp(existing);
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
        stamp = file_stamp(staged);
        return true;
    }

    /// Where everything is staged (spilled releases too) until the version is complete.
    std::string staging_dir() const { return m_options.site_dir + "/.staging-" + m_version; }

    void write_site_files(BuiltProcess& process) {
        m_indicators->add(process.facts); // the lanes do not read the facts
        m_summary.processes_reused += process.reused;
        std::string buffer;
        for (auto& release : process.releases) {
            // A reused process's files are in the site with these bytes (checked when restored).
            if (!process.reused) {
                m_summary.releases_written +=
                    stage_site_file(release.path, process.release_json(release, buffer), true, release.stamp);
            }
            m_manifest->add_site_file(release.path, release.size, release.sha256, "release");
        }
        if (!process.reused) {
            m_summary.records_written +=
                stage_site_file(process.record_path, process.record_json, false, process.record_stamp);
        }
        m_manifest->add_site_file(process.record_path, process.record_size, process.record_sha256, "record");
        m_cache->add(process); // with the files' stamps
        m_ocids.push_back(process.ocid);
        m_summary.processes += 1;
        m_summary.releases += process.releases.size();
        m_summary.projects += process.project;
    }

    void add_file(const std::string& path, std::uint64_t size, const std::string& sha256, const char* kind) {
        m_manifest->add(PublicationFile{path, size, sha256, kind, "", "", ""});
    }

    /// The dashboard (SITE/dashboard/): its static files; the indicators as JSON (everything)
    /// and as indicators.js for the page: the groups' figures and the site's facts (city, time
    /// zone, where each edition's projects are), without the projects nor the lists of
    /// unfeasible projects; and each edition's
    /// projects as projects/<edition folder>.js, which the page loads when it shows that edition,
    /// so that a city of 100,000 projects does not load them all. A copy of the indicators (JSON
    /// and CSV) goes into the version too. The indicators hold an entry per project, so they are
    /// streamed to their files.
    void write_dashboard(const std::vector<PublicationEdition>& editions) {
        for (const auto& asset : dashboard_assets()) {
            const std::string path = "dashboard/" + asset.name;
            const std::string bytes(asset.bytes);
            stage_site_file(path, bytes, false);
            add_file(path, bytes.size(), sha256_hex(bytes), "dashboard");
        }
        // Projects by edition, each file written as its projects come (in edition order), while
        // indicators.json is: one pass over the facts gives both, and the summary.
        std::map<std::string, std::string> folders; // edition id -> projects/<folder>.js
        for (const auto& edition : editions) {
            folders[edition.id] = "projects/" + edition.folder + ".js";
        }
        std::map<std::string, std::unique_ptr<Output>> files;
        std::map<std::string, std::unique_ptr<IndicatorsScript>> scripts;
        auto add_project = [&](const Value& project) {
            const std::string* id = project.find_string("edition");
            const std::string edition = id ? *id : "";
            auto& script = scripts[edition];
            if (!script) {
                const auto folder = folders.find(edition);
                const std::string path = folder != folders.end() ? folder->second : "projects/none.js";
                folders[edition] = path;
                make_directories(m_staging + "/dashboard/projects");
                files[edition] =
                    std::make_unique<Output>(m_staging + "/dashboard/" + path, OutputOptions{false, false, true});
                script = std::make_unique<IndicatorsScript>(*files[edition],
                                                            "(window.OCDS_PROJECTS = window.OCDS_PROJECTS || {})[" +
                                                                to_json(Value(edition)) + "] = ");
                script->put('[');
            } else {
                script->put(',');
            }
            script->write(to_json(project));
        };
        Value indicators_summary;
        const PublicationFile json = stream_staged_file("dashboard/indicators.json", "dashboard", [&](Sink& sink) {
            m_indicators->write_json(sink, 1, indicators_summary, add_project);
            sink.put('\n');
        });
        for (auto& [edition, script] : scripts) {
            script->put(']');
            script->finish();
            Output& file = *files[edition];
            file.commit();
            add_file("dashboard/" + folders[edition], file.file_bytes(), file.file_sha256(), "dashboard");
        }
        stream_staged_file("dashboard/indicators.js", "dashboard", [&](Sink& sink) {
            // The groups' figures without their lists of unfeasible projects, which grow with the
            // city (0.9 of the 1.3 MB at 5,000 projects): the page lists them from the projects of
            // the edition it shows, whose entries carry their reason.
            Value summary = indicators_summary;
            if (Value* groups = summary.find("groups"); groups && groups->is_array()) {
                for (Value& group : groups->as_array()) {
                    if (Value* feasibility = group.find("feasibility")) {
                        feasibility->erase("unfeasibleReasons");
                    }
                }
            }
            IndicatorsScript script(sink);
            script.write(to_json(summary));
            script.finish();
            Value site = Value::object();
            site.set("city", Value(m_options.city.empty() ? publisher_name() : m_options.city));
            site.set("timeZone", Value(m_options.time_zone.empty() ? "UTC" : m_options.time_zone));
            // Each edition's file of projects, in the editions' order (year, then id); those of no edition last.
            Value projects = Value::array();
            auto list = [&](const std::string& edition) {
                if (scripts.count(edition)) {
                    Value entry = Value::object();
                    entry.set("edition", Value(edition));
                    entry.set("file", Value(folders[edition]));
                    projects.push_back(std::move(entry));
                }
            };
            for (const auto& edition : editions) {
                list(edition.id);
            }
            list("");
            site.set("projects", std::move(projects));
            IndicatorsScript site_script(sink, "window.OCDS_SITE = ");
            site_script.write(to_json(site));
            site_script.finish();
        });
        copy_file_replacing(m_staging + "/" + json.path, m_staging + "/" + m_version_prefix + "indicators.json");
        add_file(m_version_prefix + "indicators.json", json.size, json.sha256, "indicators");
        write_version_file("indicators.csv", indicators_csv(indicators_summary), "indicators");
    }

    /// Writes a staged file through `write`, hashing it on the way, and lists it.
    PublicationFile stream_staged_file(const std::string& path, const char* kind,
                                       const std::function<void(Sink&)>& write) {
        make_directories(parent_directory(m_staging + "/" + path));
        Output output(m_staging + "/" + path, OutputOptions{false, false, true});
        write(output);
        output.commit();
        add_file(path, output.file_bytes(), output.file_sha256(), kind);
        return m_manifest->files().back();
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
        for (const auto& file : m_manifest->files()) {
            m_summary.bulk_files += file.kind == "bulk";
        }
        PublicationPage page;
        page.version = m_version;
        page.published = m_published;
        page.base_uri = m_base;
        page.publisher = publisher_name();
        if (const std::string* license = m_store_metadata.find_string("license")) {
            page.license = *license;
        }
        if (const std::string* policy = m_store_metadata.find_string("publicationPolicy")) {
            page.publication_policy = *policy;
        }
        page.counts = m_counts;
        page.editions = m_editions;
        page.without_edition = m_without_edition;
        for (const auto& file : m_manifest->files()) {
            if (file.kind == "bulk") {
                page.bulk_files.push_back(file);
            }
        }
        page.extensions = m_extensions;
        page.dashboard = "dashboard/index.html";
        for (const auto& file : m_manifest->files()) {
            if (file.kind == "indicators") {
                page.indicator_files.push_back(file);
            }
        }
        write_version_file("index.html", publication_page(page, m_version_prefix), "page");
        m_root_index = publication_page(page, "");
        write_manifest();
        m_summary.files = m_manifest->file_count();
        m_summary.bytes = m_manifest->byte_count();
    }

    void write_version_file(const std::string& name, const std::string& bytes, const char* kind) {
        write_new_file(m_staging + "/" + m_version_prefix + name, bytes);
        add_file(m_version_prefix + name, bytes.size(), sha256_hex(bytes), kind);
    }

    /// The manifest: the version's facts, then every file.
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
        // Budget editions: their processes (projects and the contracting processes linked to
        // them) and the folder of their bulk files.
        Value by_edition = Value::object();
        for (const auto& edition : m_editions) {
            Value entry = Value::object();
            entry.set("name", edition.name.empty() ? Value() : Value(edition.name));
            entry.set("year", edition.year.empty() ? Value() : Value::number(edition.year));
            entry.set("folder", Value(m_version_prefix + "bulk/" + edition.folder + "/"));
            entry.set("projects", Value::number(std::to_string(edition.counts.projects)));
            entry.set("processes", Value::number(std::to_string(edition.counts.processes)));
            entry.set("releases", Value::number(std::to_string(edition.counts.releases)));
            by_edition.set(edition.id, std::move(entry));
        }
        counts.set("byEdition", std::move(by_edition));
        Value without = Value::object();
        without.set("processes", Value::number(std::to_string(m_without_edition.processes)));
        without.set("releases", Value::number(std::to_string(m_without_edition.releases)));
        counts.set("withoutEdition", std::move(without));
        manifest.set("counts", std::move(counts));
        m_manifest_sha256 = m_manifest->write(m_staging + "/" + manifest_path(m_version), manifest);
    }

    std::string publisher_name() const {
        const Value* publisher = m_store_metadata.find("publisher");
        const std::string* name = publisher ? publisher->find_string("name") : nullptr;
        return name ? *name : std::string();
    }

    void check_not_older_than_latest() const {
        const std::string latest_path = m_options.site_dir + "/latest.json";
        if (!is_regular_file(latest_path)) {
            return;
        }
        const LatestPointer latest = parse_latest(read_file(latest_path), latest_path);
        if (latest.version > m_version) {
            throw setting_error(
                "now", "the site's current version is " + latest.version + ", later than this build's " + m_version,
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
                throw error(version_dir + ": version " + m_version +
                                " exists with other content: the store changed since it "
                                "was built",
                            {"later-now"});
            }
            m_summary.unchanged = true;
        }
        // The index names this version's files: none while they are being replaced (a version
        // of this name removed by hand and built again), this version's once they are in place.
        const std::string index = segment_index_path(m_version);
        if (!m_summary.unchanged && ::unlink(index.c_str()) != 0 && errno != ENOENT) {
            throw io_error(system_message("cannot remove", index, errno));
        }
        sync_file_system(m_staging);
        move_staged("releases", true);
        move_staged("records", false);
        move_staged("extensions", false);
        move_staged("dashboard", false);
        if (!m_summary.unchanged && ::rename(staged_version.c_str(), version_dir.c_str()) != 0) {
            throw io_error(system_message("cannot move the version into", version_dir, errno));
        }
        make_directory(parent_directory(index));
        m_segments->save(index);
        // This version's processes for the next build, once everything they name is in place
        // (their rows first).
        m_cache->commit();
        const std::string rows = process_rows_path(m_version);
        make_directory(parent_directory(rows));
        if (::rename((m_staging + "/.process-rows").c_str(), rows.c_str()) != 0) {
            throw io_error(system_message("cannot move the processes' rows into", rows, errno));
        }
        const std::string processes = process_cache_path(m_version);
        make_directory(parent_directory(processes));
        if (::rename((m_staging + "/.process-cache").c_str(), processes.c_str()) != 0) {
            throw io_error(system_message("cannot move the list of processes into", processes, errno));
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

    /// Where the segments of a version's bulk files are listed (SegmentCache): beside the
    /// versions, not in one, since they are not published.
    std::string segment_index_path(const std::string& version) const {
        return m_options.site_dir + "/.bulk-segments/" + version;
    }

    /// Where what a version's build kept of each process is (ProcessCache), beside the segments.
    std::string process_cache_path(const std::string& version) const {
        return m_options.site_dir + "/.process-cache/" + version;
    }

    /// Where the rows of a version's processes are (ProcessCache::read_rows), beside their cache.
    std::string process_rows_path(const std::string& version) const {
        return m_options.site_dir + "/.process-rows/" + version;
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
            ::unlink(segment_index_path(versions[i]).c_str()); // none is fine
            ::unlink(process_cache_path(versions[i]).c_str());
            m_summary.removed_versions.push_back(versions[i]);
        }
        // Only the current version's rows are read (by the next build), once latest.json names
        // it: the others go, a few hundred MB each at 100,000 projects.
        const std::string rows = m_options.site_dir + "/.process-rows";
        for (const auto& name : list_directory(rows)) {
            if (name != m_version) {
                ::unlink((rows + "/" + name).c_str());
            }
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
    std::unique_ptr<ProcessBuilder> m_processes;
    std::unique_ptr<Indicators> m_indicators;
    std::unique_ptr<SegmentCache> m_segments;
    std::string m_cache_context;
    std::unique_ptr<ProcessCache> m_cache;
    /// By table, the folder of the last process built whose rows there changed (read_rows_near_changes).
    std::vector<std::size_t> m_last_changed;
    std::atomic<std::uint64_t> m_rows_read_back{0}; ///< processes whose rows the previous build kept
    std::unique_ptr<BulkFiles> m_bulk;
    std::map<std::string, PublicationCounts> m_counts;
    std::vector<PublicationEdition> m_editions;
    PublicationCounts m_without_edition;
    std::unique_ptr<ManifestWriter> m_manifest;
    std::vector<std::string> m_ocids;
    std::string m_root_index;
    std::string m_manifest_sha256;
    BuildSummary m_summary;
};

} // namespace

BuildSummary build_publication(const BuildOptions& options,
                               const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
    PublicationBuild build(options);
    try {
        return build.run(progress);
    } catch (...) {
        build.discard(); // a failed build leaves the site as it was
        throw;
    }
}

} // namespace ocds
