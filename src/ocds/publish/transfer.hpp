#pragma once

#include <ocds/core/error.hpp>
#include <ocds/io/http_client.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ocds {

/// How to reach a remote publication. Credentials come from the configuration file, the
/// environment or ~/.netrc (for user and password, when none is given); they are never printed.
struct TransferSettings {
    std::string user; ///< HTTP basic authentication (WebDAV)
    std::string password;
    std::string access_key;    ///< S3: AWS_ACCESS_KEY_ID
    std::string secret_key;    ///< S3: AWS_SECRET_ACCESS_KEY
    std::string session_token; ///< S3: AWS_SESSION_TOKEN (temporary credentials)
    std::string region = "us-east-1";
    std::string endpoint;      ///< S3: e.g. http://127.0.0.1:9000 (default: AWS for the region)
    bool insecure = false;     ///< do not verify TLS certificates (the caller says so on every run)
    long connect_timeout = 10; ///< seconds
    /// Seconds a request may move no byte, counted over all its tries: the most a silent server
    /// holds a transfer (not per try: 60 s × 5 tries held a pull 5 minutes).
    double stall_timeout = 60;
    unsigned retries = 4;         ///< after the first try, on network errors and 5xx answers
    double backoff = 0.5;         ///< seconds before the first retry, doubled each time
    std::uint64_t limit_rate = 0; ///< bytes per second for uploads and downloads (0: no limit)
    /// Told what a request waits for while it moves nothing (see HttpSettings::on_wait).
    std::function<void(const std::string& what, double waited, double gives_up_at)> on_wait;
};

/// Fills what the settings leave empty from the environment: AWS_ACCESS_KEY_ID,
/// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION (or AWS_DEFAULT_REGION), OCDS_USER and
/// OCDS_PASSWORD.
void read_credentials_from_environment(TransferSettings& settings);

/// A publication's location: a local folder (file://), a WebDAV server (http://, https://) or an
/// S3 bucket with an optional prefix (s3://bucket/prefix). Paths are relative to the site root.
/// Each object holds one connection; use one per thread.
class Remote {
public:
    virtual ~Remote() = default;

    /// The file's bytes, or nothing when it does not exist. A file larger than `max_size` is
    /// refused. @throws transfer_error, response_too_large
    virtual std::optional<std::string> get(const std::string& path,
                                           std::uint64_t max_size = std::uint64_t{1} << 30) = 0;

    /// Stores a local file at `path`, replacing what is there; readers see the old file or the
    /// new one. `sha256` is the file's (S3 signs it). @throws transfer_error
    virtual void put(const std::string& path, const std::string& local_file, const std::string& sha256) = 0;

    /// Downloads `path` into `part_file`, continuing a partial download that is there (a Range
    /// request; the server may answer with the whole file, which then replaces it). No more than
    /// `size` bytes are taken: the file's size as the manifest announces it.
    /// @throws transfer_error (what arrived stays in part_file, to resume), response_too_large
    ///         (the server sent more than `size`: part_file is not a prefix of the file)
    virtual void download(const std::string& path, const std::string& part_file, std::uint64_t size) = 0;

    /// The URL of `path`, without credentials (for messages).
    virtual std::string url(const std::string& path) const = 0;

    /// Requests made so far, by method (PUT, GET, MKCOL...), for the summary and the tests.
    std::uint64_t requests() const noexcept { return m_requests; }

protected:
    std::uint64_t m_requests = 0;
};

/// The Remote for `url`: file:///path (or a plain path), http(s)://host/path, s3://bucket/prefix.
/// Credentials written in the URL (user:password@) are taken out of it and used like the
/// settings' user and password (these win); messages never show them.
/// @throws setting_error for another scheme or a malformed URL
std::unique_ptr<Remote> open_remote(const std::string& url, const TransferSettings& settings);

/// Runs `work(index, remote)` for every index below `count` on `jobs` threads, each with its own
/// connection to `target`. The first exception stops the others and is rethrown.
void for_each_with_connection(std::size_t count, unsigned jobs, const std::string& target,
                              const TransferSettings& settings, const std::function<void(std::size_t, Remote&)>& work);

} // namespace ocds
