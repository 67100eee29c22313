#include <ocds/publish/transfer.hpp>

#include <ocds/core/files.hpp>
#include <ocds/io/output.hpp>
#include <ocds/core/sha256.hpp>

#include <curl/curl.h>

#include <cctype>
#include <chrono>
#include <functional>
#include <cstdio>
#include <cstdlib>
#include <cerrno>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace ocds {

namespace {

void initialise_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

/// What one request asks for; the answer comes back in Response.
struct Request {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;
    std::string upload_file;         ///< the body, read from this file
    FILE* download = nullptr;        ///< the body goes here (else into Response::body)
    std::uint64_t range_from = 0;    ///< Range: bytes=N- when > 0
};

struct Response {
    long status = 0;
    std::string body;
};

/// One libcurl handle (one connection, kept alive between requests) with the retry policy:
/// network errors, 5xx, 408 and 429 are retried with a doubling pause; other answers return.
class HttpClient {
public:
    explicit HttpClient(const TransferSettings& settings) : m_settings(settings) {
        initialise_curl();
        m_curl = curl_easy_init();
        if (!m_curl) {
            throw transfer_error("cannot start libcurl");
        }
    }
    ~HttpClient() { curl_easy_cleanup(m_curl); }
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// `configure` adds authentication to each try. @throws transfer_error after the retries
    Response send(const Request& request, const std::function<void(CURL*)>& configure) {
        double pause = m_settings.backoff;
        for (unsigned attempt = 0;; ++attempt) {
            std::string failure;
            Response response;
            const bool answered = perform(request, configure, response, failure);
            const bool retry_status = answered && (response.status >= 500 || response.status == 408 ||
                                                   response.status == 429);
            if (answered && !retry_status) {
                return response;
            }
            if (answered) {
                failure = "HTTP " + std::to_string(response.status) + first_line(response.body);
            }
            if (attempt >= m_settings.retries) {
                throw transfer_error(request.method + " " + without_credentials(request.url) + ": " + failure +
                                     (m_settings.retries ? " (after " + std::to_string(attempt + 1) + " tries)" : ""));
            }
            std::this_thread::sleep_for(std::chrono::duration<double>(pause));
            pause *= 2;
            // A download goes on from what arrived: perform() flushed it and computes the Range.
        }
    }

    std::uint64_t requests() const noexcept { return m_requests; }

private:
    static std::string first_line(const std::string& body) {
        if (body.empty()) {
            return "";
        }
        std::string line = body.substr(0, std::min<std::size_t>(body.find('\n'), 200));
        return ": " + line;
    }

    bool perform(const Request& request, const std::function<void(CURL*)>& configure, Response& response,
                 std::string& failure) {
        ++m_requests;
        curl_easy_reset(m_curl);
        char error_buffer[CURL_ERROR_SIZE] = {0};
        curl_easy_setopt(m_curl, CURLOPT_ERRORBUFFER, error_buffer);
        curl_easy_setopt(m_curl, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(m_curl, CURLOPT_CONNECTTIMEOUT, m_settings.connect_timeout);
        curl_easy_setopt(m_curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(m_curl, CURLOPT_LOW_SPEED_TIME, m_settings.low_speed_time);
        curl_easy_setopt(m_curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(m_curl, CURLOPT_USERAGENT, "ocds (https://github.com/ocds)");
        if (m_settings.insecure) {
            curl_easy_setopt(m_curl, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(m_curl, CURLOPT_SSL_VERIFYHOST, 0L);
        }
        if (m_settings.limit_rate > 0) {
            curl_easy_setopt(m_curl, CURLOPT_MAX_SEND_SPEED_LARGE, static_cast<curl_off_t>(m_settings.limit_rate));
            curl_easy_setopt(m_curl, CURLOPT_MAX_RECV_SPEED_LARGE, static_cast<curl_off_t>(m_settings.limit_rate));
        }
        curl_slist* headers = nullptr;
        for (const auto& header : request.headers) {
            headers = curl_slist_append(headers, header.c_str());
        }
        FILE* upload = nullptr;
        std::string range;
        if (request.method == "PUT") {
            upload = std::fopen(request.upload_file.c_str(), "rb");
            if (!upload) {
                curl_slist_free_all(headers);
                throw io_error(system_message("cannot read", request.upload_file, errno));
            }
            curl_easy_setopt(m_curl, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(m_curl, CURLOPT_READDATA, upload);
            curl_easy_setopt(m_curl, CURLOPT_INFILESIZE_LARGE,
                             static_cast<curl_off_t>(file_size(request.upload_file)));
        } else if (request.method == "HEAD") {
            curl_easy_setopt(m_curl, CURLOPT_NOBODY, 1L);
        } else if (request.method != "GET") {
            curl_easy_setopt(m_curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        }
        std::uint64_t resume_at = 0;
        if (request.download) {
            std::fseek(request.download, 0, SEEK_END);
            resume_at = static_cast<std::uint64_t>(std::ftell(request.download));
            if (resume_at > 0) {
                range = std::to_string(resume_at) + "-";
                curl_easy_setopt(m_curl, CURLOPT_RANGE, range.c_str());
            }
        }
        curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, headers);
        DownloadTarget target{request.download, &response.body, resume_at, false, m_curl, ""};
        curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, &HttpClient::write_body);
        curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &target);
        if (configure) {
            configure(m_curl);
        }
        const CURLcode code = curl_easy_perform(m_curl);
        curl_slist_free_all(headers);
        if (upload) {
            std::fclose(upload);
        }
        if (request.download) {
            std::fflush(request.download);
        }
        curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &response.status);
        if (code != CURLE_OK) {
            failure = !target.failure.empty() ? target.failure : error_buffer[0] ? error_buffer : curl_easy_strerror(code);
            return false;
        }
        return true; // an error page never lands in the partial download (write_body)
    }

    struct DownloadTarget {
        FILE* file;
        std::string* body;
        std::uint64_t resume_at;
        bool checked;
        CURL* curl;
        std::string failure; ///< our own reason to stop the transfer
    };

    static std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
        auto* target = static_cast<DownloadTarget*>(user);
        const std::size_t bytes = size * count;
        long status = 0;
        curl_easy_getinfo(target->curl, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 300) {
            if (target->body->size() < (1 << 16)) { // enough of an error page for its message
                target->body->append(data, bytes);
            }
            return bytes;
        }
        if (!target->file) {
            // Bodies kept in memory are manifests and latest.json: a manifest of millions of files
            // is hundreds of megabytes, but a server sending gigabytes is not serving one.
            if (target->body->size() + bytes > (std::size_t{1} << 30)) {
                target->failure = "the response is larger than 1 GiB: not a manifest";
                return 0;
            }
            target->body->append(data, bytes);
            return bytes;
        }
        if (!target->checked) {
            target->checked = true;
            if (status == 200 && target->resume_at > 0) {
                // The server sent the whole file, not the rest: start the partial file again.
                if (std::fflush(target->file) != 0 || ::ftruncate(::fileno(target->file), 0) != 0) {
                    return 0;
                }
                std::rewind(target->file);
            }
        }
        return std::fwrite(data, 1, bytes, target->file);
    }

    const TransferSettings& m_settings;
    CURL* m_curl = nullptr;
    std::uint64_t m_requests = 0;
};

/// A local folder: reads, and writes each file to a temporary name renamed into place.
class FileRemote : public Remote {
public:
    explicit FileRemote(std::string root) : m_root(std::move(root)) {}

    std::optional<std::string> get(const std::string& path) override {
        ++m_requests;
        if (file_size(m_root + "/" + path) < 0) {
            return std::nullopt;
        }
        return read_file(m_root + "/" + path);
    }

    void put(const std::string& path, const std::string& local_file, const std::string&) override {
        ++m_requests;
        const std::string target = m_root + "/" + path;
        make_directories(parent_directory(target));
        copy_file_replacing(local_file, target);
    }

    void download(const std::string& path, const std::string& part_file) override {
        ++m_requests;
        const std::string source = m_root + "/" + path;
        if (file_size(source) < 0) {
            throw transfer_error("GET " + url(path) + ": no such file");
        }
        copy_file_replacing(source, part_file);
    }

    std::string url(const std::string& path) const override { return "file://" + m_root + "/" + path; }

private:
    std::string m_root;
};

/// Shared by the WebDAV and S3 remotes: GET, PUT and resumable downloads through HttpClient.
class HttpRemote : public Remote {
public:
    HttpRemote(std::string base, const TransferSettings& settings)
        : m_base(std::move(base)), m_settings(settings), m_client(settings) {}

    std::optional<std::string> get(const std::string& path) override {
        Request request;
        request.url = url_with_credentials(path);
        request.headers = signed_headers(empty_sha256());
        const Response response = send(request);
        if (response.status == 404) {
            return std::nullopt;
        }
        check(request, response);
        return response.body;
    }

    void put(const std::string& path, const std::string& local_file, const std::string& sha256) override {
        before_put(path);
        Request request;
        request.method = "PUT";
        request.url = url_with_credentials(path);
        request.upload_file = local_file;
        request.headers = signed_headers(sha256);
        check(request, send(request));
    }

    void download(const std::string& path, const std::string& part_file) override {
        FILE* file = std::fopen(part_file.c_str(), "ab+");
        if (!file) {
            throw io_error(system_message("cannot write", part_file, errno));
        }
        Request request;
        request.url = url_with_credentials(path);
        request.headers = signed_headers(empty_sha256());
        request.download = file;
        Response response;
        try {
            response = send(request);
        } catch (...) {
            std::fclose(file);
            throw;
        }
        std::fclose(file);
        if (response.status == 416) {
            // The partial file is already whole (or longer than the file): the caller checks it.
            return;
        }
        check(request, response);
    }

    std::string url(const std::string& path) const override { return without_credentials(m_base + "/" + path); }

protected:
    virtual void before_put(const std::string&) {}
    /// Headers of every request; `sha256` is the body's (of the empty body for GET).
    virtual std::vector<std::string> signed_headers(const std::string&) const {
        // No "Expect: 100-continue" round trip before each upload (an S3 signature would cover
        // this empty header, so S3 keeps curl's default).
        return {"Expect:"};
    }

    static const std::string& empty_sha256() {
        static const std::string hash = sha256_hex("");
        return hash;
    }

    std::string url_with_credentials(const std::string& path) const { return m_base + "/" + encode_path(path); }

    static std::string encode_path(const std::string& path) {
        static const char hex[] = "0123456789ABCDEF";
        std::string out;
        for (const char c : path) {
            const auto byte = static_cast<unsigned char>(c);
            if (std::isalnum(byte) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
                out += c;
            } else {
                out += '%';
                out += hex[byte >> 4];
                out += hex[byte & 15];
            }
        }
        return out;
    }

    Response send(const Request& request) {
        ++m_requests;
        return m_client.send(request, [this](CURL* curl) { authenticate(curl); });
    }

    virtual void authenticate(CURL* curl) {
        if (!m_settings.user.empty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, m_settings.user.c_str());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, m_settings.password.c_str());
        } else {
            curl_easy_setopt(curl, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
        }
    }

    void check(const Request& request, const Response& response) const {
        if (response.status >= 200 && response.status < 300) {
            return;
        }
        // An HTML error page says it in its title; anything else in its first 300 bytes.
        std::string detail = response.body.substr(0, std::min<std::size_t>(response.body.size(), 300));
        const std::size_t title = response.body.find("<title>");
        if (title != std::string::npos) {
            const std::size_t end = response.body.find("</title>", title);
            detail = response.body.substr(title + 7, end == std::string::npos ? 100 : end - title - 7);
        }
        for (char& c : detail) {
            if (c == '\n' || c == '\r') {
                c = ' ';
            }
        }
        std::string hint;
        if (response.status == 401 || response.status == 403) {
            hint = " (check the credentials: the configuration, the environment or ~/.netrc)";
        } else if (response.status == 409 && request.method == "MKCOL") {
            hint = " (the folder above it does not exist on the server)";
        } else if (response.status == 405 && request.method == "PUT") {
            hint = " (does the server accept WebDAV PUT here?)";
        }
        throw transfer_error(request.method + " " + without_credentials(request.url) + ": HTTP " +
                             std::to_string(response.status) + hint + (detail.empty() ? "" : ": " + detail));
    }

    std::string m_base;
    const TransferSettings& m_settings;
    HttpClient m_client;
};

/// WebDAV (nginx's dav module): PUT, with MKCOL for each folder not made yet.
class DavRemote : public HttpRemote {
public:
    using HttpRemote::HttpRemote;

protected:
    void before_put(const std::string& path) override {
        // The publication's own folder first (""), then each folder of the path.
        std::vector<std::string> folders{""};
        for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
            folders.push_back(path.substr(0, slash));
        }
        for (const auto& folder : folders) {
            if (m_folders.count(folder)) {
                continue;
            }
            Request request;
            request.method = "MKCOL";
            request.url = folder.empty() ? m_base + "/" : url_with_credentials(folder) + "/";
            const Response response = send(request);
            // 201 made; 405 it exists already (nginx); 301 a folder answered as a redirect.
            if (response.status != 201 && response.status != 405 && response.status != 301) {
                check(request, response);
            }
            m_folders.insert(folder);
        }
    }

private:
    std::set<std::string> m_folders;
};

/// S3 and S3-compatible stores: path-style URLs, AWS Signature Version 4 signed by libcurl.
class S3Remote : public HttpRemote {
public:
    S3Remote(std::string base, const TransferSettings& settings) : HttpRemote(std::move(base), settings) {
        if (settings.access_key.empty() || settings.secret_key.empty()) {
            throw setting_error("access-key-id",
                                "s3:// needs credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
        }
        m_sigv4 = "aws:amz:" + settings.region + ":s3";
    }

protected:
    std::vector<std::string> signed_headers(const std::string& sha256) const override {
        // libcurl signs the payload hash given in this header (it cannot hash a streamed body).
        std::vector<std::string> headers{"x-amz-content-sha256: " + sha256};
        if (!m_settings.session_token.empty()) {
            headers.push_back("x-amz-security-token: " + m_settings.session_token);
        }
        return headers;
    }

    void authenticate(CURL* curl) override {
        curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, m_sigv4.c_str());
        curl_easy_setopt(curl, CURLOPT_USERNAME, m_settings.access_key.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, m_settings.secret_key.c_str());
    }

private:
    std::string m_sigv4;
};

} // namespace

void read_credentials_from_environment(TransferSettings& settings) {
    auto fill = [](std::string& target, std::initializer_list<const char*> names) {
        for (const char* name : names) {
            if (target.empty()) {
                target = environment(name);
            }
        }
    };
    fill(settings.access_key, {"AWS_ACCESS_KEY_ID"});
    fill(settings.secret_key, {"AWS_SECRET_ACCESS_KEY"});
    fill(settings.session_token, {"AWS_SESSION_TOKEN"});
    fill(settings.user, {"OCDS_USER"});
    fill(settings.password, {"OCDS_PASSWORD"});
    const std::string region = environment("AWS_REGION").empty() ? environment("AWS_DEFAULT_REGION") : environment("AWS_REGION");
    if (!region.empty() && settings.region == "us-east-1") {
        settings.region = region;
    }
}

void for_each_with_connection(std::size_t count, unsigned jobs, const std::string& target, const TransferSettings& settings,
                       const std::function<void(std::size_t, Remote&)>& work) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto run = [&] {
        try {
            std::unique_ptr<Remote> remote = open_remote(target, settings);
            for (std::size_t i = next++; i < count; i = next++) {
                work(i, *remote);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) {
                failure = std::current_exception();
            }
            next = count;
        }
    };
    std::vector<std::thread> threads;
    const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, jobs), std::max<std::size_t>(count, 1)));
    for (unsigned t = 1; t < workers; ++t) {
        threads.emplace_back(run);
    }
    run();
    for (auto& thread : threads) {
        thread.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

std::string without_credentials(const std::string& url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) {
        return url;
    }
    const std::size_t host_start = scheme + 3;
    const std::size_t path_start = url.find('/', host_start);
    const std::size_t at = url.rfind('@', path_start == std::string::npos ? url.size() : path_start);
    if (at == std::string::npos || at < host_start) {
        return url;
    }
    return url.substr(0, host_start) + url.substr(at + 1);
}

std::unique_ptr<Remote> open_remote(const std::string& url, const TransferSettings& settings) {
    auto strip = [](std::string text) {
        while (text.size() > 1 && text.back() == '/') {
            text.pop_back();
        }
        return text;
    };
    if (url.compare(0, 7, "file://") == 0) {
        const std::string path = url.substr(7);
        if (path.empty() || path[0] != '/') {
            throw setting_error("to", "'" + url + "' is not a file URL: expected file:///absolute/path");
        }
        return std::make_unique<FileRemote>(strip(path));
    }
    if (url.compare(0, 7, "http://") == 0 || url.compare(0, 8, "https://") == 0) {
        return std::make_unique<DavRemote>(strip(url), settings);
    }
    if (url.compare(0, 5, "s3://") == 0) {
        const std::string rest = strip(url.substr(5));
        const std::string bucket = rest.substr(0, rest.find('/'));
        if (bucket.empty() || rest == "/") {
            throw setting_error("to", "'" + url + "' names no bucket: expected s3://bucket/prefix");
        }
        std::string endpoint = settings.endpoint.empty() ? "https://s3." + settings.region + ".amazonaws.com"
                                                         : strip(settings.endpoint);
        return std::make_unique<S3Remote>(endpoint + "/" + rest, settings);
    }
    if (url.find("://") == std::string::npos && !url.empty()) {
        return std::make_unique<FileRemote>(strip(url)); // a plain folder path
    }
    throw setting_error("to", "'" + without_credentials(url) +
                      "' is not a publication target: expected file:///path, http(s)://host/path or s3://bucket/prefix");
}

} // namespace ocds
