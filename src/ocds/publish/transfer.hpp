#pragma once

#include <ocds/core/error.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ocds {

/// A transfer that failed for good: a 4xx answer, or a network or 5xx error still there after
/// the retries. The message names the method and the URL (never credentials) and the reason.
class transfer_error : public error {
public:
    using error::error;
};

/// How to reach a remote publication. Credentials come from the configuration file, the
/// environment or ~/.netrc (for user and password, when none is given); they are never printed.
struct TransferSettings {
    std::string user;            ///< HTTP basic authentication (WebDAV)
    std::string password;
    std::string access_key;      ///< S3: AWS_ACCESS_KEY_ID
    std::string secret_key;      ///< S3: AWS_SECRET_ACCESS_KEY
    std::string session_token;   ///< S3: AWS_SESSION_TOKEN (temporary credentials)
    std::string region = "us-east-1";
    std::string endpoint;        ///< S3: e.g. http://127.0.0.1:9000 (default: AWS for the region)
    bool insecure = false;       ///< do not verify TLS certificates
    long connect_timeout = 10;   ///< seconds
    long low_speed_time = 60;    ///< a transfer slower than 1 byte/s this long is a network error
    unsigned retries = 4;        ///< after the first try, on network errors and 5xx answers
    double backoff = 0.5;        ///< seconds before the first retry, doubled each time
    std::uint64_t limit_rate = 0; ///< bytes per second for uploads and downloads (0: no limit)
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

    /// The file's bytes, or nothing when it does not exist. @throws transfer_error
    virtual std::optional<std::string> get(const std::string& path) = 0;

    /// Stores a local file at `path`, replacing what is there; readers see the old file or the
    /// new one. `sha256` is the file's (S3 signs it). @throws transfer_error
    virtual void put(const std::string& path, const std::string& local_file, const std::string& sha256) = 0;

    /// Downloads `path` into `part_file`, continuing a partial download that is there (a Range
    /// request; the server may answer with the whole file, which then replaces it).
    /// @throws transfer_error (what arrived stays in part_file, to resume)
    virtual void download(const std::string& path, const std::string& part_file) = 0;

    /// The URL of `path`, without credentials (for messages).
    virtual std::string url(const std::string& path) const = 0;

    /// Requests made so far, by method (PUT, GET, MKCOL...), for the summary and the tests.
    std::uint64_t requests() const noexcept { return m_requests; }

protected:
    std::uint64_t m_requests = 0;
};

/// The Remote for `url`: file:///path (or a plain path), http(s)://host/path, s3://bucket/prefix.
/// @throws setting_error for another scheme or a malformed URL
std::unique_ptr<Remote> open_remote(const std::string& url, const TransferSettings& settings);

/// Runs `work(index, remote)` for every index below `count` on `jobs` threads, each with its own
/// connection to `target`. The first exception stops the others and is rethrown.
void for_each_with_connection(std::size_t count, unsigned jobs, const std::string& target,
                              const TransferSettings& settings, const std::function<void(std::size_t, Remote&)>& work);

/// "https://user:secret@host/x" → "https://host/x": URLs in messages never show credentials.
std::string without_credentials(const std::string& url);

} // namespace ocds
