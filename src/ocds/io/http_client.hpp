#pragma once

#include <ocds/core/error.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ocds {

/// A transfer that failed for good: a 4xx answer, a network or 5xx error still there after the
/// retries, a server that sent more than announced or went silent too long. The message names the
/// method and the URL (never credentials) and the reason.
class transfer_error : public error {
public:
    using error::error;
};

/// A response larger than the caller allowed: the server is not sending what it announced.
/// Never retried; what arrived is not a prefix of the expected file.
class response_too_large : public transfer_error {
public:
    using transfer_error::transfer_error;
};

/// Who the client is to the server. None of it is ever printed: messages go through redact().
struct HttpCredentials {
    std::string user;                       ///< basic authentication (or the AWS access key id with aws_sigv4)
    std::string password;                   ///< (or the AWS secret access key)
    bool netrc = false;                     ///< no user: take one for the host from ~/.netrc if it has one
    std::string aws_sigv4;                  ///< "aws:amz:<region>:s3": sign requests with AWS Signature Version 4
    std::vector<std::string> other_secrets; ///< sent in headers (a session token): redacted too
};

/// Limits on every request, to keep a hostile or broken server from holding the program, filling
/// memory or the disk, or talking it out of TLS verification.
struct HttpSettings {
    long connect_timeout = 10;                       ///< seconds for one connection to open
    double stall_timeout = 60;                       ///< seconds a request may move no byte, counted over all its tries
    double total_timeout = 0;                        ///< seconds for one request, all tries included (0: no limit)
    unsigned retries = 4;                            ///< after the first try, on network errors, 5xx, 408 and 429
    double backoff = 0.5;                            ///< seconds before the first retry, doubled each time
    std::uint64_t limit_rate = 0;                    ///< bytes per second each way (0: no limit)
    bool insecure = false;                           ///< do not verify TLS certificates (the caller warns)
    bool https_only = false;                         ///< refuse http:// (and redirects to it)
    bool follow_redirects = false;                   ///< at most 5, and never to another protocol than allowed
    std::uint64_t max_body = std::uint64_t{1} << 30; ///< bytes kept in memory for one response
    /// Called about once a second while a request has moved nothing for 5 seconds or more: what
    /// it waits for ("GET https://host/x") and for how long so far, and when it gives up.
    std::function<void(const std::string& what, double waited, double gives_up_at)> on_wait;
};

struct HttpRequest {
    std::string method = "GET"; ///< GET, HEAD, PUT, MKCOL...
    std::string url;            ///< without credentials (HttpCredentials carry them)
    std::vector<std::string> headers;
    std::string upload_file; ///< PUT: the body, read from this file
    /// The body is appended to this file, resuming what is there with a Range request (a server
    /// that answers with the whole file instead starts it again). Else the body is kept in memory.
    std::string download_file;
    /// The whole body's size must not exceed this (0: HttpSettings::max_body in memory, no limit
    /// for a file): a server that sends more gets response_too_large.
    std::uint64_t max_size = 0;
};

struct HttpResponse {
    long status = 0;
    std::string body; ///< the body, or up to 64 KiB of an error page when it went to a file
};

/// One libcurl handle (one connection, kept alive between requests) with the retry policy and the
/// limits of HttpSettings. Not thread-safe: one per thread.
class HttpClient {
public:
    explicit HttpClient(HttpSettings settings, HttpCredentials credentials = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Any answer that is not retried (2xx, 3xx, 4xx) comes back; the caller judges the status.
    /// @throws transfer_error (network, 5xx after the retries, stall, deadline), response_too_large,
    ///         io_error (the local file)
    HttpResponse send(const HttpRequest& request);

    /// `message` with every credential replaced by "***" (also percent-encoded forms, and any
    /// user:password@ in URLs): what every message of a transfer goes through before it is shown.
    std::string redact(const std::string& message) const;

    std::uint64_t requests() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// `text` with every byte but letters, digits and -_.~ (and '/' when kept) as %XX.
std::string percent_encoded(const std::string& text, bool keep_slashes);

/// A URL split into the address and the credentials written into it (user:password@), both
/// percent-decoded. The user information ends at the last '@' before the path, or before a '?'
/// or '#', when what comes before it has a ':' or no '/': so a password with an unencoded '/'
/// is still taken as a password, never as part of the address.
struct UrlCredentials {
    std::string url; ///< the URL without user information
    std::string user;
    std::string password;
    bool present = false;
    /// The '@' could also belong to the path (a '/' before it): taken as credentials here, so
    /// that a message never shows them, but a request should not guess (percent-encode instead).
    bool ambiguous = false;
};
UrlCredentials split_url_credentials(const std::string& url);

/// "https://user:secret@host/x" → "https://host/x": URLs in messages never show credentials.
std::string without_credentials(const std::string& url);

/// Every URL in `text` (scheme://...) with its user information removed.
std::string without_url_credentials(std::string text);

} // namespace ocds
