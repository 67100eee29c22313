#include <ocds/io/http_client.hpp>

#include <ocds/core/files.hpp>
#include <ocds/core/version.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include <unistd.h>

namespace ocds {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

std::string percent_decoded(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
        text.replace(at, what.size(), with);
    }
}

/// How one try ended, from perform().
struct Try {
    bool answered = false; ///< an HTTP answer arrived (any status)
    bool retryable = true; ///< a network failure worth another try
    bool too_large = false;
    std::string failure; ///< why not, when not answered
};

} // namespace

struct HttpClient::Impl {
    HttpSettings settings;
    HttpCredentials credentials;
    CURL* curl = nullptr;
    std::uint64_t requests = 0;

    // The request in flight, for the callbacks.
    FILE* file = nullptr;
    HttpResponse* response = nullptr;
    std::uint64_t limit = 0;     ///< the body's largest allowed size (0: none)
    std::uint64_t resume_at = 0; ///< bytes of the file there before this try
    std::uint64_t received = 0;  ///< bytes of the body so far (counting resume_at)
    bool checked = false;        ///< the first bytes of the body were looked at
    std::string stop_reason;     ///< our own reason to stop the transfer
    bool stop_too_large = false;
    std::string what; ///< "GET https://host/x", for the waiting callback
    Clock::time_point last_progress;
    Clock::time_point deadline = Clock::time_point::max();
    Clock::time_point last_report;
    curl_off_t moved = 0; ///< bytes up and down last seen by the progress callback

    std::string redact(std::string message) const {
        std::vector<std::string> secrets = credentials.other_secrets;
        secrets.push_back(credentials.password);
        for (const auto& secret : secrets) {
            // Shorter strings would garble every message; they are never put in one anyway.
            if (secret.size() >= 3) {
                replace_all(message, secret, "***");
                replace_all(message, percent_encoded(secret, false), "***");
            }
        }
        return without_url_credentials(std::move(message));
    }

    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
        auto& self = *static_cast<Impl*>(user);
        const std::size_t bytes = size * count;
        long status = 0;
        curl_easy_getinfo(self.curl, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 300) {
            // An error page: enough of it for its message, never into the downloaded file.
            if (self.response->body.size() < (1 << 16)) {
                self.response->body.append(data, std::min<std::size_t>(bytes, (1 << 16) - self.response->body.size()));
            }
            return bytes;
        }
        if (self.file && !self.checked) {
            self.checked = true;
            if (status == 200 && self.resume_at > 0) {
                // The whole file came, not the rest asked for: start the partial file again.
                if (std::fflush(self.file) != 0 || ::ftruncate(::fileno(self.file), 0) != 0) {
                    self.stop_reason = "cannot start the partial file again";
                    return 0;
                }
                std::rewind(self.file);
                self.received = 0;
            }
        }
        if (self.limit > 0 && self.received + bytes > self.limit) {
            self.stop_reason = "the server sent more than the " + std::to_string(self.limit) + " bytes expected";
            self.stop_too_large = true;
            return 0; // libcurl stops with CURLE_WRITE_ERROR
        }
        self.received += bytes;
        if (!self.file) {
            self.response->body.append(data, bytes);
            return bytes;
        }
        return std::fwrite(data, 1, bytes, self.file);
    }

    static int on_progress(void* user, curl_off_t, curl_off_t downloaded, curl_off_t, curl_off_t uploaded) {
        auto& self = *static_cast<Impl*>(user);
        const auto now = Clock::now();
        if (downloaded + uploaded != self.moved) {
            self.moved = downloaded + uploaded;
            self.last_progress = now;
        }
        const double silent = seconds_between(self.last_progress, now);
        if (silent > self.settings.stall_timeout) {
            self.stop_reason =
                "nothing moved for " + std::to_string(static_cast<long>(self.settings.stall_timeout)) + " s";
            return 1;
        }
        if (now > self.deadline) {
            self.stop_reason =
                "not done within " + std::to_string(static_cast<long>(self.settings.total_timeout)) + " s";
            return 1;
        }
        if (self.settings.on_wait && silent >= 5 && seconds_between(self.last_report, now) >= 1) {
            self.last_report = now;
            self.settings.on_wait(self.what, silent, self.settings.stall_timeout);
        }
        return 0;
    }

    Try perform(const HttpRequest& request, HttpResponse& answer) {
        ++requests;
        curl_easy_reset(curl);
        char error_buffer[CURL_ERROR_SIZE] = {0};
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
        curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, settings.connect_timeout);
        const char* protocols = settings.https_only ? "https" : "http,https";
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols);
        curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
        if (settings.follow_redirects) {
            curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
            curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
        }
        static const std::string agent = std::string("ocds/") + version_string;
        curl_easy_setopt(curl, CURLOPT_USERAGENT, agent.c_str());
        if (settings.insecure) {
            curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
        }
        if (settings.limit_rate > 0) {
            curl_easy_setopt(curl, CURLOPT_MAX_SEND_SPEED_LARGE, static_cast<curl_off_t>(settings.limit_rate));
            curl_easy_setopt(curl, CURLOPT_MAX_RECV_SPEED_LARGE, static_cast<curl_off_t>(settings.limit_rate));
        }
        if (!credentials.user.empty()) {
            curl_easy_setopt(curl, CURLOPT_USERNAME, credentials.user.c_str());
            curl_easy_setopt(curl, CURLOPT_PASSWORD, credentials.password.c_str());
        } else if (credentials.netrc) {
            curl_easy_setopt(curl, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
        }
        if (!credentials.aws_sigv4.empty()) {
            curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, credentials.aws_sigv4.c_str());
        }
        curl_slist* headers = nullptr;
        for (const auto& header : request.headers) {
            headers = curl_slist_append(headers, header.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        FILE* upload = nullptr;
        if (request.method == "PUT") {
            upload = std::fopen(request.upload_file.c_str(), "rb");
            if (!upload) {
                curl_slist_free_all(headers);
                throw io_error(system_message("cannot read", request.upload_file, errno));
            }
            curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(curl, CURLOPT_READDATA, upload);
            curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(file_size(request.upload_file)));
        } else if (request.method == "HEAD") {
            curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
        } else if (request.method != "GET") {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        }
        file = nullptr;
        resume_at = 0;
        std::string range;
        if (!request.download_file.empty()) {
            file = std::fopen(request.download_file.c_str(), "ab+");
            if (!file) {
                curl_slist_free_all(headers);
                if (upload) {
                    std::fclose(upload);
                }
                throw io_error(system_message("cannot write", request.download_file, errno));
            }
            std::fseek(file, 0, SEEK_END);
            resume_at = static_cast<std::uint64_t>(std::ftell(file));
            if (resume_at > 0) {
                range = std::to_string(resume_at) + "-";
                curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
            }
        }
        response = &answer;
        limit = request.max_size > 0 ? request.max_size : file ? 0 : settings.max_body;
        if (!file && limit > 0) {
            // A server that announces more than the limit is refused before it sends anything.
            curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limit));
        }
        received = resume_at;
        checked = false;
        stop_reason.clear();
        stop_too_large = false;
        moved = 0;
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Impl::on_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, this);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &Impl::on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, this);

        const CURLcode code = curl_easy_perform(curl);
        curl_slist_free_all(headers);
        if (upload) {
            std::fclose(upload);
        }
        bool written = true;
        if (file) {
            written = std::fclose(file) == 0;
            file = nullptr;
        }
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
        Try result;
        if (!written) {
            throw io_error(system_message("cannot write", request.download_file, errno));
        }
        if (code == CURLE_FILESIZE_EXCEEDED || stop_too_large) {
            result.too_large = true;
            result.retryable = false;
            result.failure = stop_too_large
                                 ? stop_reason
                                 : "the server announced more than the " + std::to_string(limit) + " bytes expected";
            return result;
        }
        if (code != CURLE_OK) {
            result.failure = !stop_reason.empty() ? stop_reason
                             : error_buffer[0]    ? error_buffer
                                                  : curl_easy_strerror(code);
            // A refused protocol or a malformed URL will not get better.
            result.retryable = code != CURLE_UNSUPPORTED_PROTOCOL && code != CURLE_URL_MALFORMAT &&
                               code != CURLE_TOO_MANY_REDIRECTS && code != CURLE_LOGIN_DENIED;
            return result;
        }
        result.answered = true;
        return result;
    }
};

HttpClient::HttpClient(HttpSettings settings, HttpCredentials credentials) : m_impl(std::make_unique<Impl>()) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_impl->settings = std::move(settings);
    m_impl->credentials = std::move(credentials);
    m_impl->curl = curl_easy_init();
    if (!m_impl->curl) {
        throw transfer_error("cannot start libcurl");
    }
}

HttpClient::~HttpClient() {
    curl_easy_cleanup(m_impl->curl);
}

std::uint64_t HttpClient::requests() const noexcept {
    return m_impl->requests;
}

std::string HttpClient::redact(const std::string& message) const {
    return m_impl->redact(message);
}

HttpResponse HttpClient::send(const HttpRequest& request) {
    Impl& self = *m_impl;
    const auto start = Clock::now();
    self.what = request.method + " " + self.redact(request.url);
    self.last_progress = start;
    self.last_report = start;
    self.deadline = self.settings.total_timeout > 0
                        ? start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(self.settings.total_timeout))
                        : Clock::time_point::max();
    double pause = self.settings.backoff;
    for (unsigned attempt = 0;; ++attempt) {
        HttpResponse response;
        Try result = self.perform(request, response);
        const bool retry_status =
            result.answered && (response.status >= 500 || response.status == 408 || response.status == 429);
        if (result.answered && !retry_status) {
            return response;
        }
        if (result.answered) {
            const std::string body = response.body.substr(0, std::min<std::size_t>(response.body.find('\n'), 200));
            result.failure = "HTTP " + std::to_string(response.status) + (body.empty() ? "" : ": " + body);
        }
        const std::string tries = attempt > 0 ? " (after " + std::to_string(attempt + 1) + " tries)" : "";
        if (result.too_large) {
            throw response_too_large(self.redact(self.what + ": " + result.failure));
        }
        // Another try only while it can still finish within the stall and total limits.
        const auto resume =
            Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(pause));
        const bool in_time =
            seconds_between(self.last_progress, resume) < self.settings.stall_timeout && resume < self.deadline;
        if (!result.retryable || attempt >= self.settings.retries || !in_time) {
            throw transfer_error(self.redact(self.what + ": " + result.failure + tries));
        }
        std::this_thread::sleep_until(resume);
        pause *= 2;
    }
}

std::string percent_encoded(const std::string& text, bool keep_slashes) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slashes && c == '/')) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 15];
        }
    }
    return out;
}

UrlCredentials split_url_credentials(const std::string& url) {
    UrlCredentials result;
    result.url = url;
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) {
        return result;
    }
    const std::size_t host_start = scheme + 3;
    const std::size_t end = std::min(url.find('?', host_start), url.find('#', host_start));
    const std::size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end - 1);
    if (at == std::string::npos || at < host_start) {
        return result;
    }
    const std::string user_information = url.substr(host_start, at - host_start);
    const std::size_t slash = user_information.find('/');
    if (slash != std::string::npos) {
        if (user_information.substr(0, slash).find(':') == std::string::npos) {
            return result; // "host/a@b": an '@' in the path
        }
        result.ambiguous = true; // "user:pa/ss@host" or "host:8080/a@b": hide it either way
    }
    const std::size_t colon = user_information.find(':');
    result.user = percent_decoded(user_information.substr(0, colon));
    result.password = colon == std::string::npos ? "" : percent_decoded(user_information.substr(colon + 1));
    result.url = url.substr(0, host_start) + url.substr(at + 1);
    result.present = true;
    return result;
}

std::string without_credentials(const std::string& url) {
    return split_url_credentials(url).url;
}

std::string without_url_credentials(std::string text) {
    for (std::size_t scheme = text.find("://"); scheme != std::string::npos; scheme = text.find("://", scheme + 3)) {
        std::size_t begin = scheme;
        while (begin > 0 && std::isalnum(static_cast<unsigned char>(text[begin - 1]))) {
            --begin;
        }
        std::size_t end = scheme + 3;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '\'' &&
               text[end] != '"' && text[end] != '<' && text[end] != '>') {
            ++end;
        }
        const std::string clean = without_credentials(text.substr(begin, end - begin));
        text.replace(begin, end - begin, clean);
        scheme = begin + clean.find("://");
    }
    return text;
}

} // namespace ocds
