#include "errors.hpp"

#include <ocds/core/number_format.hpp>

namespace ocds::cli {

namespace {

std::string flags_of(const std::vector<std::string>& settings) {
    std::string flags;
    for (const auto& setting : settings) {
        flags += (flags.empty() ? "--" : " --") + setting;
    }
    return flags;
}

} // namespace

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
