#include <ocds/build/bulk_files.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/parallel.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/indicators/flatten.hpp>
#include <ocds/indicators/workbook.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/segmented_gzip.hpp>
#include <ocds/io/zip.hpp>
#include <ocds/map/release_store.hpp>

#include <algorithm>
#include <future>
#include <set>
#include <tuple>

#include <unistd.h>

namespace ocds {

namespace {

/// Bulk files are staged once, then listed with the size and sha256 counted as they were written.
const OutputOptions hashed_output{true, false, true};

/// A package chunk's limits: it always fits in a part of its own.
ChunkLimits package_chunk_limits(const PackageLimits& limits) {
    ChunkLimits chunk;
    chunk.max_bytes =
        std::max<std::uint64_t>(1, std::min({chunk.max_bytes, limits.max_bytes / 2, limits.max_zipped_bytes / 2}));
    chunk.max_awards_contracts = limits.max_awards_contracts;
    return chunk;
}

/// Bulk packages of one kind and year, split into parts within the limits: <dir>/<stem>-<n>.json.gz.
/// The items go in chunks (SegmentCache): a part is split between chunks, once the chunk's
/// compressed size is known.
class PackageParts {
public:
    PackageParts(std::string dir, std::string site_prefix, std::string stem, const char* key, Value metadata,
                 const PackageLimits& limits, std::string base_uri, SegmentCache* cache)
        : m_dir(std::move(dir)), m_site_prefix(std::move(site_prefix)), m_stem(std::move(stem)), m_key(key),
          m_metadata(std::move(metadata)), m_limits(limits), m_base_uri(std::move(base_uri)), m_cache(cache),
          m_chunk(m_stem + " package items", package_chunk_limits(limits)) {}

    /// An item, its text given or in a file (FileBytes): `identity` is the SHA-256 of the file
    /// its text comes from.
    template<typename Text>
    void add(const Text& json, std::uint64_t awards_contracts, const std::string& identity) {
        if (m_chunk.full_before(text_size(json) + 1, awards_contracts)) {
            end_chunk();
        }
        if (m_chunk.add(",", json, identity, awards_contracts)) {
            end_chunk();
        }
    }

    /// Closes the last part; returns every part's manifest entry.
    std::vector<PublicationFile> finish() {
        end_chunk();
        close();
        return std::move(m_parts);
    }

private:
    static std::uint64_t text_size(std::string_view text) { return text.size(); }
    static std::uint64_t text_size(const FileBytes& text) { return text.size; }

    std::string part_name() const { return m_stem + "-" + std::to_string(m_parts.size() + 1) + ".json.gz"; }

    void end_chunk() {
        if (m_chunk.empty()) {
            return;
        }
        const std::uint64_t awards = m_chunk.awards_contracts();
        const Chunk::Taken chunk = m_chunk.take();
        // After the item before, in this part; alone if it opens a part.
        const bool first = m_chunks == 0;
        auto segment =
            compress(first ? chunk.key_alone : chunk.key, chunk.text, first ? DeferredText() : chunk.dictionary);
        const bool full = !first && (m_file->text_bytes() + chunk.text.size() + 4 > m_limits.max_bytes ||
                                     m_awards_contracts + awards > m_limits.max_awards_contracts ||
                                     m_file->file_bytes() + segment.bytes.size() + 64 > m_limits.max_zipped_bytes);
        if (full) {
            close();
            segment = compress(chunk.key_alone, chunk.text, DeferredText());
        }
        if (!m_file) {
            open();
        }
        if (m_chunks++ > 0) {
            m_file->append(m_compressor.compress(","));
        }
        m_file->append(segment, m_chunks == 1 ? chunk.key_alone : chunk.key);
        m_awards_contracts += awards;
    }

    CompressedSegment compress(const std::string& key, const DeferredText& text, const DeferredText& dictionary) {
        return m_cache ? m_cache->obtain(key, text, dictionary, m_compressor)
                       : compress_text(m_compressor, text, dictionary);
    }

    void open() {
        const std::string name = part_name();
        m_file = std::make_unique<SegmentedGzipFile>(m_dir + "/" + name, hashed_output);
        Value metadata = Value::object();
        metadata.set("uri", Value(m_base_uri + "/" + m_site_prefix + name));
        for (auto& [key, value] : m_metadata.as_object()) {
            metadata.set(key, value);
        }
        m_file->append(m_compressor.compress(package_head(metadata, m_key)));
    }

    void close() {
        if (!m_file) {
            return;
        }
        m_file->append(m_compressor.compress("]}\n"));
        m_file->commit();
        PublicationFile file;
        file.path = m_site_prefix + part_name();
        file.size = m_file->file_bytes();
        file.sha256 = m_file->file_sha256();
        file.kind = "bulk";
        file.format = m_stem == "releases" ? "release-package.json.gz" : "record-package.json.gz";
        if (m_cache) {
            m_cache->record(file.path, 0, file.size, m_file->keyed());
        }
        m_parts.push_back(std::move(file));
        m_file.reset();
        m_chunks = 0;
        m_awards_contracts = 0;
    }

    std::string m_dir;
    std::string m_site_prefix;
    std::string m_stem;
    const char* m_key;
    Value m_metadata;
    PackageLimits m_limits;
    std::string m_base_uri;
    SegmentCache* m_cache;
    Chunk m_chunk;
    SegmentCompressor m_compressor;
    std::unique_ptr<SegmentedGzipFile> m_file;
    std::uint64_t m_chunks = 0; ///< in the open part
    std::uint64_t m_awards_contracts = 0;
    std::vector<PublicationFile> m_parts;
};

} // namespace

/// The bulk files of one group: a year, an edition, or all.
struct BulkFiles::Group {
    std::string folder;         ///< bulk/<folder>/: "2024", "edition-2023", "all"
    std::string year;           ///< the manifest's "year": "2024" or "all"; "" for an edition
    PublicationEdition edition; ///< for an edition
    std::unique_ptr<PackageParts> release_packages;
    std::unique_ptr<PackageParts> record_packages;
    std::unique_ptr<Flattener> tables; ///< csv/<table>.csv.gz
    PublicationCounts counts;

    bool is_edition() const noexcept { return !edition.id.empty(); }

    void write_packages(const BuiltProcess& process) {
        std::string buffer;
        for (const auto& release : process.releases) {
            // Inside a package each release stands as itself, not as a one-release package.
            if (process.in_site()) {
                release_packages->add(process.release_item_in_site(release), release.awards_contracts, release.sha256);
            } else {
                const std::string& json = process.release_json(release, buffer);
                release_packages->add(BuiltProcess::release_item(release, json), release.awards_contracts,
                                      release.sha256);
            }
        }
        if (process.in_site()) {
            record_packages->add(process.record_item_in_site(), process.record_awards_contracts, process.record_sha256);
        } else {
            record_packages->add(process.record_item(), process.record_awards_contracts, process.record_sha256);
        }
        counts.processes += 1;
        counts.releases += process.releases.size();
        counts.projects += process.project;
    }

    PublicationFile file(std::string path, std::uint64_t size, std::string sha256, std::string format) const {
        PublicationFile entry{std::move(path), size, std::move(sha256), "bulk", year, std::move(format), edition.id};
        return entry;
    }
};

/// The JSON Lines of the processes of one year and one edition (or none): the groups' JSON Lines
/// files are these joined (gzip members one after another), so each byte is compressed once.
struct BulkFiles::Lines {
    std::string year;
    std::string edition_folder; ///< "" for processes without an edition
    std::string dir;
    std::unique_ptr<ChunkedGzip> releases;
    std::unique_ptr<ChunkedGzip> records;

    void write(const BuiltProcess& process) {
        std::string buffer;
        for (const auto& release : process.releases) {
            // A line is its release file's bytes.
            if (process.in_site()) {
                releases->add(process.site_file(release.path, 0, release.size), release.sha256, "\n");
            } else {
                releases->add(process.release_json(release, buffer), release.sha256, "\n");
            }
        }
        if (process.in_site()) {
            records->add(process.site_file(process.record_path, 0, process.record_size), process.record_sha256, "\n");
        } else {
            records->add(process.record_json, process.record_sha256, "\n");
        }
    }
};

/// Where one process of a batch goes.
struct BulkFiles::Placed {
    Group* year = nullptr;
    Group* edition = nullptr;
    Lines* lines = nullptr; ///< null when set aside
};

BulkFiles::BulkFiles(std::string staging, std::string version_prefix, Value metadata, std::string base,
                     PackageLimits limits, BulkDescription description,
                     std::function<BuiltProcess(const std::string& folder)> rebuild, unsigned threads,
                     SegmentCache* cache)
    : m_staging(std::move(staging)), m_version_prefix(std::move(version_prefix)), m_metadata(std::move(metadata)),
      m_base(std::move(base)), m_limits(limits), m_description(std::move(description)), m_rebuild(std::move(rebuild)),
      m_threads(std::max(1u, threads)), m_cache(cache) {}

BulkFiles::~BulkFiles() = default;

namespace {

/// Whether the store folder of `ocid` comes after `folder`: the store gives processes in folder order.
bool comes_later(const std::string& ocid, const std::string& folder) {
    try {
        return ocid_file_name(ocid) > folder;
    } catch (const error&) {
        return false; // not an ocid a store could hold
    }
}

} // namespace

/// The package parts and CSV tables of a group in bulk/<folder>/.
void BulkFiles::open_group(Group& group) {
    const std::string prefix = m_version_prefix + "bulk/" + group.folder + "/";
    const std::string dir = m_staging + "/" + prefix;
    make_directories(dir);
    group.release_packages =
        std::make_unique<PackageParts>(dir, prefix, "releases", "releases", m_metadata, m_limits, m_base, m_cache);
    group.record_packages =
        std::make_unique<PackageParts>(dir, prefix, "records", "records", m_metadata, m_limits, m_base, m_cache);
    // CSV for spreadsheets: a byte order mark, or Excel reads the UTF-8 accents wrongly.
    group.tables = std::make_unique<Flattener>(dir + "csv", FlattenOptions{true, true, false}, m_staging);
    group.tables->use_segments(m_cache, prefix + "csv");
}

BulkFiles::Group& BulkFiles::year_group(const std::string& year) {
    auto& group = m_years[year];
    if (!group) {
        group = std::make_unique<Group>();
        group->folder = year;
        group->year = year;
        open_group(*group);
    }
    return *group;
}

BulkFiles::Group& BulkFiles::edition_group(const ProcessFacts& project) {
    auto& group = m_editions[project.edition_id];
    if (!group) {
        group = std::make_unique<Group>();
        group->edition.id = project.edition_id;
        group->edition.name = project.edition_name;
        group->edition.year = project.edition_year ? std::to_string(*project.edition_year) : "";
        // edition-<year>, the name a reader looks for; the id too when two editions share a year.
        std::set<std::string> taken;
        for (const auto& [id, other] : m_editions) {
            if (other) {
                taken.insert(other->folder);
            }
        }
        std::string folder =
            "edition-" + (group->edition.year.empty() ? site_file_name(project.edition_id) : group->edition.year);
        if (taken.count(folder)) {
            folder += "-" + site_file_name(project.edition_id);
        }
        group->folder = group->edition.folder = folder;
        open_group(*group);
    }
    return *group;
}

BulkFiles::Lines& BulkFiles::lines(const std::string& year, const Group* edition) {
    const std::string folder = edition ? edition->folder : "";
    auto& cell = m_lines[{year, folder}];
    if (!cell) {
        cell = std::make_unique<Lines>();
        cell->year = year;
        cell->edition_folder = folder;
        cell->dir = m_staging + "/.bulk-lines/" + year + "/" + (folder.empty() ? "none" : folder);
        make_directories(cell->dir);
        cell->releases =
            std::make_unique<ChunkedGzip>(cell->dir + "/releases.jsonl.gz", hashed_output, m_cache, "releases.jsonl");
        cell->records =
            std::make_unique<ChunkedGzip>(cell->dir + "/records.jsonl.gz", hashed_output, m_cache, "records.jsonl");
    }
    return *cell;
}

std::vector<BulkFiles::Placed> BulkFiles::place(const std::vector<BuiltProcess>& batch) {
    if (!m_all) {
        m_all = std::make_unique<Group>();
        m_all->folder = m_all->year = "all";
        open_group(*m_all);
    }
    // Groups and line files are made here, before the lanes start: the lanes only use them.
    std::vector<Placed> placed(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const BuiltProcess& process = batch[i];
        if (process.ocid.empty()) {
            continue;
        }
        const ProcessFacts& facts = process.facts;
        Placed& place = placed[i];
        place.year = &year_group(process.year);
        bool set_aside = false;
        if (facts.is_project) {
            place.edition = facts.edition_id.empty() ? nullptr : &edition_group(facts);
            m_projects.add(process.ocid, facts.project_id, static_cast<std::uint32_t>(m_project_editions.size()));
            m_project_editions.push_back(place.edition);
        } else if (const auto project = m_projects.find_by_ocid(facts.planning_ocid)) {
            place.edition = m_project_editions[*project];
        } else if (!facts.planning_ocid.empty() && comes_later(facts.planning_ocid, process.folder)) {
            set_aside = true; // its project may come later: decided at the end
            m_set_aside.push_back(process.folder);
        } else if (const auto by_id = m_projects.find(facts.planning_ocid, facts.project_id)) {
            place.edition = m_project_editions[*by_id];
        }
        if (!set_aside) {
            place.lines = &lines(process.year, place.edition);
            count_without_edition(process, place.edition);
        }
    }
    return placed;
}

void BulkFiles::count_without_edition(const BuiltProcess& process, const Group* edition) {
    if (!edition) {
        m_without_edition.projects += process.project;
        m_without_edition.processes += 1;
        m_without_edition.releases += process.releases.size();
    }
}

void BulkFiles::write(const std::vector<BuiltProcess>& batch, const std::vector<Placed>& placed, bool edition_only) {
    // One lane per kind of file; a lane writes to files no other lane touches.
    auto lane = [&](auto&& each) {
        return std::async(std::launch::async, [&, each] {
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (placed[i].year) {
                    each(batch[i], placed[i]);
                }
            }
        });
    };
    std::vector<std::future<void>> lanes;
    lanes.push_back(lane([](const BuiltProcess& process, const Placed& place) {
        if (place.lines) {
            place.lines->write(process);
        }
    }));
    lanes.push_back(lane([](const BuiltProcess& process, const Placed& place) {
        if (place.edition) {
            place.edition->write_packages(process);
        }
    }));
    lanes.push_back(lane([](const BuiltProcess& process, const Placed& place) {
        if (place.edition) {
            place.edition->tables->add(process.rows);
        }
    }));
    if (!edition_only) {
        lanes.push_back(
            lane([](const BuiltProcess& process, const Placed& place) { place.year->write_packages(process); }));
        lanes.push_back(lane([this](const BuiltProcess& process, const Placed&) { m_all->write_packages(process); }));
        lanes.push_back(
            lane([](const BuiltProcess& process, const Placed& place) { place.year->tables->add(process.rows); }));
        lanes.push_back(lane([this](const BuiltProcess& process, const Placed&) { m_all->tables->add(process.rows); }));
    }
    for (auto& running : lanes) {
        running.get();
    }
}

void BulkFiles::add(const std::vector<BuiltProcess>& batch) {
    write(batch, place(batch), false);
}

void BulkFiles::finish_group(Group& group, std::vector<PublicationFile>& files) {
    const std::string prefix = m_version_prefix + "bulk/" + group.folder + "/";
    for (PackageParts* parts : {group.release_packages.get(), group.record_packages.get()}) {
        for (auto& file : parts->finish()) {
            file.year = group.year;
            file.edition = group.edition.id;
            files.push_back(std::move(file));
        }
    }
    const std::string stem = "tables-" + group.folder;
    // Editions and all have a workbook too, written from the same reading of the tables' rows.
    std::unique_ptr<WorkbookFile> workbook;
    const std::string workbook_path = m_staging + "/" + prefix + stem + ".xlsx";
    if (group.year.empty() || group.year == "all") {
        WorkbookSettings settings;
        settings.title =
            (group.is_edition() ? (group.edition.name.empty() ? "Edición " + group.edition.id : group.edition.name)
                                : std::string("Todas las ediciones y años")) +
            ": contrataciones abiertas (OCDS)";
        settings.publisher = m_description.publisher;
        settings.license = m_description.license;
        settings.source = m_description.source;
        settings.date = m_description.published;
        settings.scratch_dir = m_staging;
        workbook = std::make_unique<WorkbookFile>(group.tables->shapes(), workbook_path, settings, m_cache,
                                                  prefix + stem + ".xlsx");
    }
    ZipWriter zip(m_staging + "/" + prefix + stem + ".csv.zip", m_description.published, hashed_output);
    for (const auto& table : group.tables->finish(workbook ? &workbook->rows() : nullptr)) {
        const std::string name = table.name + ".csv.gz";
        files.push_back(group.file(prefix + "csv/" + name, static_cast<std::uint64_t>(file_size(table.path)),
                                   sha256_file(table.path), name));
        // Inside a folder of the group's name: several zips unpack side by side.
        zip.add_gzip_member(stem + "/" + table.name + ".csv", table.path, table.bytes);
    }
    zip.finish();
    files.push_back(group.file(prefix + stem + ".csv.zip", zip.file_bytes(), zip.file_sha256(), "csv.zip"));
    if (workbook) {
        workbook->commit();
        files.push_back(group.file(prefix + stem + ".xlsx", static_cast<std::uint64_t>(file_size(workbook_path)),
                                   sha256_file(workbook_path), "xlsx"));
    }
    group.tables.reset(); // its scratch files go
}

std::vector<PublicationEdition> BulkFiles::editions() const {
    std::vector<PublicationEdition> editions;
    for (const auto& [id, group] : m_editions) {
        editions.push_back(group->edition);
    }
    std::sort(editions.begin(), editions.end(), [](const PublicationEdition& a, const PublicationEdition& b) {
        // By year (unknown last), then by id, numeric ids in numeric order.
        const auto key = [](const PublicationEdition& e) {
            return std::make_tuple(e.year.empty(), e.year, e.id.size(), e.id);
        };
        return key(a) < key(b);
    });
    return editions;
}

std::vector<PublicationFile> BulkFiles::join_lines() {
    // JSON Lines: each group's file joins its line files (gzip allows several members in one
    // file, and zcat, Python and R read them as one stream); all joins the years'.
    // Each line file's size and SHA-256, and each group's file's, by path: a group's file made
    // of one of them (an edition of one year; all, while every process began in one year) is
    // that file, linked rather than copied and hashed again.
    std::map<std::string, std::pair<std::uint64_t, std::string>> whole;
    std::vector<PublicationFile> joined;
    for (auto& [key, cell] : m_lines) {
        for (ChunkedGzip* file : {cell->releases.get(), cell->records.get()}) {
            file->commit();
        }
        whole[cell->dir + "/releases.jsonl.gz"] = {cell->releases->file().file_bytes(),
                                                   cell->releases->file().file_sha256()};
        whole[cell->dir + "/records.jsonl.gz"] = {cell->records->file().file_bytes(),
                                                  cell->records->file().file_sha256()};
    }
    // `cells`: the line files joined, whose segments the next build may copy from this file.
    auto join = [&](const Group& group, const std::vector<std::string>& parts_dir, const std::vector<Lines*>& cells) {
        for (const char* name : {"releases.jsonl.gz", "records.jsonl.gz"}) {
            std::vector<std::string> parts;
            for (const auto& dir : parts_dir) {
                parts.push_back(dir + "/" + name);
            }
            const std::string path = m_version_prefix + "bulk/" + group.folder + "/" + name;
            const std::string target = m_staging + "/" + path;
            std::uint64_t size = 0;
            std::string sha256;
            const auto one = parts.size() == 1 ? whole.find(parts.front()) : whole.end();
            if (one != whole.end() && ::link(parts.front().c_str(), target.c_str()) == 0) {
                size = one->second.first;
                sha256 = one->second.second;
            } else {
                sha256 = concatenate_files(parts, target, size);
            }
            whole[target] = {size, sha256};
            joined.push_back(group.file(path, size, sha256, name));
            std::uint64_t base = 0;
            for (Lines* cell : cells) {
                SegmentedGzipFile& file =
                    (std::string(name) == "releases.jsonl.gz" ? cell->releases : cell->records)->file();
                if (m_cache) {
                    m_cache->record(path, base, size, file.keyed());
                }
                base += file.file_bytes();
            }
        }
    };
    std::vector<std::string> year_dirs;
    for (auto& [year, group] : m_years) {
        std::vector<std::string> dirs;
        std::vector<Lines*> cells;
        for (const auto& [key, cell] : m_lines) {
            if (key.first == year) {
                dirs.push_back(cell->dir);
                cells.push_back(cell.get());
            }
        }
        join(*group, dirs, cells);
        year_dirs.push_back(m_staging + "/" + m_version_prefix + "bulk/" + year);
    }
    for (auto& [id, group] : m_editions) {
        std::vector<std::string> dirs;
        for (const auto& [key, cell] : m_lines) {
            if (key.second == group->folder) {
                dirs.push_back(cell->dir);
            }
        }
        join(*group, dirs, {});
    }
    join(*m_all, year_dirs, {});
    m_lines.clear();
    remove_tree(m_staging + "/.bulk-lines");
    return joined;
}

BulkSummary BulkFiles::finish() {
    BulkSummary summary;
    // The processes set aside: now every project is known. Built again, a batch at a time.
    for (std::size_t first = 0; first < m_set_aside.size(); first += 256) {
        std::vector<BuiltProcess> batch;
        for (std::size_t i = first; i < std::min(m_set_aside.size(), first + 256); ++i) {
            batch.push_back(m_rebuild(m_set_aside[i]));
        }
        std::vector<Placed> placed(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const ProcessFacts& facts = batch[i].facts;
            placed[i].year = &year_group(batch[i].year);
            if (const auto project = m_projects.find(facts.planning_ocid, facts.project_id)) {
                placed[i].edition = m_project_editions[*project];
            }
            placed[i].lines = &lines(batch[i].year, placed[i].edition);
            count_without_edition(batch[i], placed[i].edition);
        }
        write(batch, placed, true);
    }
    m_set_aside.clear();
    if (!m_all) {
        return summary; // an empty store
    }

    // JSON Lines are joined on a thread of their own while the groups finish: joining is
    // mostly the disk's and SHA-256's, the groups' tables and workbooks the CPU's.
    auto joining = std::async(std::launch::async, [this] { return join_lines(); });

    // Packages, tables, zips and workbooks: a group at a time on each thread.
    std::vector<Group*> groups;
    for (auto& [year, group] : m_years) {
        groups.push_back(group.get());
    }
    for (auto& [id, group] : m_editions) {
        groups.push_back(group.get());
    }
    groups.push_back(m_all.get());
    // The biggest first (all, then the editions, which have workbooks too): started last, all
    // would be left running alone at the end while the other thread has nothing to do.
    std::vector<std::size_t> order{groups.size() - 1};
    for (std::size_t i = m_years.size(); i + 1 < groups.size(); ++i) {
        order.push_back(i);
    }
    for (std::size_t i = 0; i < m_years.size(); ++i) {
        order.push_back(i);
    }
    std::vector<std::vector<PublicationFile>> group_files(groups.size());
    try {
        for_each_index(groups.size(), m_threads, [&](std::size_t k) {
            const std::size_t i = order[k];
            finish_group(*groups[i], group_files[i]);
        });
    } catch (...) {
        joining.wait(); // it uses this object's members; its own failure is secondary
        throw;
    }
    summary.files = joining.get();
    for (auto& files : group_files) {
        std::move(files.begin(), files.end(), std::back_inserter(summary.files));
    }
    for (auto& [year, group] : m_years) {
        summary.years[year] = group->counts;
    }
    summary.years["all"] = m_all->counts;
    for (auto& [id, group] : m_editions) {
        group->edition.counts = group->counts;
    }
    summary.editions = editions();
    summary.without_edition = m_without_edition;
    return summary;
}

} // namespace ocds
