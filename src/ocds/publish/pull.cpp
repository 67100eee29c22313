#include <ocds/publish/pull.hpp>

#include <ocds/core/files.hpp>
#include <ocds/core/sha256.hpp>
#include <ocds/publish/publication.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <unordered_set>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace ocds {

namespace {

/// latest.json is a few hundred bytes; a server sending more is not serving one.
constexpr std::uint64_t max_latest_size = 64 * 1024;

/// The pull's own folder inside the local copy: the next version is put together there.
const std::string staging_folder = ".ocds-pull";

/// One pull at a time into a folder: a second one would share the staging folder.
class FolderLock {
public:
    explicit FolderLock(const std::string& path) {
        m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0) {
            throw io_error(system_message("cannot create", path, errno));
        }
        if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(m_fd);
            throw io_error("'" + path + "' is locked: another pull is writing into this folder");
        }
    }
    ~FolderLock() { ::close(m_fd); }
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int m_fd = -1;
};

bool verified(const std::string& path, const PublicationFile& file) {
    return file_size(path) == static_cast<std::int64_t>(file.size) && sha256_file(path) == file.sha256;
}

/// The files of `manifest` under v/<version>/, as paths relative to the local copy.
std::vector<std::pair<std::string, const PublicationFile*>> version_files(const Manifest& manifest,
                                                                          const std::string& source) {
    const std::string prefix = "v/" + manifest.version + "/";
    std::vector<std::pair<std::string, const PublicationFile*>> files;
    for (const auto& file : manifest.files) {
        if (file.path.compare(0, prefix.size(), prefix) != 0) {
            continue;
        }
        std::string relative = file.path.substr(prefix.size());
        if (relative == "manifest.json" || relative.compare(0, staging_folder.size(), staging_folder) == 0) {
            throw data_error(in_file(source),
                             "the manifest lists " + file.path + ", a name the local copy keeps for its own use");
        }
        files.emplace_back(std::move(relative), &file);
    }
    return files;
}

/// Puts the version staged in `stage` (its manifest.json written last, once every file was
/// verified) in place of the local copy's current one: each new or changed file is renamed over
/// the old, files only the old version had are removed, the manifest goes last. Running it again
/// after an interruption finishes it, so the folder ends whole as the new version.
void switch_version(const std::string& out_dir, const std::string& stage) {
    const std::string staged_manifest = stage + "/manifest.json";
    const std::string manifest_text = read_file(staged_manifest);
    const Manifest manifest = parse_manifest(manifest_text, staged_manifest);
    std::unordered_set<std::string> kept;
    for (const auto& [relative, file] : version_files(manifest, staged_manifest)) {
        kept.insert(relative);
        const std::string source = stage + "/verified/" + relative;
        if (file_size(source) < 0) {
            continue; // in place already (unchanged, or moved by an interrupted switch)
        }
        const std::string target = out_dir + "/" + relative;
        make_directories(parent_directory(target));
        if (std::rename(source.c_str(), target.c_str()) != 0) {
            throw io_error(system_message("cannot move into place", target, errno));
        }
    }
    const std::string current = out_dir + "/manifest.json";
    if (file_size(current) >= 0) {
        const Manifest old = parse_manifest(read_file(current), current);
        for (const auto& [relative, file] : version_files(old, current)) {
            if (!kept.count(relative)) {
                std::remove((out_dir + "/" + relative).c_str());
                ::rmdir(parent_directory(out_dir + "/" + relative).c_str()); // when it was the last one
            }
        }
    }
    if (std::rename(staged_manifest.c_str(), current.c_str()) != 0) {
        throw io_error(system_message("cannot move into place", current, errno));
    }
    remove_tree(stage);
}

/// Finishes a switch that an earlier pull began and could not end (killed, disk full).
void finish_interrupted_switches(const std::string& out_dir) {
    const std::string staging = out_dir + "/" + staging_folder;
    for (const auto& version : list_directory(staging)) {
        if (file_size(staging + "/" + version + "/manifest.json") >= 0) {
            switch_version(out_dir, staging + "/" + version);
        }
    }
}

} // namespace

PullSummary pull_publication(const PullOptions& options, const TransferProgress& progress) {
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<Remote> remote = open_remote(options.url, options.transfer);
    PullSummary summary;
    std::string manifest_location;
    std::string expected_sha;
    std::string expected_version = options.version;
    if (options.version.empty()) {
        const std::optional<std::string> latest_text = remote->get("latest.json", max_latest_size);
        if (!latest_text) {
            throw transfer_error(remote->url("latest.json") + " does not exist: is " + remote->url("") +
                                 " an ocds publication?");
        }
        const LatestPointer latest = parse_latest(*latest_text, remote->url("latest.json"));
        manifest_location = latest.manifest;
        expected_sha = latest.sha256;
        expected_version = latest.version;
    } else {
        manifest_location = manifest_path(options.version);
    }
    const std::optional<std::string> manifest_text = remote->get(manifest_location);
    if (!manifest_text) {
        throw transfer_error(remote->url(manifest_location) + " does not exist" +
                             (options.version.empty() ? "" : ": is there a version " + options.version + "?"));
    }
    if (!expected_sha.empty() && sha256_hex(*manifest_text) != expected_sha) {
        throw error(remote->url(manifest_location) +
                    ": the manifest's sha256 differs from latest.json's (a publish in progress? try again)");
    }
    const Manifest manifest = parse_manifest(*manifest_text, remote->url(manifest_location));
    if (manifest.version != expected_version) {
        // Its files would all be outside v/<version>/ of the version asked for: nothing to pull.
        throw data_error(in_file(remote->url(manifest_location)),
                         "the manifest is of version " + manifest.version + ", not " + expected_version +
                             (options.version.empty() ? " as latest.json says" : ""));
    }
    summary.version = manifest.version;
    const auto wanted = version_files(manifest, remote->url(manifest_location));

    make_directories(options.out_dir + "/" + staging_folder);
    FolderLock lock(options.out_dir + "/" + staging_folder + "/lock");
    finish_interrupted_switches(options.out_dir);
    const std::string stage = options.out_dir + "/" + staging_folder + "/" + manifest.version;
    std::mutex mutex;
    std::atomic<std::uint64_t> done{0};
    // A file that cannot be fetched, verified or written is reported and the others go on;
    // anything else stops them all. Nothing of the local copy changes until every file is here.
    for_each_with_connection(
        wanted.size(), options.jobs, options.url, options.transfer, [&](std::size_t i, Remote& connection) {
            const std::string& relative = wanted[i].first;
            const PublicationFile& file = *wanted[i].second;
            const std::string ready = stage + "/verified/" + relative;
            const std::string part = stage + "/partial/" + relative;
            try {
                if (verified(options.out_dir + "/" + relative, file) || verified(ready, file)) {
                    std::lock_guard<std::mutex> lock(mutex);
                    ++summary.skipped;
                } else {
                    make_directories(parent_directory(part));
                    if (file_size(part) > static_cast<std::int64_t>(file.size)) {
                        std::remove(part.c_str()); // longer than the file: not a prefix of it
                    }
                    try {
                        connection.download(file.path, part, file.size);
                    } catch (const response_too_large&) {
                        std::remove(part.c_str()); // a server that lies about one file: keep nothing of it
                        throw;
                    }
                    const std::string sha = sha256_file(part);
                    if (sha != file.sha256) {
                        std::remove(part.c_str());
                        throw error(connection.url(file.path) + ": sha256 mismatch: the manifest says " + file.sha256 +
                                    ", the download is " + sha + "; nothing was kept");
                    }
                    make_directories(parent_directory(ready));
                    if (std::rename(part.c_str(), ready.c_str()) != 0) {
                        throw io_error(system_message("cannot move into place", ready, errno));
                    }
                    std::lock_guard<std::mutex> lock(mutex);
                    ++summary.downloaded;
                    summary.bytes += file.size;
                }
            } catch (const response_too_large& failure) {
                std::lock_guard<std::mutex> lock(mutex);
                summary.errors.push_back(std::string(failure.what()) + "; nothing was kept");
            } catch (const transfer_error& failure) {
                std::lock_guard<std::mutex> lock(mutex);
                const std::int64_t kept = file_size(part);
                summary.errors.push_back(
                    std::string(failure.what()) +
                    (kept > 0 ? "; " + std::to_string(kept) + " bytes kept in " + part + ": run again to resume" : ""));
            } catch (const error& other) {
                std::lock_guard<std::mutex> lock(mutex);
                summary.errors.push_back(other.what());
            }
            ++done;
            if (progress) {
                std::lock_guard<std::mutex> lock(mutex);
                progress(done, wanted.size(), summary.bytes);
            }
        });
    if (summary.errors.empty()) {
        make_directories(stage);
        replace_file(stage + "/manifest.json", *manifest_text); // the mark that the switch may begin
        switch_version(options.out_dir, stage);
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

} // namespace ocds
