#include <ocds/publish/pull.hpp>

#include <ocds/core/files.hpp>
#include <ocds/io/output.hpp>
#include <ocds/publish/publication.hpp>
#include <ocds/core/sha256.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace ocds {

PullSummary pull_publication(const PullOptions& options, const TransferProgress& progress) {
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<Remote> remote = open_remote(options.url, options.transfer);
    PullSummary summary;
    std::string manifest_location;
    std::string expected_sha;
    if (options.version.empty()) {
        const std::optional<std::string> latest_text = remote->get("latest.json");
        if (!latest_text) {
            throw transfer_error(remote->url("latest.json") + " does not exist: is " + without_credentials(options.url) +
                                 " an ocds publication?");
        }
        const LatestPointer latest = parse_latest(*latest_text, remote->url("latest.json"));
        manifest_location = latest.manifest;
        expected_sha = latest.sha256;
    } else {
        manifest_location = manifest_path(options.version);
    }
    const std::optional<std::string> manifest_text = remote->get(manifest_location);
    if (!manifest_text) {
        throw transfer_error(remote->url(manifest_location) + " does not exist" +
                             (options.version.empty() ? "" : ": is there a version " + options.version + "?"));
    }
    if (!expected_sha.empty() && sha256_hex(*manifest_text) != expected_sha) {
        throw error(remote->url(manifest_location) + ": the manifest's sha256 differs from latest.json's (a publish in progress? try again)");
    }
    const Manifest manifest = parse_manifest(*manifest_text, remote->url(manifest_location));
    summary.version = manifest.version;
    const std::string prefix = "v/" + manifest.version + "/";

    std::vector<const PublicationFile*> wanted;
    for (const auto& file : manifest.files) {
        if (file.path.compare(0, prefix.size(), prefix) == 0) {
            wanted.push_back(&file);
        }
    }
    make_directories(options.out_dir);
    std::mutex mutex;
    std::atomic<std::uint64_t> done{0};
    // A file that cannot be fetched, verified or written is reported and the others go on;
    // anything else stops them all.
    for_each_with_connection(wanted.size(), options.jobs, options.url, options.transfer, [&](std::size_t i, Remote& connection) {
        const PublicationFile& file = *wanted[i];
        const std::string target = options.out_dir + "/" + file.path.substr(prefix.size());
        const std::string part = target + ".part";
        try {
            if (file_size(target) == static_cast<std::int64_t>(file.size) && sha256_file(target) == file.sha256) {
                std::lock_guard<std::mutex> lock(mutex);
                ++summary.skipped;
            } else {
                make_directories(parent_directory(target));
                if (file_size(part) > static_cast<std::int64_t>(file.size)) {
                    std::remove(part.c_str()); // longer than the file: not a prefix of it
                }
                connection.download(file.path, part);
                const std::string sha = sha256_file(part);
                if (sha != file.sha256) {
                    std::remove(part.c_str());
                    throw error(connection.url(file.path) + ": sha256 mismatch: the manifest says " + file.sha256 +
                                ", the download is " + sha + "; nothing was kept");
                }
                if (std::rename(part.c_str(), target.c_str()) != 0) {
                    throw io_error(system_message("cannot move into place", target, errno));
                }
                std::lock_guard<std::mutex> lock(mutex);
                ++summary.downloaded;
                summary.bytes += file.size;
            }
        } catch (const transfer_error& failure) {
            std::lock_guard<std::mutex> lock(mutex);
            const std::int64_t kept = file_size(part);
            summary.errors.push_back(std::string(failure.what()) +
                                     (kept > 0 ? "; " + std::to_string(kept) + " bytes kept in " + part +
                                                     ": run again to resume"
                                               : ""));
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
    replace_file(options.out_dir + "/manifest.json", *manifest_text);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

} // namespace ocds
