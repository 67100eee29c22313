#include "command_detect_format.hpp"

#include "progress.hpp"

#include <ocds/core/json_writer.hpp>

#include <iostream>

namespace ocds::cli {

namespace {

std::string describe(const DocumentEnd& document, bool many) {
    if (!document.is_array) {
        return many ? kind_plural(document.kind) : kind_name(document.kind);
    }
    const std::string arrays = many ? "arrays" : "array";
    if (document.elements.empty()) {
        return "empty " + arrays;
    }
    if (document.elements.size() == 1) {
        return arrays + " of " + kind_plural(document.elements.begin()->first);
    }
    return arrays + " of mixed values";
}

/// Consecutive top-level values of the same description.
struct Run {
    std::string description;
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    DocumentEnd sample;
};

constexpr std::size_t max_runs_listed = 1000;

} // namespace

void CommandDetectFormat::add_options(po::options_description& visible, po::positional_options_description& positional,
                                      po::options_description& hidden) {
    po::options_description own("Detect-format options");
    // clang-format off
    own.add_options()("format", po::value<std::string>(&m_format)->default_value("text")->value_name("text|json"),
                      "text: 'FILE: what it is'; json: one JSON object per file");
    // clang-format on
    visible.add(own);
    m_input.add_to(visible, positional, hidden);
}

void CommandDetectFormat::check(const po::variables_map&) {
    if (m_format != "text" && m_format != "json") {
        throw usage_error("--format must be text or json");
    }
}

bool CommandDetectFormat::run() {
    bool ok = true;
    std::vector<std::string> unreadable;
    for (const auto& path : m_input.paths_to_read("detect-format", quiet())) {
        try {
            detect(path);
        } catch (const ocds::error& e) {
            std::cout.flush();
            std::cerr << "ocds detect-format: error: " << message_with_hints(e) << '\n';
            if (dynamic_cast<const io_error*>(&e)) {
                unreadable.push_back(path);
            } else {
                ok = false;
            }
        }
    }
    std::cout.flush();
    throw_if_unreadable(unreadable);
    return ok;
}

void CommandDetectFormat::detect(const std::string& path) {
    Reader reader(path, m_input.read);
    Progress progress(quiet(), "detect-format");
    std::vector<Run> runs;
    std::uint64_t values = 0;
    std::uint64_t items = 0;
    std::uint64_t more_runs = 0;
    bool json_lines = true;
    std::uint64_t previous_line = 0;
    while (auto entry = reader.next()) {
        if (std::holds_alternative<Item>(*entry)) {
            progress.reading(reader, ++items, "items");
            continue;
        }
        const auto* document = std::get_if<DocumentEnd>(&*entry);
        if (!document) {
            continue;
        }
        json_lines = json_lines && document->first_line == document->last_line &&
                     (values == 0 || document->first_line > previous_line);
        previous_line = document->last_line;
        ++values;
        const std::string description = describe(*document, false);
        if (!runs.empty() && runs.back().description == description) {
            runs.back().last = document->index;
        } else if (runs.size() < max_runs_listed) {
            runs.push_back(Run{description, document->index, document->index, *document});
        } else {
            ++more_runs;
        }
    }
    progress.done();

    std::string format;
    if (values == 1) {
        format = runs.front().description;
    } else {
        format = json_lines ? "JSON Lines of " : "concatenated JSON of ";
        format += runs.size() == 1 ? describe(runs.front().sample, true) : "mixed values";
    }
    const std::string& name = reader.name();
    if (m_format == "json") {
        Value report = Value::object();
        report.set("file", Value(name));
        report.set("format", Value(format));
        report.set("values", Value::number(std::to_string(values)));
        report.set("items", Value::number(std::to_string(items)));
        if (values > 1 && runs.size() > 1) {
            Value list = Value::array();
            for (const auto& run : runs) {
                Value entry = Value::object();
                entry.set("first", Value::number(std::to_string(run.first + 1)));
                entry.set("last", Value::number(std::to_string(run.last + 1)));
                entry.set("format", Value(run.description));
                list.push_back(std::move(entry));
            }
            report.set("runs", std::move(list));
        }
        std::cout << to_json(report) << '\n';
        return;
    }
    std::cout << name << ": " << format << '\n';
    if (values > 1 && runs.size() > 1) {
        for (const auto& run : runs) {
            if (run.first == run.last) {
                std::cout << "  value " << run.first + 1 << ": " << run.description << '\n';
            } else {
                std::cout << "  values " << run.first + 1 << '-' << run.last + 1 << ": " << run.description << '\n';
            }
        }
        if (more_runs > 0) {
            std::cout << "  ... and " << more_runs << " more runs\n";
        }
    }
}

} // namespace ocds::cli
