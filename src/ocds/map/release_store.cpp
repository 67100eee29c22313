#include <ocds/map/release_store.hpp>

#include <ocds/core/error.hpp>
#include <ocds/core/file_names.hpp>
#include <ocds/core/files.hpp>
#include <ocds/core/json_text.hpp>
#include <ocds/core/json_writer.hpp>
#include <ocds/io/output.hpp>
#include <ocds/schema/bundled_schemas.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocds {

std::string ocid_file_name(const std::string& ocid) {
    return escaped_file_name(ocid, false, "ocid");
}

std::string date_stamp(const std::string& utc_date) {
    std::string stamp;
    for (const char c : utc_date) {
        if (c != '-' && c != ':') {
            stamp += c;
        }
    }
    return stamp;
}

ReleaseStore::ReleaseStore(std::string dir) : m_dir(std::move(dir)), m_staging(m_dir + "/.staging") {
    make_directory(m_dir);
    make_directory(m_dir + "/releases");
    make_directory(m_staging);
    // Leftovers of a run that stopped before its commit: never renamed, so never published.
    for (const auto& name : list_directory(m_staging)) {
        ::unlink((m_staging + "/" + name).c_str());
    }
}

ReleaseStore::~ReleaseStore() {
    each_staged([](const std::string& temporary, const std::string&) { ::unlink(temporary.c_str()); });
}

template<typename Each>
void ReleaseStore::each_staged(Each&& each) const {
    std::string temporary = m_staging + "/";
    std::string final_path = m_dir + "/releases/";
    const std::size_t temporary_prefix = temporary.size(), final_prefix = final_path.size();
    for (std::size_t start = 0; start < m_staged.size();) {
        const std::size_t tab = m_staged.find('\t', start);
        const std::size_t end = m_staged.find('\n', tab);
        temporary.replace(temporary_prefix, std::string::npos, m_staged, start, tab - start);
        final_path.replace(final_prefix, std::string::npos, m_staged, tab + 1, end - tab - 1);
        each(temporary, final_path);
        start = end + 1;
    }
}

void ReleaseStore::stage(const Staged& staged) {
    const std::string releases = m_dir + "/releases/";
    if (staged.temporary.compare(0, m_staging.size() + 1, m_staging + "/") != 0 ||
        staged.final_path.compare(0, releases.size(), releases) != 0) {
        throw error("a staged release outside the store: " + staged.temporary); // not one of write_staged's
    }
    m_staged.append(staged.temporary, m_staging.size() + 1);
    m_staged += '\t';
    m_staged.append(staged.final_path, releases.size());
    m_staged += '\n';
    ++m_staged_count;
}

std::vector<std::string> ReleaseStore::release_texts(const std::string& ocid) const {
    return folder_texts(ocid_file_name(ocid));
}

std::vector<std::string> ReleaseStore::folders() const {
    return list_directory(m_dir + "/releases");
}

std::vector<std::string> ReleaseStore::folder_files(const std::string& folder) const {
    const std::string directory = m_dir + "/releases/" + folder;
    std::vector<std::string> files;
    for (const auto& name : list_directory(directory)) {
        if (name.size() >= 6 && name.compare(name.size() - 5, 5, ".json") == 0) {
            files.push_back(directory + "/" + name);
        }
    }
    return files;
}

std::vector<std::string> ReleaseStore::folder_texts(const std::string& folder) const {
    std::vector<std::string> texts;
    for (const auto& file : folder_files(folder)) {
        texts.push_back(read_file(file));
    }
    return texts;
}

Value ReleaseStore::parse_release(const std::string& ocid, const std::string& text, std::size_t index) const {
    Value release;
    JsonTextError failure;
    if (!parse_json_text(text, release, failure, 200)) {
        const auto files = folder_files(ocid_file_name(ocid));
        Location location;
        location.file = index < files.size() ? files[index] : m_dir + "/releases/" + ocid_file_name(ocid);
        location.byte = failure.offset;
        throw data_error(location, "stored release is not JSON: " + failure.reason);
    }
    return release;
}

std::vector<Value> ReleaseStore::releases(const std::string& ocid) const {
    std::vector<Value> releases;
    const auto texts = release_texts(ocid);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        releases.push_back(parse_release(ocid, texts[i], i));
    }
    return releases;
}

ReleaseStore::Staged ReleaseStore::write_staged(const std::string& ocid, const std::string& stamp,
                                                const std::string& json) {
    // The ocid's folder is made at commit: a run that stops before it leaves the store as it was.
    const std::string directory = m_dir + "/releases/" + ocid_file_name(ocid);
    Staged staged;
    staged.final_path = directory + "/" + stamp + ".json";
    staged.temporary = m_staging + "/" + std::to_string(::getpid()) + "-" + std::to_string(m_counter++) + ".json";
    write_new_file(staged.temporary, json);
    return staged;
}

void ReleaseStore::commit() {
    if (m_staged.empty()) {
        return;
    }
    sync_file_system(m_staging);
    // On a failure, the destructor removes what is left in .staging (those renamed are gone from it).
    each_staged([](const std::string& temporary, const std::string& final_path) {
        make_directory(parent_directory(final_path));
        if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, final_path.c_str(), RENAME_NOREPLACE) != 0) {
            const int error = errno;
            if (error == EEXIST) {
                Location location;
                location.file = final_path;
                throw data_error(location, "a release with this date is already stored; releases are never "
                                           "rewritten");
            }
            throw io_error(system_message("cannot move a release into", final_path, error));
        }
    });
    m_staged.clear();
    m_staged_count = 0;
    sync_file_system(m_dir);
}

void ReleaseStore::write_metadata(const Value& metadata) {
    OutputOptions options;
    options.overwrite = true;
    options.fsync = true;
    Output output(m_dir + "/package-metadata.json", options);
    JsonWriter writer(output, 2);
    writer.value(metadata);
    output.put('\n');
    output.commit();
}

std::vector<std::string> ReleaseStore::release_files() const {
    std::vector<std::string> files;
    for (const auto& ocid : list_directory(m_dir + "/releases")) {
        for (const auto& name : list_directory(m_dir + "/releases/" + ocid)) {
            files.push_back(m_dir + "/releases/" + ocid + "/" + name);
        }
    }
    return files;
}

} // namespace ocds
