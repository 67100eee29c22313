#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ocds {

/// The codes of one codelist CSV file, as read by its `Code` column.
struct Codelist {
    std::unordered_set<std::string> codes;
    std::unordered_map<std::string, std::string> deprecated; ///< code → the `Deprecated` column (a version)
};

/// Parses a codelist CSV (RFC 4180: quoted fields may hold commas, quotes and newlines) by its
/// header: the `Code` column need not be first.
/// @throws data_error when there is no `Code` column; io_error when the file cannot be read
Codelist read_codelist(const std::string& path);

/// Every codelist of a schema version with its extensions' codelists applied, by file name
/// ("tenderStatus.csv"): `+name.csv` adds codes, `-name.csv` removes codes, a plain name adds a
/// codelist or replaces the standard's.
class Codelists {
public:
    /// Reads DIR/*.csv (the standard's `codelists` folder).
    void add_folder(const std::string& dir);
    /// Applies an extension's `codelists/` folder, using the file names its extension.json lists.
    void add_extension(const std::string& extension_dir, const std::vector<std::string>& files);

    /// The codelist named `name`, or nullptr.
    const Codelist* find(const std::string& name) const;

private:
    std::map<std::string, Codelist> m_lists;
};

} // namespace ocds
