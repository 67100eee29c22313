#include <ocds/validate/validation.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/schema/extension_fetch.hpp>
#include <ocds/io/output.hpp>
#include <ocds/validate/checks.hpp>
#include <ocds/validate/detail/facts_collector.hpp>
#include <ocds/validate/profile.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/core/files.hpp>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

namespace ocds {

using detail::BinaryView;
using detail::FactsCollector;
using detail::ReleaseFacts;

namespace {

/// What a batch of checks makes: findings, and the facts of its releases.
struct BatchResults {
    std::vector<Finding> findings;
    std::vector<ReleaseFacts> facts;
};

/// Runs batches of checks on worker threads and hands their findings to the sink (and their
/// facts to the collector) in the order the batches were submitted, holding at most a few
/// batches at a time (bounded memory).
class OrderedWork {
public:
    using Work = std::function<void(BatchResults&)>;

    OrderedWork(unsigned threads, FindingSink& sink, FileSummary& summary, FactsCollector& facts)
        : m_sink(sink), m_summary(summary), m_facts(facts) {
        for (unsigned i = 0; i < threads; ++i) {
            m_workers.emplace_back([this] { work(); });
        }
    }

    ~OrderedWork() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_work_ready.notify_all();
        for (auto& worker : m_workers) {
            worker.join();
        }
    }

    /// Queues `work`; with no worker threads, runs it at once.
    void submit(Work work) {
        auto task = std::make_shared<Task>();
        task->work = std::move(work);
        if (m_workers.empty()) {
            task->work(task->results);
            emit(*task);
            return;
        }
        std::unique_lock<std::mutex> lock(m_mutex);
        m_order.push_back(task);
        m_pending.push_back(task);
        m_work_ready.notify_one();
        drain(lock, m_workers.size() * 3);
    }

    /// Findings made on the calling thread, in order after everything submitted so far.
    void submit_findings(std::vector<Finding> findings) {
        if (findings.empty()) {
            return;
        }
        auto task = std::make_shared<Task>();
        task->results.findings = std::move(findings);
        task->done = true;
        if (m_workers.empty()) {
            emit(*task);
            return;
        }
        std::unique_lock<std::mutex> lock(m_mutex);
        m_order.push_back(task);
        drain(lock, m_workers.size() * 3);
    }

    /// Waits for every task and emits its findings.
    void finish() {
        std::unique_lock<std::mutex> lock(m_mutex);
        drain(lock, 0);
        if (m_failure) {
            std::rethrow_exception(m_failure);
        }
    }

private:
    struct Task {
        Work work;
        BatchResults results;
        bool done = false;
    };

    /// Emits finished tasks from the front until at most `keep` remain.
    void drain(std::unique_lock<std::mutex>& lock, std::size_t keep) {
        while (!m_order.empty()) {
            if (!m_order.front()->done) {
                if (m_order.size() <= keep) {
                    return;
                }
                m_task_done.wait(lock, [&] { return m_order.front()->done; });
            }
            auto task = std::move(m_order.front());
            m_order.pop_front();
            lock.unlock();
            emit(*task);
            lock.lock();
        }
    }

    void emit(const Task& task) {
        for (const auto& facts : task.results.facts) {
            m_facts.add(facts);
        }
        for (const auto& finding : task.results.findings) {
            ++(finding.severity == Severity::error     ? m_summary.errors
               : finding.severity == Severity::warning ? m_summary.warnings
                                                       : m_summary.infos);
            m_sink.add(finding);
        }
    }

    void work() {
        std::unique_lock<std::mutex> lock(m_mutex);
        for (;;) {
            m_work_ready.wait(lock, [&] { return m_stopping || !m_pending.empty(); });
            if (m_pending.empty()) {
                return;
            }
            auto task = std::move(m_pending.front());
            m_pending.pop_front();
            lock.unlock();
            try {
                task->work(task->results);
            } catch (...) {
                std::lock_guard<std::mutex> guard(m_mutex);
                if (!m_failure) {
                    m_failure = std::current_exception();
                }
            }
            task->work = nullptr; // frees what the work held (the items) on this thread
            lock.lock();
            task->done = true;
            m_task_done.notify_all();
        }
    }

    FindingSink& m_sink;
    FileSummary& m_summary;
    FactsCollector& m_facts;
    std::vector<std::thread> m_workers;
    std::mutex m_mutex;
    std::condition_variable m_work_ready, m_task_done;
    std::deque<std::shared_ptr<Task>> m_order, m_pending;
    bool m_stopping = false;
    std::exception_ptr m_failure;
};

/// An item waiting in a batch: its encoded form and where it stood.
struct QueuedItem {
    std::string encoded;
    Kind kind = Kind::other;
    Kind container = Kind::other;
    Place place;
};

struct Batch {
    std::shared_ptr<const ValidationProfile> profile;
    std::vector<QueuedItem> items;
    std::size_t bytes = 0;
};

void check_item(const ValidationProfile& profile, const QueuedItem& item, BatchResults& results) {
    const BinaryView view(item.encoded.data());
    const Kind kind = item.container == Kind::release_package  ? Kind::release
                      : item.container == Kind::record_package ? Kind::record
                                                               : item.kind;
    extract_facts(view, kind, results.facts);
    std::vector<Finding>& findings = results.findings;
    switch (kind) {
    case Kind::record: check_record(profile, view, item.place, findings); break;
    case Kind::versioned_release: check_versioned_release(profile, view, item.place, findings); break;
    case Kind::release:
    case Kind::compiled_release: check_release(profile, view, item.place, findings); break;
    default: {
        Finding& finding = findings.emplace_back();
        finding.check = "shape";
        finding.keyword = "type";
        finding.path = item.place.pointer;
        finding.field = field_of(finding.path);
        finding.message = "not OCDS data: expected a release, record, or release or record package";
        finding.value = render_json(view, 200, finding.truncated);
        finding.line = item.place.line;
        finding.document = item.place.document;
        break;
    }
    }
}

class FileValidator {
public:
    FileValidator(const std::string& path, const ValidateOptions& options, FindingSink& sink)
        : m_options(options), m_reader(path, reading(options.read)),
          m_work(options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency()), sink, m_summary,
                 m_facts) {
        m_summary.file = m_reader.name();
    }

    FileSummary run() {
        try {
            while (Entry* entry = m_reader.next()) {
                if (auto* item = std::get_if<Item>(entry)) {
                    on_item(*item);
                    if (m_options.progress) {
                        m_options.progress(m_reader, m_summary.releases + m_summary.records);
                    }
                } else if (auto* start = std::get_if<PackageStart>(entry)) {
                    on_package_start(*start);
                } else if (auto* end = std::get_if<PackageEnd>(entry)) {
                    on_package_end(*end);
                }
            }
        } catch (const parse_error& e) {
            flush();
            Finding finding;
            finding.check = "json";
            finding.keyword = "syntax";
            finding.path = e.location().pointer;
            finding.message = e.reason() + " (" + e.location().to_string() + ")";
            finding.line = e.location().line;
            finding.document = e.location().document;
            emit_now({finding});
            m_summary.complete = false;
        }
        flush();
        m_work.finish();
        m_summary.ocids = m_ocids.size();
        m_facts.finish(m_summary.facts);
        return m_summary;
    }

private:
    static ReadOptions reading(ReadOptions options) {
        options.encode_items = true;
        return options;
    }

    /// The profile for a version and extensions (ValidationProfile::shared), with a warning for
    /// each extension it cannot apply, once per file.
    std::shared_ptr<const ValidationProfile> profile(const std::string& version, VersionReason reason,
                                                     const std::vector<std::string>& extensions,
                                                     std::vector<Finding>& findings, const Place& place) {
        const std::string chosen = m_options.schema_version.empty() ? version : m_options.schema_version;
        // Each reason a version was used for, however the profile comes.
        const VersionReason why_version = m_options.schema_version.empty() ? reason : VersionReason::setting;
        const std::string key = schema_key(chosen, extensions);
        if (m_last_profile && key == m_last_profile_key) { // most files declare one list in every package
            m_summary.schema_version_reasons[m_last_profile->version()].insert(why_version);
            return m_last_profile;
        }
        if (m_options.fetch_extensions) {
            for (const auto& url : extensions) {
                if (!m_fetch_tried.insert(url).second) {
                    continue;
                }
                std::string problem = fetch_extension(url, m_options.sources);
                if (!problem.empty() && m_options.sources.extensions_dir.empty()) {
                    problem += " (" + m_options.setting_name("extensions-dir") + ")";
                }
                if (!problem.empty()) {
                    m_fetch_problems[url] = problem;
                }
            }
        }
        auto profile = ValidationProfile::shared(chosen, extensions, m_options.sources);
        m_summary.schema_version_reasons[profile->version()].insert(why_version);
        for (const auto& url : profile->extensions()) {
            if (std::find(m_summary.extensions.begin(), m_summary.extensions.end(), url) ==
                m_summary.extensions.end()) {
                m_summary.extensions.push_back(url);
            }
        }
        std::vector<std::pair<std::string, std::string>> unapplied;               // declared and not available, then
        for (auto& url : unavailable_extensions(extensions, m_options.sources)) { // what the profile could not use
            unapplied.emplace_back(std::move(url), "");
        }
        unapplied.insert(unapplied.end(), profile->unavailable().begin(), profile->unavailable().end());
        for (const auto& [url, why] : unapplied) {
            if (!m_reported_unavailable.insert(url).second) {
                continue;
            }
            m_summary.unavailable_extensions.push_back(url);
            const auto fetched = m_fetch_problems.find(url);
            Finding& finding = findings.emplace_back();
            finding.severity = Severity::warning;
            finding.check = "extension";
            finding.keyword = "extensions";
            finding.path = place.pointer + "/extensions";
            finding.field = field_of(finding.path);
            finding.value = json_string(url);
            finding.message = "the extension is not applied: " +
                              (fetched != m_fetch_problems.end() ? fetched->second
                               : !why.empty()                    ? why
                                                                 : "not available offline (bundled or in " +
                                                    m_options.setting_name("extensions-dir") + ")") +
                              "; its fields are reported as additional";
            finding.line = place.line;
            finding.document = place.document;
        }
        m_last_profile_key = key;
        m_last_profile = profile;
        return profile;
    }

    /// The version and extensions a package declares, with findings about the version.
    std::shared_ptr<const ValidationProfile> package_profile(const Value& metadata, const Place& place,
                                                             std::vector<Finding>& findings) {
        std::string version = "1.0";
        VersionReason reason = VersionReason::package_without;
        const Value* declared = metadata.find("version");
        const auto add = [&](Severity severity, const std::string& message) {
            Finding& finding = findings.emplace_back();
            finding.severity = severity;
            finding.check = "version";
            finding.keyword = "version";
            finding.path = place.pointer + (declared ? "/version" : "");
            finding.field = field_of(finding.path);
            finding.message = message;
            finding.line = place.line;
            finding.document = place.document;
            if (declared) {
                std::string encoded;
                detail::encode(*declared, encoded);
                finding.value = render_json(BinaryView(encoded.data()), 200, finding.truncated);
            }
        };
        if (!declared) {
            add(Severity::warning,
                "the package has no version, so it is OCDS 1.0: add \"version\": \"1.1\" for 1.1 data");
        } else if (!declared->is_string() || bundled_version(declared->as_string()).empty()) {
            add(Severity::error, "the version is not a known OCDS version (\"1.0\" or \"1.1\"): validated as 1.1");
            version = "1.1";
            reason = VersionReason::unknown;
        } else {
            version = declared->as_string();
            reason = VersionReason::declared;
        }
        return profile(version, reason, declared_extensions(metadata), findings, place);
    }

    void on_package_start(const PackageStart& start) {
        ++m_summary.packages;
        m_package_place = Place{start.location.pointer, start.location.line, start.location.document};
        m_package_profile.reset();
        m_identities.clear(); // uniqueness is within a package, as the Data Review Tool checks it
        // Without version and extensions the items' schema is not known until the package ends
        // (json.dump(sort_keys=True) writes "version" after "releases"): keep them aside until then.
        if (start.metadata.find("version") && start.metadata.find("extensions")) {
            std::vector<Finding> findings;
            m_package_profile = package_profile(start.metadata, m_package_place, findings);
            emit_now(std::move(findings));
        } else {
            m_spool = std::make_unique<SpoolFile>(temporary_directory());
        }
    }

    void on_package_end(const PackageEnd& end) {
        m_facts.add_package(end.metadata);
        std::vector<Finding> findings;
        auto profile = m_package_profile;
        if (!profile) {
            profile = package_profile(end.metadata, m_package_place, findings);
        }
        emit_now(std::move(findings));
        if (m_spool) {
            replay_spool(profile);
        }
        flush();
        m_summary.schema_versions[profile->version()] += 0; // named even when the package is empty
        auto metadata = std::make_shared<std::string>();
        detail::encode(end.metadata, *metadata);
        const Kind kind = end.kind;
        const std::size_t items = end.items;
        const Place place = m_package_place;
        m_work.submit([profile, metadata, kind, items, place](BatchResults& out) {
            check_package(*profile, kind, BinaryView(metadata->data()), items, place, out.findings);
        });
        m_package_profile.reset();
        m_identities.clear();
    }

    void on_item(Item& item) {
        QueuedItem queued;
        queued.kind = item.kind;
        queued.container = item.container;
        queued.place = Place{item.location.pointer, item.location.line, item.location.document};
        if (item.is_encoded) {
            queued.encoded = std::move(item.encoded);
        } else {
            detail::encode(item.value, queued.encoded);
        }
        track(queued);
        if (m_spool) {
            spool(queued);
            return;
        }
        auto profile = m_package_profile;
        if (!profile) {
            std::vector<Finding> findings;
            profile = bare_profile(findings, queued.place, queued);
            emit_now(std::move(findings));
        }
        enqueue(profile, std::move(queued));
    }

    /// Data outside packages: the forced version, else the one version rule of every command
    /// (undeclared_version: 1.1 when it has `parties`, else 1.0), said once per version used.
    std::shared_ptr<const ValidationProfile> bare_profile(std::vector<Finding>& findings, const Place& place,
                                                          const QueuedItem& item) {
        const bool parties = has_parties(BinaryView(item.encoded.data()));
        const std::string version = undeclared_version(parties);
        auto& cached = m_bare_profiles[m_options.schema_version.empty() ? version : m_options.schema_version];
        if (!cached) {
            if (m_options.schema_version.empty()) {
                Finding& finding = findings.emplace_back();
                finding.severity = Severity::info;
                finding.check = "version";
                finding.keyword = "version";
                finding.path = place.pointer;
                finding.message = "validated as OCDS " + version + ": " + undeclared_version_reason(parties) + " (" +
                                  m_options.setting_name("schema-version") + " chooses another)";
                finding.line = place.line;
                finding.document = place.document;
            }
            cached = profile(version, parties ? VersionReason::bare_with_parties : VersionReason::bare_without_parties,
                             m_options.extensions, findings, place);
        }
        return cached;
    }

    /// Counts items and finds repeated releases (ocid, id) and records (ocid) across the file.
    void track(const QueuedItem& item) {
        const BinaryView view(item.encoded.data());
        const bool record = item.container == Kind::record_package || item.kind == Kind::record;
        const bool release = !record && (item.container == Kind::release_package || is_release_kind(item.kind));
        if (!view.is_object() || (!record && !release)) {
            return;
        }
        ++(record ? m_summary.records : m_summary.releases);
        BinaryView ocid, id;
        if (!view.find("ocid", ocid) || !ocid.is_string()) {
            return;
        }
        const std::hash<std::string_view> hash;
        const std::size_t ocid_hash = hash(ocid.text());
        m_ocids.insert(ocid_hash);
        if (item.kind == Kind::versioned_release || item.kind == Kind::compiled_release) {
            return;
        }
        std::size_t key = ocid_hash * 31 + (record ? 1 : 2);
        if (release) {
            if (!view.find("id", id) || !(id.is_string() || id.is_number())) {
                return;
            }
            key = ocid_hash ^ (hash(id.text()) * 0x9E3779B97F4A7C15ull);
        }
        if (!m_identities.insert(key).second) {
            Finding finding;
            finding.check = record ? "unique-records" : "unique-releases";
            finding.keyword = "uniqueItems";
            finding.path = item.place.pointer;
            finding.field = field_of(finding.path);
            finding.message = record ? "another record in the package (or file) has the same ocid"
                                     : "another release in the package (or file) has the same ocid and id";
            finding.value =
                "{\"ocid\":" + json_string(ocid.text()) +
                (record ? "" : ",\"id\":" + (id.is_number() ? std::string(id.text()) : json_string(id.text()))) + "}";
            finding.line = item.place.line;
            finding.document = item.place.document;
            emit_now({finding});
        }
    }

    /// Findings made here, on the reading thread, placed after those of the items before them.
    void emit_now(std::vector<Finding> findings) {
        if (findings.empty()) {
            return;
        }
        flush();
        m_work.submit_findings(std::move(findings));
    }

    void enqueue(const std::shared_ptr<const ValidationProfile>& profile, QueuedItem item) {
        if (m_batch && m_batch->profile != profile) {
            flush();
        }
        if (!m_batch) {
            m_batch = std::make_shared<Batch>();
            m_batch->profile = profile;
        }
        m_batch->bytes += item.encoded.size();
        m_batch->items.push_back(std::move(item));
        m_summary.schema_versions[profile->version()]++;
        if (m_batch->bytes > (256u << 10) || m_batch->items.size() >= 64) {
            flush();
        }
    }

    void flush() {
        if (!m_batch) {
            return;
        }
        auto batch = std::move(m_batch);
        m_batch.reset();
        m_work.submit([batch](BatchResults& out) {
            for (const auto& item : batch->items) {
                check_item(*batch->profile, item, out);
            }
        });
    }

    void spool(const QueuedItem& item) {
        std::string header;
        detail::put_varint(header, static_cast<std::uint64_t>(item.kind));
        detail::put_varint(header, static_cast<std::uint64_t>(item.container));
        detail::put_varint(header, item.place.line);
        detail::put_varint(header, item.place.document);
        detail::put_varint(header, item.place.pointer.size());
        header += item.place.pointer;
        detail::put_varint(header, item.encoded.size());
        m_spool->write(header.data(), header.size());
        m_spool->write(item.encoded.data(), item.encoded.size());
    }

    void replay_spool(const std::shared_ptr<const ValidationProfile>& profile) {
        auto spool = std::move(m_spool);
        m_spool.reset();
        spool->flush();
        std::uint64_t offset = 0;
        std::string buffer;
        const auto read = [&](std::size_t size) {
            buffer.resize(size);
            std::size_t done = 0;
            while (done < size) {
                const std::size_t got = spool->read_at(offset + done, &buffer[done], size - done);
                if (got == 0) {
                    throw io_error("the scratch file of the validator ended early");
                }
                done += got;
            }
            offset += size;
        };
        const auto varint = [&] {
            std::string bytes;
            for (;;) {
                read(1);
                bytes += buffer[0];
                if ((static_cast<unsigned char>(buffer[0]) & 0x80) == 0) {
                    break;
                }
            }
            const char* cursor = bytes.data();
            return detail::get_varint(cursor);
        };
        while (offset < spool->size()) {
            QueuedItem item;
            item.kind = static_cast<Kind>(varint());
            item.container = static_cast<Kind>(varint());
            item.place.line = varint();
            item.place.document = varint();
            read(static_cast<std::size_t>(varint()));
            item.place.pointer = buffer;
            read(static_cast<std::size_t>(varint()));
            item.encoded = buffer;
            enqueue(profile, std::move(item));
        }
    }

    const ValidateOptions& m_options;
    Reader m_reader;
    FileSummary m_summary;
    FactsCollector m_facts;
    OrderedWork m_work;
    std::string m_last_profile_key; ///< schema_key of the last version and extensions asked for
    std::shared_ptr<const ValidationProfile> m_last_profile;
    std::set<std::string> m_fetch_tried; ///< extensions fetched (or tried) for this file
    std::map<std::string, std::string> m_fetch_problems;
    std::set<std::string> m_reported_unavailable; ///< extensions already warned of in this file
    std::shared_ptr<const ValidationProfile> m_package_profile;
    std::map<std::string, std::shared_ptr<const ValidationProfile>> m_bare_profiles; // by version
    Place m_package_place;
    std::unique_ptr<SpoolFile> m_spool;
    std::shared_ptr<Batch> m_batch;
    std::unordered_set<std::size_t> m_ocids, m_identities;
};

} // namespace

FileSummary validate_file(const std::string& path, const ValidateOptions& options, FindingSink& sink) {
    sink.begin_file(path == "-" ? "<stdin>" : path);
    FileValidator validator(path, options, sink);
    FileSummary summary = validator.run();
    sink.end_file(summary);
    return summary;
}

} // namespace ocds
