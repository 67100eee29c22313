#include <ocds/build/process_cache.hpp>

#include <ocds/build/process_files.hpp>
#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/core/version.hpp>
#include <ocds/indicators/facts_spool.hpp>
#include <ocds/publish/publication.hpp>

#include <cstring>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

namespace ocds {

namespace {

/// The file's first line: the format, then the context.
const char* const signature = "ocds-process-cache 3 ";

Value number(std::uint64_t value) {
    return Value::number(std::to_string(value));
}

/// A non-negative integer of the entry, or nothing.
std::optional<std::uint64_t> count_at(const Value& list, std::size_t index) {
    if (!list.is_array() || index >= list.as_array().size() || !list.as_array()[index].is_number()) {
        return std::nullopt;
    }
    const std::string& text = list.as_array()[index].number_text();
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoull(text);
}

const std::string* string_at(const Value& list, std::size_t index) {
    if (!list.is_array() || index >= list.as_array().size() || !list.as_array()[index].is_string()) {
        return nullptr;
    }
    return &list.as_array()[index].as_string();
}

/// Whether the site has a file as the previous build wrote it: `expected` path, and the stamp
/// (file_stamp: size, inode, modification time) at `stamp_index` that the entry says. Its bytes
/// are not read: a file rewritten, replaced or half written has another stamp.
bool site_has_file(const std::string& site_dir, const Value& entry, const std::string& expected,
                   std::size_t stamp_index) {
    const std::string* path = string_at(entry, 0);
    const std::string* sha256 = string_at(entry, 2);
    const std::string* stamp = string_at(entry, stamp_index);
    const auto size = count_at(entry, 1);
    if (!path || *path != expected || !sha256 || !size || !stamp || stamp->empty()) {
        return false;
    }
    const std::string actual = file_stamp(site_dir + "/" + *path);
    return actual == *stamp && actual.compare(0, actual.find(':'), std::to_string(*size)) == 0;
}

/// The length of the item of a package of one item of `size` bytes (its text ends with the item
/// and "]}"); 0 when the entry does not say one that fits (an item is never empty).
std::uint64_t package_item_size(std::uint64_t size, const Value& entry, std::size_t index) {
    const auto length = count_at(entry, index);
    if (!length || *length + 2 > size) {
        return 0;
    }
    return *length;
}

const char base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 (RFC 4648) with its `=` padding.
std::string to_base64(const std::string& bytes) {
    std::string text;
    text.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) {
            group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        }
        if (i + 2 < bytes.size()) {
            group |= static_cast<unsigned char>(bytes[i + 2]);
        }
        text += base64_digits[(group >> 18) & 63];
        text += base64_digits[(group >> 12) & 63];
        text += i + 1 < bytes.size() ? base64_digits[(group >> 6) & 63] : '=';
        text += i + 2 < bytes.size() ? base64_digits[group & 63] : '=';
    }
    return text;
}

/// The bytes of to_base64's text; nothing when `text` is not that.
std::optional<std::string> from_base64(const std::string& text) {
    auto digit = [](char c) -> int {
        const char* found = c == '\0' ? nullptr : std::strchr(base64_digits, c);
        return found ? static_cast<int>(found - base64_digits) : -1;
    };
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::string bytes;
    bytes.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        const std::size_t padding = last ? (text[i + 3] == '=') + (text[i + 2] == '=' && text[i + 3] == '=') : 0;
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const int value = k >= 4 - padding ? 0 : digit(text[i + k]);
            if (value < 0) {
                return std::nullopt;
            }
            group = group << 6 | static_cast<std::uint32_t>(value);
        }
        bytes += static_cast<char>(group >> 16);
        if (padding < 2) {
            bytes += static_cast<char>(group >> 8 & 255);
        }
        if (padding < 1) {
            bytes += static_cast<char>(group & 255);
        }
    }
    return bytes;
}

/// A process's rows' CRC-32 (zlib's): what tells bytes cut or damaged since they were written.
std::uint32_t rows_crc(const std::string& bytes) {
    return static_cast<std::uint32_t>(
        crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

} // namespace

ProcessCache::ProcessCache(const std::string& previous, const std::string& previous_rows, std::string context)
    : m_context(std::move(context)) {
    if (previous.empty() || !is_regular_file(previous)) {
        return;
    }
    if (!previous_rows.empty()) {
        m_previous_rows = ::open(previous_rows.c_str(), O_RDONLY | O_CLOEXEC); // none: rows flattened again
        m_previous_rows_path = previous_rows;
    }
    // The file's text is kept whole and its entries are views of it: no second copy of a file
    // of a few hundred MB at 100,000 processes.
    m_text = read_file(previous);
    const std::string_view text(m_text);
    std::size_t at = text.find('\n');
    if (at == std::string_view::npos || text.substr(0, at) != signature + m_context) {
        m_text.clear();
        return; // another program, store metadata, base URL or schema: every process is built
    }
    while (++at < text.size()) {
        std::size_t end = text.find('\n', at);
        end = end == std::string_view::npos ? text.size() : end;
        const std::string_view line = text.substr(at, end - at);
        at = end;
        if (!line.empty() && line[0] == '\t') { // a list of table columns: "\t<number>\t<JSON array>"
            read_paths(std::string(line));
            continue;
        }
        const std::size_t first = line.find('\t');
        const std::size_t second = first == std::string_view::npos ? first : line.find('\t', first + 1);
        if (second == std::string_view::npos) {
            continue;
        }
        m_previous[line.substr(0, first)] = {line.substr(first + 1, second - first - 1), line.substr(second + 1)};
    }
}

std::optional<Value> ProcessCache::find(const std::string& folder, const std::string& store_key, bool any_key) const {
    const auto found = m_previous.find(folder);
    if (found == m_previous.end() || (!any_key && found->second.first != store_key)) {
        return std::nullopt;
    }
    Value entry;
    JsonTextError failure;
    if (!parse_json_text(found->second.second, entry, failure) || !entry.is_object()) {
        return std::nullopt;
    }
    return entry;
}

void ProcessCache::read_paths(const std::string& line) {
    const std::size_t tab = line.find('\t', 1);
    Value list;
    JsonTextError failure;
    if (tab == std::string::npos || tab != std::to_string(m_paths.size()).size() + 1 ||
        line.compare(1, tab - 1, std::to_string(m_paths.size())) != 0 ||
        !parse_json_text(std::string_view(line).substr(tab + 1), list, failure) || !list.is_array()) {
        m_paths.push_back(nullptr); // entries that name it are not trusted
        return;
    }
    auto paths = std::make_shared<std::vector<std::string>>();
    for (const Value& path : list.as_array()) {
        if (!path.is_string()) {
            m_paths.push_back(nullptr);
            return;
        }
        paths->push_back(path.as_string());
    }
    m_paths.push_back(std::move(paths));
}

bool ProcessCache::facts(const Value& entry, const std::string& as_of, ProcessFacts& facts,
                         std::string& facts_as_of) const {
    const std::string* read_for = entry.find_string("factsAsOf");
    const std::string* encoded = entry.find_string("facts");
    if (!read_for || !encoded) {
        return false;
    }
    const std::optional<std::string> bytes = from_base64(*encoded);
    ProcessFacts read;
    if (!bytes || !decode_facts(*bytes, read) || !facts_hold(read, *read_for, as_of)) {
        return false;
    }
    facts = std::move(read);
    facts_as_of = *read_for;
    return true;
}

bool ProcessCache::tables(const Value& entry, std::vector<FlatTableRows>& tables) const {
    const Value* list = entry.find("tables");
    if (!list || !list->is_array()) {
        return false;
    }
    std::vector<FlatTableRows> read;
    for (const Value& table : list->as_array()) {
        FlatTableRows share;
        if (table.is_null()) { // no rows there
            share.paths = std::make_shared<const std::vector<std::string>>();
            read.push_back(std::move(share));
            continue;
        }
        const std::string* digest = string_at(table, 0);
        const auto rows = count_at(table, 1);
        const auto field_bytes = count_at(table, 2);
        const auto blank = count_at(table, 3);
        const auto paths = count_at(table, 4);
        if (!digest || !rows || !field_bytes || !blank || !paths || *paths >= m_paths.size() || !m_paths[*paths]) {
            return false;
        }
        share.digest = *digest;
        share.rows = *rows;
        share.field_bytes = *field_bytes;
        share.blank = *blank;
        share.paths = m_paths[*paths];
        read.push_back(std::move(share));
    }
    tables = std::move(read);
    return true;
}

ProcessCache::~ProcessCache() {
    if (m_previous_rows >= 0) {
        ::close(m_previous_rows);
    }
}

bool ProcessCache::read_rows(BuiltProcess& process) const {
    if (m_previous_rows < 0 || process.rows_length == 0 || process.rows_length > (1u << 30)) {
        return false;
    }
    std::string bytes(process.rows_length, '\0');
    try {
        if (read_fd_at(m_previous_rows, process.rows_offset, bytes.data(), bytes.size(), m_previous_rows_path) !=
                bytes.size() ||
            rows_crc(bytes) != process.rows_crc) {
            return false;
        }
    } catch (const io_error&) {
        return false;
    }
    process.kept_rows = std::move(bytes);
    return true;
}

void ProcessCache::start(const std::string& path, const std::string& rows_path) {
    m_next = std::make_unique<Output>(path, OutputOptions{true, false, false, true});
    m_next->write(signature + m_context + "\n");
    m_next_rows = std::make_unique<Output>(rows_path, OutputOptions{true, false, false, true});
    m_next_rows_size = 0;
}

void ProcessCache::add(const BuiltProcess& process) {
    if (!m_next || process.ocid.empty()) {
        return;
    }
    Value entry = Value::object();
    entry.set("ocid", Value(process.ocid));
    entry.set("year", Value(process.year));
    entry.set("project", Value(process.project));
    Value record = Value::array();
    for (Value field :
         {Value(process.record_path), number(process.record_size), Value(process.record_sha256),
          number(process.record_awards_contracts), number(process.record_item_size), number(process.compiled_offset),
          number(process.compiled_length), Value(process.record_stamp)}) {
        record.push_back(std::move(field));
    }
    entry.set("record", std::move(record));
    Value findings = Value::array(); // the data-quality counts: checking them again is a fifth of a restore
    findings.push_back(number(process.facts.errors));
    findings.push_back(number(process.facts.warnings));
    entry.set("findings", std::move(findings));
    std::string facts;
    encode_facts(process.facts, facts);
    entry.set("facts", Value(to_base64(facts)));
    entry.set("factsAsOf", Value(process.facts_as_of));
    // Each table's share of its rows, its columns named by a list written once before it.
    Value tables = Value::array();
    std::string lists;
    for (const FlatTableRows& share : process.rows.tables) {
        if (share.rows == 0) {
            tables.push_back(Value());
            continue;
        }
        Value paths = Value::array();
        if (share.paths) {
            for (const auto& path : *share.paths) {
                paths.push_back(Value(path));
            }
        }
        std::string text = to_json(paths);
        auto [known, added] = m_path_ids.emplace(std::move(text), m_path_ids.size());
        if (added) {
            lists += "\t" + std::to_string(known->second) + "\t" + known->first + "\n";
        }
        Value table = Value::array();
        for (Value field : {Value(share.digest), number(share.rows), number(share.field_bytes), number(share.blank),
                            number(known->second)}) {
            table.push_back(std::move(field));
        }
        tables.push_back(std::move(table));
    }
    entry.set("tables", std::move(tables));
    if (!lists.empty()) {
        m_next->write(lists);
    }
    // Its rows for the next build: made whole here, or the previous build's, which they still are.
    std::string made;
    if (process.rows.made.empty() && !process.rows.rows.empty()) {
        Flattener::encode_rows(process.rows, made);
    }
    const std::string& rows = made.empty() ? process.kept_rows : made;
    if (!rows.empty() && m_next_rows) {
        Value place = Value::array();
        place.push_back(number(m_next_rows_size));
        place.push_back(number(rows.size()));
        place.push_back(number(made.empty() ? process.rows_crc : rows_crc(made))); // kept: checked when read
        entry.set("rows", std::move(place));
        m_next_rows->write(rows);
        m_next_rows_size += rows.size();
    }
    // The entry's text as to_json writes it with "releases" last, written a release at a time:
    // a process of many releases is not held whole, as a Value nor as a line.
    std::string text = process.folder + "\t" + process.store_key + "\t" + to_json(entry);
    text.pop_back(); // the closing brace
    text += ",\"releases\":[";
    m_next->write(text);
    for (std::size_t i = 0; i < process.releases.size(); ++i) {
        const auto& release = process.releases[i];
        Value item = Value::array();
        for (Value field : {Value(release.path), number(release.size), Value(release.sha256),
                            number(release.awards_contracts), number(release.item_size), Value(release.stamp)}) {
            item.push_back(std::move(field));
        }
        text = i > 0 ? "," : "";
        text += to_json(item);
        m_next->write(text);
    }
    m_next->write("]}\n");
}

void ProcessCache::commit() {
    if (m_next_rows) {
        m_next_rows->commit();
        m_next_rows.reset();
    }
    if (m_next) {
        m_next->commit();
        m_next.reset();
    }
}

std::optional<BuiltProcess> restore_process(const Value& entry, const std::string& folder,
                                            const std::string& site_dir) {
    const std::string* ocid = entry.find_string("ocid");
    const std::string* year = entry.find_string("year");
    const Value* project = entry.find("project");
    const Value* record = entry.find("record");
    const Value* releases = entry.find("releases");
    static const Value none;
    const Value* findings = entry.find("findings");
    const std::optional<std::uint64_t> errors = count_at(findings ? *findings : none, 0);
    const std::optional<std::uint64_t> warnings = count_at(findings ? *findings : none, 1);
    if (!ocid || !year || !project || !project->is_bool() || !record || !releases || !releases->is_array() ||
        releases->as_array().empty() || !errors || !warnings || *errors > UINT32_MAX || *warnings > UINT32_MAX) {
        return std::nullopt;
    }
    BuiltProcess built;
    built.ocid = *ocid;
    built.folder = folder;
    built.year = *year;
    built.project = project->as_bool();
    built.facts.errors = static_cast<std::uint32_t>(*errors); // kept by compute_facts(built, false)
    built.facts.warnings = static_cast<std::uint32_t>(*warnings);
    std::string ocid_name;
    try {
        ocid_name = site_file_name(*ocid);
    } catch (const error&) {
        return std::nullopt;
    }
    for (const Value& release : releases->as_array()) {
        const std::string* path = string_at(release, 0);
        const std::string prefix = "releases/" + ocid_name + "/";
        // Only a file of this process's folder of the site is named.
        if (!path || path->compare(0, prefix.size(), prefix) != 0 ||
            path->find('/', prefix.size()) != std::string::npos || path->find("..") != std::string::npos ||
            !site_has_file(site_dir, release, *path, 5)) {
            return std::nullopt;
        }
        BuiltProcess::Release out;
        out.size = *count_at(release, 1);
        const auto awards = count_at(release, 3);
        out.item_size = package_item_size(out.size, release, 4);
        if (out.item_size == 0 || !awards) {
            return std::nullopt;
        }
        out.path = *path;
        out.sha256 = *string_at(release, 2);
        out.awards_contracts = *awards;
        out.stamp = *string_at(release, 5);
        built.releases.push_back(std::move(out)); // its text stays in the site (BuiltProcess::in_site)
    }
    built.record_path = "records/" + ocid_name + ".json";
    if (!site_has_file(site_dir, *record, built.record_path, 7)) {
        return std::nullopt;
    }
    built.record_size = *count_at(*record, 1);
    const std::uint64_t item_size = package_item_size(built.record_size, *record, 4);
    const auto awards = count_at(*record, 3);
    const auto compiled_offset = count_at(*record, 5);
    const auto compiled_length = count_at(*record, 6);
    if (item_size == 0 || !awards || !compiled_offset || !compiled_length ||
        *compiled_offset + *compiled_length > item_size) {
        return std::nullopt;
    }
    built.record_item_size = item_size;
    built.record_sha256 = *string_at(*record, 2);
    built.record_stamp = *string_at(*record, 7);
    built.record_awards_contracts = *awards;
    built.compiled_offset = *compiled_offset;
    built.compiled_length = *compiled_length;
    if (const Value* rows = entry.find("rows")) {
        const auto offset = count_at(*rows, 0);
        const auto length = count_at(*rows, 1);
        const auto crc = count_at(*rows, 2);
        if (offset && length && crc && *crc <= UINT32_MAX) {
            built.rows_offset = *offset;
            built.rows_length = *length;
            built.rows_crc = static_cast<std::uint32_t>(*crc);
        }
    }
    return built;
}

JsonTextPlace compiled_place(const BuiltProcess& process, const std::string& site_dir) {
    return JsonTextPlace{site_dir + "/" + process.record_path,
                         process.record_size - 2 - process.record_item_size + process.compiled_offset,
                         process.compiled_length};
}

bool read_compiled(BuiltProcess& process, const std::string& site_dir) {
    const JsonTextPlace place = compiled_place(process, site_dir);
    std::string compiled;
    try {
        compiled = read_file_range(place.path, place.offset, place.length);
    } catch (const io_error&) {
        return false; // gone since its stamp was taken: built again
    }
    JsonTextError failure;
    return parse_json_text(compiled, process.compiled, failure, 200) && process.compiled.is_object();
}

bool StoreFolderKey::add_file(const std::string& path) {
    const std::string stamp = file_stamp(path);
    m_sha256.update(path + "\t" + stamp + "\n");
    return !stamp.empty();
}

std::string program_digest() {
    return program_sha256().empty() ? std::string() : program_sha256() + " " + version_string;
}

} // namespace ocds
