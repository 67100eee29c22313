#pragma once

#include <string>

namespace ocds {

/// A column of the flattened tables (Flattener) as the workbook presents it to people who read
/// Spanish: its title, what it means and where it is in the OCDS data.
struct ColumnDescription {
    std::string title;     ///< "Licitación › Valor › Monto"
    std::string meaning;   ///< one sentence
    std::string ocds_path; ///< from the release: "tender/value/amount", "awards/suppliers/name"
};

/// The Spanish name of a table ("processes" → "procesos"), a workbook's sheet name.
std::string table_title(const std::string& table);

/// Describes `column` of `table` (the names Flattener gives). Fields of OCDS, its usual extensions
/// and the participatory budget extension have a title and meaning of their own; any other field
/// gets a title made of its path's parts and a meaning that says where it comes from.
ColumnDescription describe_column(const std::string& table, const std::string& column);

} // namespace ocds
