#pragma once

// Scratch files for tests: each TempDir is a fresh folder, removed with everything in it.

#include <ocds/io/reader.hpp>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include <dirent.h>
#include <ftw.h>
#include <unistd.h>
#include <zlib.h>

namespace test {

class TempDir {
public:
    TempDir() {
        std::string pattern = "/tmp/ocds-test-XXXXXX";
        m_path = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        ::nftw(
            m_path.c_str(), [](const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }, 16,
            FTW_DEPTH | FTW_PHYS);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string path(const std::string& name) const { return m_path + "/" + name; }
    const std::string& path() const { return m_path; }

    /// Writes `content` to `name` in this folder; returns the full path.
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(path(name), std::ios::binary) << content;
        return path(name);
    }

    /// The names of the files in this folder (hidden ones included).
    std::vector<std::string> files() const {
        std::vector<std::string> names;
        if (DIR* dir = ::opendir(m_path.c_str())) {
            while (const dirent* entry = ::readdir(dir)) {
                const std::string name = entry->d_name;
                if (name != "." && name != "..") {
                    names.push_back(name);
                }
            }
            ::closedir(dir);
        }
        return names;
    }

private:
    std::string m_path;
};

/// A gzip file's text (every member of it), its CRCs checked. @throws std::runtime_error
inline std::string gunzip_file(const std::string& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) {
        throw std::runtime_error("cannot open " + path);
    }
    std::string text;
    char buffer[1 << 14];
    int read = 0;
    while ((read = gzread(file, buffer, sizeof buffer)) > 0) {
        text.append(buffer, static_cast<std::size_t>(read));
    }
    int status = Z_OK;
    const std::string message = gzerror(file, &status);
    gzclose(file);
    if (read < 0 || status != Z_OK) {
        throw std::runtime_error(path + ": " + message);
    }
    return text;
}

inline std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    return content.str();
}

/// Parses one JSON value from text (through a scratch file, as the library reads files).
inline ocds::Value parse(const std::string& json) {
    TempDir dir;
    return ocds::read_json_file(dir.write("value.json", json));
}

/// Every entry a Reader yields for `path`.
inline std::vector<ocds::Entry> read_all(const std::string& path, ocds::ReadOptions options = {}) {
    ocds::Reader reader(path, options);
    std::vector<ocds::Entry> entries;
    while (auto entry = reader.next()) {
        entries.push_back(std::move(*entry));
    }
    return entries;
}

/// Only the items.
inline std::vector<ocds::Item> read_items(const std::string& path, ocds::ReadOptions options = {}) {
    std::vector<ocds::Item> items;
    for (auto& entry : read_all(path, options)) {
        if (auto* item = std::get_if<ocds::Item>(&entry)) {
            items.push_back(std::move(*item));
        }
    }
    return items;
}

} // namespace test
