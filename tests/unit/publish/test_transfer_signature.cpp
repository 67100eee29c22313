// How our S3 requests are signed (AWS Signature Version 4; libcurl's CURLOPT_AWS_SIGV4 computes
// it from what transfer.cpp gives it). The test S3 server (s3rver) checks the access key but not
// signatures, so this is where a wrong signature would show:
//  1. a verifier written here from AWS's specification must reproduce AWS's published examples
//     (the signing key of the documentation, the test suite's get-vanilla, S3's GET and PUT
//     Object examples);
//  2. S3 requests made through open_remote() are captured on a loopback socket, and each one's
//     Authorization header must be the verifier's for the request as it arrived: the method, the
//     path as sent, the signed headers' values, the region, the key; and the body must have the
//     SHA-256 the signature covers.

#include "helpers.hpp"

#include <ocds/core/sha256.hpp>
#include <ocds/publish/transfer.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// ---- The verifier, from AWS's "Create a signed AWS API request" (Signature Version 4) ----

std::string bytes_from_hex(const std::string& hex) {
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return bytes;
}

std::string hex_of(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (const char c : bytes) {
        hex += digits[static_cast<unsigned char>(c) >> 4];
        hex += digits[static_cast<unsigned char>(c) & 15];
    }
    return hex;
}

/// HMAC-SHA256 (RFC 2104) over the library's SHA-256, whose FIPS examples test_publication checks.
std::string hmac_sha256(std::string key, const std::string& message) {
    if (key.size() > 64) {
        key = bytes_from_hex(ocds::sha256_hex(key));
    }
    key.resize(64, '\0');
    std::string inner(64, '\0');
    std::string outer(64, '\0');
    for (std::size_t i = 0; i < 64; ++i) {
        inner[i] = static_cast<char>(key[i] ^ 0x36);
        outer[i] = static_cast<char>(key[i] ^ 0x5c);
    }
    return bytes_from_hex(ocds::sha256_hex(outer + bytes_from_hex(ocds::sha256_hex(inner + message))));
}

std::string signing_key(const std::string& secret, const std::string& day, const std::string& region,
                        const std::string& service) {
    return hmac_sha256(hmac_sha256(hmac_sha256(hmac_sha256("AWS4" + secret, day), region), service), "aws4_request");
}

/// An HTTP request as it arrived: header names lower-cased, in arrival order.
struct WireRequest {
    std::string method;
    std::string target; ///< path and query, as on the request line
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::string header(const std::string& name) const {
        for (const auto& [key, value] : headers) {
            if (key == name) {
                return value;
            }
        }
        return "";
    }
};

/// "GET /x HTTP/1.1\r\nName: value\r\n...\r\n\r\n" → WireRequest (no body).
WireRequest parse_head(const std::string& head) {
    WireRequest request;
    std::size_t line_end = head.find("\r\n");
    const std::string request_line = head.substr(0, line_end);
    const std::size_t first_space = request_line.find(' ');
    request.method = request_line.substr(0, first_space);
    request.target = request_line.substr(first_space + 1, request_line.rfind(' ') - first_space - 1);
    while (line_end != std::string::npos && line_end + 2 < head.size()) {
        const std::size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        const std::string line = head.substr(start, line_end - start);
        const std::size_t colon = line.find(':');
        if (line.empty() || colon == std::string::npos) {
            continue;
        }
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        request.headers.emplace_back(name, line.substr(colon + 1));
    }
    return request;
}

/// S3's canonical URI: each byte of the decoded path percent-encoded once, except the unreserved
/// characters and '/'.
std::string canonical_uri(const std::string& path) {
    std::string decoded;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size()) {
            decoded += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            decoded += path[i];
        }
    }
    std::string encoded;
    char escape[4];
    for (const char c : decoded) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            encoded += c;
        } else {
            std::snprintf(escape, sizeof escape, "%%%02X", byte);
            encoded += escape;
        }
    }
    return encoded;
}

/// A header value as signed: no blanks around it, runs of blanks as one space.
std::string canonical_value(const std::string& value) {
    std::string out;
    bool blank = false;
    for (const char c : value) {
        if (c == ' ' || c == '\t') {
            blank = !out.empty();
            continue;
        }
        if (blank) {
            out += ' ';
            blank = false;
        }
        out += c;
    }
    return out;
}

struct Key {
    std::string id;
    std::string secret;
};

/// The Authorization header AWS computes for `request`, signing the headers named in `signed_names`
/// (lower case); the payload hash is the x-amz-content-sha256 header's, else the body's.
std::string expected_authorization(const WireRequest& request, std::vector<std::string> signed_names, const Key& key,
                                   const std::string& region, const std::string& service) {
    std::sort(signed_names.begin(), signed_names.end());
    std::string headers;
    std::string names;
    for (const auto& name : signed_names) {
        headers += name + ":" + canonical_value(request.header(name)) + "\n";
        names += (names.empty() ? "" : ";") + name;
    }
    const std::size_t question = request.target.find('?');
    std::string query = question == std::string::npos ? "" : request.target.substr(question + 1);
    std::vector<std::string> parameters;
    for (std::size_t start = 0; !query.empty() && start <= query.size();) {
        std::size_t end = query.find('&', start);
        end = end == std::string::npos ? query.size() : end;
        std::string parameter = query.substr(start, end - start);
        parameters.push_back(parameter.find('=') == std::string::npos ? parameter + "=" : parameter);
        start = end + 1;
    }
    std::sort(parameters.begin(), parameters.end());
    query.clear();
    for (const auto& parameter : parameters) {
        query += (query.empty() ? "" : "&") + parameter;
    }
    const std::string payload_hash = request.header("x-amz-content-sha256").empty()
                                         ? ocds::sha256_hex(request.body)
                                         : canonical_value(request.header("x-amz-content-sha256"));
    const std::string canonical_request = request.method + "\n" + canonical_uri(request.target.substr(0, question)) +
                                          "\n" + query + "\n" + headers + "\n" + names + "\n" + payload_hash;
    const std::string timestamp = canonical_value(request.header("x-amz-date"));
    const std::string scope = timestamp.substr(0, 8) + "/" + region + "/" + service + "/aws4_request";
    const std::string string_to_sign =
        "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + ocds::sha256_hex(canonical_request);
    const std::string signature =
        hex_of(hmac_sha256(signing_key(key.secret, timestamp.substr(0, 8), region, service), string_to_sign));
    return "AWS4-HMAC-SHA256 Credential=" + key.id + "/" + scope + ", SignedHeaders=" + names +
           ", Signature=" + signature;
}

// ---- A loopback HTTP/1.1 server that records every request and answers 200 ----

class CapturingServer {
public:
    explicit CapturingServer(std::string get_body) : m_get_body(std::move(get_body)) {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        REQUIRE(::bind(m_listener, reinterpret_cast<sockaddr*>(&address), length) == 0);
        REQUIRE(::listen(m_listener, 8) == 0);
        REQUIRE(::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~CapturingServer() {
        m_stop = true;
        m_thread.join();
        ::close(m_listener);
    }
    CapturingServer(const CapturingServer&) = delete;
    CapturingServer& operator=(const CapturingServer&) = delete;

    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    std::vector<WireRequest> requests() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_requests;
    }

private:
    /// One connection at a time (one Remote is one connection), until the destructor.
    void serve() {
        while (!m_stop) {
            pollfd listening{m_listener, POLLIN, 0};
            if (::poll(&listening, 1, 50) != 1) {
                continue;
            }
            const int connection = ::accept(m_listener, nullptr, nullptr);
            if (connection >= 0) {
                answer_all(connection);
                ::close(connection);
            }
        }
    }

    /// Reads up to `size` more bytes into `buffer`; false when the peer closed or we stop.
    bool receive(int connection, std::string& buffer) {
        while (!m_stop) {
            pollfd readable{connection, POLLIN, 0};
            if (::poll(&readable, 1, 50) != 1) {
                continue;
            }
            char chunk[4096];
            const ssize_t got = ::recv(connection, chunk, sizeof chunk, 0);
            if (got <= 0) {
                return false;
            }
            buffer.append(chunk, static_cast<std::size_t>(got));
            return true;
        }
        return false;
    }

    void answer_all(int connection) {
        std::string buffer;
        for (;;) {
            std::size_t head_end;
            while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
                if (!receive(connection, buffer)) {
                    return;
                }
            }
            WireRequest request = parse_head(buffer.substr(0, head_end + 4));
            buffer.erase(0, head_end + 4);
            if (canonical_value(request.header("expect")) == "100-continue") {
                send_all(connection, "HTTP/1.1 100 Continue\r\n\r\n");
            }
            const std::string length_header = canonical_value(request.header("content-length"));
            const std::size_t length = length_header.empty() ? 0 : std::stoul(length_header);
            while (buffer.size() < length) {
                if (!receive(connection, buffer)) {
                    return;
                }
            }
            request.body = buffer.substr(0, length);
            buffer.erase(0, length);
            const std::string body = request.method == "GET" ? m_get_body : "";
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_requests.push_back(std::move(request));
            }
            send_all(connection,
                     "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        }
    }

    static void send_all(int connection, const std::string& data) {
        for (std::size_t sent = 0; sent < data.size();) {
            const ssize_t wrote = ::send(connection, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (wrote <= 0) {
                return;
            }
            sent += static_cast<std::size_t>(wrote);
        }
    }

    std::string m_get_body;
    int m_listener = -1;
    unsigned short m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<WireRequest> m_requests;
};

/// The header names SignedHeaders lists in `authorization`.
std::vector<std::string> signed_names_of(const std::string& authorization) {
    const std::string label = "SignedHeaders=";
    const std::size_t start = authorization.find(label);
    if (start == std::string::npos) {
        return {};
    }
    const std::string list =
        authorization.substr(start + label.size(), authorization.find(',', start) - start - label.size());
    std::vector<std::string> names;
    for (std::size_t from = 0; from <= list.size();) {
        const std::size_t end = std::min(list.find(';', from), list.size());
        names.push_back(list.substr(from, end - from));
        from = end + 1;
    }
    return names;
}

/// Seconds between an x-amz-date (20130524T000000Z) and now.
double seconds_from_now(const std::string& amz_date) {
    std::tm parts{};
    if (!::strptime(amz_date.c_str(), "%Y%m%dT%H%M%SZ", &parts)) {
        return 1e9;
    }
    return std::difftime(::timegm(&parts), std::time(nullptr));
}

const Key documentation_key{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
const Key test_suite_key{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};

} // namespace

TEST_CASE("SigV4 verifier: AWS's published signing key and signatures") {
    // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference).
    CHECK(hex_of(signing_key(test_suite_key.secret, "20150830", "us-east-1", "iam")) ==
          "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    // RFC 4231 test case 2: the HMAC underneath.
    CHECK(hex_of(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

    // The Signature Version 4 test suite, get-vanilla.
    const WireRequest vanilla = parse_head("GET / HTTP/1.1\r\nHost:example.amazonaws.com\r\n"
                                           "X-Amz-Date:20150830T123600Z\r\n\r\n");
    CHECK(expected_authorization(vanilla, {"host", "x-amz-date"}, test_suite_key, "us-east-1", "service") ==
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
          "SignedHeaders=host;x-amz-date, "
          "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

    // Amazon S3's examples ("Signature Calculations for the Authorization Header"): GET Object.
    const std::string empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const WireRequest get_object = parse_head("GET /test.txt HTTP/1.1\r\nHost: examplebucket.s3.amazonaws.com\r\n"
                                              "Range: bytes=0-9\r\nx-amz-content-sha256:" +
                                              empty_hash + "\r\nx-amz-date: 20130524T000000Z\r\n\r\n");
    CHECK(expected_authorization(get_object, {"host", "range", "x-amz-content-sha256", "x-amz-date"}, documentation_key,
                                 "us-east-1", "s3") ==
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
          "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
          "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

    // PUT Object: a key with '$', which the canonical URI encodes once (%24).
    WireRequest put_object = parse_head("PUT /test$file.text HTTP/1.1\r\nHost: examplebucket.s3.amazonaws.com\r\n"
                                        "Date: Fri, 24 May 2013 00:00:00 GMT\r\nx-amz-date: 20130524T000000Z\r\n"
                                        "x-amz-storage-class: REDUCED_REDUNDANCY\r\n\r\n");
    put_object.body = "Welcome to Amazon S3.";
    CHECK(ocds::sha256_hex(put_object.body) == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
    put_object.headers.emplace_back("x-amz-content-sha256", ocds::sha256_hex(put_object.body));
    CHECK(expected_authorization(put_object,
                                 {"date", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-storage-class"},
                                 documentation_key, "us-east-1", "s3") ==
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
          "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
          "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");

    // GET Bucket (List Objects): the query, sorted.
    const WireRequest list = parse_head("GET /?prefix=J&max-keys=2 HTTP/1.1\r\nHost: examplebucket.s3.amazonaws.com\r\n"
                                        "x-amz-date: 20130524T000000Z\r\nx-amz-content-sha256: " +
                                        empty_hash + "\r\n\r\n");
    CHECK(expected_authorization(list, {"host", "x-amz-content-sha256", "x-amz-date"}, documentation_key, "us-east-1",
                                 "s3") ==
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
          "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
          "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST_CASE("S3 transfers: every request is signed as AWS verifies it (captured on a loopback socket)") {
    test::TempDir dir;
    const std::string latest = R"({"manifest": "v/20240927T190000Z/manifest.json"})";
    CapturingServer server(latest);

    ocds::TransferSettings settings;
    settings.endpoint = server.endpoint();
    settings.access_key = documentation_key.id;
    settings.secret_key = documentation_key.secret;
    settings.region = "eu-west-3";
    settings.retries = 0;
    std::string session_token;
    SUBCASE("long-term key") {}
    SUBCASE("temporary credentials: the session token is signed too") {
        session_token = "FwoGZXIvYXdzEJr//////////wEaDOpd+example/token=";
        settings.session_token = session_token;
    }

    // A key with what a publication's paths may hold beyond [A-Za-z0-9]: '-', '_', '.', '~', a
    // space, '+', '(', '=', and UTF-8 (a project's title in Spanish).
    const std::string odd_path = "v/20240927T190000Z/año 2024/obra+parque (1)=~_-.json";
    const std::string body = R"({"title": "Parque Clouthier"})";
    const std::string local = dir.write("upload.json", body);
    {
        std::unique_ptr<ocds::Remote> remote = ocds::open_remote("s3://pub/ocds", settings);
        remote->put(odd_path, local, ocds::sha256_hex(body));
        remote->put("latest.json", dir.write("latest.json", latest), ocds::sha256_hex(latest));
        CHECK(remote->get("latest.json") == latest);
        const std::string part = dir.write("part", latest.substr(0, 10)); // a resumed download (Range)
        remote->download("latest.json", part, latest.size());
    }

    const std::vector<WireRequest> requests = server.requests();
    REQUIRE(requests.size() == 4);
    CHECK(requests[0].method == "PUT");
    CHECK(requests[0].target == "/pub/ocds/v/20240927T190000Z/a%C3%B1o%202024/obra%2Bparque%20%281%29%3D~_-.json");
    CHECK(requests[0].body == body);
    CHECK(requests[2].method == "GET");
    CHECK(canonical_value(requests[3].header("range")) == "bytes=10-");
    for (const WireRequest& request : requests) {
        CAPTURE(request.method);
        CAPTURE(request.target);
        const std::string authorization = canonical_value(request.header("authorization"));
        const std::vector<std::string> names = signed_names_of(authorization);
        // S3 wants the host, the date, the payload's hash and every x-amz-* header signed.
        for (const auto& [name, value] : request.headers) {
            if (name == "host" || name.rfind("x-amz-", 0) == 0) {
                CHECK(std::count(names.begin(), names.end(), name) == 1);
            }
        }
        CHECK(canonical_value(request.header("x-amz-content-sha256")) == ocds::sha256_hex(request.body));
        CHECK(canonical_value(request.header("x-amz-security-token")) == session_token);
        CHECK(std::abs(seconds_from_now(canonical_value(request.header("x-amz-date")))) < 900);
        CHECK(authorization == expected_authorization(request, names, documentation_key, "eu-west-3", "s3"));
        // The check can fail: another secret gives another signature.
        CHECK(authorization !=
              expected_authorization(request, names, {documentation_key.id, "another secret"}, "eu-west-3", "s3"));
    }
}
