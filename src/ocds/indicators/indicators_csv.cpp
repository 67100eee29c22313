#include <ocds/indicators/indicators_csv.hpp>

#include <ocds/indicators/flatten.hpp>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace ocds {

namespace {

void flatten_numbers(const Value& value, const std::string& path,
                     std::vector<std::pair<std::string, std::string>>& cells) {
    if (value.is_object()) {
        for (const auto& [key, member] : value.as_object()) {
            flatten_numbers(member, path.empty() ? key : path + "." + key, cells);
        }
    } else if (value.is_number()) {
        cells.emplace_back(path, value.number_text());
    } else if (value.is_string()) {
        cells.emplace_back(path, value.as_string());
    } else if (value.is_null()) {
        cells.emplace_back(path, "");
    } // arrays (the unfeasibility reasons) have no place in a one-row-per-group table
}

} // namespace

std::string indicators_csv(const Value& indicators) {
    std::vector<std::string> columns{"edition", "sector"};
    std::vector<std::map<std::string, std::string>> rows;
    if (const Value* groups = indicators.find("groups"); groups && groups->is_array()) {
        for (const auto& group : groups->as_array()) {
            std::vector<std::pair<std::string, std::string>> cells;
            flatten_numbers(group, "", cells);
            std::map<std::string, std::string> row;
            for (auto& [column, text] : cells) {
                if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
                    columns.push_back(column);
                }
                row[column] = std::move(text);
            }
            rows.push_back(std::move(row));
        }
    }
    std::string csv;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        csv += i ? "," : "";
        append_csv_field(csv, columns[i]);
    }
    csv += "\r\n";
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            auto found = row.find(columns[i]);
            csv += i ? "," : "";
            append_csv_field(csv, found == row.end() ? std::string() : found->second);
        }
        csv += "\r\n";
    }
    return csv;
}

} // namespace ocds
