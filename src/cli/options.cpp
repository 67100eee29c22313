#include "options.hpp"

#include <ocds/core/string_formats.hpp>
#include <ocds/core/files.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <regex>

#include <unistd.h>

namespace ocds::cli {

void InputOptions::add_to(po::options_description& visible, po::positional_options_description& positional,
                          po::options_description& hidden) {
    po::options_description input("Input options");
    // clang-format off
    input.add_options()
        ("max-depth", po::value<std::size_t>(&read.max_depth)->default_value(read.max_depth)->value_name("N"),
         "reject arrays and objects nested deeper than N")
        ("max-token-bytes", po::value<std::uint64_t>(&read.max_token_bytes)->default_value(read.max_token_bytes)->value_name("N"),
         "reject a string (or whitespace run) longer than N bytes")
        ("max-number-length", po::value<std::size_t>(&read.max_number_length)->default_value(read.max_number_length)->value_name("N"),
         "reject a number written with more than N characters");
    // clang-format on
    visible.add(input);
    // clang-format off
    hidden.add_options()("input-filenames", po::value<std::vector<std::string>>(&files), "input files");
    // clang-format on
    positional.add("input-filenames", -1);
}

std::vector<std::string> InputOptions::paths() const {
    return files.empty() ? std::vector<std::string>{"-"} : files;
}

std::vector<std::string> InputOptions::paths_to_read(const char* command, bool quiet) const {
    auto list = paths(); // not const: returned by move
    const bool reads_terminal = std::find(list.begin(), list.end(), "-") != list.end() && ::isatty(STDIN_FILENO);
    if (reads_terminal && !quiet && ::isatty(STDERR_FILENO)) {
        std::cerr << "ocds " << command
                  << ": reading standard input (type or paste the data, then Ctrl-D; or give a FILE)\n";
    }
    return list;
}

void OutputSettings::add_to(po::options_description& visible, bool numbered) {
    po::options_description output("Output options");
    // clang-format off
    output.add_options()
        ("output,o", po::value<std::string>(&path)->value_name("FILE"),
         numbered ? "write to FILE (default: standard output); '{n}' in FILE writes each package to its own "
                    "file, numbered from 1; a name ending in .gz is gzip-compressed"
                  : "write to FILE (default: standard output); a name ending in .gz is gzip-compressed")
        ("overwrite,O", po::bool_switch(&options.overwrite), "replace existing output files")
        ("fsync", po::bool_switch(&options.fsync), "fsync output files before they replace anything")
        ("indent", po::value<int>(&indent)->default_value(0)->value_name("N"),
         "pretty-print with N spaces (default: one compact JSON value per line)");
    // clang-format on
    visible.add(output);
}

void OutputSettings::check() const {
    if (indent < 0 || indent > 16) {
        throw usage_error("--indent must be between 0 and 16");
    }
}

void check_now(std::string& now) {
    if (now.empty()) {
        now = utc_now();
    }
    if (!is_date_time(now)) {
        throw usage_error("--now '" + now + "' is not an RFC 3339 date-time such as 2024-03-01T12:00:00Z");
    }
}

void add_transfer_options(po::options_description& visible, TransferSettings& settings, bool uploads) {
    po::options_description transfer(
        "Connection (credentials are better kept in the --config file, the environment or ~/.netrc)");
    // clang-format off
    transfer.add_options()
        ("user", po::value<std::string>(&settings.user)->value_name("NAME"),
         "HTTP user (else OCDS_USER, else ~/.netrc for the host)")
        ("password", po::value<std::string>(&settings.password)->value_name("SECRET"),
         "HTTP password: in the --config file or OCDS_PASSWORD, not on the command line")
        ("access-key-id", po::value<std::string>(&settings.access_key)->value_name("ID"), "S3 key id (else AWS_ACCESS_KEY_ID)")
        ("secret-access-key", po::value<std::string>(&settings.secret_key)->value_name("SECRET"),
         "S3 secret: in the --config file or AWS_SECRET_ACCESS_KEY")
        ("region", po::value<std::string>(&settings.region)->default_value("us-east-1")->value_name("REGION"),
         "S3 region (else AWS_REGION)")
        ("endpoint", po::value<std::string>(&settings.endpoint)->value_name("URL"),
         "S3-compatible endpoint, e.g. https://storage.example.org (default: AWS)")
        ("insecure", po::bool_switch(&settings.insecure), "do not verify TLS certificates (a test server)")
        ("retries", po::value<unsigned>(&settings.retries)->default_value(4)->value_name("N"),
         "retries of a request after a network error or a 5xx answer, with a doubling pause")
        ("timeout", po::value<double>()->default_value(60, "60")->value_name("SECONDS"),
         "a request that moves nothing for this long, over all its tries, fails")
        ("limit-rate", po::value<std::uint64_t>(&settings.limit_rate)->default_value(0)->value_name("BYTES"),
         uploads ? "bytes per second per connection (0: no limit), to spare a shared uplink"
                 : "bytes per second per connection (0: no limit)");
    // clang-format on
    visible.add(transfer);
}

void finish_transfer_options(TransferSettings& settings, double timeout, const std::string& command) {
    if (timeout < 1 || timeout > 3600) {
        throw usage_error("--timeout must be between 1 and 3600 seconds");
    }
    if (settings.retries > 20) {
        throw usage_error("--retries must be at most 20");
    }
    settings.stall_timeout = timeout;
    settings.connect_timeout = std::min(static_cast<long>(timeout), 30L);
    read_credentials_from_environment(settings);
    if (settings.insecure) {
        // Every run, wherever it was turned off (the command line or any section of --config).
        std::cerr << "ocds " << command << ": warning: TLS certificates are not verified (--insecure or insecure = "
                  << "true): anyone between here and the server can read and change what is sent\n";
    }
    // A silent server is named while the transfer waits for it: at 5 s, then every 10 s.
    settings.on_wait = [command](const std::string& what, double waited, double gives_up_at) {
        static std::mutex mutex;
        static std::string last;
        const long seconds = static_cast<long>(waited);
        const std::string line = "ocds " + command + ": waiting for " + what + ": nothing for " +
                                 std::to_string(seconds) + " s (gives up at " +
                                 std::to_string(static_cast<long>(gives_up_at)) + " s)";
        std::lock_guard<std::mutex> lock(mutex);
        if (seconds % 10 == 5 && line != last) {
            last = line;
            std::cerr << line << '\n';
        }
    };
}

void add_package_options(po::options_description& visible, bool with_content_options) {
    po::options_description package("Package metadata (default: taken from the input packages)");
    // clang-format off
    package.add_options()
        ("uri", po::value<std::string>()->value_name("URI"), "the package's URI; '{n}' is replaced by its number")
        ("published-date", po::value<std::string>()->value_name("DATE"),
         "publishedDate, RFC 3339 (default: the latest input package's, else now)")
        ("publisher-name", po::value<std::string>()->value_name("NAME"), "publisher.name")
        ("publisher-scheme", po::value<std::string>()->value_name("SCHEME"), "publisher.scheme, e.g. MX-RFC")
        ("publisher-uid", po::value<std::string>()->value_name("UID"), "publisher.uid")
        ("publisher-uri", po::value<std::string>()->value_name("URI"), "publisher.uri")
        ("license", po::value<std::string>()->value_name("URL"), "license, e.g. https://creativecommons.org/licenses/by/4.0/")
        ("publication-policy", po::value<std::string>()->value_name("URL"), "publicationPolicy");
    // clang-format on
    if (with_content_options) {
        // clang-format off
        package.add_options()
        ("ocds-version", po::value<std::string>()->value_name("X.Y"), "version (default: the input's, else 1.1)")
        ("extension", po::value<std::vector<std::string>>()->value_name("URL"),
         "an extension.json URL for the extensions list (repeatable; replaces the input's)");
        // clang-format on
    }
    visible.add(package);
}

namespace {

std::optional<std::string> optional_string(const po::variables_map& values, const char* name) {
    if (!values.count(name)) {
        return std::nullopt;
    }
    return values[name].as<std::string>();
}

} // namespace

PackageSettings read_package_options(const po::variables_map& values) {
    PackageSettings settings;
    settings.uri = optional_string(values, "uri");
    settings.published_date = optional_string(values, "published-date");
    settings.version = optional_string(values, "ocds-version");
    settings.publisher_name = optional_string(values, "publisher-name");
    settings.publisher_scheme = optional_string(values, "publisher-scheme");
    settings.publisher_uid = optional_string(values, "publisher-uid");
    settings.publisher_uri = optional_string(values, "publisher-uri");
    settings.license = optional_string(values, "license");
    settings.publication_policy = optional_string(values, "publication-policy");
    if (values.count("extension")) {
        settings.extensions = values["extension"].as<std::vector<std::string>>();
    }
    static const std::regex rfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
    if (settings.published_date && !std::regex_match(*settings.published_date, rfc3339)) {
        throw usage_error("--published-date '" + *settings.published_date +
                          "' is not an RFC 3339 date-time such as 2024-02-15T10:00:00-06:00");
    }
    static const std::regex version(R"(\d+\.\d+)");
    if (settings.version && !std::regex_match(*settings.version, version)) {
        throw usage_error("--ocds-version '" + *settings.version + "' must be major.minor, such as 1.1");
    }
    return settings;
}

} // namespace ocds::cli
