#include <ocds/build/process_files.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/merge/merge.hpp>
#include <ocds/publish/publication.hpp>

#include <algorithm>

namespace ocds {

ProcessBuilder::ProcessBuilder(std::string store_dir, Value store_metadata, std::string base, std::string published,
                               MergeRules rules, std::shared_ptr<const ValidationProfile> profile)
    : m_store_dir(std::move(store_dir)), m_store_metadata(std::move(store_metadata)), m_base(std::move(base)),
      m_published(std::move(published)), m_rules(std::move(rules)), m_profile(std::move(profile)) {}

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

BuiltProcess ProcessBuilder::build(const ReleaseStore& store, const std::string& folder) const {
    return build(store, folder, store.folder_texts(folder));
}

BuiltProcess ProcessBuilder::build(const ReleaseStore& store, const std::string& folder,
                                   const std::vector<std::string>& texts) const {
    std::vector<Value> releases;
    releases.reserve(texts.size());
    BuiltProcess built;
    built.folder = folder;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        Value release;
        JsonTextError failure;
        // Named by its file: the folder alone leaves the reader to guess which release it is.
        const auto stored_file = [&] {
            const std::vector<std::string> files = store.folder_files(folder);
            return i < files.size() ? files[i] : m_store_dir + "/releases/" + folder;
        };
        if (!parse_json_text(texts[i], release, failure, 200)) {
            throw data_error(in_file(stored_file(), failure.offset), "a stored release is not JSON: " + failure.reason);
        }
        if (!release.is_object()) {
            throw data_error(in_file(stored_file()), std::string("a stored release is a JSON ") +
                                                         type_name(release.type()) + ", not an object");
        }
        const std::string* ocid = release.find_string("ocid");
        const std::string* id = release.find_string("id");
        const std::string* date = release.find_string("date");
        if (!ocid || !id || !date) {
            throw error(stored_file() + ": a stored release lacks its ocid, id or date (strings)");
        }
        try {
            site_file_name(*ocid); // they name the site's files: said here, with the stored file
            site_file_name(*id);
        } catch (const error& failure) {
            throw error(stored_file() + ": " + failure.what());
        }
        if (built.ocid.empty()) {
            built.ocid = *ocid;
        } else if (built.ocid != *ocid) {
            throw error(stored_file() + ": the folder holds releases of two ocids: " + built.ocid + " and " + *ocid);
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
    // The record's text as to_json(record) with compiledRelease and versionedRelease after its
    // releases, written in pieces so that the next build (ProcessCache) finds the compiled release in it.
    built.record_item = to_json(record);
    built.record_item.pop_back();
    built.record_item += ",\"compiledRelease\":";
    built.compiled_offset = built.record_item.size();
    built.record_item += to_json(merged.compiled);
    built.compiled_length = built.record_item.size() - built.compiled_offset;
    built.record_item += ",\"versionedRelease\":";
    built.record_item += to_json(merged.versioned);
    built.record_item += '}';
    // Dated by the process's latest release: an unchanged process keeps the same bytes.
    Value metadata = package_metadata(built.record_path, last_date);
    metadata.set("packages", std::move(packages));
    built.record_json = package_text(metadata, "records", {&built.record_item});
    built.record_sha256 = sha256_hex(built.record_json);
    built.compiled = std::move(merged.compiled);
    compute_facts(built);
    return built;
}

void ProcessBuilder::compute_facts(BuiltProcess& process) const {
    ProcessFiles files{process.record_path, {}};
    for (const auto& release : process.releases) {
        files.releases.push_back(release.path);
    }
    process.facts = process_facts(process.compiled, m_published, m_profile.get(), std::move(files));
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
