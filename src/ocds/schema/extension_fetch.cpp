#include <ocds/schema/extension_fetch.hpp>

#include <ocds/core/error.hpp>
#include <ocds/io/http_client.hpp>
#include <ocds/io/reader.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace ocds {

namespace {

bool make_dirs(const std::string& path) {
    std::size_t at = 0;
    while ((at = path.find('/', at + 1)) != std::string::npos) {
        ::mkdir(path.substr(0, at).c_str(), 0755);
    }
    return ::mkdir(path.c_str(), 0755) == 0 || errno == EEXIST;
}

bool write_file(const std::string& path, const std::string& body) {
    std::ofstream out(path, std::ios::binary);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    return static_cast<bool>(out.flush());
}

void remove_tree(const std::string& dir, const std::vector<std::string>& files) {
    for (const auto& file : files) {
        ::unlink((dir + "/" + file).c_str());
    }
    ::rmdir((dir + "/codelists").c_str());
    ::rmdir(dir.c_str());
}

/// A relative file name from extension.json that stays inside the extension's folder.
bool safe_name(const std::string& name) {
    return !name.empty() && name.find('/') == std::string::npos && name.find('\\') == std::string::npos &&
           name != "." && name != "..";
}

} // namespace

std::string fetch_url(const std::string& url, std::string& body, const FetchLimits& limits) {
    body.clear();
    if (url.rfind("https://", 0) != 0) {
        return "only https:// URLs are fetched";
    }
    HttpSettings settings;
    settings.connect_timeout = limits.connect_timeout_seconds;
    settings.total_timeout = static_cast<double>(limits.total_timeout_seconds);
    settings.stall_timeout = static_cast<double>(limits.total_timeout_seconds);
    settings.retries = 0;
    settings.https_only = true;
    settings.follow_redirects = true;
    settings.max_body = limits.max_bytes;
    try {
        HttpClient client(settings);
        HttpRequest request;
        request.url = url;
        HttpResponse response = client.send(request);
        if (response.status != 200) {
            return "the server answered HTTP " + std::to_string(response.status);
        }
        body = std::move(response.body);
        return {};
    } catch (const response_too_large&) {
        return "larger than " + std::to_string(limits.max_bytes) + " bytes";
    } catch (const transfer_error& failure) {
        return std::string("download failed: ") + failure.what();
    }
}

std::string fetch_extension(const std::string& url, const ExtensionSources& sources, const FetchLimits& limits) {
    if (!find_extension_dir(url, sources).empty()) {
        return {};
    }
    if (sources.extensions_dir.empty()) {
        return "no folder to keep downloaded extensions in";
    }
    if (url.size() < 15 || url.compare(url.size() - 15, 15, "/extension.json") != 0) {
        return "the URL does not end in /extension.json";
    }
    // The folder name find_extension_dir() expects: <repository>_<ref> from .../<repository>/<ref>/extension.json.
    const std::string base = url.substr(0, url.size() - 14);
    const auto ref_start = base.rfind('/', base.size() - 2);
    const auto repository_start = ref_start == std::string::npos ? std::string::npos : base.rfind('/', ref_start - 1);
    if (repository_start == std::string::npos) {
        return "the URL has no repository and version in its path";
    }
    const std::string ref = base.substr(ref_start + 1, base.size() - ref_start - 2);
    const std::string repository = base.substr(repository_start + 1, ref_start - repository_start - 1);
    if (!safe_name(ref) || !safe_name(repository)) {
        return "the URL's repository or version is not a usable folder name";
    }

    std::string body;
    if (std::string problem = fetch_url(url, body, limits); !problem.empty()) {
        return "extension.json: " + problem;
    }
    Value metadata;
    const std::string scratch = sources.extensions_dir + "/.download-" + std::to_string(::getpid());
    std::vector<std::string> written;
    if (!make_dirs(scratch + "/codelists")) {
        return "cannot create " + scratch;
    }
    const auto fail = [&](const std::string& why) {
        remove_tree(scratch, written);
        return why;
    };
    if (!write_file(scratch + "/extension.json", body)) {
        return fail("cannot write into " + scratch);
    }
    written.push_back("extension.json");
    try {
        metadata = read_json_file(scratch + "/extension.json");
    } catch (const ocds::error& e) {
        return fail(std::string("extension.json is not JSON: ") + e.what());
    }
    std::vector<std::string> files;
    if (const Value* schemas = metadata.find("schemas"); schemas && schemas->is_array()) {
        for (const auto& name : schemas->as_array()) {
            if (name.is_string()) {
                files.push_back(name.as_string());
            }
        }
    } else {
        files.push_back("release-schema.json"); // older extensions do not list their patches
    }
    if (const Value* codelists = metadata.find("codelists"); codelists && codelists->is_array()) {
        for (const auto& name : codelists->as_array()) {
            if (name.is_string()) {
                files.push_back("codelists/" + name.as_string());
            }
        }
    }
    for (const auto& file : files) {
        const auto slash = file.find('/');
        const std::string leaf = slash == std::string::npos ? file : file.substr(slash + 1);
        if (!safe_name(leaf) || (slash != std::string::npos && file.compare(0, slash, "codelists") != 0)) {
            return fail("extension.json lists a file outside the extension: " + file);
        }
        if (std::string problem = fetch_url(base + file, body, limits); !problem.empty()) {
            return fail(file + ": " + problem);
        }
        if (!write_file(scratch + "/" + file, body)) {
            return fail("cannot write into " + scratch);
        }
        written.push_back(file);
    }
    const std::string target = sources.extensions_dir + "/" + repository + "_" + ref;
    if (std::rename(scratch.c_str(), target.c_str()) != 0) {
        return fail(system_message("cannot move the download to", target, errno));
    }
    return {};
}

} // namespace ocds
