#include <ocds/schema/codelists.hpp>

#include <ocds/core/error.hpp>
#include <ocds/schema/bundled_schemas.hpp>
#include <ocds/core/files.hpp>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>

namespace ocds {

namespace {

/// Splits CSV text into rows of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    bool any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            if (any || !field.empty()) {
                rows.back().push_back(std::move(field));
                rows.emplace_back();
            }
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !field.empty()) {
        rows.back().push_back(std::move(field));
    }
    if (rows.back().empty()) {
        rows.pop_back();
    }
    return rows;
}

Location location_of(const std::string& path) {
    Location location;
    location.file = path;
    return location;
}

} // namespace

Codelist read_codelist(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw io_error(system_message("cannot open codelist", path, errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto rows = parse_csv(text.str());
    if (rows.empty()) {
        throw data_error(location_of(path), "the codelist is empty");
    }
    const auto& header = rows.front();
    const auto code_column = std::find(header.begin(), header.end(), "Code") - header.begin();
    const auto deprecated_column = std::find(header.begin(), header.end(), "Deprecated") - header.begin();
    if (static_cast<std::size_t>(code_column) == header.size()) {
        throw data_error(location_of(path), "the codelist has no Code column");
    }
    Codelist list;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        if (static_cast<std::size_t>(code_column) >= row.size() || row[code_column].empty()) {
            continue;
        }
        list.codes.insert(row[code_column]);
        if (static_cast<std::size_t>(deprecated_column) < row.size() && !row[deprecated_column].empty()) {
            list.deprecated[row[code_column]] = row[deprecated_column];
        }
    }
    return list;
}

void Codelists::add_folder(const std::string& dir) {
    std::vector<std::string> names;
    try {
        names = list_directory(dir);
    } catch (const io_error&) {
        return; // an unreadable folder adds no codelist, as a missing one
    }
    for (const auto& name : names) {
        if (name.size() <= 4 || name.compare(name.size() - 4, 4, ".csv") != 0) {
            continue;
        }
        try {
            m_lists[name] = read_codelist(dir + "/" + name);
        } catch (const data_error&) {
            // Not a codelist of codes (1.0.3 ships identifier registries beside its codelists).
        }
    }
}

void Codelists::add_extension(const std::string& extension_dir, const std::vector<std::string>& files) {
    for (const auto& file : files) {
        if (file.empty()) {
            continue;
        }
        const std::string path = extension_dir + "/codelists/" + file;
        Codelist read = read_codelist(path);
        if (file[0] == '+') {
            auto& target = m_lists[file.substr(1)];
            target.codes.insert(read.codes.begin(), read.codes.end());
            target.deprecated.insert(read.deprecated.begin(), read.deprecated.end());
        } else if (file[0] == '-') {
            auto& target = m_lists[file.substr(1)];
            for (const auto& code : read.codes) {
                target.codes.erase(code);
            }
        } else {
            m_lists[file] = std::move(read);
        }
    }
}

const Codelist* Codelists::find(const std::string& name) const {
    const auto found = m_lists.find(name);
    return found == m_lists.end() ? nullptr : &found->second;
}

} // namespace ocds
