#include "config.hpp"

#include "command.hpp"

#include <algorithm>
#include <fstream>
#include <set>

namespace ocds::cli {

namespace {

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) {
        return {};
    }
    const auto end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

const std::set<std::string>& every_option_name() {
    static const std::set<std::string> names = [] {
        std::set<std::string> all;
        for (const auto& info : commands()) {
            for (auto& name : info.create()->option_names()) {
                all.insert(std::move(name));
            }
        }
        return all;
    }();
    return names;
}

} // namespace

boost::program_options::parsed_options parse_config(const std::string& path, const std::string& command,
                                                    const boost::program_options::options_description& options) {
    std::ifstream file(path);
    if (!file) {
        throw usage_error("cannot read the configuration file '" + path + "'");
    }
    boost::program_options::parsed_options parsed(&options);
    std::string section;
    std::string line;
    for (int number = 1; std::getline(file, line); ++number) {
        const std::string where = path + " line " + std::to_string(number);
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') {
            continue;
        }
        if (line.front() == '[') {
            if (line.back() != ']') {
                throw usage_error(where + ": expected '[section]'");
            }
            section = trim(line.substr(1, line.size() - 2));
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string::npos) {
            throw usage_error(where + ": expected 'name = value'");
        }
        const std::string key = trim(line.substr(0, equals));
        const std::string value = trim(line.substr(equals + 1));
        if (key == "config") {
            throw usage_error(where + ": a configuration file cannot name another one");
        }
        if (!section.empty() && section != command) {
            continue;
        }
        if (options.find_nothrow(key, false)) {
            boost::program_options::option option;
            option.string_key = key;
            option.value.push_back(value);
            option.original_tokens = {key, value};
            parsed.options.push_back(std::move(option));
        } else if (!every_option_name().count(key)) {
            const auto& known = every_option_name();
            throw usage_error(where + ": unknown setting '" + key + "'" +
                              did_you_mean(key, std::vector<std::string>(known.begin(), known.end())));
        }
    }
    return parsed;
}

} // namespace ocds::cli
