#include <ocds/map/map_run.hpp>

#include <ocds/map/budget_record.hpp>
#include <ocds/map/consul_source.hpp>
#include <ocds/map/record_memory.hpp>
#include <ocds/core/compare.hpp>
#include <ocds/core/detail/json.hpp>
#include <ocds/core/error.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/line_reader.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/io/output.hpp>
#include <ocds/map/release_changes.hpp>
#include <ocds/schema/release_schema.hpp>
#include <ocds/map/release_store.hpp>
#include <ocds/core/string_formats.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/parallel.hpp>
#include <ocds/core/producer.hpp>
#include <ocds/core/sha256.hpp>

#include <cerrno>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

#include <unistd.h>

namespace ocds {

namespace {

constexpr std::size_t batch_lines = 256;
constexpr std::size_t commit_every = 2000;

/// Finds the string `id` of one top-level object of a record line (`project.id`, `budget.id`)
/// without building the record (stops as soon as it is seen): for the pass that finds duplicate
/// project ids before anything is written, and for the editions a database export holds.
class MemberIdFinder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, MemberIdFinder> {
public:
    explicit MemberIdFinder(std::string_view member) : m_member(member) {}
    bool Default() { return true; }
    bool String(const char* text, rapidjson::SizeType length, bool) {
        if (m_depth == 2 && m_in_member && m_key == "id") {
            id.assign(text, length);
            return false; // found: stop
        }
        return true;
    }
    bool RawNumber(const char*, rapidjson::SizeType, bool) { return true; }
    bool Key(const char* text, rapidjson::SizeType length, bool) {
        m_key.assign(text, length);
        return true;
    }
    bool StartObject() {
        m_in_member = m_in_member || (m_depth == 1 && m_key == m_member);
        ++m_depth;
        return m_depth <= 64;
    }
    bool EndObject(rapidjson::SizeType) {
        --m_depth;
        if (m_depth == 1 && m_in_member) {
            return false; // the object had no string id
        }
        return true;
    }
    bool StartArray() {
        ++m_depth;
        return m_depth <= 64;
    }
    bool EndArray(rapidjson::SizeType) {
        --m_depth;
        return true;
    }

    std::string id;

private:
    std::string_view m_member;
    int m_depth = 0;
    bool m_in_member = false;
    std::string m_key;
};

std::string find_member_id(std::string_view line, std::string_view member) {
    MemberIdFinder finder(member);
    rapidjson::MemoryStream memory(line.data(), line.size());
    rapidjson::Reader reader;
    reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag>(memory, finder);
    return finder.id;
}

std::string find_project_id(const std::string& line) {
    return find_member_id(line, "project");
}

class RecordStream;

/// One input of the run: a file, or records streaming in (CONSUL's database), and its name in
/// messages.
struct Input {
    std::string path;
    std::string name;
    RecordStream* stream = nullptr;
};

/// A scratch file holding input that is read twice (duplicates first) but comes only once:
/// standard input. Removed with this object.
class ScratchInput {
public:
    explicit ScratchInput(std::string name) : m_name(std::move(name)) {
        m_path = temporary_directory() + "/ocds-map-XXXXXX";
        m_fd = ::mkstemp(m_path.data());
        if (m_fd < 0) {
            throw io_error(system_message("cannot create a scratch file in", temporary_directory(), errno));
        }
    }
    ScratchInput(const ScratchInput&) = delete;
    ScratchInput& operator=(const ScratchInput&) = delete;
    ~ScratchInput() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        ::unlink(m_path.c_str());
    }

    void write(const char* data, std::size_t size) {
        m_buffer.append(data, size);
        if (m_buffer.size() >= (1 << 20)) {
            flush();
        }
    }

    /// The file, complete and closed.
    Input input() {
        flush();
        if (::close(m_fd) != 0) {
            m_fd = -1;
            throw io_error(system_message("cannot write", m_path, errno));
        }
        m_fd = -1;
        return Input{m_path, m_name};
    }

private:
    void flush() {
        write_fd_fully(m_fd, m_buffer.data(), m_buffer.size(), m_path);
        m_buffer.clear();
    }

    std::string m_name;
    std::string m_path;
    std::string m_buffer;
    int m_fd = -1;
};

/// Where each project id was seen, over every input, to refuse ids given twice.
using ProjectLines = std::map<std::string, std::vector<std::string>>;

/// CONSUL's export, read on a thread of its own while the records already read are mapped: the
/// database's work and ours overlap. Records come in batches that never split a run of rows with
/// the same project id, each with the ids it holds more than once: the query orders rows by
/// project id, so a project given twice comes twice in a row (checked: an export in another
/// order fails). Memory holds a few batches at most.
class RecordStream {
public:
    struct Batch {
        std::vector<Line> lines;
        ProjectLines duplicates;
    };

    RecordStream(ConsulSource source, std::string name, std::size_t max_line_bytes)
        : m_source(std::move(source)), m_name(std::move(name)), m_max_line_bytes(max_line_bytes),
          m_batches(max_batches, [this](Producer<Batch>::Queue& queue) { produce(queue); }) {}

    /// The next batch; false at the end of a complete export.
    /// @throws what the export threw (precondition_error, io_error)
    bool next(Batch& batch) { return m_batches.next(batch); }

    /// The budget ids the export held (known at its end).
    const std::set<std::string>& editions() const { return m_editions; }

private:
    struct Cancelled {};

    void produce(Producer<Batch>::Queue& queue) {
        try {
            Batch batch;
            std::string last_id;
            std::uint64_t number = 0, byte = 0;
            read_consul_records(m_source, [&](std::string_view record) {
                Line line;
                line.number = ++number;
                line.byte = byte;
                byte += record.size() + 1;
                line.too_long = record.size() > m_max_line_bytes;
                line.text.assign(record.data(), line.too_long ? 1024 : record.size());
                std::string id = line.too_long ? std::string() : find_project_id(line.text);
                std::string budget = line.too_long ? std::string() : find_member_id(record, "budget");
                const bool same_project = !id.empty() && id == last_id;
                const bool placed = !id.empty() && !budget.empty(); // else: an error about this record
                if (placed && !same_project && !last_id.empty() && !in_order(last_id, id)) {
                    // A data problem (exit 1), not one of reading: the rows came, in the wrong order.
                    throw error(m_name + ":" + std::to_string(line.number) + ": project " + id +
                                " comes after project " + last_id +
                                ": the export is not ordered by project id; is the query the one "
                                "shipped with ocds?");
                }
                if (batch.lines.size() >= batch_lines && !same_project) {
                    push(queue, std::move(batch));
                    batch = Batch{};
                }
                if (same_project) {
                    auto& places = batch.duplicates[id];
                    if (places.empty()) {
                        places.push_back(m_name + ":" + std::to_string(line.number - 1));
                    }
                    places.push_back(m_name + ":" + std::to_string(line.number));
                }
                if (placed) {
                    last_id = std::move(id);
                }
                if (!m_source.editions.empty() && !budget.empty()) {
                    m_editions.insert(std::move(budget));
                }
                batch.lines.push_back(std::move(line));
            });
            if (!batch.lines.empty()) {
                push(queue, std::move(batch));
            }
        } catch (const Cancelled&) {
        }
    }

    /// Whether `id` comes after `last_id` in the query's order (ORDER BY project id: integers,
    /// compared as their decimal texts), so that a project given twice is always given twice in
    /// a row.
    static bool in_order(const std::string& last_id, const std::string& id) {
        return std::make_tuple(last_id.size(), std::cref(last_id)) < std::make_tuple(id.size(), std::cref(id));
    }

    /// Leaves read_consul_records by Cancelled once the mapping has stopped.
    static void push(Producer<Batch>::Queue& queue, Batch batch) {
        if (!queue.push(std::move(batch))) {
            throw Cancelled{};
        }
    }

    static constexpr std::size_t max_batches = 8;

    ConsulSource m_source;
    std::string m_name;
    std::size_t m_max_line_bytes;
    std::set<std::string> m_editions; ///< written by the producer; read once next() said the end
    Producer<Batch> m_batches;        ///< last: its thread starts once the rest is ready
};

struct StagedRelease {
    ReleaseStore::Staged file; ///< written by the worker, renamed into place at commit
    std::string json;          ///< for an output package, when asked
};

/// What processing one line produced; applied in input order by the main thread.
struct LineResult {
    std::vector<MapError> errors;
    std::vector<MapError> warnings;
    bool without_heading = false;
    std::string project_id;
    std::optional<RecordMemory::Entry> remember; ///< for the next run, when mapped without errors
    std::vector<StagedRelease> releases;
    std::uint64_t processes_new = 0, processes_changed = 0, processes_unchanged = 0;
    bool is_record = false;
};

class MapRun {
public:
    MapRun(const MapOptions& options, std::vector<Input> inputs)
        : m_options(options), m_inputs(std::move(inputs)),
          m_checker(options.schemas_dir,
                    MunicipalParties{{options.config.buyer.id, options.config.procuring_entity.id}},
                    options.config.time_zone.has_value()),
          m_store(options.store_dir) {
        ExtensionSources sources{options.schemas_dir, ""};
        ReleaseSchema schema = build_release_schema("1.1", mapping_extensions(options.config), sources);
        if (!schema.missing_extensions.empty()) {
            throw precondition_error("the bundled schemas lack the extension " + schema.missing_extensions.front());
        }
        m_rules = MergeRules::from_schema(schema.schema);
        Instant now;
        is_date_time(options.now, &now); // run_map checked it
        m_now = now.seconds;
    }

    MapSummary run(const std::function<void(const MapError&)>& on_error) {
        Value metadata = m_options.package_metadata;
        metadata.set("version", Value("1.1"));
        Value extensions = Value::array();
        for (const auto& url : mapping_extensions(m_options.config)) {
            extensions.push_back(Value(url));
        }
        metadata.set("extensions", std::move(extensions));
        m_metadata = std::move(metadata);

        m_memory = std::make_unique<RecordMemory>(m_options.store_dir, mapping_fingerprint(m_options.config));
        const ProjectLines seen = find_duplicates();
        for (const auto& input : m_inputs) {
            if (input.stream) {
                map_stream(input, on_error);
                continue;
            }
            start_writing();
            LineReader reader(input.path);
            std::vector<Line> batch;
            Line line;
            bool more = true;
            while (more) {
                more = reader.next(line);
                if (more) {
                    batch.push_back(std::move(line));
                }
                if (batch.size() == batch_lines || (!more && !batch.empty())) {
                    apply(process_batch(input.name, batch, seen), on_error);
                    batch.clear();
                    if (m_options.on_progress) {
                        m_options.on_progress(m_summary.projects_read, m_projects_total);
                    }
                }
            }
        }
        start_writing();
        commit();
        m_memory->save();
        return m_summary;
    }

private:
    /// Maps records as the export streams them in. Nothing reaches the store until the export
    /// has come whole: the releases stay staged (and the memory of the last run in place) until
    /// then, so a database that goes away half way leaves the store as it was.
    void map_stream(const Input& input, const std::function<void(const MapError&)>& on_error) {
        RecordStream::Batch batch;
        while (input.stream->next(batch)) {
            apply(process_batch(input.name, batch.lines, batch.duplicates), on_error);
            if (m_options.on_progress) {
                m_options.on_progress(m_summary.projects_read, 0); // the total is known at the end only
            }
        }
        start_writing();
    }

    /// The first write to the store: its package metadata, and the last run's memory removed (it
    /// is written again at the end, so a run that stops half way leaves none).
    void start_writing() {
        if (m_writing) {
            return;
        }
        m_writing = true;
        m_store.write_metadata(m_metadata);
        m_memory->forget_saved();
    }

    /// The first pass: every project id and where it is.
    ProjectLines find_duplicates() {
        ProjectLines seen;
        for (const auto& input : m_inputs) {
            if (input.stream) {
                continue; // its batches say their own
            }
            LineReader reader(input.path);
            Line line;
            while (reader.next(line)) {
                // Every line but a blank one is a project (or an error about one): the total of
                // the progress report.
                m_projects_total += line.too_long || line.text.find_first_not_of(" \t\r\n") != std::string::npos;
                if (line.too_long) {
                    continue;
                }
                std::string id = find_project_id(line.text);
                if (!id.empty()) {
                    seen[id].push_back(input.name + ":" + std::to_string(line.number));
                }
            }
        }
        for (auto it = seen.begin(); it != seen.end();) {
            it = it->second.size() > 1 ? std::next(it) : seen.erase(it);
        }
        return seen;
    }

    std::vector<LineResult> process_batch(const std::string& file, const std::vector<Line>& batch,
                                          const ProjectLines& duplicates) {
        std::vector<LineResult> results(batch.size());
        try {
            for_each_index(batch.size(), m_options.threads,
                           [&](std::size_t i) { results[i] = process_line(file, batch[i], duplicates); });
        } catch (...) { // an I/O error stops the run: the releases staged so far go
            for (const auto& result : results) {
                for (const auto& release : result.releases) {
                    ::unlink(release.file.temporary.c_str());
                }
            }
            throw;
        }
        return results;
    }

    LineResult process_line(const std::string& file, const Line& line, const ProjectLines& duplicates) const {
        LineResult result;
        auto report = [&](std::string project, std::string pointer, std::string message, std::uint64_t byte) {
            result.errors.push_back(
                MapError{file, line.number, byte, std::move(project), std::move(pointer), std::move(message)});
        };
        if (line.too_long) {
            result.is_record = true;
            report("", "", "the line is longer than the limit of 64 MiB for one record", line.byte);
            return result;
        }
        if (line.text.find_first_not_of(" \t\r") == std::string::npos) {
            return result; // blank lines are allowed, as JSON Lines readers do
        }
        result.is_record = true;
        const std::string sha256 = sha256_hex(line.text);
        if (remembered(file, line, sha256, duplicates, result)) {
            return result;
        }
        Value record;
        JsonTextError failure;
        if (!parse_json_text(line.text, record, failure)) {
            report(find_project_id(line.text), "",
                   "not a JSON record: " + failure.reason + " (column " + std::to_string(failure.offset + 1) + ")",
                   line.byte + failure.offset);
            return result;
        }
        const Value* project = record.is_object() ? record.find("project") : nullptr;
        const std::string* project_id = project && project->is_object() ? project->find_string("id") : nullptr;
        const std::string id = project_id ? *project_id : std::string();
        if (const auto duplicate = duplicates.find(id); project_id && duplicate != duplicates.end()) {
            std::string places;
            for (const auto& place : duplicate->second) {
                places += (places.empty() ? "" : ", ") + place;
            }
            report(id, "/project/id",
                   "the project id is given more than once in this export (" + places +
                       "): none of these records is mapped until the export says which one is right",
                   line.byte);
            return result;
        }
        for (auto& problem : m_checker.check(record)) {
            report(id, std::move(problem.pointer), std::move(problem.message), line.byte);
        }
        if (!result.errors.empty()) {
            return result;
        }
        const Value* budget = record.find("budget");
        const Value* heading = budget && budget->is_object() ? budget->find("heading") : nullptr;
        if (heading == nullptr || heading->is_null()) {
            warn_without_heading(file, line, id, result);
        }
        try {
            std::uint32_t processes = 0;
            for (auto& process : map_project(record, m_options.config)) {
                next_release(std::move(process), result);
                ++processes;
            }
            result.project_id = id;
            result.remember = RecordMemory::Entry{sha256, processes, result.without_heading};
        } catch (const io_error&) {
            // The store cannot be read or written (a full disk): not this project's fault, and
            // the same for all of them. The run stops, with the one error and its path.
            for (const auto& release : result.releases) {
                ::unlink(release.file.temporary.c_str());
            }
            throw;
        } catch (const ocds::error& failure) {
            // A stored release that cannot be read or merged: this project waits, the others go on.
            for (const auto& release : result.releases) {
                ::unlink(release.file.temporary.c_str());
            }
            result.releases.clear();
            result.remember.reset();
            result.processes_new = result.processes_changed = result.processes_unchanged = 0;
            report(id, "", std::string("its stored releases cannot be compiled: ") + failure.what(), line.byte);
        }
        return result;
    }

    /// CONSUL's editions 11 and later do not ask for a heading: such a project is mapped with its
    /// edition only, and named, so that nobody wonders where its pot went.
    static void warn_without_heading(const std::string& file, const Line& line, const std::string& id,
                                     LineResult& result) {
        result.without_heading = true;
        result.warnings.push_back(MapError{file, line.number, line.byte, id, "/budget/heading",
                                           "no heading: mapped with its edition only (no pot to compete in)"});
    }

    /// A record byte for byte as the last complete run mapped it, whose planning process is in
    /// the store: its processes are unchanged, known without parsing it (RecordMemory).
    bool remembered(const std::string& file, const Line& line, const std::string& sha256,
                    const ProjectLines& duplicates, LineResult& result) const {
        const std::string id = find_project_id(line.text);
        const RecordMemory::Entry* entry = id.empty() ? nullptr : m_memory->find(id);
        if (!entry || entry->sha256 != sha256 || duplicates.count(id)) {
            return false;
        }
        try {
            if (!path_exists(m_options.store_dir + "/releases/" +
                             ocid_file_name(planning_ocid(m_options.config, id)))) {
                return false;
            }
        } catch (const ocds::error&) {
            return false;
        }
        result.processes_unchanged = entry->processes;
        if (entry->without_heading) {
            warn_without_heading(file, line, id, result);
        }
        result.project_id = id;
        result.remember = *entry;
        return true;
    }

    /// Compares a process's mapping with its compiled stored releases; stages a release if new or
    /// changed.
    void next_release(Value process, LineResult& result) const {
        const std::string ocid = *process.find_string("ocid");
        const std::vector<std::string> texts = m_store.release_texts(ocid);
        if (texts.size() == 1 && is_stored_state(texts.front(), process)) {
            ++result.processes_unchanged;
            return;
        }
        std::vector<Value> stored;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            stored.push_back(m_store.parse_release(ocid, texts[i], i));
        }
        Value state = process;
        prune_hollow(state);
        Value previous;
        std::int64_t latest = m_now - 1;
        if (!stored.empty()) {
            std::vector<const Value*> pointers;
            for (const auto& release : stored) {
                pointers.push_back(&release);
                Instant date;
                if (const std::string* text = release.find_string("date"); text && is_date_time(*text, &date)) {
                    latest = std::max(latest, date.seconds);
                }
            }
            std::vector<MergeWarning> warnings;
            previous = comparable_state(merge_releases(pointers, m_rules, MergeOutput{}, warnings).compiled);
            if (json_equal(previous, state)) {
                ++result.processes_unchanged;
                return;
            }
            add_removals(previous, process, m_rules);
            ++result.processes_changed;
        } else {
            ++result.processes_new;
        }
        // Later than every stored release of the ocid, so that merging orders it last.
        const std::string date = format_utc(std::max(m_now, latest + 1));
        Value release = Value::object();
        release.set("ocid", Value(ocid));
        release.set("id", Value(ocid + "-" + date_stamp(date)));
        release.set("date", Value(date));
        Value tags = Value::array();
        for (auto& tag : change_tags(stored.empty() ? nullptr : &previous, state)) {
            tags.push_back(Value(std::move(tag)));
        }
        release.set("tag", std::move(tags));
        for (auto& member : process.as_object()) {
            if (member.key != "ocid") {
                release.set(std::move(member.key), std::move(member.value));
            }
        }
        std::string json = to_json(release);
        ReleaseStore::Staged file = m_store.write_staged(ocid, date_stamp(date), json + "\n");
        result.releases.push_back(
            StagedRelease{std::move(file), m_options.on_release ? std::move(json) : std::string()});
    }

    /// True when `text`, the one stored release of an ocid, is byte for byte what this mapper
    /// writes for `process`. Compiling a single release that the mapper wrote gives the release
    /// itself (its arrays have unique ids, it has no nulls), so the process is unchanged, known
    /// without parsing the file: the common case of a re-run. Anything else (several releases, a
    /// file written otherwise) is compiled and compared in full.
    static bool is_stored_state(const std::string& text, const Value& process) {
        const std::string mapped = to_json(process);
        // Both start with {"ocid":"...", ; the stored release then has "id", "date" and "tag".
        const std::size_t ocid_end = mapped.find("\",", 9);
        if (ocid_end == std::string::npos || text.compare(0, ocid_end + 2, mapped, 0, ocid_end + 2) != 0) {
            return false;
        }
        const std::size_t tag = text.find("\"tag\":[", ocid_end);
        const std::size_t tag_end = tag == std::string::npos ? tag : text.find(']', tag);
        if (tag_end == std::string::npos || text.compare(tag_end, 2, "],") != 0) {
            return false;
        }
        const std::string_view rest(mapped.data() + ocid_end + 2, mapped.size() - ocid_end - 2);
        const std::string_view stored(text.data() + tag_end + 2, text.size() - tag_end - 2);
        return stored.size() == rest.size() + 1 && stored.compare(0, rest.size(), rest) == 0 && stored.back() == '\n';
    }

    void apply(std::vector<LineResult> results, const std::function<void(const MapError&)>& on_error) {
        for (auto& result : results) {
            if (!result.is_record) {
                continue;
            }
            ++m_summary.projects_read;
            if (!result.errors.empty()) {
                ++m_summary.projects_rejected;
                for (const auto& release : result.releases) {
                    ::unlink(release.file.temporary.c_str());
                }
                m_summary.errors += result.errors.size();
                for (const auto& error : result.errors) {
                    on_error(error);
                }
                continue;
            }
            m_summary.projects_without_heading += result.without_heading ? 1 : 0;
            if (result.remember) {
                m_memory->remember(result.project_id, std::move(*result.remember));
            }
            if (m_options.on_warning) {
                for (const auto& warning : result.warnings) {
                    m_options.on_warning(warning);
                }
            }
            m_summary.processes_new += result.processes_new;
            m_summary.processes_changed += result.processes_changed;
            m_summary.processes_unchanged += result.processes_unchanged;
            for (auto& release : result.releases) {
                m_store.stage(release.file);
                if (m_options.on_release) {
                    m_options.on_release(release.json);
                }
            }
        }
        if (m_store.staged() >= commit_every && m_writing) {
            commit();
        }
    }

    void commit() {
        m_summary.releases_written += m_store.staged();
        m_store.commit();
    }

    const MapOptions& m_options;
    std::vector<Input> m_inputs;
    RecordChecker m_checker;
    mutable ReleaseStore m_store; // workers write staged files (thread-safe)
    MergeRules m_rules;
    std::int64_t m_now = 0;
    MapSummary m_summary;
    std::unique_ptr<RecordMemory> m_memory;
    std::uint64_t m_projects_total = 0;
    Value m_metadata;
    bool m_writing = false; ///< the store has been written to (start_writing)
};

} // namespace

std::string MapError::to_string() const {
    std::string text = file + (line ? ":" + std::to_string(line) : std::string()) + ":";
    if (!project_id.empty()) {
        text += " project " + project_id + ":";
    }
    if (!pointer.empty()) {
        text += " " + pointer + ":";
    }
    return text + " " + message;
}

MapSummary run_map(const MapOptions& options, const std::function<void(const MapError&)>& on_error) {
    // A bad date or an input that cannot be read stops the run before the store is touched.
    if (!is_date_time(options.now)) {
        throw setting_error("now", "'" + options.now + "' is not an RFC 3339 date-time such as 2024-03-01T12:00:00Z");
    }
    for (const auto& path : options.inputs) {
        if (path != "-" && !path.empty()) {
            try {
                open_source(path);
            } catch (const io_error& failure) {
                throw precondition_error(failure.what());
            }
        }
    }
    std::vector<std::unique_ptr<ScratchInput>> scratch;
    std::vector<Input> inputs;
    std::unique_ptr<RecordStream> stream; // CONSUL's export, mapped as it comes (RecordStream)
    if (options.consul) {
        if (!options.inputs.empty()) {
            throw precondition_error("CONSUL's database and JSON Lines files are not mapped in one run");
        }
        ConsulSource source = *options.consul;
        if (source.query_path.empty()) {
            source.query_path = consul_query_path(options.schemas_dir);
        }
        stream = std::make_unique<RecordStream>(std::move(source), "consul", LineReader::default_max_line_bytes);
        inputs.push_back(Input{"", "consul", stream.get()});
    }
    for (const auto& path : options.inputs) {
        if (path == "-" || path.empty()) {
            auto& spool = *scratch.emplace_back(std::make_unique<ScratchInput>("<stdin>"));
            auto source = open_source("-");
            std::vector<char> buffer(1 << 20);
            while (const std::size_t got = source->read(buffer.data(), buffer.size())) {
                spool.write(buffer.data(), got);
            }
            inputs.push_back(spool.input());
        } else {
            inputs.push_back(Input{path, path});
        }
    }
    MapSummary summary = MapRun(options, std::move(inputs)).run(on_error);
    // An edition asked for by name that gave nothing is said, not silently left out.
    for (const auto& edition : options.consul ? options.consul->editions : std::vector<std::string>()) {
        const std::string id = std::to_string(std::stoull(edition));
        if (!stream->editions().count(id) && options.on_warning) {
            options.on_warning(MapError{"consul", 0, 0, "", "",
                                        "edition " + id +
                                            " (the editions setting) exported no project: "
                                            "no such budget, still in drafting, or no project yet"});
        }
    }
    return summary;
}

} // namespace ocds
