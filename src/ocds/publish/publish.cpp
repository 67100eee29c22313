#include <ocds/publish/publish.hpp>

#include <ocds/core/files.hpp>
#include <ocds/publish/publication.hpp>
#include <ocds/core/sha256.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace ocds {

namespace {

/// What the target already has: path → sha256, from the manifests it serves.
std::unordered_map<std::string, std::string> remote_files(Remote& remote, const std::string& local_version,
                                                          std::string& remote_version) {
    std::unordered_map<std::string, std::string> known;
    const std::optional<std::string> latest_text = remote.get("latest.json");
    std::vector<std::string> manifests;
    if (latest_text) {
        const LatestPointer latest = parse_latest(*latest_text, remote.url("latest.json"));
        remote_version = latest.version;
        if (latest.version > local_version) {
            throw transfer_error(remote.url("latest.json") + " names version " + latest.version +
                                 ", later than this site's " + local_version +
                                 ": someone published a newer build there; build again from the same store first");
        }
        manifests.push_back(latest.manifest);
    }
    // A publish of this version that stopped after its manifest: the manifest's files are all there.
    if (remote_version != local_version) {
        manifests.push_back(manifest_path(local_version));
    }
    for (const auto& path : manifests) {
        const std::optional<std::string> text = remote.get(path);
        if (!text) {
            continue;
        }
        for (auto& file : parse_manifest(*text, remote.url(path)).files) {
            known[file.path] = std::move(file.sha256);
        }
    }
    return known;
}

} // namespace

PublishSummary publish_site(const PublishOptions& options, const TransferProgress& progress) {
    const auto start = std::chrono::steady_clock::now();
    const std::string site = options.site_dir;
    const std::string latest_path = site + "/latest.json";
    if (!is_regular_file(latest_path)) {
        throw precondition_error("'" + site + "' is not a built site: it has no latest.json", {"build.out"}, site);
    }
    const LatestPointer latest = parse_latest(read_file(latest_path), latest_path);
    const std::string manifest_file = site + "/" + latest.manifest;
    const std::string manifest_text = read_file(manifest_file);
    if (sha256_hex(manifest_text) != latest.sha256) {
        throw error(manifest_file + ": the manifest's sha256 differs from latest.json's: the site is damaged; "
                                    "build it again");
    }
    // This version's manifest is parsed while the target's are fetched and parsed: at 100,000
    // projects each is 80 MB of JSON.
    auto parsing = std::async(std::launch::async, [&] { return parse_manifest(manifest_text, manifest_file); });

    PublishSummary summary;
    summary.version = latest.version;
    std::unique_ptr<Remote> remote;
    std::unordered_map<std::string, std::string> known;
    try {
        remote = open_remote(options.target, options.transfer);
        known = remote_files(*remote, latest.version, summary.previous_version);
    } catch (...) {
        parsing.get(); // a manifest that does not parse is said first, as when it was read before
        throw;
    }
    const Manifest manifest = parsing.get();

    // Files the target lacks or has with other bytes. Release files not in a remote manifest are
    // looked at first: one there with other bytes stops the publish before anything is sent.
    std::vector<const PublicationFile*> to_send;
    std::vector<const PublicationFile*> unknown_releases;
    std::mutex mutex;
    for (const auto& file : manifest.files) {
        const auto found = known.find(file.path);
        if (found != known.end() && found->second == file.sha256) {
            ++summary.skipped;
            continue;
        }
        const bool release = file.path.compare(0, 9, "releases/") == 0;
        if (release && found != known.end()) {
            throw error(remote->url(file.path) + ": the target has this release with other content (sha256 " +
                        found->second + "); published releases are never replaced");
        }
        (release ? unknown_releases : to_send).push_back(&file);
    }
    for_each_with_connection(unknown_releases.size(), options.jobs, options.target, options.transfer,
                             [&](std::size_t i, Remote& connection) {
                                 const PublicationFile& file = *unknown_releases[i];
                                 const std::optional<std::string> there = connection.get(file.path);
                                 std::lock_guard<std::mutex> lock(mutex);
                                 if (!there) {
                                     to_send.push_back(&file);
                                 } else if (sha256_hex(*there) == file.sha256) {
                                     ++summary.skipped;
                                 } else {
                                     throw error(connection.url(file.path) +
                                                 ": the target has this release with other content; published releases "
                                                 "are never replaced");
                                 }
                             });

    const std::uint64_t total = to_send.size() + 3;
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> bytes{0};
    auto report = [&] {
        if (progress) {
            std::lock_guard<std::mutex> lock(mutex);
            progress(sent, total, bytes);
        }
    };
    // --limit-rate over the whole publish: libcurl's limit is per transfer, and most files are
    // smaller than its buffer, so the average rate is kept here by pausing between files.
    const auto upload_start = std::chrono::steady_clock::now();
    auto pace = [&](std::uint64_t total_bytes) {
        if (options.transfer.limit_rate == 0) {
            return;
        }
        const auto due = upload_start + std::chrono::duration<double>(static_cast<double>(total_bytes) /
                                                                      static_cast<double>(options.transfer.limit_rate));
        std::this_thread::sleep_until(due);
    };
    for_each_with_connection(
        to_send.size(), options.jobs, options.target, options.transfer, [&](std::size_t i, Remote& connection) {
            const PublicationFile& file = *to_send[i];
            const std::string local = site + "/" + file.path;
            if (static_cast<std::int64_t>(file.size) != file_size(local)) {
                throw error(local + ": the file differs from the manifest (size " + std::to_string(file_size(local)) +
                            ", listed " + std::to_string(file.size) + "): build the site again");
            }
            connection.put(file.path, local, file.sha256);
            ++sent;
            bytes += file.size;
            report();
            pace(bytes);
        });
    if (to_send.empty() && summary.previous_version == latest.version) {
        summary.skipped += 3; // the manifest, index.html and latest.json: already current
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return summary;
    }
    // The version's manifest, then the page, then the pointer readers start from.
    for (const auto& [path, local] : {std::pair<std::string, std::string>{latest.manifest, manifest_file},
                                      {"index.html", site + "/index.html"},
                                      {"latest.json", latest_path}}) {
        const std::string bytes_text = read_file(local);
        remote->put(path, local, sha256_hex(bytes_text));
        ++sent;
        bytes += bytes_text.size();
        report();
    }
    summary.uploaded = sent;
    summary.bytes = bytes;
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

} // namespace ocds
