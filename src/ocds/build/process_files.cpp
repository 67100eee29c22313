#include <ocds/build/process_files.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/publish/publication.hpp>

#include <algorithm>
#include <exception>
#include <numeric>

namespace ocds {

ProcessBuilder::ProcessBuilder(Value store_metadata, std::string base, std::string published, MergeRules rules,
                               std::shared_ptr<const ValidationProfile> profile, std::string scratch_dir)
    : m_store_metadata(std::move(store_metadata)), m_base(std::move(base)), m_published(std::move(published)),
      m_rules(std::move(rules)), m_profile(std::move(profile)), m_scratch_dir(std::move(scratch_dir)) {}

std::uint64_t awards_contracts(const Value& release) {
    std::uint64_t count = 0;
    for (const char* key : {"awards", "contracts"}) {
        if (const Value* list = release.find(key); list && list->is_array()) {
            count += list->as_array().size();
        }
    }
    return count;
}

std::string package_head(const Value& metadata, const char* key, std::string_view members) {
    std::string text = to_json(metadata);
    text.pop_back(); // the closing brace
    if (!members.empty()) {
        if (text.size() > 1) {
            text += ',';
        }
        text += members;
    }
    if (text.size() > 1) {
        text += ',';
    }
    text += '"';
    text += key;
    text += "\":[";
    return text;
}

std::string package_text(const Value& metadata, const char* key, const std::vector<const std::string*>& items) {
    std::string text = package_head(metadata, key);
    std::size_t size = text.size() + items.size() + 2;
    for (const std::string* item : items) {
        size += item->size();
    }
    text.reserve(size); // a record of many megabytes is not held twice by the string's doubling
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            text += ',';
        }
        text += *items[i];
    }
    text += "]}";
    return text;
}

void BuiltProcess::add_release(Release release, std::string json, const std::string& scratch_dir) {
    release.size = json.size();
    if (held < spill_budget) {
        held += json.size();
        release.json = std::move(json);
    } else {
        if (!spill) {
            spill = std::make_shared<ScratchFile>(scratch_dir);
        }
        release.spilled_at = spill->append(json.data(), json.size());
        release.spilled = true;
    }
    releases.push_back(std::move(release));
}

const std::string& BuiltProcess::release_json(const Release& release, std::string& buffer) const {
    if (!release.spilled) {
        return release.json;
    }
    buffer.resize(release.size);
    std::size_t done = 0;
    while (done < buffer.size()) {
        const std::size_t count = spill->read_at(release.spilled_at + done, &buffer[done], buffer.size() - done);
        if (count == 0) {
            throw io_error("the scratch file of " + release.path + " ends early");
        }
        done += count;
    }
    return buffer;
}

Value ProcessBuilder::read_release(const std::vector<std::string>& files, const std::vector<std::string>& texts,
                                   std::size_t index, std::string& ocid) {
    // Named by its file: the folder alone leaves the reader to guess which release it is.
    const std::string& file = files[index];
    std::string read;
    const std::string& text = index < texts.size() ? texts[index] : (read = read_file(file));
    Value release;
    JsonTextError failure;
    if (!parse_json_text(text, release, failure, 200)) {
        throw data_error(in_file(file, failure.offset), "a stored release is not JSON: " + failure.reason);
    }
    if (!release.is_object()) {
        throw data_error(in_file(file),
                         std::string("a stored release is a JSON ") + type_name(release.type()) + ", not an object");
    }
    const std::string* release_ocid = release.find_string("ocid");
    const std::string* id = release.find_string("id");
    const std::string* date = release.find_string("date");
    if (!release_ocid || !id || !date) {
        throw error(file + ": a stored release lacks its ocid, id or date (strings)");
    }
    try {
        site_file_name(*release_ocid); // they name the site's files: said here, with the stored file
        site_file_name(*id);
    } catch (const error& failure) {
        throw error(file + ": " + failure.what());
    }
    if (ocid.empty()) {
        ocid = *release_ocid;
    } else if (ocid != *release_ocid) {
        throw error(file + ": the folder holds releases of two ocids: " + ocid + " and " + *release_ocid);
    }
    return release;
}

BuiltProcess ProcessBuilder::build(const std::string& folder, const std::vector<std::string>& files,
                                   const std::vector<std::string>& texts) const {
    // One release at a time: a process of 300,000 releases must not be held whole. What stays
    // per release is what the record's list of releases and the site's files need anyway.
    BuiltProcess built;
    built.folder = folder;
    std::vector<std::string> dates(files.size());
    std::vector<std::string> links(files.size()); // each release's entry in the record, as JSON
    std::vector<MergeWarning> warnings;           // the build publishes none: none are collected
    const MergeOutput output{true, true, false};
    auto merge = std::make_unique<IncrementalMerge>(m_rules, output, warnings);
    // Merged as they are read while the files come in date order (map names them by date); a
    // failure waits until every file has been checked, as when they are merged afterwards.
    bool in_date_order = true;
    std::exception_ptr merge_failure;
    std::string ocid_name;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const Value release = read_release(files, texts, i, built.ocid);
        if (ocid_name.empty()) {
            ocid_name = site_file_name(built.ocid);
        }
        const std::string& id = *release.find_string("id");
        dates[i] = *release.find_string("date");
        BuiltProcess::Release out;
        out.path = "releases/" + ocid_name + "/" + site_file_name(id) + ".json";
        out.awards_contracts = awards_contracts(release);
        const std::string item = to_json(release);
        std::string json = package_text(package_metadata(out.path, dates[i]), "releases", {&item});
        out.item_size = item.size();
        out.sha256 = sha256_hex(json);
        built.add_release(std::move(out), std::move(json), m_scratch_dir);
        Value link = Value::object();
        link.set("url", Value(m_base + "/" + built.releases.back().path));
        link.set("date", Value(dates[i]));
        if (const Value* tag = release.find("tag")) {
            link.set("tag", *tag);
        }
        links[i] = to_json(link);
        in_date_order = in_date_order && (i == 0 || !(dates[i] < dates[i - 1]));
        if (in_date_order && !merge_failure) {
            try {
                merge->add(release);
            } catch (const merge_error&) {
                merge_failure = std::current_exception();
            }
        }
    }
    if (built.releases.empty()) {
        return built; // an empty folder left by a crashed map run
    }
    // Date order, releases of equal dates in store order (as merge_releases orders them).
    std::vector<std::size_t> order(files.size());
    std::iota(order.begin(), order.end(), 0);
    if (!in_date_order) {
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return dates[a] < dates[b]; });
        merge = std::make_unique<IncrementalMerge>(m_rules, output, warnings);
        std::string ocid;
        for (const std::size_t i : order) {
            merge->add(read_release(files, texts, i, ocid));
        }
    } else if (merge_failure) {
        std::rethrow_exception(merge_failure);
    }
    MergeResult merged = merge->finish();
    merge.reset();
    const std::string& first_date = dates[order.front()];
    const std::string last_date = *std::max_element(dates.begin(), dates.end());
    built.year = first_date.size() >= 4 ? first_date.substr(0, 4) : "unknown";
    // The record package's text, written from the texts kept: its list of packages, then the
    // record as to_json writes {ocid, releases, compiledRelease, versionedRelease}. Dated by
    // the process's latest release: an unchanged process keeps the same bytes.
    built.record_path = "records/" + ocid_name + ".json";
    std::string head;
    {
        std::string packages = "\"packages\":[";
        for (std::size_t n = 0; n < order.size(); ++n) {
            if (n > 0) {
                packages += ',';
            }
            packages += to_json(Value(m_base + "/" + built.releases[order[n]].path));
        }
        packages += ']';
        head = package_head(package_metadata(built.record_path, last_date), "records", packages);
    }
    const std::string compiled = to_json(merged.compiled);
    const std::string versioned = to_json(merged.versioned);
    merged.versioned = Value();
    const std::string ocid = to_json(Value(built.ocid));
    std::size_t size = head.size() + ocid.size() + compiled.size() + versioned.size() + 64 + order.size();
    for (const auto& link : links) {
        size += link.size();
    }
    std::string& json = built.record_json;
    json.reserve(size); // at once: a record of many megabytes is not held twice by the string's doubling
    json += head;
    head = {};
    const std::size_t record_start = json.size();
    json += "{\"ocid\":";
    json += ocid;
    json += ",\"releases\":[";
    for (std::size_t n = 0; n < order.size(); ++n) {
        if (n > 0) {
            json += ',';
        }
        json += links[order[n]];
    }
    links = {};
    json += "],\"compiledRelease\":";
    // Where the next build (ProcessCache) finds the compiled release.
    built.compiled_offset = json.size() - record_start;
    built.compiled_length = compiled.size();
    json += compiled;
    json += ",\"versionedRelease\":";
    json += versioned;
    json += '}';
    built.record_item_size = json.size() - record_start;
    json += "]}";
    built.record_sha256 = sha256_hex(json);
    built.record_size = json.size();
    built.record_awards_contracts = awards_contracts(merged.compiled);
    const Value* planning = merged.compiled.find("planning");
    built.project = planning && planning->is_object() && planning->find("participatoryBudget");
    built.compiled = std::move(merged.compiled);
    compute_facts(built);
    return built;
}

void ProcessBuilder::compute_facts(BuiltProcess& process, bool count_findings) const {
    ProcessFiles files{process.record_path, {}};
    files.releases.reserve(process.releases.size());
    for (const auto& release : process.releases) {
        files.releases.push_back(release.path);
    }
    const std::uint32_t errors = process.facts.errors;
    const std::uint32_t warnings = process.facts.warnings;
    process.facts =
        process_facts(process.compiled, m_published, count_findings ? m_profile.get() : nullptr, std::move(files));
    process.facts_as_of = m_published;
    if (!count_findings) {
        process.facts.errors = errors;
        process.facts.warnings = warnings;
    }
}

Value ProcessBuilder::package_metadata(const std::string& path, const std::string& date) const {
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

} // namespace ocds
