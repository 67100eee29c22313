#include "errors.hpp"

#include <ocds/core/number_format.hpp>

#include <algorithm>

namespace ocds::cli {

namespace {

std::string flags_of(const std::vector<std::string>& settings) {
    std::string flags;
    for (const auto& setting : settings) {
        flags += (flags.empty() ? "--" : " --") + setting;
    }
    return flags;
}

/// Edit distance (insertions, deletions, substitutions, and swaps of neighbours).
std::size_t distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

} // namespace

std::string did_you_mean(const std::string& typed, const std::vector<std::string>& known, const std::string& prefix) {
    if (typed.empty()) {
        return {};
    }
    // A third of the word may be wrong (at least one letter, at most three).
    const std::size_t allowed = std::min<std::size_t>(3, std::max<std::size_t>(1, typed.size() / 3));
    std::string best;
    std::size_t best_distance = allowed + 1;
    for (const auto& name : known) {
        const std::size_t d =
            name.compare(0, typed.size(), typed) == 0 && typed.size() >= 3 ? 1 : distance(typed, name);
        if (d < best_distance) {
            best_distance = d;
            best = name;
        }
    }
    return best.empty() ? std::string() : "; did you mean '" + prefix + best + "'?";
}

void throw_if_unreadable(const std::vector<std::string>& unreadable) {
    if (!unreadable.empty()) {
        throw fatal_error(count_of(unreadable.size(), "file", "files") + " could not be read");
    }
}

std::string message_with_hints(const ocds::error& error) {
    std::string message = error.what();
    const auto& settings = error.settings();
    if (settings.empty()) {
        return message;
    }
    const std::string& setting = settings.front();
    if (setting == "overwrite") {
        return message + ": add --overwrite (-O) to replace it";
    }
    if (setting == "now") {
        // The library says what is wrong with the value; the flag names where it came from.
        return message.compare(0, 1, "'") == 0 ? "--now " + message : message + " (--now " + error.value() + ")";
    }
    if (setting == "later-now") {
        return message + "; build with a later --now";
    }
    if (setting == "schemas-dir") {
        return message + "; give --schemas-dir";
    }
    if (setting == "max-depth" || setting == "max-token-bytes" || setting == "max-number-length") {
        return message + " (see --" + setting + ")";
    }
    if (setting == "map.store") {
        return message + " (make one with 'ocds map --store " + error.value() + "')";
    }
    if (setting == "build.out") {
        return message + " (make one with 'ocds build --out " + error.value() + "')";
    }
    if (setting == "check") {
        // "<place>: --check takes records, found a release"
        if (const auto* data = dynamic_cast<const data_error*>(&error)) {
            return data->location().to_string() + ": --check " + data->reason();
        }
        return "--check " + message;
    }
    if (setting == "compile.package") {
        return message + " (records are compiled from releases by 'ocds compile --package')";
    }
    if (setting == "package.records") {
        return message + " (use 'ocds package records' for records)";
    }
    if (setting == "access-key-id") {
        return message + ", or access-key-id and secret-access-key in the --config file";
    }
    if (dynamic_cast<const missing_settings_error*>(&error)) {
        return message + ": set " + flags_of(settings) + " (on the command line or in the --config file)";
    }
    return message;
}

} // namespace ocds::cli
