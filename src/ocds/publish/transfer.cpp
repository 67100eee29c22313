#include <ocds/publish/transfer.hpp>

#include <ocds/core/files.hpp>
#include <ocds/io/output.hpp>
#include <ocds/core/sha256.hpp>

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

#include <csignal>

#include <fcntl.h>
#include <unistd.h>

namespace ocds {

namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

/// Removes what a copy killed half way left in `folder`: "<name>.tmp-<pid>" of a process that is
/// gone (copy_file_replacing's temporary names). A live process's are its own business.
void remove_stale_temporaries(const std::string& folder) {
    for (const auto& name : list_directory(folder)) {
        const std::size_t mark = name.rfind(".tmp-");
        if (mark == std::string::npos || mark == 0 || mark + 5 == name.size() ||
            name.find_first_not_of("0123456789", mark + 5) != std::string::npos || name.size() - mark > 15) {
            continue;
        }
        const long pid = std::stol(name.substr(mark + 5));
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            ::unlink((folder + "/" + name).c_str());
        }
    }
}

/// A local folder: reads, and puts each file (a link to it, or a copy) under a temporary name
/// renamed into place.
class FileRemote : public Remote {
public:
    explicit FileRemote(std::string root) : m_root(std::move(root)) {}

    std::optional<std::string> get(const std::string& path, std::uint64_t max_size) override {
        ++m_requests;
        const std::int64_t size = file_size(m_root + "/" + path);
        if (size < 0) {
            return std::nullopt;
        }
        if (static_cast<std::uint64_t>(size) > max_size) {
            throw response_too_large("GET " + url(path) + ": larger than the " + std::to_string(max_size) +
                                     " bytes expected");
        }
        return read_file(m_root + "/" + path);
    }

    void put(const std::string& path, const std::string& local_file, const std::string&) override {
        ++m_requests;
        const std::string target = m_root + "/" + path;
        const std::string folder = parent_directory(target);
        if (m_folders.insert(folder).second) {
            make_directories(folder);
            remove_stale_temporaries(folder);
        }
        // On the same file system the built file itself is published, its bytes not copied: no
        // file of the site or of the target is ever written in place (each write is a new file
        // renamed over the old), so the two names never see a change the other did not make.
        if (!link_file_replacing(local_file, target)) {
            copy_file_replacing(local_file, target);
        }
    }

    void download(const std::string& path, const std::string& part_file, std::uint64_t size) override {
        ++m_requests;
        const std::string source = m_root + "/" + path;
        const std::int64_t there = file_size(source);
        if (there < 0) {
            throw transfer_error("GET " + url(path) + ": no such file");
        }
        if (static_cast<std::uint64_t>(there) > size) {
            throw response_too_large("GET " + url(path) + ": the file has more than the " + std::to_string(size) +
                                     " bytes expected");
        }
        copy_file_replacing(source, part_file);
    }

    std::string url(const std::string& path) const override { return "file://" + m_root + "/" + path; }

private:
    std::string m_root;
    std::set<std::string> m_folders; ///< made and cleaned already
};

HttpSettings http_settings(const TransferSettings& settings) {
    HttpSettings http;
    http.connect_timeout = settings.connect_timeout;
    http.stall_timeout = settings.stall_timeout;
    http.retries = settings.retries;
    http.backoff = settings.backoff;
    http.limit_rate = settings.limit_rate;
    http.insecure = settings.insecure;
    http.on_wait = settings.on_wait;
    return http;
}

/// Shared by the WebDAV and S3 remotes: GET, PUT and resumable downloads through HttpClient.
class HttpRemote : public Remote {
public:
    HttpRemote(std::string base, const TransferSettings& settings, HttpCredentials credentials)
        : m_base(std::move(base)), m_settings(settings), m_client(http_settings(settings), std::move(credentials)) {}

    std::optional<std::string> get(const std::string& path, std::uint64_t max_size) override {
        HttpRequest request;
        request.url = address(path);
        request.headers = signed_headers(empty_sha256());
        request.max_size = max_size;
        const HttpResponse response = send(request);
        if (response.status == 404) {
            return std::nullopt;
        }
        check(request, response);
        return response.body;
    }

    void put(const std::string& path, const std::string& local_file, const std::string& sha256) override {
        before_put(path);
        HttpRequest request;
        request.method = "PUT";
        request.url = address(path);
        request.upload_file = local_file;
        request.headers = signed_headers(sha256);
        check(request, send(request));
    }

    void download(const std::string& path, const std::string& part_file, std::uint64_t size) override {
        HttpRequest request;
        request.url = address(path);
        request.headers = signed_headers(empty_sha256());
        request.download_file = part_file;
        request.max_size = size;
        if (file_size(part_file) == static_cast<std::int64_t>(size) && size > 0) {
            return; // whole already (a Range request past the end would be answered 416)
        }
        const HttpResponse response = send(request);
        if (response.status == 416) {
            // The partial file is already whole (or longer than the file): the caller checks it.
            return;
        }
        check(request, response);
    }

    std::string url(const std::string& path) const override { return m_client.redact(m_base + "/" + path); }

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

    std::string address(const std::string& path) const { return m_base + "/" + percent_encoded(path, true); }

    HttpResponse send(const HttpRequest& request) {
        ++m_requests;
        return m_client.send(request);
    }

    void check(const HttpRequest& request, const HttpResponse& response) const {
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
        throw transfer_error(m_client.redact(request.method + " " + request.url + ": HTTP " +
                                             std::to_string(response.status) + hint +
                                             (detail.empty() ? "" : ": " + detail)));
    }

    std::string m_base;
    const TransferSettings& m_settings;
    HttpClient m_client;
};

/// WebDAV (nginx's dav module): PUT, with MKCOL for each folder not made yet.
class DavRemote : public HttpRemote {
public:
    DavRemote(std::string base, const TransferSettings& settings, HttpCredentials credentials)
        : HttpRemote(std::move(base), settings, std::move(credentials)) {}

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
            HttpRequest request;
            request.method = "MKCOL";
            request.url = folder.empty() ? m_base + "/" : address(folder) + "/";
            const HttpResponse response = send(request);
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
    S3Remote(std::string base, const TransferSettings& settings)
        : HttpRemote(std::move(base), settings, s3_credentials(settings)) {}

protected:
    std::vector<std::string> signed_headers(const std::string& sha256) const override {
        // libcurl signs the payload hash given in this header (it cannot hash a streamed body).
        std::vector<std::string> headers{"x-amz-content-sha256: " + sha256};
        if (!m_settings.session_token.empty()) {
            headers.push_back("x-amz-security-token: " + m_settings.session_token);
        }
        return headers;
    }

private:
    static HttpCredentials s3_credentials(const TransferSettings& settings) {
        if (settings.access_key.empty() || settings.secret_key.empty()) {
            throw setting_error(
                "access-key-id",
                "s3:// needs credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
        }
        HttpCredentials credentials;
        credentials.user = settings.access_key;
        credentials.password = settings.secret_key;
        credentials.aws_sigv4 = "aws:amz:" + settings.region + ":s3";
        credentials.other_secrets = {settings.session_token};
        return credentials;
    }
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
    const std::string region =
        environment("AWS_REGION").empty() ? environment("AWS_DEFAULT_REGION") : environment("AWS_REGION");
    if (!region.empty() && settings.region == "us-east-1") {
        settings.region = region;
    }
}

void for_each_with_connection(std::size_t count, unsigned jobs, const std::string& target,
                              const TransferSettings& settings, const std::function<void(std::size_t, Remote&)>& work) {
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
    const unsigned workers =
        static_cast<unsigned>(std::min<std::size_t>(std::max(1u, jobs), std::max<std::size_t>(count, 1)));
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

std::unique_ptr<Remote> open_remote(const std::string& url, const TransferSettings& settings) {
    auto strip = [](std::string text) {
        while (text.size() > 1 && text.back() == '/') {
            text.pop_back();
        }
        return text;
    };
    // Credentials never travel in the URL given to libcurl nor appear in a message: they are
    // taken out here and passed on their own.
    const UrlCredentials written = split_url_credentials(url);
    const std::string shown = written.url;
    if (written.ambiguous) {
        throw setting_error("to", "'" + shown +
                                      "': the URL's user information has an unencoded '/' (write it as %2F), or its "
                                      "path an unencoded '@' (write it as %40)");
    }
    if (url.compare(0, 7, "file://") == 0) {
        const std::string path = written.url.substr(7);
        if (written.present || path.empty() || path[0] != '/') {
            throw setting_error(
                "to", "'" + shown + "' is not a file URL: expected file:///absolute/path (with no user or password)");
        }
        return std::make_unique<FileRemote>(strip(path));
    }
    if (url.compare(0, 7, "http://") == 0 || url.compare(0, 8, "https://") == 0) {
        HttpCredentials credentials;
        credentials.user = settings.user.empty() ? written.user : settings.user;
        credentials.password = settings.user.empty() ? written.password : settings.password;
        credentials.netrc = credentials.user.empty();
        return std::make_unique<DavRemote>(strip(written.url), settings, std::move(credentials));
    }
    if (url.compare(0, 5, "s3://") == 0) {
        if (written.present) {
            throw setting_error("to", "'" + shown +
                                          "': an s3:// URL carries no credentials (give the access key in the "
                                          "environment or the configuration file)");
        }
        const std::string rest = strip(url.substr(5));
        const std::string bucket = rest.substr(0, rest.find('/'));
        if (bucket.empty() || rest == "/") {
            throw setting_error("to", "'" + url + "' names no bucket: expected s3://bucket/prefix");
        }
        std::string endpoint =
            settings.endpoint.empty() ? "https://s3." + settings.region + ".amazonaws.com" : strip(settings.endpoint);
        return std::make_unique<S3Remote>(endpoint + "/" + rest, settings);
    }
    if (url.find("://") == std::string::npos && !url.empty()) {
        return std::make_unique<FileRemote>(strip(url)); // a plain folder path
    }
    throw setting_error(
        "to", "'" + shown +
                  "' is not a publication target: expected file:///path, http(s)://host/path or s3://bucket/prefix");
}

} // namespace ocds
