#include <ocds/merge/compiler.hpp>

#include <ocds/core/detail/binary.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/parallel.hpp>
#include <ocds/core/producer.hpp>
#include <ocds/merge/merge.hpp>

#include <algorithm>
#include <cstring>
#include <tuple>
#include <atomic>
#include <queue>
#include <thread>
#include <unordered_map>

namespace ocds {

namespace {

/// Reads the records of a scratch file in order, through a small buffer: each record is a few
/// length-prefixed fields, the first an ocid ((ocid, output JSON) in runs; (ocid, release) in
/// partitions; (ocid, date, sequence, release) in sorted pieces).
class RunReader {
public:
    explicit RunReader(ScratchStream& file) : m_file(file), m_buffer(1 << 14) {
        m_file.flush();
        m_size = m_file.size();
    }

    /// The ocid of the next record; false at the end. Its JSON is read by append_json().
    bool next(std::string& ocid) {
        if (m_consumed >= m_size) {
            return false;
        }
        read_field(ocid);
        return true;
    }

    /// The JSON of the record whose ocid next() gave, appended to `out`.
    void append_json(std::string& out) {
        fill(10); // the longest varint
        const char* start = m_buffer.data() + m_begin;
        const char* cursor = start;
        const auto size = static_cast<std::size_t>(detail::get_varint(cursor));
        m_begin += static_cast<std::size_t>(cursor - start);
        fill(size);
        out.append(m_buffer.data() + m_begin, size);
        m_begin += size;
        m_consumed += static_cast<std::uint64_t>(cursor - start) + size;
    }

    /// A bare varint (a partition record's source).
    void read_source(std::uint64_t& out) {
        fill(10);
        const char* start = m_buffer.data() + m_begin;
        const char* cursor = start;
        out = detail::get_varint(cursor);
        m_begin += static_cast<std::size_t>(cursor - start);
        m_consumed += static_cast<std::uint64_t>(cursor - start);
    }

    /// The record's next field.
    void read_field(std::string& out) {
        out.clear();
        append_json(out);
    }

private:
    /// Makes at least `wanted` unread bytes available (fewer only at the end of the file).
    void fill(std::size_t wanted) {
        if (m_end - m_begin >= wanted) {
            return;
        }
        std::copy(m_buffer.begin() + static_cast<std::ptrdiff_t>(m_begin),
                  m_buffer.begin() + static_cast<std::ptrdiff_t>(m_end), m_buffer.begin());
        m_end -= m_begin;
        m_begin = 0;
        if (m_buffer.size() < wanted) {
            m_buffer.resize(wanted);
        }
        while (m_end < wanted && m_read < m_size) {
            const std::size_t count = m_file.read_at(m_read, m_buffer.data() + m_end, m_buffer.size() - m_end);
            if (count == 0) {
                throw io_error("a scratch file of compiled releases is shorter than what was written");
            }
            m_read += count;
            m_end += count;
        }
    }

    ScratchStream& m_file;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0;      // first unread byte in the buffer
    std::size_t m_end = 0;        // end of the buffered bytes
    std::uint64_t m_read = 0;     // bytes of the file read into the buffer
    std::uint64_t m_consumed = 0; // bytes of the file handed out
    std::uint64_t m_size = 0;
};

/// Appends a length-prefixed field to a scratch record.
void put_field(std::string& record, std::string_view field) {
    detail::put_varint(record, field.size());
    record += field;
}

/// Writes an (ocid, JSON) record of a run, its fields straight into the stream.
void write_record(ScratchStream& run, std::string_view ocid, std::string_view json) {
    std::string prefix;
    put_field(prefix, ocid);
    detail::put_varint(prefix, json.size());
    run.write(prefix);
    run.write(json);
}

/// The `date` of an encoded release, "" when it has none that is a string (the merge then says
/// what is wrong with it).
std::string date_of(detail::BinaryView release) {
    detail::BinaryView date;
    return release.is_object() && release.find("date", date) && date.is_string() ? std::string(date.text())
                                                                                 : std::string();
}

} // namespace

struct Compiler::Partition {
    // Small buffers: there are hundreds of partitions. Their streams share one scratch file.
    explicit Partition(const std::shared_ptr<ScratchFile>& file)
        : releases(file, 1 << 14), run(file, 1 << 14), warning_run(file, 1 << 12) {}

    ScratchStream releases;                   // (ocid, release in the binary form, source package + 1), in input order
    ScratchStream run;                        // (ocid, output JSON), in ocid order
    ScratchStream warning_run;                // (ocid, warning JSON), in ocid order
    std::string output;                       // the JSON of the process being written (its buffer reused while merged)
    std::vector<MergeWarning> warnings;       // those of the process being merged
    std::vector<MergeWarning> warning_sample; // the first of each check
    std::map<std::string, std::size_t> warning_counts;
    std::vector<std::string> errors;
    std::size_t processes = 0;
    std::size_t releases_added = 0;
};

Compiler::Compiler(CompileSettings settings) : m_settings(std::move(settings)) {
    m_settings.partitions = std::max<std::size_t>(1, m_settings.partitions);
    const auto scratch = std::make_shared<ScratchFile>(m_settings.scratch_dir);
    for (std::size_t i = 0; i < m_settings.partitions; ++i) {
        m_partitions.push_back(std::make_unique<Partition>(scratch));
    }
}

Compiler::~Compiler() = default;

void Compiler::add(const Value& release, const Location& location) {
    const std::string* ocid = release.find_string("ocid");
    m_encoded.clear();
    if (ocid) {
        detail::encode(release, m_encoded);
    }
    spill(ocid, m_encoded, location);
}

void Compiler::add_encoded(const Item& release) {
    spill(release.has_ocid ? &release.ocid : nullptr, release.encoded, release.location);
}

void Compiler::add_encoded(detail::BinaryView release, const Location& location) {
    detail::BinaryView ocid;
    const bool has_ocid = release.is_object() && release.find("ocid", ocid) && ocid.is_string();
    const std::string text = has_ocid ? std::string(ocid.text()) : std::string();
    spill(has_ocid ? &text : nullptr,
          std::string_view(release.data(), static_cast<std::size_t>(release.end() - release.data())), location);
}

void Compiler::spill(const std::string* ocid, std::string_view encoded, const Location& location) {
    if (!ocid) {
        m_errors.push_back(location.to_string() + ": the release has no string ocid, so it cannot be compiled");
        return;
    }
    ++m_releases;
    m_header.clear();
    put_field(m_header, *ocid);
    detail::put_varint(m_header, encoded.size());
    Partition& target = *m_partitions[std::hash<std::string>{}(*ocid) % m_partitions.size()];
    ++target.releases_added;
    ScratchStream& partition = target.releases;
    partition.write(m_header);
    partition.write(encoded.data(), encoded.size()); // written as it is: no copy into a record first
    m_header.clear();
    detail::put_varint(m_header, static_cast<std::uint64_t>(m_source + 1)); // 0: from no package
    partition.write(m_header);
}

std::size_t Compiler::new_source() {
    m_source_uris.emplace_back();
    return m_source_uris.size() - 1;
}

void Compiler::set_source_uri(std::size_t source, std::string uri) {
    m_source_uris.at(source) = std::move(uri);
}

std::string release_url(const std::string& url_template, const std::string& ocid, const std::string& id) {
    std::string url = url_template;
    for (const auto& [placeholder, text] : {std::pair<const char*, const std::string&>{"{ocid}", ocid}, {"{id}", id}}) {
        const std::string key = placeholder;
        for (auto at = url.find(key); at != std::string::npos; at = url.find(key, at + text.size())) {
            url.replace(at, key.size(), text);
        }
    }
    return url;
}

void Compiler::add_to_record(std::string& list, std::size_t index, const std::string& ocid, detail::BinaryView release,
                             std::uint64_t source) const {
    StringSink sink(list);
    JsonWriter writer(sink, m_settings.indent);
    if (index > 0) {
        writer.raw(',');
    }
    writer.newline(m_settings.level + 2);
    Value value = release.to_value();
    // OCDS Kit links a release by its package's uri, and embeds one that came from no package.
    const std::string& package_uri = source > 0 ? m_source_uris[source - 1] : std::string();
    const bool kit_url = m_settings.release_url.empty();
    if (!m_settings.linked_releases || (kit_url && package_uri.empty())) {
        writer.value(value, m_settings.level + 2);
    } else {
        Value linked = Value::object();
        const std::string* id = value.find_string("id");
        linked.set("url", Value(kit_url ? package_uri + "#" + (id ? *id : std::string())
                                        : release_url(m_settings.release_url, ocid, id ? *id : std::string())));
        linked.set("date", *value.find("date"));
        if (const Value* tag = value.find("tag")) {
            linked.set("tag", *tag);
        }
        writer.value(linked, m_settings.level + 2);
    }
    sink.finish();
}

void Compiler::write_output(Partition& partition, const std::string& ocid, const std::string& release_list,
                            MergeResult& result) {
    std::string& json = partition.output;
    json.clear();
    {
        StringSink sink(json);
        JsonWriter writer(sink, m_settings.indent);
        const int level = m_settings.level;
        if (!m_settings.records) {
            writer.value(m_settings.merge.compiled ? result.compiled : result.versioned, level);
        } else {
            // {ocid, releases, compiledRelease, versionedRelease}, written member by member as
            // JsonWriter writes an object, the list of releases as it was made.
            writer.raw('{');
            writer.newline(level + 1);
            writer.string("ocid");
            writer.colon();
            writer.string(ocid);
            writer.raw(',');
            writer.newline(level + 1);
            writer.string("releases");
            writer.colon();
            writer.raw('[');
            writer.raw(release_list);
            writer.newline(level + 1);
            writer.raw(']');
            for (const auto& [wanted, name, value] :
                 {std::tuple<bool, const char*, const Value*>{m_settings.merge.compiled, "compiledRelease",
                                                              &result.compiled},
                  {m_settings.merge.versioned, "versionedRelease", &result.versioned}}) {
                if (wanted) {
                    writer.raw(',');
                    writer.newline(level + 1);
                    writer.string(name);
                    writer.colon();
                    writer.value(*value, level + 1);
                }
            }
            writer.newline(level);
            writer.raw('}');
        }
        sink.finish();
    }
    write_record(partition.run, ocid, json);
    ++partition.processes;
}

void Compiler::compile_partition(Partition& partition, const MergeRules& rules) {
    if (partition.releases.size() > m_settings.memory_budget ||
        partition.releases_added > m_settings.releases_in_memory) {
        compile_large_partition(partition, rules);
        return;
    }
    const std::string data = partition.releases.read_all();
    // Group by ocid, keeping input order within each. The releases are merged as they are
    // encoded: nothing is decoded but the leaves the merge keeps.
    std::vector<detail::BinaryView> releases;
    std::vector<std::string_view> ocids_of;
    std::vector<std::uint64_t> sources;
    const char* cursor = data.data();
    const char* const end = data.data() + data.size();
    while (cursor < end) {
        ocids_of.push_back(detail::get_bytes(cursor));
        detail::get_varint(cursor); // the release's size
        releases.emplace_back(cursor);
        cursor = releases.back().end();
        sources.push_back(detail::get_varint(cursor));
    }
    std::unordered_map<std::string_view, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < releases.size(); ++i) {
        groups[ocids_of[i]].push_back(i);
    }
    std::vector<std::string_view> ocids;
    ocids.reserve(groups.size());
    for (const auto& group : groups) {
        ocids.push_back(group.first);
    }
    std::sort(ocids.begin(), ocids.end());

    std::string list;
    for (const auto ocid_view : ocids) {
        const std::string ocid(ocid_view);
        std::vector<detail::BinaryView> members;
        for (const std::size_t i : groups[ocid_view]) {
            members.push_back(releases[i]);
        }
        if (!m_settings.records && m_settings.merge.compiled && !m_settings.merge.versioned) {
            // Compiled releases alone: written straight from the merged state, no Value built.
            std::string& json = partition.output;
            json.clear();
            try {
                StringSink sink(json);
                JsonWriter writer(sink, m_settings.indent);
                write_compiled_release(members, rules, partition.warnings, writer, m_settings.level);
            } catch (const merge_error& e) {
                partition.errors.push_back(e.what());
                keep_warnings(partition, ocid);
                continue;
            }
            keep_warnings(partition, ocid);
            write_record(partition.run, ocid, json);
            ++partition.processes;
            continue;
        }
        const auto& indexes = groups[ocid_view];
        MergeResult result;
        try {
            result = merge_encoded_releases(members, rules, m_settings.merge, partition.warnings);
        } catch (const merge_error& e) {
            partition.errors.push_back(e.what());
            keep_warnings(partition, ocid);
            continue;
        }
        keep_warnings(partition, ocid);
        list.clear();
        if (m_settings.records) {
            for (std::size_t k = 0; k < result.order.size(); ++k) {
                add_to_record(list, k, ocid, members[result.order[k]], sources[indexes[result.order[k]]]);
            }
        }
        write_output(partition, ocid, list, result);
    }
}

void Compiler::compile_large_partition(Partition& partition, const MergeRules& rules) {
    // 1. Pieces of the partition, each about half the budget, sorted by (ocid, date, input order)
    //    and written to scratch files.
    struct Entry {
        std::string ocid;
        std::string date;
        std::uint64_t sequence; // input order
        std::uint64_t source;   // the package it came from + 1
        std::string release;
    };
    // In a scratch file of their own, given back when the partition is merged.
    const auto piece_file = std::make_shared<ScratchFile>(m_settings.scratch_dir);
    std::vector<std::unique_ptr<ScratchStream>> pieces;
    {
        RunReader reader(partition.releases);
        std::vector<Entry> entries;
        std::size_t bytes = 0;
        std::uint64_t sequence = 0;
        std::string record;
        const auto write_piece = [&] {
            std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
                return std::tie(a.ocid, a.date, a.sequence) < std::tie(b.ocid, b.date, b.sequence);
            });
            auto piece = std::make_unique<ScratchStream>(piece_file, 1 << 16);
            for (const auto& entry : entries) {
                record.clear();
                put_field(record, entry.ocid);
                put_field(record, entry.date);
                put_field(record,
                          std::string_view(reinterpret_cast<const char*>(&entry.sequence), sizeof entry.sequence));
                put_field(record, std::string_view(reinterpret_cast<const char*>(&entry.source), sizeof entry.source));
                put_field(record, entry.release);
                piece->write(record);
            }
            pieces.push_back(std::move(piece));
            entries.clear();
            bytes = 0;
        };
        Entry entry;
        while (reader.next(entry.ocid)) {
            reader.read_field(entry.release);
            reader.read_source(entry.source);
            entry.date = date_of(detail::BinaryView(entry.release.data()));
            entry.sequence = sequence++;
            bytes += entry.ocid.size() + entry.date.size() + entry.release.size() + sizeof(Entry);
            entries.push_back(std::move(entry));
            entry = Entry();
            if (bytes >= m_settings.memory_budget / 2) {
                write_piece();
            }
        }
        if (!entries.empty()) {
            write_piece();
        }
    }

    // 2. The pieces merged in that order: each process's releases arrive one by one in date
    //    order, and are merged as they come.
    struct Head {
        Entry entry;
        std::size_t piece;
    };
    auto later = [](const Head& a, const Head& b) {
        return std::tie(a.entry.ocid, a.entry.date, a.entry.sequence) >
               std::tie(b.entry.ocid, b.entry.date, b.entry.sequence);
    };
    std::priority_queue<Head, std::vector<Head>, decltype(later)> heads(later);
    std::vector<std::unique_ptr<RunReader>> readers;
    std::string sequence;
    const auto read = [&](std::size_t piece, Head& head) {
        if (!readers[piece]->next(head.entry.ocid)) {
            return false;
        }
        readers[piece]->read_field(head.entry.date);
        readers[piece]->read_field(sequence);
        std::memcpy(&head.entry.sequence, sequence.data(), sizeof head.entry.sequence);
        readers[piece]->read_field(sequence);
        std::memcpy(&head.entry.source, sequence.data(), sizeof head.entry.source);
        readers[piece]->read_field(head.entry.release);
        head.piece = piece;
        return true;
    };
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        readers.push_back(std::make_unique<RunReader>(*pieces[i]));
        Head head;
        if (read(i, head)) {
            heads.push(std::move(head));
        }
    }
    std::string ocid;
    std::unique_ptr<IncrementalMerge> process;
    bool failed = false;
    std::size_t count = 0;
    std::string list;
    const auto finish_process = [&] {
        if (!process) {
            return;
        }
        if (!failed) {
            MergeResult result = process->finish();
            keep_warnings(partition, ocid);
            write_output(partition, ocid, list, result);
        }
        process.reset();
    };
    while (!heads.empty()) {
        Head head = heads.top();
        heads.pop();
        if (!process || head.entry.ocid != ocid) {
            finish_process();
            ocid = head.entry.ocid;
            process = std::make_unique<IncrementalMerge>(rules, m_settings.merge, partition.warnings);
            failed = false;
            count = 0;
            list.clear();
        }
        if (!failed) {
            const detail::BinaryView release(head.entry.release.data());
            try {
                process->add(release);
                if (partition.warnings.size() >= 1024) {
                    keep_warnings(partition, ocid); // a release's warnings are final once it is merged
                }
                if (m_settings.records) {
                    add_to_record(list, count, ocid, release, head.entry.source);
                }
                ++count;
            } catch (const merge_error& e) {
                partition.errors.push_back(e.what());
                keep_warnings(partition, ocid);
                failed = true;
                list.clear();
            }
        }
        if (read(head.piece, head)) {
            heads.push(std::move(head));
        }
    }
    finish_process();
}

/// Moves the warnings of one process out of memory: to the partition's warning run, with the
/// first few of each check kept as a sample.
void Compiler::keep_warnings(Partition& partition, const std::string& ocid) {
    std::string json;
    for (auto& warning : partition.warnings) {
        if (partition.warning_counts[warning.check]++ < m_settings.warnings_sample) {
            partition.warning_sample.push_back(warning);
        }
        json = to_json(warning_to_value(warning));
        write_record(partition.warning_run, ocid, json);
    }
    partition.warnings.clear();
}

void Compiler::write_warnings(const std::function<void(std::string_view json)>& write) {
    merge_runs(true, write);
}

void Compiler::finish(const MergeRules& rules, const std::function<void(std::string_view json)>& write,
                      const std::function<void(std::size_t done, std::size_t total)>& progress) {
    // Merge the partitions, each on its own, on as many threads as asked for.
    std::atomic<std::size_t> merged{0};
    const auto caller = std::this_thread::get_id();
    for_each_index(m_partitions.size(), std::max(1u, m_settings.threads), [&](std::size_t i) {
        compile_partition(*m_partitions[i], rules);
        std::string().swap(m_partitions[i]->output); // needed only while it is merged
        ++merged;
        if (progress && std::this_thread::get_id() == caller) {
            progress(merged, m_partitions.size());
        }
    });

    // Warnings and errors in ocid order, whatever thread met them: the sample of each check is
    // the first by ocid among every partition's first.
    std::vector<MergeWarning> candidates;
    for (auto& partition : m_partitions) {
        m_processes += partition->processes;
        candidates.insert(candidates.end(), partition->warning_sample.begin(), partition->warning_sample.end());
        for (const auto& [check, count] : partition->warning_counts) {
            m_warning_counts[check] += count;
        }
        m_errors.insert(m_errors.end(), partition->errors.begin(), partition->errors.end());
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const MergeWarning& a, const MergeWarning& b) { return a.ocid < b.ocid; });
    std::map<std::string, std::size_t> taken;
    for (auto& warning : candidates) {
        if (taken[warning.check]++ < m_settings.warnings_sample) {
            m_warnings.push_back(std::move(warning));
        }
    }
    merge_runs(false, write);
}

void Compiler::merge_runs(bool warnings, const std::function<void(std::string_view json)>& write) {
    // Every run is in ocid order: merge them. Only the heads' ocids are held; each record's JSON
    // is read when it is taken, so memory holds a few batches of records, not one run each.
    // Reading the runs (a helper thread) and writing (`write`, on the calling thread) overlap:
    // each is about half of the copying this phase is made of.
    struct Head {
        std::string ocid;
        std::size_t run;
    };
    struct Batch {
        std::string json;              // records, one after the other
        std::vector<std::size_t> ends; // where each ends in `json`
    };
    constexpr std::size_t batch_bytes = 1 << 20;
    constexpr std::size_t batches_ahead = 2;
    Producer<Batch> batches(batches_ahead, [&](Producer<Batch>::Queue& queue) {
        auto later = [](const Head& a, const Head& b) { return a.ocid > b.ocid; };
        std::priority_queue<Head, std::vector<Head>, decltype(later)> heads(later);
        std::vector<std::unique_ptr<RunReader>> readers;
        for (std::size_t i = 0; i < m_partitions.size(); ++i) {
            readers.push_back(
                std::make_unique<RunReader>(warnings ? m_partitions[i]->warning_run : m_partitions[i]->run));
            Head head{{}, i};
            if (readers[i]->next(head.ocid)) {
                heads.push(std::move(head));
            }
        }
        Batch batch;
        while (!heads.empty()) {
            Head head = heads.top();
            heads.pop();
            readers[head.run]->append_json(batch.json);
            batch.ends.push_back(batch.json.size());
            if (readers[head.run]->next(head.ocid)) {
                heads.push(std::move(head));
            }
            if (batch.json.size() >= batch_bytes) {
                if (!queue.push(std::move(batch))) {
                    return; // the writing stopped
                }
                batch = queue.recycled(); // its buffers stay allocated
            }
        }
        if (!batch.ends.empty()) {
            queue.push(std::move(batch));
        }
    });
    for (Batch batch; batches.next(batch);) {
        std::size_t begin = 0;
        for (const std::size_t end : batch.ends) {
            write(std::string_view(batch.json).substr(begin, end - begin));
            begin = end;
        }
        batch.json.clear();
        batch.ends.clear();
        batches.give_back(std::move(batch));
    }
}

} // namespace ocds
